// `baton accounts add|list|edit|remove|use|import|export|best`: the account pool from a shell, on
// the same AccountPool as the extension. Every command resolves only after its write is durable;
// input is checked in full before anything is written.
import type { BatonServices } from '../app/batonServices';
import type { RankingResult } from '../core/accounts/accountRanking';
import { UserFacingError } from '../core/errors';
import { splitList } from '../core/knowledge/knowledgeText';
import { accountJson, amountText, describeAccount, isoOrNull, localTimeText, standingsTable, tidy, whenText } from './accountFormat';
import { runAccountsExport, runAccountsImport } from './accountFileCommands';
import { fieldsFromOptions, hasFieldOptions } from './accountOptions';
import { type CliInvocation, UsageError } from './cliArgs';
import type { CliOutput } from './sessionCommands';

/** Writes text as it is (an export to stdout keeps its own line ends). */
export type RawWriter = (text: string) => void;

const SUBCOMMANDS = 'add, list, edit, remove, use, import, export, best';

export async function runAccounts(invocation: CliInvocation, services: BatonServices, output: CliOutput, write: RawWriter): Promise<void> {
  const sub = invocation.command[1];
  switch (sub) {
    case 'add':
      return addAccount(invocation, services, output);
    case 'list':
      return listAccounts(invocation, services, output);
    case 'edit':
      return editAccount(invocation, services, output);
    case 'remove':
      return removeAccount(invocation, services, output);
    case 'use':
      return useAccount(invocation, services, output);
    case 'import':
      return runAccountsImport(invocation, services, output);
    case 'export':
      return runAccountsExport(invocation, services, output, write);
    case 'best':
      return bestAccount(invocation, services, output);
    default:
      throw new UsageError(`Unknown command "accounts ${sub ?? ''}". Try: ${SUBCOMMANDS}.`);
  }
}

/** The NAME after `accounts edit|remove|use`. */
function accountArgument(invocation: CliInvocation): string {
  const [, sub = '', name, extra] = invocation.command;
  if (name === undefined || name.trim() === '') throw new UsageError(`Name the account: baton accounts ${sub} NAME.`);
  if (extra !== undefined) throw new UsageError(`baton accounts ${sub} takes one account name; put a name with spaces in quotes.`);
  return name;
}

async function printAccount(services: BatonServices, invocation: CliInvocation, output: CliOutput, name: string, verb: string): Promise<void> {
  const account = await services.accounts.byName(name);
  if (invocation.json) output.out(JSON.stringify(accountJson(await services.accounts.standingOf(account), await services.accountStore.currentId())));
  else output.out(`${verb} ${describeAccount(account)}.`);
}

async function addAccount(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  if (invocation.command.length > 2) throw new UsageError('baton accounts add takes options only: --name N --platform P --unit U --limit X.');
  const fields = fieldsFromOptions(invocation, null);
  await services.accounts.add(fields, (taken) => `change it with baton accounts edit "${taken}"`);
  await printAccount(services, invocation, output, fields.name, 'Added');
}

async function listAccounts(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const standings = await services.accounts.standings();
  const currentId = await services.accountStore.currentId();
  if (invocation.json) {
    output.out(JSON.stringify(standings.map((standing) => accountJson(standing, currentId))));
    return;
  }
  if (standings.length === 0) {
    output.out('No accounts yet. Add one with: baton accounts add --name N --platform P --unit credits --limit X');
    return;
  }
  for (const line of standingsTable(standings, currentId, Date.now())) output.out(line);
}

async function editAccount(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const name = accountArgument(invocation);
  if (invocation.enable && invocation.disable) throw new UsageError('Give --enable or --disable, not both.');
  const toggles = invocation.enable || invocation.disable;
  if (!hasFieldOptions(invocation) && !toggles) throw new UsageError(`Nothing to change: give the options to change (e.g. --limit 300), --enable or --disable.`);
  const account = await services.accounts.byName(name);
  // Everything is checked before the first write.
  const fields = hasFieldOptions(invocation) ? fieldsFromOptions(invocation, account) : null;
  if (fields) await services.accounts.update(account, fields);
  if (toggles) await services.accounts.setEnabled(account, invocation.enable);
  const state = invocation.disable ? ' (disabled)' : invocation.enable ? ' (enabled)' : '';
  await printAccount(services, invocation, output, fields?.name ?? account.name, `Changed${state}`);
}

async function removeAccount(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const account = await services.accounts.byName(accountArgument(invocation));
  await services.accounts.remove(account);
  output.out(invocation.json ? JSON.stringify({ removed: account.name }) : `Removed ${account.name}. The credits it logged stay in the history.`);
}

async function useAccount(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const account = await services.accounts.byName(accountArgument(invocation));
  await services.accounts.use(account);
  output.out(invocation.json ? JSON.stringify({ current: account.name }) : `${account.name} is now the current account.`);
}

async function bestAccount(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const ranking = await services.accounts.best({ tags: splitList(invocation.tags), task: invocation.task ?? '' });
  if (ranking.kind === 'chosen') {
    const usage = ranking.best.usage;
    const remaining = Math.max(0, usage.limit - usage.used);
    if (invocation.json) output.out(JSON.stringify({ name: usage.account.name, reason: ranking.reason, remaining: tidy(remaining) }));
    else {
      output.out(ranking.reason);
      output.out(`${usage.account.name} has ${amountText(remaining, usage.account.unit)} left; it resets ${whenText(usage.resetsAt, usage.account.window.timeZone, Date.now())}.`);
    }
    return;
  }
  await reportNoAccount(ranking, invocation, services, output);
}

/** Every account is exhausted: say which resets first, and exit 1. */
async function reportNoAccount(ranking: Extract<RankingResult, { kind: 'none' }>, invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const earliest = ranking.earliestReset;
  if (invocation.json) {
    output.out(JSON.stringify({ name: null, reason: ranking.reason, earliestReset: earliest && { name: earliest.name, at: isoOrNull(earliest.at) } }));
    process.exitCode = 1;
    return;
  }
  if (!earliest) throw new UserFacingError(ranking.reason);
  const zone = (await services.accountStore.byName(earliest.name))?.window.timeZone ?? 'UTC';
  throw new UserFacingError(`${ranking.reason} ${earliest.name} is available again at ${localTimeText(earliest.at, zone)}.`);
}
