// The account pool, the manual credit log, and what each account used in a window, summed from
// the credit log and the ledger at read time (nothing is kept as a running total, so a window
// resets without a write and history is never overwritten).
import type { Account, AccountFields, AccountStatus, CreditUnit, WindowKind } from '../core/accounts/account';
import { AGENT_SOURCES } from '../core/accounts/account';
import type { AccountRepository, CreditEntry, SessionSpend, WindowUsage } from '../core/accounts/accountPorts';
import type { AgentRateLimit } from '../core/accounts/agentUsage';
import type { IdSource } from '../core/clock';
import type { BatonDatabase } from './batonDatabase';
import { type Row, type SqlReader, type SqlWriter, asNullableNumber, asNumber, asString } from './sqlAccess';

const NANOS_PER_USD = 1_000_000_000;
const COLUMNS = 'id, name, platform, label, unit, limit_amount, window_kind, reset_time, time_zone, tags, priority, status, exhausted_until, notes, created_at, updated_at';

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

function fieldParams(fields: AccountFields): (string | number)[] {
  const { window } = fields;
  return [fields.name, fields.platform, fields.label, fields.unit, fields.limit, window.kind, window.resetTime, window.timeZone, fields.tags.join(','), fields.priority, fields.notes];
}

const SET_FIELDS = 'name = ?, platform = ?, label = ?, unit = ?, limit_amount = ?, window_kind = ?, reset_time = ?, time_zone = ?, tags = ?, priority = ?, notes = ?';

/**
 * Ledger rows an account is charged with: its own, and rows charged to no account that match
 * its platform (an agent's rows by source, the router's by provider), so an account added today
 * sees today's use of its platform.
 */
function ledgerCharge(account: Account): { sql: string; params: string[] } {
  const agent = (AGENT_SOURCES as readonly string[]).includes(account.platform);
  const unowned = agent ? 'source = ?' : "source = 'router' AND provider = ?";
  return { sql: `(account_id = ? OR (account_id IS NULL AND ${unowned}))`, params: [account.id, account.platform] };
}

