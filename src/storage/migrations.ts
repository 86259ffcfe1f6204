// Numbered schema migrations, run by schemaMigration.ts. Each runs in one transaction together
// with the bump of `PRAGMA user_version`; never edit a migration once it has shipped, add a new one.
import { ACCOUNTS_MIGRATION } from './accountsMigration';
import { CHAT_MIGRATION } from './chatMigration';
import { LOCAL_DAYS_MIGRATION } from './localDaysMigration';
import { COSTS_MIGRATION } from './costsMigration';

/** Adds a ledger row (`new`) to its day's totals (migration 5's triggers). */
const ROLLUP_ADD = `INSERT INTO ledger_daily (day, provider, model, workspace_id, requests, input_tokens, output_tokens, cached_tokens, cost_nanos, saved_nanos, unpriced_requests, subscription_requests)
        VALUES (new.at / 86400000, new.provider, new.model, COALESCE(new.workspace_id, ''), 1, new.input_tokens, new.output_tokens, new.cached_tokens, new.cost_nanos,
          new.saved_nanos, new.pricing = 'unpriced', new.pricing = 'subscription')
        ON CONFLICT (day, provider, model, workspace_id) DO UPDATE SET
          requests = requests + 1,
          input_tokens = input_tokens + excluded.input_tokens,
          output_tokens = output_tokens + excluded.output_tokens,
          cached_tokens = cached_tokens + excluded.cached_tokens,
          cost_nanos = cost_nanos + excluded.cost_nanos,
          saved_nanos = saved_nanos + excluded.saved_nanos,
          unpriced_requests = unpriced_requests + excluded.unpriced_requests,
          subscription_requests = subscription_requests + excluded.subscription_requests;`;

/** Takes a ledger row (`old`) out of its day's totals. */
const ROLLUP_REMOVE = `UPDATE ledger_daily SET
          requests = requests - 1,
          input_tokens = input_tokens - old.input_tokens,
          output_tokens = output_tokens - old.output_tokens,
          cached_tokens = cached_tokens - old.cached_tokens,
          cost_nanos = cost_nanos - old.cost_nanos,
          saved_nanos = saved_nanos - old.saved_nanos,
          unpriced_requests = unpriced_requests - (old.pricing = 'unpriced'),
          subscription_requests = subscription_requests - (old.pricing = 'subscription')
        WHERE day = old.at / 86400000 AND provider = old.provider AND model = old.model AND workspace_id = COALESCE(old.workspace_id, '');`;

const HOURLY_ADD = `INSERT INTO ledger_hourly (hour, provider, cost_nanos) VALUES (new.at / 3600000, new.provider, new.cost_nanos)
          ON CONFLICT (hour, provider) DO UPDATE SET cost_nanos = cost_nanos + excluded.cost_nanos;`;

const HOURLY_REMOVE = 'UPDATE ledger_hourly SET cost_nanos = cost_nanos - old.cost_nanos WHERE hour = old.at / 3600000 AND provider = old.provider;';


