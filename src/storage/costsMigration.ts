// Migration 7: what the costs panel reads. Never edit once shipped; add a new migration.
//
// The panel must build its state for a month of a 100,000-request ledger in a few
// milliseconds, so nothing it shows scans the ledger: daily totals per (local day, source,
// provider, model, workspace, account, session) are kept by triggers (a few rows per session
// and day, whatever the number of requests), and what needs single requests (the dearest ones,
// latency percentiles, a model's median cost) reads narrow indexes that stop early.
//
// Days are the local calendar days of the process that wrote the row (`local_day`, days since
// 1970-01-01 of the local date), set as a statement parameter so a journal replay in another
// process (another time zone) files the row under the same day. Rows written before this
// migration, and by writers that do not know the zone, fall back to the UTC day.

const DAY = 'COALESCE(new.local_day, new.at / 86400000)';
const OLD_DAY = 'COALESCE(old.local_day, old.at / 86400000)';
const KEY_COLUMNS = 'day, source, provider, model, workspace_id, account_id, session_id';
const SUM_COLUMNS = `requests, input_tokens, output_tokens, cached_tokens, cost_nanos, saved_nanos, estimated_requests,
  unpriced_requests, subscription_requests, ok_requests, cancelled_requests, fallback_requests, cache_hits`;

/** The rollup's sums for one ledger row (`r` is `new` or `old`). */
function sums(r: 'new' | 'old'): string {
  return `1, ${r}.input_tokens, ${r}.output_tokens, ${r}.cached_tokens, ${r}.cost_nanos, ${r}.saved_nanos, ${r}.estimated <> 0,
    ${r}.pricing = 'unpriced', ${r}.pricing = 'subscription', ${r}.status = 'ok', ${r}.status = 'cancelled', ${r}.fallback_used <> 0, ${r}.cache_hit <> 0`;
}

const ADD = `INSERT INTO ledger_rollup (${KEY_COLUMNS}, ${SUM_COLUMNS})
    VALUES (${DAY}, new.source, new.provider, new.model, COALESCE(new.workspace_id, ''), COALESCE(new.account_id, ''), COALESCE(new.session_id, ''), ${sums('new')})
    ON CONFLICT (${KEY_COLUMNS}) DO UPDATE SET requests = requests + 1, input_tokens = input_tokens + excluded.input_tokens,
      output_tokens = output_tokens + excluded.output_tokens, cached_tokens = cached_tokens + excluded.cached_tokens,
      cost_nanos = cost_nanos + excluded.cost_nanos, saved_nanos = saved_nanos + excluded.saved_nanos,
      estimated_requests = estimated_requests + excluded.estimated_requests, unpriced_requests = unpriced_requests + excluded.unpriced_requests,
      subscription_requests = subscription_requests + excluded.subscription_requests, ok_requests = ok_requests + excluded.ok_requests,
      cancelled_requests = cancelled_requests + excluded.cancelled_requests, fallback_requests = fallback_requests + excluded.fallback_requests,
      cache_hits = cache_hits + excluded.cache_hits;`;

const REMOVE = `UPDATE ledger_rollup SET requests = requests - 1, input_tokens = input_tokens - old.input_tokens,
      output_tokens = output_tokens - old.output_tokens, cached_tokens = cached_tokens - old.cached_tokens, cost_nanos = cost_nanos - old.cost_nanos,
      saved_nanos = saved_nanos - old.saved_nanos, estimated_requests = estimated_requests - (old.estimated <> 0),
      unpriced_requests = unpriced_requests - (old.pricing = 'unpriced'), subscription_requests = subscription_requests - (old.pricing = 'subscription'),
      ok_requests = ok_requests - (old.status = 'ok'), cancelled_requests = cancelled_requests - (old.status = 'cancelled'),
      fallback_requests = fallback_requests - (old.fallback_used <> 0), cache_hits = cache_hits - (old.cache_hit <> 0)
    WHERE day = ${OLD_DAY} AND source = old.source AND provider = old.provider AND model = old.model
      AND workspace_id = COALESCE(old.workspace_id, '') AND account_id = COALESCE(old.account_id, '') AND session_id = COALESCE(old.session_id, '');`;

const TRACKED = `at, local_day, source, provider, model, workspace_id, account_id, session_id, input_tokens, output_tokens, cached_tokens,
  cost_nanos, saved_nanos, estimated, pricing, status, fallback_used, cache_hit`;

