// Numbered schema migrations. Each runs in one transaction together with the bump of
// `PRAGMA user_version`; never edit a migration once it has shipped, add a new one.
import type { Database } from 'sql.js';

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
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function schemaVersion(db: Database): number {
  const result = db.exec('PRAGMA user_version');
  return Number(result[0]?.values[0]?.[0] ?? 0);
}

/** Applies the migrations newer than the file's version. Returns how many ran. */
export function migrate(db: Database): number {
  let ran = 0;
  for (const migration of MIGRATIONS) {
    if (migration.version <= schemaVersion(db)) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      db.exec(`PRAGMA user_version = ${migration.version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new Error(`Baton could not upgrade its database to version ${migration.version}: ${String(error)}`, { cause: error });
    }
    ran += 1;
  }
  return ran;
}
