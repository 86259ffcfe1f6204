// Composition root of the headless `baton` CLI: the extension's services, built once by
// createBatonServices, with the --workspace folder's git and default settings. No `vscode`.
import { randomUUID } from 'node:crypto';
import { type BatonServices, createBatonServices } from './app/batonServices';
import { DEFAULT_BRIEFING_HEADER, DEFAULT_BUDGETS } from './core/briefing/briefingTypes';
import { type CliInvocation, USAGE, UsageError, parseCli } from './cli/cliArgs';
import { DEFAULT_MAX_PATCH_KB, runBriefing, runSnapshot } from './cli/briefingCommands';
import { runExport, runImport } from './cli/exchangeCommands';
import { runKnowledge } from './cli/knowledgeCommands';
import { loadMcpServer } from './cli/mcpServerLoader';
import { EnvironmentApiKeys } from './cli/environmentApiKeys';
import { configPath, loadRouterConfig } from './cli/routerConfigFile';
import { runAsk, runProviders } from './cli/routerCommands';
import { COSTS_OPTION_CHECKS, runAnomalies, runCosts, runForecast } from './cli/costsCommands';
import { runAccounts } from './cli/accountCommands';
import { runCredits } from './cli/creditCommands';
import { runUsage } from './cli/usageCommands';
import { runRotate } from './cli/rotateCommand';
import { resolveProvider } from './providers/providerPresets';
import type { ProviderConfig } from './core/routing/routerConfig';
import { type CliOutput, requireWorkspaceDir, runSessionCommand } from './cli/sessionCommands';
import { systemClock } from './core/clock';
import { errorMessage } from './core/errors';
import { redactText } from './core/redaction/redaction';
import { DEFAULT_SESSION_SETTINGS } from './core/sessions/session';
import { workspaceForPath } from './context/workspaceIdentity';
import { EmptyDatabasePathError, resolveDatabasePath } from './storage/databaseLocation';
import { describeJournalRecovery } from './storage/journalRepair';
import { runDatabaseCommand } from './cli/databaseCommands';
import { compileWasmForOneShot } from './cli/oneShotProcess';
import { describeRestore } from './storage/recovery';

/**
 * Output read by a program that stops early (`baton session list | head -1`) closes the pipe:
 * writing then fails with EPIPE. That is no error of Baton's: later output is dropped, the
 * command finishes what it was doing (a write already acknowledged stays durable) and the CLI
 * exits with its usual code, without a stack trace. Any other stdout error is reported.
 */
let stdoutClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (stdoutClosed) return; // writes queued before the first EPIPE was seen fail too
  if (error.code === 'EPIPE') {
    stdoutClosed = true;
    return;
  }
  process.stderr.write(`baton: cannot write the output: ${error.message}\n`);
  process.exitCode = 1;
});

function print(text: string): void {
  if (!stdoutClosed) process.stdout.write(text);
}

const output: CliOutput = { out: (line) => print(`${line}\n`) };

type Command = (invocation: CliInvocation, services: BatonServices) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  session: (invocation, services) => runSessionCommand(invocation, services, output),
  export: (invocation, services) => runExport(invocation, services, output),
  import: (invocation, services) => runImport(invocation, services, output),
  snapshot: (invocation, services) => runSnapshot(invocation, services, output),
  briefing: (invocation, services) => runBriefing(invocation, services, output),
  knowledge: (invocation, services) => runKnowledge(invocation, services, output),
  ask: (invocation, services) => runAsk(invocation, services, output, { write: print, error: (text) => process.stderr.write(text) }),
  providers: (invocation, services) => runProviders(invocation, services, output),
  costs: (invocation, services) => runCosts(invocation, services, output),
  forecast: (invocation, services) => runForecast(invocation, services, output),
  anomalies: (invocation, services) => runAnomalies(invocation, services, output),
  accounts: (invocation, services) => runAccounts(invocation, services, output, print),
  credits: (invocation, services) => runCredits(invocation, services, output),
  usage: (invocation, services) => runUsage(invocation, services, output, (line) => process.stderr.write(`baton: ${line}\n`)),
  rotate: (invocation, services) => runRotate(invocation, services, output),
  db: (invocation, services) => runDatabaseCommand(invocation, services, output),
  // A long-running MCP server on stdin/stdout (src/cli/mcpServer.ts, its own bundle dist/mcp.js).
  mcp: (invocation, services) => loadMcpServer().runMcp(invocation, services),
};

/** Commands that work without a workspace (a given --workspace is still checked). */
const WORKSPACE_OPTIONAL = new Set(['db', 'import', 'ask', 'providers', 'costs', 'forecast', 'anomalies', 'accounts', 'credits', 'usage']);
/** Commands that read the router's --config (forecast: for the budgets; none without a file). */
const ROUTER_COMMANDS = new Set(['ask', 'providers', 'forecast']);

/** The key variable a provider's preset names when its configuration gives none. */
function presetKeyVariable(provider: ProviderConfig): string | undefined {
  try {
    return provider.kind === 'vscode-lm' ? undefined : resolveProvider(provider).apiKeyEnv;
  } catch {
    return undefined;
  }
}

/** --db, else $BATON_DB, else VS Code's database; an empty --db or BATON_DB is a usage error. */
function databasePath(invocation: CliInvocation): string {
  try {
    return resolveDatabasePath(invocation.db);
  } catch (error) {
    throw error instanceof EmptyDatabasePathError ? new UsageError(error.message) : error;
  }
}

function openServices(invocation: CliInvocation, dir: string | null, path: string): Promise<BatonServices> {
  const [group = ''] = invocation.command;
  // The config file is read and checked before the database opens: a typo costs nothing.
  const routerConfig = ROUTER_COMMANDS.has(group) ? loadRouterConfig(configPath(invocation.config)) : null;
  return createBatonServices({
    ...(routerConfig && { router: { config: () => routerConfig, apiKeys: new EnvironmentApiKeys(presetKeyVariable) } }),
    clock: systemClock,
    ids: { next: () => randomUUID() },
    // A command that wrote folds the journal into the main file before it exits (any SQLite
    // reader then finds its changes); a long-running `baton mcp` also does so when idle.
    database: { path, fold: group === 'mcp' ? 'server' : 'command' },
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
    print(`${USAGE}\n`);
    return;
  }
  const command = COMMANDS[group];
  if (!command) throw new UsageError(`Unknown command "${group}". Run "baton --help" for the list.`);
  // A usage error comes before the database opens; import may run without a workspace.
  COSTS_OPTION_CHECKS[group]?.(invocation);
  const dir = !WORKSPACE_OPTIONAL.has(group) || invocation.workspace ? requireWorkspaceDir(invocation) : null;
  if (group !== 'mcp') compileWasmForOneShot();
  const services = await openServices(invocation, dir, databasePath(invocation));
  try {
    const recovery = services.database.recovery;
    if (recovery) {
      process.stderr.write(`baton: the database was damaged (${recovery.reason}); it was moved to ${recovery.movedTo} and ${describeRestore(recovery)}.\n`);
    }
    const journalRecovery = services.database.journalRecovery;
    if (journalRecovery) process.stderr.write(`baton: ${describeJournalRecovery(journalRecovery)}\n`);
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
    process.stderr.write(`baton: ${redactText(errorMessage(error))}\n`);
    if (error instanceof UsageError) process.stderr.write('Run "baton --help" for usage.\n');
    return error instanceof UsageError ? 2 : 1;
  }
}

void main().then((code) => {
  process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
});