export function windowUsage(db: SqlReader, account: Account, since: number, now: number): WindowUsage {
  const credits = db.one('SELECT coalesce(sum(amount), 0) AS used, min(at) AS first, max(at) AS last FROM credit_log WHERE account_id = ? AND at >= ?', [account.id, since]);
  let used = asNumber(credits?.used);
  let firstAt = asNullableNumber(credits?.first);
  let lastAt = asNullableNumber(credits?.last);
  let reserved = 0;
  if (account.unit === 'usd') {
    const charge = ledgerCharge(account);
    const spent = db.one(`SELECT coalesce(sum(cost_nanos), 0) AS nanos, min(at) AS first, max(at) AS last FROM ledger WHERE at >= ? AND ${charge.sql}`, [since, ...charge.params]);
    used += asNumber(spent?.nanos) / NANOS_PER_USD;
    firstAt = minOf(firstAt, asNullableNumber(spent?.first));
    lastAt = maxOf(lastAt, asNullableNumber(spent?.last));
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

function upsertOne(db: SqlWriter, fields: AccountFields, now: number, ids: IdSource): 'created' | 'updated' {
  const existing = db.one('SELECT id FROM accounts WHERE name = ? COLLATE NOCASE', [fields.name]);
  if (existing) {
    db.run(`UPDATE accounts SET ${SET_FIELDS}, updated_at = ? WHERE id = ?`, [...fieldParams(fields), now, asString(existing.id)]);
    return 'updated';
  }
  db.run(`INSERT INTO accounts (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', NULL, ?, ?, ?)`, [ids.next(), ...fieldParams(fields).slice(0, 10), fields.notes, now, now]);
  return 'created';
}

export class AccountStore implements AccountRepository {
  constructor(private readonly database: BatonDatabase, private readonly ids: IdSource) {}

  list(): Promise<Account[]> {
    return this.database.read((db) => db.all(`SELECT ${COLUMNS} FROM accounts ORDER BY priority DESC, name COLLATE NOCASE`).map(accountOf));
  }

  byName(name: string): Promise<Account | null> {
    return this.database.read((db) => {
      const row = db.one(`SELECT ${COLUMNS} FROM accounts WHERE name = ? COLLATE NOCASE`, [name]);
      return row ? accountOf(row) : null;
    });
  }

  upsertMany(fields: readonly AccountFields[], now: number): Promise<{ created: number; updated: number }> {
    return this.database.write((db) => {
      const counts = { created: 0, updated: 0 };
      for (const one of fields) counts[upsertOne(db, one, now, this.ids)] += 1;
      return counts;
    });
  }

  update(id: string, fields: AccountFields, now: number): Promise<boolean> {
    return this.database.write((db) => {
      const clash = db.one('SELECT id FROM accounts WHERE name = ? COLLATE NOCASE AND id <> ?', [fields.name, id]);
      if (clash) return false;
      return db.run(`UPDATE accounts SET ${SET_FIELDS}, updated_at = ? WHERE id = ?`, [...fieldParams(fields), now, id]) > 0;
    });
  }

  /** The account goes; what it logged stays in the history (the credit log and the ledger). */
  async remove(id: string): Promise<void> {
    await this.database.write((db) => {
      db.run('DELETE FROM accounts WHERE id = ?', [id]);
      db.run("DELETE FROM account_state WHERE key = 'current' AND value = ?", [id]);
    });
  }

  async setStatus(id: string, status: AccountStatus, now: number): Promise<void> {
    const until = status.kind === 'exhausted' ? status.until : null;
    await this.database.write((db) => db.run('UPDATE accounts SET status = ?, exhausted_until = ?, updated_at = ? WHERE id = ?', [status.kind, until, now, id]));
  }

  currentId(): Promise<string | null> {
    return this.database.read((db) => {
      const row = db.one("SELECT value FROM account_state WHERE key = 'current' AND value IN (SELECT id FROM accounts)");
      return row ? asString(row.value) : null;
    });
  }

  async setCurrent(id: string | null): Promise<void> {
    await this.database.write((db) => {
      if (id === null) db.run("DELETE FROM account_state WHERE key = 'current'");
      else db.run("INSERT INTO account_state (key, value) VALUES ('current', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [id]);
    });
  }

  async logCredits(entry: CreditEntry): Promise<void> {
    await this.database.write((db) => db.run(
      'INSERT INTO credit_log (id, account_id, amount, at, session_id, workspace_id) VALUES (?, ?, ?, ?, ?, ?)',
      [entry.id, entry.accountId, entry.amount, entry.at, entry.sessionId, entry.workspaceId],
    ));
  }

  recentAmounts(accountId: string, limit: number): Promise<number[]> {
    return this.database.read((db) => db.all(
      'SELECT amount FROM credit_log WHERE account_id = ? GROUP BY amount ORDER BY max(at) DESC LIMIT ?', [accountId, limit],
    ).map((row) => asNumber(row.amount)));
  }

  usageSince(account: Account, since: number, now: number): Promise<WindowUsage> {
    return this.database.read((db) => windowUsage(db, account, since, now));
  }

  latestRateLimit(source: string, window: AgentRateLimit['window']): Promise<AgentRateLimit | null> {
    return this.database.read((db) => {
      const row = db.one('SELECT used_percent, resets_at, observed_at FROM agent_rate_limits WHERE source = ? AND window_kind = ? ORDER BY observed_at DESC LIMIT 1', [source, window]);
      if (!row) return null;
      return { source: source as AgentRateLimit['source'], window, usedPercent: asNumber(row.used_percent), resetsAt: asNullableNumber(row.resets_at), observedAt: asNumber(row.observed_at) };
    });
  }

  sessionSpend(sessionId: string): Promise<SessionSpend> {
    return this.database.read((db) => ({
      credits: db.all('SELECT account_id, sum(amount) AS amount FROM credit_log WHERE session_id = ? GROUP BY account_id', [sessionId])
        .map((row) => ({ accountId: asString(row.account_id), amount: asNumber(row.amount) })),
      costUsd: asNumber(db.one('SELECT coalesce(sum(cost_nanos), 0) AS nanos FROM ledger WHERE session_id = ?', [sessionId])?.nanos) / NANOS_PER_USD,
    }));
  }

  async setSessionAccount(sessionId: string, accountId: string | null): Promise<void> {
    await this.database.write((db) => db.run('UPDATE sessions SET account_id = ? WHERE id = ?', [accountId, sessionId]));
  }
}
