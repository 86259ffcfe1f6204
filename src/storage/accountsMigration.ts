// Migration 6: the account pool, manual credit logs, agent usage read from local logs, and the
// accounts that router requests reserve against. Never edit once shipped; add a new migration.

/** Migration 6: the hourly totals hold the router's rows only (an update may change the source). */
const HOURLY_ADD_ROUTER = `INSERT INTO ledger_hourly (hour, provider, cost_nanos) SELECT new.at / 3600000, new.provider, new.cost_nanos WHERE new.source = 'router'
          ON CONFLICT (hour, provider) DO UPDATE SET cost_nanos = cost_nanos + excluded.cost_nanos;`;
const HOURLY_REMOVE_ROUTER = `UPDATE ledger_hourly SET cost_nanos = cost_nanos - old.cost_nanos WHERE hour = old.at / 3600000 AND provider = old.provider AND old.source = 'router';`;

export const ACCOUNTS_MIGRATION = {
  version: 6,
  description: 'the account pool, manual credit logs, agent usage read from local logs, and the accounts budgets reserve against',
  sql: `
    CREATE TABLE accounts (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      platform TEXT NOT NULL,
      label TEXT NOT NULL DEFAULT '',
      unit TEXT NOT NULL CHECK (unit IN ('credits', 'usd', 'percent')),
      limit_amount REAL NOT NULL,
      window_kind TEXT NOT NULL CHECK (window_kind IN ('daily', 'rolling-5h', 'weekly', 'monthly')),
      reset_time TEXT NOT NULL DEFAULT '00:00',
      time_zone TEXT NOT NULL DEFAULT 'UTC',
      tags TEXT NOT NULL DEFAULT '', -- comma-separated, lower-case
      priority INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'exhausted', 'disabled')),
      exhausted_until INTEGER, -- epoch ms; only with status 'exhausted'
      notes TEXT NOT NULL DEFAULT '',
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX accounts_by_name ON accounts(name COLLATE NOCASE);
    -- One row per key: 'current' = the account in use.
    CREATE TABLE account_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
    -- What the user logged by hand (web assistants), in the account's unit. Never overwritten:
    -- a window's usage is summed from here, so history stays.
    CREATE TABLE credit_log (
      id TEXT PRIMARY KEY,
      account_id TEXT NOT NULL,
      amount REAL NOT NULL,
      at INTEGER NOT NULL,
      session_id TEXT,
      workspace_id TEXT,
      source TEXT NOT NULL DEFAULT 'manual'
    );
    CREATE INDEX credit_log_by_account ON credit_log(account_id, at);
    CREATE INDEX credit_log_by_session ON credit_log(session_id);
    ALTER TABLE sessions ADD COLUMN account_id TEXT;
    ALTER TABLE sessions ADD COLUMN handoff_share REAL; -- share of its account's limit used when it handed off
    CREATE INDEX ledger_by_account ON ledger(account_id, at);
    CREATE INDEX ledger_by_source ON ledger(source, at);
    CREATE INDEX ledger_by_session ON ledger(session_id);
    ALTER TABLE budget_reservations ADD COLUMN account_id TEXT;
    -- Usage windows agents report themselves (Codex rate_limits); every observation is kept.
    CREATE TABLE agent_rate_limits (
      source TEXT NOT NULL,
      window_kind TEXT NOT NULL,
      used_percent REAL NOT NULL,
      resets_at INTEGER,
      observed_at INTEGER NOT NULL,
      PRIMARY KEY (source, window_kind, observed_at)
    ) WITHOUT ROWID;
    -- How far each agent log has been read (see core/accounts/usagePorts.ts FileCursor).
    CREATE TABLE usage_files (
      path TEXT PRIMARY KEY,
      source TEXT NOT NULL,
      offset_bytes INTEGER NOT NULL,
      size_bytes INTEGER NOT NULL,
      mtime_ms REAL NOT NULL,
      ino INTEGER NOT NULL
    );
    -- Budgets are the router's: usage read from other agents' logs is not the router's spend.
    DROP TRIGGER ledger_hourly_insert;
    DROP TRIGGER ledger_hourly_delete;
    DROP TRIGGER ledger_hourly_update;
    CREATE TRIGGER ledger_hourly_insert AFTER INSERT ON ledger WHEN new.source = 'router' BEGIN
      ${HOURLY_ADD_ROUTER}
    END;
    CREATE TRIGGER ledger_hourly_delete AFTER DELETE ON ledger WHEN old.source = 'router' BEGIN
      ${HOURLY_REMOVE_ROUTER}
    END;
    CREATE TRIGGER ledger_hourly_update AFTER UPDATE OF at, provider, cost_nanos, source ON ledger BEGIN
      ${HOURLY_REMOVE_ROUTER}
      ${HOURLY_ADD_ROUTER}
    END;
  `,
};
