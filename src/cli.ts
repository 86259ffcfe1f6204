// Composition root of the headless `baton` CLI: the extension's services, built once by
// createBatonServices, with the --workspace folder's git and default settings. No `vscode`.
import { randomUUID } from 'node:crypto';
import { type BatonServices, createBatonServices } from './app/batonServices';
import { DEFAULT_BRIEFING_HEADER, DEFAULT_BUDGETS } from './core/briefing/briefingTypes';
import { type CliInvocation, USAGE, UsageError, parseCli } from './cli/cliArgs';
import { DEFAULT_MAX_PATCH_KB, runBriefing, runSnapshot } from './cli/briefingCommands';
import { runExport, runImport } from './cli/exchangeCommands';
import { runKnowledge } from './cli/knowledgeCommands';
import { type CliOutput, requireWorkspaceDir, runSessionCommand } from './cli/sessionCommands';
import { systemClock } from './core/clock';
import { errorMessage } from './core/errors';
import { DEFAULT_SESSION_SETTINGS } from './core/sessions/session';
import { workspaceForPath } from './context/workspaceIdentity';
import { resolveDatabasePath } from './storage/databaseLocation';
import { describeRestore } from './storage/recovery';

const output: CliOutput = { out: (line) => process.stdout.write(`${line}\n`) };

type Command = (invocation: CliInvocation, services: BatonServices) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  session: (invocation, services) => runSessionCommand(invocation, services, output),
  export: (invocation, services) => runExport(invocation, services, output),
  import: (invocation, services) => runImport(invocation, services, output),
  snapshot: (invocation, services) => runSnapshot(invocation, services, output),
  briefing: (invocation, services) => runBriefing(invocation, services, output),
  knowledge: (invocation, services) => runKnowledge(invocation, services, output),
};

function openServices(invocation: CliInvocation, dir: string | null): Promise<BatonServices> {
  return createBatonServices({
    clock: systemClock,
    ids: { next: () => randomUUID() },
    database: { path: resolveDatabasePath(invocation.db) },
    workspace: dir ? workspaceForPath(dir) : null,
    git: { folder: () => dir, unavailableReason: 'no workspace folder was given' },
    editor: { read: async () => null },
    settings: {
      session: () => DEFAULT_SESSION_SETTINGS,
      briefing: () => ({ budgets: DEFAULT_BUDGETS, header: DEFAULT_BRIEFING_HEADER }),
      maxPatchKB: () => DEFAULT_MAX_PATCH_KB,
    },
  });
}

async function run(invocation: CliInvocation): Promise<void> {
  const [group] = invocation.command;
  if (invocation.help || !group) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const command = COMMANDS[group];
  if (!command) throw new UsageError(`Unknown command "${group}". Run "baton --help" for the list.`);
  // A usage error comes before the database opens; import may run without a workspace.
  const dir = group !== 'import' || invocation.workspace ? requireWorkspaceDir(invocation) : null;
  const services = await openServices(invocation, dir);
  try {
    const recovery = services.database.recovery;
    if (recovery) {
      process.stderr.write(`baton: the database was damaged (${recovery.reason}); it was moved to ${recovery.movedTo} and ${describeRestore(recovery)}.\n`);
    }
    await command(invocation, services);
  } finally {
    await services.close();
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