export const COSTS_MIGRATION = {
  version: 7,
  description: 'local days on ledger rows, the costs rollup and indexes of the costs panel, and budget alert marks',
  sql: `
    ALTER TABLE ledger ADD COLUMN local_day INTEGER; -- NULL: the UTC day (at / 86400000)
    -- The unit prices a request was billed at, JSON {"input","output","cacheRead","cacheWrite"} in USD per
    -- million tokens plus "source"; '' when not recorded (rows before v7, agents' reported costs).
    ALTER TABLE ledger ADD COLUMN prices TEXT NOT NULL DEFAULT '';

    CREATE TABLE ledger_rollup (
      day INTEGER NOT NULL, -- local days since 1970-01-01
      source TEXT NOT NULL,
      provider TEXT NOT NULL,
      model TEXT NOT NULL,
      workspace_id TEXT NOT NULL DEFAULT '',
      account_id TEXT NOT NULL DEFAULT '',
      session_id TEXT NOT NULL DEFAULT '',
      requests INTEGER NOT NULL DEFAULT 0,
      input_tokens INTEGER NOT NULL DEFAULT 0,
      output_tokens INTEGER NOT NULL DEFAULT 0,
      cached_tokens INTEGER NOT NULL DEFAULT 0,
      cost_nanos INTEGER NOT NULL DEFAULT 0,
      saved_nanos INTEGER NOT NULL DEFAULT 0,
      estimated_requests INTEGER NOT NULL DEFAULT 0,
      unpriced_requests INTEGER NOT NULL DEFAULT 0,
      subscription_requests INTEGER NOT NULL DEFAULT 0,
      ok_requests INTEGER NOT NULL DEFAULT 0,
      cancelled_requests INTEGER NOT NULL DEFAULT 0,
      fallback_requests INTEGER NOT NULL DEFAULT 0,
      cache_hits INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (${KEY_COLUMNS})
    ) WITHOUT ROWID;
    INSERT INTO ledger_rollup (${KEY_COLUMNS}, ${SUM_COLUMNS})
      SELECT at / 86400000, source, provider, model, COALESCE(workspace_id, ''), COALESCE(account_id, ''), COALESCE(session_id, ''),
        count(*), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_nanos), sum(saved_nanos), sum(estimated <> 0),
        sum(pricing = 'unpriced'), sum(pricing = 'subscription'), sum(status = 'ok'), sum(status = 'cancelled'), sum(fallback_used <> 0), sum(cache_hit <> 0)
      FROM ledger GROUP BY 1, 2, 3, 4, 5, 6, 7;
    CREATE TRIGGER ledger_rollup_insert AFTER INSERT ON ledger BEGIN
      ${ADD}
    END;
    CREATE TRIGGER ledger_rollup_delete AFTER DELETE ON ledger BEGIN
      ${REMOVE}
    END;
    CREATE TRIGGER ledger_rollup_update AFTER UPDATE OF ${TRACKED} ON ledger BEGIN
      ${REMOVE}
      ${ADD}
    END;

    -- The dearest requests of a period: read from the top until enough fall inside it.
    CREATE INDEX ledger_by_cost ON ledger(cost_nanos);
    -- A model's median cost over its latest requests (read from the index alone), and its
    -- requests above a multiple of it (read from the threshold up).
    CREATE INDEX ledger_by_model_time ON ledger(provider, model, at, cost_nanos);
    CREATE INDEX ledger_by_model_cost ON ledger(provider, model, cost_nanos);
    -- What an account used in its window (accountRows.ts), read from the index alone: its own
    -- rows, and the rows of its platform charged to no account.
    DROP INDEX ledger_by_account;
    CREATE INDEX ledger_by_account ON ledger(account_id, at, cost_nanos);
    CREATE INDEX ledger_unowned ON ledger(source, provider, account_id, at, cost_nanos);
    -- A provider's latest latencies, read from the index alone.
    CREATE INDEX ledger_latencies ON ledger(source, provider, at, latency_ms, ttft_ms);

    -- Budget and account-limit alerts already shown: one key per limit, period and threshold,
    -- claimed inside one write so two windows never both alert.
    CREATE TABLE alert_marks (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
  `,
};
