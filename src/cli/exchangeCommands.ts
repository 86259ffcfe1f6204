// `baton export` and `baton import`.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { workspaceForPath } from '../context/workspaceIdentity';
import type { BatonDatabase } from '../storage/batonDatabase';
import { describeImport, exportWorkspaceToFile, importFromFile } from '../storage/exchange/workspaceExchange';
import { type CliInvocation, UsageError } from './cliArgs';
import { type CliOutput, requireWorkspaceDir } from './sessionCommands';

export async function runExport(invocation: CliInvocation, database: BatonDatabase, output: CliOutput): Promise<void> {
  const workspace = workspaceForPath(requireWorkspaceDir(invocation));
  if (!invocation.out) throw new UsageError('--out FILE is required: where to write the export.');
  const summary = await exportWorkspaceToFile(database, workspace, resolve(invocation.out));
  output.out(invocation.json ? JSON.stringify(summary) : `Exported ${summary.sessions} sessions (${summary.rows} rows) to ${summary.path}`);
}

export async function runImport(invocation: CliInvocation, database: BatonDatabase, output: CliOutput): Promise<void> {
  const file = invocation.command[1];
  if (!file) throw new UsageError('Name the file to import: baton import FILE [--dry-run].');
  if (!existsSync(file)) throw new UsageError(`${file}: no such file.`);
  const workspaceId = invocation.workspace ? workspaceForPath(requireWorkspaceDir(invocation)).id : undefined;
  const report = await importFromFile(database, file, { dryRun: invocation.dryRun, workspaceId });
  if (invocation.json) output.out(JSON.stringify({ dryRun: invocation.dryRun, ...report }));
  else for (const line of describeImport(report, invocation.dryRun)) output.out(line);
}