export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'workspaces, sessions, notes and file activity',
    sql: `
      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        location TEXT NOT NULL
      );
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        goal TEXT NOT NULL DEFAULT '',
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        last_activity_at INTEGER NOT NULL,
        active_ms INTEGER NOT NULL DEFAULT 0,
        branch_start TEXT,
        head_start TEXT,
        branch_end TEXT,
        head_end TEXT,
        summary TEXT
      );
      CREATE INDEX sessions_by_workspace ON sessions(workspace_id, started_at DESC);
      CREATE UNIQUE INDEX sessions_one_open_per_workspace ON sessions(workspace_id) WHERE ended_at IS NULL;
      CREATE TABLE session_notes (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX session_notes_by_session ON session_notes(session_id, at);
      CREATE TABLE session_files (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        edits INTEGER NOT NULL DEFAULT 0,
        saves INTEGER NOT NULL DEFAULT 0,
        last_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, path)
      );
    `,
  },
  {
    version: 2,
    description: 'journal sequence and the request ledger',
    sql: `
      CREATE TABLE baton_meta (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      );
      INSERT INTO baton_meta (key, value) VALUES ('journal_seq', 0);
      -- One row per LLM request. Costs are integer nano-dollars so that sums stay exact.
      CREATE TABLE ledger (
        id TEXT PRIMARY KEY,
        workspace_id TEXT,
        session_id TEXT,
        account_id TEXT,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        at INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cached_tokens INTEGER NOT NULL DEFAULT 0,
        cost_nanos INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'ok',
        request_id TEXT
      );
      CREATE INDEX ledger_by_time ON ledger(at, provider);
      CREATE INDEX ledger_by_workspace ON ledger(workspace_id, at);
    `,
  },
  {
    version: 3,
    description: 'knowledge base with full-text search, snapshots and briefings',
    sql: `
      CREATE TABLE knowledge (
        id TEXT PRIMARY KEY,
        workspace_id TEXT, -- NULL: global, shown in every workspace
        kind TEXT NOT NULL CHECK (kind IN ('pattern', 'solution', 'decision', 'gotcha', 'note')),
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '', -- comma-separated, lower case
        paths TEXT NOT NULL DEFAULT '', -- newline-separated, workspace-relative
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX knowledge_by_workspace ON knowledge(workspace_id, updated_at DESC);
      CREATE VIRTUAL TABLE knowledge_fts USING fts4(title, body, tags, paths, content="knowledge", tokenize=unicode61);
      CREATE TRIGGER knowledge_fts_insert AFTER INSERT ON knowledge BEGIN
        INSERT INTO knowledge_fts (docid, title, body, tags, paths) VALUES (new.rowid, new.title, new.body, new.tags, new.paths);
      END;
      CREATE TRIGGER knowledge_fts_before_update BEFORE UPDATE ON knowledge BEGIN
        DELETE FROM knowledge_fts WHERE docid = old.rowid;
      END;
      CREATE TRIGGER knowledge_fts_after_update AFTER UPDATE ON knowledge BEGIN
        INSERT INTO knowledge_fts (docid, title, body, tags, paths) VALUES (new.rowid, new.title, new.body, new.tags, new.paths);
      END;
      CREATE TRIGGER knowledge_fts_delete BEFORE DELETE ON knowledge BEGIN
        DELETE FROM knowledge_fts WHERE docid = old.rowid;
      END;
      CREATE TABLE snapshots (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        session_id TEXT,
        label TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT 'manual', -- manual | session-end | handoff
        taken_at INTEGER NOT NULL,
        branch TEXT,
        head TEXT,
        changed_files TEXT NOT NULL DEFAULT '[]', -- JSON
        diff_stat TEXT NOT NULL DEFAULT '',
        patch BLOB, -- gzip
        patch_bytes INTEGER NOT NULL DEFAULT 0, -- before compression
        patch_truncated INTEGER NOT NULL DEFAULT 0,
        open_editors TEXT NOT NULL DEFAULT '[]', -- JSON
        diagnostics TEXT NOT NULL DEFAULT '[]', -- JSON
        notes TEXT NOT NULL DEFAULT '[]' -- JSON
      );
      CREATE INDEX snapshots_by_workspace ON snapshots(workspace_id, taken_at DESC);
      CREATE TABLE briefings (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        session_id TEXT,
        level TEXT NOT NULL,
        tokens INTEGER NOT NULL,
        markdown TEXT NOT NULL,
        sections TEXT NOT NULL DEFAULT '[]', -- JSON
        created_at INTEGER NOT NULL
      );
      CREATE INDEX briefings_by_workspace ON briefings(workspace_id, created_at DESC);
    `,
  },
  {
    version: 4,
    description: 'daily cost totals per provider and workspace, kept up to date by triggers',
    sql: `
      -- Cost views read these totals instead of scanning the ledger: a 30-day chart reads a few
      -- hundred rows, whatever the number of requests. day = whole UTC days since the epoch.
      CREATE TABLE ledger_daily (
        day INTEGER NOT NULL,
        provider TEXT NOT NULL,
        workspace_id TEXT NOT NULL DEFAULT '',
        requests INTEGER NOT NULL DEFAULT 0,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cached_tokens INTEGER NOT NULL DEFAULT 0,
        cost_nanos INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, provider, workspace_id)
      ) WITHOUT ROWID;
      INSERT INTO ledger_daily (day, provider, workspace_id, requests, input_tokens, output_tokens, cached_tokens, cost_nanos)
        SELECT at / 86400000, provider, COALESCE(workspace_id, ''), count(*), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_nanos)
        FROM ledger GROUP BY 1, 2, 3;
      CREATE TRIGGER ledger_daily_insert AFTER INSERT ON ledger BEGIN
        INSERT INTO ledger_daily (day, provider, workspace_id, requests, input_tokens, output_tokens, cached_tokens, cost_nanos)
        VALUES (new.at / 86400000, new.provider, COALESCE(new.workspace_id, ''), 1, new.input_tokens, new.output_tokens, new.cached_tokens, new.cost_nanos)
        ON CONFLICT (day, provider, workspace_id) DO UPDATE SET
          requests = requests + 1,
          input_tokens = input_tokens + excluded.input_tokens,
          output_tokens = output_tokens + excluded.output_tokens,
          cached_tokens = cached_tokens + excluded.cached_tokens,
          cost_nanos = cost_nanos + excluded.cost_nanos;
      END;
      CREATE TRIGGER ledger_daily_delete AFTER DELETE ON ledger BEGIN
        UPDATE ledger_daily SET
          requests = requests - 1,
          input_tokens = input_tokens - old.input_tokens,
          output_tokens = output_tokens - old.output_tokens,
          cached_tokens = cached_tokens - old.cached_tokens,
          cost_nanos = cost_nanos - old.cost_nanos
        WHERE day = old.at / 86400000 AND provider = old.provider AND workspace_id = COALESCE(old.workspace_id, '');
      END;
      CREATE TRIGGER ledger_daily_update AFTER UPDATE OF at, provider, workspace_id, input_tokens, output_tokens, cached_tokens, cost_nanos ON ledger BEGIN
        UPDATE ledger_daily SET
          requests = requests - 1,
          input_tokens = input_tokens - old.input_tokens,
          output_tokens = output_tokens - old.output_tokens,
          cached_tokens = cached_tokens - old.cached_tokens,
          cost_nanos = cost_nanos - old.cost_nanos
        WHERE day = old.at / 86400000 AND provider = old.provider AND workspace_id = COALESCE(old.workspace_id, '');
        INSERT INTO ledger_daily (day, provider, workspace_id, requests, input_tokens, output_tokens, cached_tokens, cost_nanos)
        VALUES (new.at / 86400000, new.provider, COALESCE(new.workspace_id, ''), 1, new.input_tokens, new.output_tokens, new.cached_tokens, new.cost_nanos)
        ON CONFLICT (day, provider, workspace_id) DO UPDATE SET
          requests = requests + 1,
          input_tokens = input_tokens + excluded.input_tokens,
          output_tokens = output_tokens + excluded.output_tokens,
          cached_tokens = cached_tokens + excluded.cached_tokens,
          cost_nanos = cost_nanos + excluded.cost_nanos;
      END;
    `,
  },
  {
    version: 5,
    description: 'router ledger columns, budget reservations, the response cache, and daily totals per model',
    sql: `
      -- What the router records per request (see core/costs/ledgerPorts.ts LedgerEntry).
      -- input_tokens excludes cache reads and writes from here on, as TokenUsage does;
      -- cached_tokens keeps its meaning for every row, the input tokens that went through a
      -- cache (reads + writes); rows before v5 have only that sum, their split columns are 0.
      -- cost_nanos stays NOT NULL: a row without a price stores 0 and says so in pricing, so
      -- sums and the rollup stay plain integer sums and a reader never shows it as $0.
      ALTER TABLE ledger ADD COLUMN strategy TEXT NOT NULL DEFAULT '';
      ALTER TABLE ledger ADD COLUMN attempts TEXT NOT NULL DEFAULT '[]'; -- JSON AttemptRecord[]
      ALTER TABLE ledger ADD COLUMN cache_read_tokens INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger ADD COLUMN pricing TEXT NOT NULL DEFAULT 'priced' CHECK (pricing IN ('priced', 'subscription', 'unpriced'));
      ALTER TABLE ledger ADD COLUMN latency_ms INTEGER; -- NULL before v5
      ALTER TABLE ledger ADD COLUMN ttft_ms INTEGER; -- NULL when no content arrived
      ALTER TABLE ledger ADD COLUMN cache_hit INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger ADD COLUMN saved_nanos INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger ADD COLUMN fallback_used INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger ADD COLUMN source TEXT NOT NULL DEFAULT 'router';
      ALTER TABLE ledger ADD COLUMN decision TEXT NOT NULL DEFAULT ''; -- JSON
      ALTER TABLE ledger ADD COLUMN redacted TEXT NOT NULL DEFAULT '';

      -- A request in flight holds its maximum cost against the budgets until it settles.
      CREATE TABLE budget_reservations (
        id TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        max_nanos INTEGER NOT NULL,
        at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL -- a crashed process's reservation stops counting then
      );

      CREATE TABLE response_cache (
        key TEXT PRIMARY KEY, -- SHA-256 of the canonical request (storage/requestKey.ts)
        text TEXT NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        usage TEXT NOT NULL, -- JSON TokenUsage
        cost_nanos INTEGER, -- NULL: the original request had no price
        stored_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        bytes INTEGER NOT NULL -- UTF-8 bytes of text
      );
      CREATE INDEX response_cache_by_age ON response_cache(stored_at);

      -- Spend per UTC hour and provider, for budget checks on every request: a local day is
      -- some 24 rows per provider here instead of every request of the day in the ledger.
      CREATE TABLE ledger_hourly (
        hour INTEGER NOT NULL, -- whole hours since the epoch
        provider TEXT NOT NULL,
        cost_nanos INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (hour, provider)
      ) WITHOUT ROWID;
      INSERT INTO ledger_hourly (hour, provider, cost_nanos) SELECT at / 3600000, provider, sum(cost_nanos) FROM ledger GROUP BY 1, 2;
      CREATE TRIGGER ledger_hourly_insert AFTER INSERT ON ledger BEGIN
        ${HOURLY_ADD}
      END;
      CREATE TRIGGER ledger_hourly_delete AFTER DELETE ON ledger BEGIN
        ${HOURLY_REMOVE}
      END;
      CREATE TRIGGER ledger_hourly_update AFTER UPDATE OF at, provider, cost_nanos ON ledger BEGIN
        ${HOURLY_REMOVE}
        ${HOURLY_ADD}
      END;

      -- The daily totals gain the model (cost views show it; at most a few hundred rows a
      -- month still), what cache hits saved, and how many requests had no money price.
      DROP TRIGGER ledger_daily_insert;
      DROP TRIGGER ledger_daily_delete;
      DROP TRIGGER ledger_daily_update;
      DROP TABLE ledger_daily;
      CREATE TABLE ledger_daily (
        day INTEGER NOT NULL, -- whole UTC days since the epoch
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        workspace_id TEXT NOT NULL DEFAULT '',
        requests INTEGER NOT NULL DEFAULT 0,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cached_tokens INTEGER NOT NULL DEFAULT 0,
        cost_nanos INTEGER NOT NULL DEFAULT 0,
        saved_nanos INTEGER NOT NULL DEFAULT 0,
        unpriced_requests INTEGER NOT NULL DEFAULT 0,
        subscription_requests INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, provider, model, workspace_id)
      ) WITHOUT ROWID;
      INSERT INTO ledger_daily (day, provider, model, workspace_id, requests, input_tokens, output_tokens, cached_tokens, cost_nanos, saved_nanos, unpriced_requests, subscription_requests)
        SELECT at / 86400000, provider, model, COALESCE(workspace_id, ''), count(*), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_nanos),
          sum(saved_nanos), sum(pricing = 'unpriced'), sum(pricing = 'subscription')
        FROM ledger GROUP BY 1, 2, 3, 4;
      CREATE TRIGGER ledger_daily_insert AFTER INSERT ON ledger BEGIN
        ${ROLLUP_ADD}
      END;
      CREATE TRIGGER ledger_daily_delete AFTER DELETE ON ledger BEGIN
        ${ROLLUP_REMOVE}
      END;
      CREATE TRIGGER ledger_daily_update AFTER UPDATE OF at, provider, model, workspace_id, input_tokens, output_tokens, cached_tokens, cost_nanos, saved_nanos, pricing ON ledger BEGIN
        ${ROLLUP_REMOVE}
        ${ROLLUP_ADD}
      END;
    `,
  },
  ACCOUNTS_MIGRATION,
  COSTS_MIGRATION,
  CHAT_MIGRATION,
  LOCAL_DAYS_MIGRATION,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
