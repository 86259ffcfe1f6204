// `baton credits log|status`: logging what a web assistant used by hand, and every account's
// standing in its current window. A log made with --workspace is tied to that workspace's
// running session, so the session's briefing can say what it spent.
import type { BatonServices } from '../app/batonServices';
import { amountText, standingJson, standingLine } from './accountFormat';
import { type CliInvocation, UsageError } from './cliArgs';
import type { CliOutput } from './sessionCommands';

export async function runCredits(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const sub = invocation.command[1];
  if (invocation.command.length > 2) throw new UsageError(`baton credits ${sub ?? ''} takes options only.`);
  if (sub === 'log') return logCredits(invocation, services, output);
  if (sub === 'status') return creditStatus(invocation, services, output);
  throw new UsageError(`Unknown command "credits ${sub ?? ''}". Try: log, status.`);
}

function requireAmount(value: string | undefined): number {
  if (value === undefined) throw new UsageError('--amount X is required: how much the account used, in its unit.');
  const amount = /^\s*(?:\d+(?:\.\d*)?|\.\d+)\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(amount) || amount <= 0) throw new UsageError(`--amount ${value}: give a positive number, e.g. 5 or 0.25.`);
  return amount;
}

/** The workspace's running session, when --workspace was given: the log is tied to it. */
async function logContext(services: BatonServices): Promise<{ sessionId: string | null; workspaceId: string | null }> {
  const work = services.work;
  if (!work) return { sessionId: null, workspaceId: null };
  await work.tracker.refresh();
  return { sessionId: work.tracker.running?.id ?? null, workspaceId: work.workspace.id };
}

async function logCredits(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  if (!invocation.account) throw new UsageError('--account NAME is required: the account the credits were used on.');
  const amount = requireAmount(invocation.amount);
  const account = await services.accounts.byName(invocation.account);
  const context = await logContext(services);
  const standing = await services.accounts.logCredits(account, amount, context);
  if (invocation.json) {
    output.out(JSON.stringify({ account: account.name, amount, sessionId: context.sessionId, standing: standingJson(standing) }));
    return;
  }
  const session = context.sessionId ? ` (session ${context.sessionId})` : '';
  output.out(`Logged ${amountText(amount, account.unit)} on ${account.name}${session}.`);
  output.out(standingLine(standing, Date.now()));
}

async function creditStatus(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const standings = await services.accounts.standings();
  const currentId = await services.accountStore.currentId();
  const current = standings.find((s) => s.account.id === currentId)?.account.name ?? null;
  if (invocation.json) {
    output.out(JSON.stringify({ current, accounts: standings.map(standingJson) }));
    return;
  }
  if (standings.length === 0) {
    output.out('No accounts yet. Add one with: baton accounts add --name N --platform P --unit credits --limit X');
    return;
  }
  output.out(current === null ? 'No current account (choose one with baton accounts use NAME).' : `Current account: ${current}`);
  const now = Date.now();
  for (const standing of standings) output.out(`${standing.account.id === currentId ? '*' : ' '} ${standingLine(standing, now)}`);
}
