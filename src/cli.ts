// Composition root of the headless `baton` CLI: the extension's core and storage, no `vscode`.
import { randomUUID } from 'node:crypto';
import { type CliInvocation, USAGE, UsageError, parseCli } from './cli/cliArgs';
import { runBriefing, runSnapshot, takeSessionEndSnapshot } from './cli/briefingCommands';
import { runExport, runImport } from './cli/exchangeCommands';
import { runKnowledge } from './cli/knowledgeCommands';
import { type CliOutput, requireWorkspaceDir, runSessionCommand } from './cli/sessionCommands';
import { systemClock } from './core/clock';
import { errorMessage } from './core/errors';
import { DEFAULT_SESSION_SETTINGS } from './core/sessions/session';
import { SessionTracker } from './core/sessions/sessionTracker';
import { gitHeadReaderFor } from './context/gitHeadReader';
import { workspaceForPath } from './context/workspaceIdentity';
import { BatonDatabase } from './storage/batonDatabase';
import { resolveDatabasePath } from './storage/databaseLocation';
import { describeRestore } from './storage/recovery';
import { SessionStore } from './storage/sessionStore';

const output: CliOutput = { out: (line) => process.stdout.write(`${line}\n`) };

async function runSession(invocation: CliInvocation, database: BatonDatabase): Promise<void> {
  const dir = requireWorkspaceDir(invocation);
  const store = new SessionStore(database);
  const tracker = new SessionTracker({
    repo: store,
    clock: systemClock,
    ids: { next: () => randomUUID() },
    git: gitHeadReaderFor(dir),
    workspace: workspaceForPath(dir),
    settings: () => DEFAULT_SESSION_SETTINGS,
  });
  await runSessionCommand(invocation.command[1], invocation, tracker, store, output, (ended) => takeSessionEndSnapshot(database, dir, ended.id));
}

const COMMANDS: Record<string, (invocation: CliInvocation, database: BatonDatabase) => Promise<void>> = {
  session: runSession,
  export: (invocation, database) => runExport(invocation, database, output),
  import: (invocation, database) => runImport(invocation, database, output),
  snapshot: (invocation, database) => runSnapshot(invocation, database, output),
  briefing: (invocation, database) => runBriefing(invocation, database, output),
  knowledge: (invocation, database) => runKnowledge(invocation, database, output),
};

async function run(invocation: CliInvocation): Promise<void> {
  const [group] = invocation.command;
  if (invocation.help || !group) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const command = COMMANDS[group];
  if (!command) throw new UsageError(`Unknown command "${group}". Run "baton --help" for the list.`);
  if (group !== 'import') requireWorkspaceDir(invocation); // a usage error before the database opens
  const database = await BatonDatabase.open({ path: resolveDatabasePath(invocation.db) });
  try {
    if (database.recovery) {
      const { reason, movedTo } = database.recovery;
      process.stderr.write(`baton: the database was damaged (${reason}); it was moved to ${movedTo} and ${describeRestore(database.recovery)}.\n`);
    }
    await command(invocation, database);
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
