// `baton db checkpoint`: folds the journal into the main file now, so that any SQLite reader
// (sqlite3, DB Browser, a sync tool) sees every change. Baton does this by itself a few
// seconds after a window's writes stop and before a command that wrote exits; this is for a
// reader that cannot wait, and it says what it did.
import type { BatonServices } from '../app/batonServices';
import { type CliInvocation, UsageError } from './cliArgs';
import type { CliOutput } from './sessionCommands';

const kib = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en-US')} KB`;

export async function runDatabaseCommand(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const [, action] = invocation.command;
  if (action !== 'checkpoint') throw new UsageError(action ? `Unknown db command "${action}": the one there is, is "db checkpoint".` : 'Say what to do: "baton db checkpoint".');
  const { database } = services;
  const pending = database.unfoldedJournalBytes;
  const result = await database.checkpoint();
  const path = database.path;
  if (invocation.json) {
    output.out(JSON.stringify({ path, folded: result !== null, change: result?.seq ?? database.sequence, bytes: result?.bytes ?? null, ms: result ? Math.round(result.ms) : 0 }));
    return;
  }
  if (result === null) output.out(`${path} already holds every change (up to change ${database.sequence}): nothing to fold.`);
  else output.out(`Folded the journal into ${path} (${kib(pending)} of changes, up to change ${result.seq}; the file is ${kib(result.bytes)}): any SQLite reader now sees every change.`);
}
