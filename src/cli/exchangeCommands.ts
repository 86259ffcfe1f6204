// `baton export` and `baton import`.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BatonServices } from '../app/batonServices';
import { describeRedactions } from '../core/redaction/redaction';
import { describeExport, describeImport, exportWorkspaceToFile, importFromFile } from '../storage/exchange/workspaceExchange';
import { UnsafeOutputTargetError, requireOutputTarget } from '../storage/outputTarget';
import { type CliInvocation, UsageError } from './cliArgs';
import { type CliOutput, requireWork } from './sessionCommands';

export async function runExport(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const { workspace } = requireWork(services);
  if (!invocation.out) throw new UsageError('--out FILE is required: where to write the export.');
  // A link, a device, a folder or one of Baton's own files is a wrong --out: a usage error (exit 2).
  const out = await requireOutputTarget(resolve(invocation.out), services.database.path).catch((error: unknown) => {
    throw error instanceof UnsafeOutputTargetError ? new UsageError(`--out: ${error.message}`) : error;
  });
  const summary = await exportWorkspaceToFile(services.database, workspace, out);
  const redacted = describeRedactions(summary.redactions);
  output.out(invocation.json ? JSON.stringify(summary) : `Exported ${describeExport(summary)} to ${summary.path}${redacted ? `. ${redacted}` : ''}`);
}

export async function runImport(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const file = invocation.command[1];
  if (!file) throw new UsageError('Name the file to import: baton import FILE [--dry-run].');
  if (!existsSync(file)) throw new UsageError(`${file}: no such file.`);
  const workspaceId = services.work?.workspace.id;
  const report = await importFromFile(services.database, file, { dryRun: invocation.dryRun, workspaceId });
  if (invocation.json) output.out(JSON.stringify({ dryRun: invocation.dryRun, ...report }));
  else for (const line of describeImport(report, invocation.dryRun)) output.out(line);
}
