// The account pool, the manual credit log, and what each account used in a window, summed from
// the credit log and the ledger at read time (nothing is kept as a running total, so a window
// resets without a write and history is never overwritten).
import type { Account, AccountFields, AccountStatus } from '../core/accounts/account';
import type { AccountRepository, CreditEntry, SessionSpend, WindowUsage } from '../core/accounts/accountPorts';
import type { AgentRateLimit } from '../core/accounts/agentUsage';
import type { IdSource } from '../core/clock';
import type { BatonDatabase } from './batonDatabase';
import { chargedAccount } from './accountCharges';
import { ACCOUNT_COLUMNS, NANOS_PER_USD, accountOf, windowUsage } from './accountRows';
import { type SqlWriter, asNullableNumber, asNullableString, asNumber, asString } from './sqlAccess';

function fieldParams(fields: AccountFields): (string | number)[] {
  const { window } = fields;
  return [fields.name, fields.platform, fields.label, fields.unit, fields.limit, window.kind, window.resetTime, window.timeZone, fields.tags.join(','), fields.priority, fields.notes];
}

const SET_FIELDS = 'name = ?, platform = ?, label = ?, unit = ?, limit_amount = ?, window_kind = ?, reset_time = ?, time_zone = ?, tags = ?, priority = ?, notes = ?';

function upsertOne(db: SqlWriter, fields: AccountFields, now: number, ids: IdSource): 'created' | 'updated' {
  const existing = db.one('SELECT id FROM accounts WHERE name = ? COLLATE NOCASE', [fields.name]);
  if (existing) {
    db.run(`UPDATE accounts SET ${SET_FIELDS}, updated_at = ? WHERE id = ?`, [...fieldParams(fields), now, asString(existing.id)]);
    return 'updated';
  }
  db.run(`INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', NULL, ?, ?, ?)`, [ids.next(), ...fieldParams(fields).slice(0, 10), fields.notes, now, now]);
  return 'created';
}

export class AccountStore implements AccountRepository {
  constructor(private readonly database: BatonDatabase, private readonly ids: IdSource) {}

  list(): Promise<Account[]> {
    return this.database.read((db) => db.all(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY priority DESC, name COLLATE NOCASE`).map(accountOf));
  }

  byName(name: string): Promise<Account | null> {
    return this.database.read((db) => {
      const row = db.one(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE name = ? COLLATE NOCASE`, [name]);
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

  insertNew(fields: AccountFields, now: number): Promise<{ taken: string } | null> {
    return this.database.write((db) => {
      const clash = db.one('SELECT name FROM accounts WHERE name = ? COLLATE NOCASE', [fields.name]);
      if (clash) return { taken: asString(clash.name) };
      upsertOne(db, fields, now, this.ids);
      return null;
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

  /** The dollar account router requests to `provider` are charged to at `at` (as a reservation picks it). */
  chargedAccount(provider: string, at: number): Promise<Account | null> {
    return this.database.read((db) => chargedAccount(db, provider, at));
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
    return this.database.read((db) => {
      const session = db.one('SELECT account_id, handoff_share FROM sessions WHERE id = ?', [sessionId]);
      return {
        credits: db.all('SELECT account_id, sum(amount) AS amount FROM credit_log WHERE session_id = ? GROUP BY account_id ORDER BY min(at), account_id', [sessionId])
          .map((row) => ({ accountId: asString(row.account_id), amount: asNumber(row.amount) })),
        costUsd: asNumber(db.one('SELECT coalesce(sum(cost_nanos), 0) AS nanos FROM ledger WHERE session_id = ?', [sessionId])?.nanos) / NANOS_PER_USD,
        accountId: asNullableString(session?.account_id),
        handoffShare: asNullableNumber(session?.handoff_share),
      };
    });
  }

  async recordHandoff(sessionId: string, share: number): Promise<void> {
    await this.database.write((db) => db.run('UPDATE sessions SET handoff_share = ? WHERE id = ?', [share, sessionId]));
  }

  async setSessionAccount(sessionId: string, accountId: string | null): Promise<void> {
    await this.database.write((db) => db.run('UPDATE sessions SET account_id = ? WHERE id = ?', [accountId, sessionId]));
  }
}
