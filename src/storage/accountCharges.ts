// Which account a router request to a provider is charged to, and whether its window has room,
// read inside the reservation's write (under the cross-process lock), so that processes
// reserving against one account at once never overshoot by more than one reservation.
import type { Account } from '../core/accounts/account';
import { currentWindow, rollingResetsAt } from '../core/accounts/creditWindow';
import type { ZoneClock } from '../core/accounts/zoneClock';
import type { BudgetRefusal } from '../core/costs/ledgerPorts';
import { ACCOUNT_COLUMNS, NANOS_PER_USD, accountOf, windowUsage } from './accountRows';
import type { SqlReader } from './sqlAccess';


/** The provider's dollar account in use: the current account when it is one, else the highest priority. */
export function chargedAccount(db: SqlReader, provider: string, at: number): Account | null {
  const row = db.one(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts
     WHERE platform = ? COLLATE NOCASE AND unit = 'usd' AND status <> 'disabled' AND NOT (status = 'exhausted' AND exhausted_until > ?)
     ORDER BY id = (SELECT value FROM account_state WHERE key = 'current') DESC, priority DESC, name COLLATE NOCASE LIMIT 1`,
    [provider, at],
  );
  return row ? accountOf(row) : null;
}

export interface AccountCheck {
  readonly accountId: string | null;
  readonly refusal: BudgetRefusal | null;
}

/** The account a request of at most `maxNanos` is charged to, or why its limit refuses it. */
export function checkAccount(db: SqlReader, provider: string, maxNanos: number, at: number, clock: ZoneClock): AccountCheck {
  const account = chargedAccount(db, provider, at);
  if (!account) return { accountId: null, refusal: null };
  const window = currentWindow(account.window, at, clock);
  const usage = windowUsage(db, account, window.start, at);
  const committed = Math.round((usage.used + usage.reserved) * NANOS_PER_USD);
  const limitNanos = Math.round(account.limit * NANOS_PER_USD);
  if (committed + maxNanos <= limitNanos) return { accountId: account.id, refusal: null };
  const resetsAt = window.resetsAt ?? rollingResetsAt(usage.firstAt);
  return {
    accountId: account.id,
    refusal: { budget: `limit of account ${account.name}`, limitNanos, spentNanos: committed, requestMaxNanos: maxNanos, account: { name: account.name, resetsAt } },
  };
}
