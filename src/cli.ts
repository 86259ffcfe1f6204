// Composition root of the headless `baton` CLI: the extension's core and storage, no `vscode`.
import { randomUUID } from 'node:crypto';
import { type CliInvocation, USAGE, UsageError, parseCli } from './cli/cliArgs';
import { requireWorkspaceDir, runSessionCommand } from './cli/sessionCommands';
import { systemClock } from './core/clock';
import { errorMessage } from './core/errors';
import { DEFAULT_SESSION_SETTINGS } from './core/sessions/session';
import { SessionTracker } from './core/sessions/sessionTracker';
import { gitHeadReaderFor } from './context/gitHeadReader';
import { workspaceForPath } from './context/workspaceIdentity';
import { BatonDatabase } from './storage/batonDatabase';
import { resolveDatabasePath } from './storage/databaseLocation';
import { SessionStore } from './storage/sessionStore';

async function run(invocation: CliInvocation): Promise<void> {
  const [group, sub] = invocation.command;
  if (invocation.help || !group) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (group !== 'session') throw new UsageError(`Unknown command "${group}". Run "baton --help" for the list.`);
  const dir = requireWorkspaceDir(invocation);
  const database = await BatonDatabase.open({ path: resolveDatabasePath(invocation.db) });
  try {
    const store = new SessionStore(database);
    const tracker = new SessionTracker({
      repo: store,
      clock: systemClock,
      ids: { next: () => randomUUID() },
      git: gitHeadReaderFor(dir),
      workspace: workspaceForPath(dir),
      settings: () => DEFAULT_SESSION_SETTINGS,
    });
    await runSessionCommand(sub, invocation, tracker, store, { out: (line) => process.stdout.write(`${line}\n`) });
  } finally {
    await database.close();
  }
}

async function main(): Promise<number> {
  try {
    await run(parseCli(process.argv.slice(2)));
    return 0;
  } catch (error) {
    process.stderr.write(`baton: ${errorMessage(error)}\n`);
    if (error instanceof UsageError) process.stderr.write('Run "baton --help" for usage.\n');
    return error instanceof UsageError ? 2 : 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
