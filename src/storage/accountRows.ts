// Reading accounts from rows, and what an account used since a moment, summed from the credit
// log and (for dollar accounts) the ledger. Shared by the account store and the reservation's
// account check, which runs inside the ledger's write.
import type { Account, AccountStatus, CreditUnit, WindowKind } from '../core/accounts/account';
import { AGENT_SOURCES } from '../core/accounts/account';
import type { WindowUsage } from '../core/accounts/accountPorts';
import { type Row, type SqlReader, asNullableNumber, asNumber, asString } from './sqlAccess';

export const NANOS_PER_USD = 1_000_000_000;
export const ACCOUNT_COLUMNS = 'id, name, platform, label, unit, limit_amount, window_kind, reset_time, time_zone, tags, priority, status, exhausted_until, notes, created_at, updated_at';

function statusOf(row: Row): AccountStatus {
  const status = asString(row.status);
  if (status === 'disabled') return { kind: 'disabled' };
  if (status === 'exhausted') return { kind: 'exhausted', until: asNumber(row.exhausted_until) };
  return { kind: 'active' };
}

export function accountOf(row: Row): Account {
  const tags = asString(row.tags);
  return {
    id: asString(row.id),
    name: asString(row.name),
    platform: asString(row.platform),
    label: asString(row.label),
    unit: asString(row.unit) as CreditUnit,
    limit: asNumber(row.limit_amount),
    window: { kind: asString(row.window_kind) as WindowKind, resetTime: asString(row.reset_time), timeZone: asString(row.time_zone) },
    tags: tags ? tags.split(',') : [],
    priority: asNumber(row.priority),
    status: statusOf(row),
    notes: asString(row.notes),
    createdAt: asNumber(row.created_at),
    updatedAt: asNumber(row.updated_at),
  };
}


/**
 * Ledger rows an account is charged with: its own, and rows charged to no account that match
 * its platform (an agent's rows by source, the router's by provider), so an account added today
 * sees today's use of its platform. Two sums, each read from an index alone (migration 7): one
 * query with an OR scanned every row of the window.
 */
function ledgerSpent(db: SqlReader, account: Account, since: number): { nanos: number; first: number | null; last: number | null } {
  const agent = (AGENT_SOURCES as readonly string[]).includes(account.platform);
  const sums = 'coalesce(sum(cost_nanos), 0) AS nanos, min(at) AS first, max(at) AS last';
  const own = db.one(`SELECT ${sums} FROM ledger INDEXED BY ledger_by_account WHERE account_id = ? AND at >= ?`, [account.id, since]);
  // An agent's rows carry the agent as their provider too (usageStore.ts).
  const unowned = db.one(`SELECT ${sums} FROM ledger INDEXED BY ledger_unowned WHERE source = ? AND provider = ? AND account_id IS NULL AND at >= ?`,
    [agent ? account.platform : 'router', account.platform, since]);
  return {
    nanos: asNumber(own?.nanos) + asNumber(unowned?.nanos),
    first: minOf(asNullableNumber(own?.first), asNullableNumber(unowned?.first)),
    last: maxOf(asNullableNumber(own?.last), asNullableNumber(unowned?.last)),
  };
}

export function windowUsage(db: SqlReader, account: Account, since: number, now: number): WindowUsage {
  const credits = db.one('SELECT coalesce(sum(amount), 0) AS used, min(at) AS first, max(at) AS last FROM credit_log WHERE account_id = ? AND at >= ?', [account.id, since]);
  let used = asNumber(credits?.used);
  let firstAt = asNullableNumber(credits?.first);
  let lastAt = asNullableNumber(credits?.last);
  let reserved = 0;
  if (account.unit === 'usd') {
    const spent = ledgerSpent(db, account, since);
    used += spent.nanos / NANOS_PER_USD;
    firstAt = minOf(firstAt, spent.first);
    lastAt = maxOf(lastAt, spent.last);
    const held = db.one('SELECT coalesce(sum(max_nanos), 0) AS nanos FROM budget_reservations WHERE account_id = ? AND expires_at > ?', [account.id, now]);
    reserved = asNumber(held?.nanos) / NANOS_PER_USD;
  }
  return { used, reserved, firstAt, lastAt };
}

function minOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

