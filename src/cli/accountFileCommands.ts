// `baton accounts import FILE` and `baton accounts export`: the pool to and from CSV or JSON.
// An import is all or nothing: with any error, every error is listed as FILE:LINE: field:
// message and nothing is written. An export holds the fields a user entered, never a key.
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { BatonServices } from '../app/batonServices';
import { luxonZoneClock } from '../app/luxonZoneClock';
import type { AccountFields } from '../core/accounts/account';
import { type AccountsFileFormat, type ImportError, parseAccountsFile } from '../core/accounts/accountImport';
import { formatAccountsCsv, formatAccountsJson } from '../core/accounts/accountExport';
import { UserFacingError } from '../core/errors';
import { writeFileAtomic } from '../storage/atomicFile';
import { UnsafeOutputTargetError, requireOutputTarget } from '../storage/outputTarget';
import { type CliInvocation, UsageError } from './cliArgs';
import type { CliOutput } from './sessionCommands';

const FORMATS: readonly AccountsFileFormat[] = ['csv', 'json'];

function asFormat(value: string): AccountsFileFormat | null {
  return FORMATS.find((format) => format === value.toLowerCase()) ?? null;
}

/** --format if given, else the file's extension, else `fallback` (null: a usage error). */
function fileFormat(invocation: CliInvocation, file: string | undefined, fallback: AccountsFileFormat | null): AccountsFileFormat {
  if (invocation.format !== undefined) {
    const format = asFormat(invocation.format);
    if (!format) throw new UsageError(`--format ${invocation.format}: use csv or json.`);
    return format;
  }
  const byExtension = file === undefined ? null : asFormat(extname(file).slice(1));
  if (byExtension) return byExtension;
  if (fallback) return fallback;
  throw new UsageError(`${file ?? ''}: name a .csv or .json file, or say which it is with --format csv|json.`);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file.`);
    if (code === 'EISDIR') throw new UsageError(`${file} is a folder: name the file to import.`);
    throw new UserFacingError(`Cannot read ${file}: ${code ?? String(error)}.`);
  }
}

function errorLine(file: string, error: ImportError): string {
  return `${file}:${error.line}: ${error.field === null ? '' : `${error.field}: `}${error.message}`;
}

/** Which of the file's names are new to the pool and which update an account (case-insensitive). */
async function splitByExisting(services: BatonServices, accounts: readonly AccountFields[]): Promise<{ created: string[]; updated: string[] }> {
  const known = new Set((await services.accounts.list()).map((account) => account.name.toLowerCase()));
  const created = accounts.filter((a) => !known.has(a.name.toLowerCase())).map((a) => a.name);
  const updated = accounts.filter((a) => known.has(a.name.toLowerCase())).map((a) => a.name);
  return { created, updated };
}

const namesText = (names: readonly string[]) => (names.length === 0 ? '' : ` (${names.join(', ')})`);

export async function runAccountsImport(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const [, , file, extra] = invocation.command;
  if (!file) throw new UsageError('Name the file to import: baton accounts import FILE [--dry-run].');
  if (extra !== undefined) throw new UsageError('baton accounts import takes one file.');
  const existing = new Map((await services.accounts.list()).map((account) => [account.name.toLowerCase(), account]));
  const parsed = parseAccountsFile(await readText(file), fileFormat(invocation, file, null), luxonZoneClock, existing);
  if (!parsed.ok) {
    const count = parsed.errors.length;
    throw new UserFacingError([`${file}: ${count} error${count === 1 ? '' : 's'}; nothing was imported.`, ...parsed.errors.map((e) => errorLine(file, e))].join('\n'));
  }
  const plan = await splitByExisting(services, parsed.accounts);
  if (!invocation.dryRun) await services.accounts.save(parsed.accounts);
  if (invocation.json) {
    output.out(JSON.stringify({ dryRun: invocation.dryRun, created: plan.created, updated: plan.updated }));
    return;
  }
  const verb = invocation.dryRun ? 'Would create' : 'Created';
  output.out(`${verb} ${plan.created.length} account(s)${namesText(plan.created)} and ${invocation.dryRun ? 'update' : 'updated'} ${plan.updated.length}${namesText(plan.updated)}.`);
  if (invocation.dryRun) output.out('Dry run: nothing was written.');
}

/** Where an export may go: a regular file, never a link, a folder or Baton's own files. */
async function outputTarget(out: string, services: BatonServices): Promise<string> {
  try {
    return await requireOutputTarget(resolve(out), services.database.path);
  } catch (error) {
    throw error instanceof UnsafeOutputTargetError ? new UsageError(`--out: ${error.message}`) : error;
  }
}

export async function runAccountsExport(invocation: CliInvocation, services: BatonServices, output: CliOutput, write: (text: string) => void): Promise<void> {
  if (invocation.command.length > 2) throw new UsageError('baton accounts export takes options only: [--format csv|json] [--out FILE].');
  const format = fileFormat(invocation, invocation.out, 'csv');
  const target = invocation.out === undefined ? null : await outputTarget(invocation.out, services);
  const accounts = await services.accounts.list();
  const text = format === 'csv' ? formatAccountsCsv(accounts) : formatAccountsJson(accounts);
  if (target === null) {
    write(text);
    return;
  }
  await writeFileAtomic(target, Buffer.from(text, 'utf8'));
  output.out(invocation.json ? JSON.stringify({ accounts: accounts.length, format, path: target }) : `Exported ${accounts.length} account(s) as ${format.toUpperCase()} to ${target}.`);
}
