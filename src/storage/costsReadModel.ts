// The costs panel's reads (core/costs/costsPorts.ts) on the rollup and indexes of migration 7.
// Nothing here scans the ledger for a period: totals come from ledger_rollup (a few rows per
// session and day), single requests from indexes read from one end and stopped early.
import type { CostsReadModel, DayRange, LatencySamples, LedgerFilter, LedgerRequest, Named, RollupRow, SessionLabel } from '../core/costs/costsPorts';
import type { LedgerEntry } from '../core/costs/ledgerPorts';
import { DAY_MS } from '../core/costs/localDay';
import type { SqlValue } from 'sql.js';
import type { BatonDatabase } from './batonDatabase';
import { ledgerEntryOf } from './ledgerStore';
import { type Row, asNullableNumber, asNullableString, asNumber, asString } from './sqlAccess';

const ENTRY_COLUMNS = `id, at, workspace_id, session_id, account_id, provider, model, strategy, attempts, input_tokens, output_tokens,
  cache_read_tokens, cache_write_tokens, cached_tokens, cost_nanos, estimated, pricing, status, latency_ms, ttft_ms, cache_hit,
  saved_nanos, fallback_used, source, decision, redacted, prices`;
const REQUEST_COLUMNS = `id, at, COALESCE(local_day, at / 86400000) AS day, provider, model, workspace_id, account_id, session_id, source,
  input_tokens, output_tokens, cached_tokens, cost_nanos, estimated, pricing, status, latency_ms, fallback_used, cache_hit`;
const LEDGER_DAY = 'COALESCE(local_day, at / 86400000)';

interface Where {
  readonly sql: string;
  readonly params: SqlValue[];
}

/** The filter as SQL conditions; the rollup stores a missing workspace, account or session as ''. */
function filterSql(filter: LedgerFilter): Where {
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  const add = (column: string, value: string | null) => {
    if (value === null) return;
    conditions.push(`${column} = ?`);
    params.push(value);
  };
  add('workspace_id', filter.workspace);
  add('provider', filter.provider);
  add('model', filter.model);
  add('account_id', filter.account);
  add('source', filter.source);
  return { sql: conditions.map((condition) => ` AND ${condition}`).join(''), params };
}

const blankToNull = (value: SqlValue | undefined): string | null => {
  const text = asNullableString(value);
  return text === '' ? null : text;
};

function rollupRowOf(row: Row): RollupRow {
  return {
    day: asNumber(row.day), source: asString(row.source), provider: asString(row.provider), model: asString(row.model),
    workspaceId: blankToNull(row.workspace_id), accountId: blankToNull(row.account_id), sessionId: blankToNull(row.session_id),
    requests: asNumber(row.requests), inputTokens: asNumber(row.input_tokens), outputTokens: asNumber(row.output_tokens),
    cachedTokens: asNumber(row.cached_tokens), costNanos: asNumber(row.cost_nanos), savedNanos: asNumber(row.saved_nanos),
    estimatedRequests: asNumber(row.estimated_requests), unpricedRequests: asNumber(row.unpriced_requests),
    subscriptionRequests: asNumber(row.subscription_requests), okRequests: asNumber(row.ok_requests),
    cancelledRequests: asNumber(row.cancelled_requests), fallbackRequests: asNumber(row.fallback_requests), cacheHits: asNumber(row.cache_hits),
  };
}

function requestOf(row: Row): LedgerRequest {
  const pricing = asString(row.pricing) as LedgerRequest['pricing'];
  return {
    id: asString(row.id), at: asNumber(row.at), day: asNumber(row.day), provider: asString(row.provider), model: asString(row.model),
    workspaceId: asNullableString(row.workspace_id), accountId: asNullableString(row.account_id), sessionId: asNullableString(row.session_id),
    source: asString(row.source), inputTokens: asNumber(row.input_tokens), outputTokens: asNumber(row.output_tokens),
    cachedTokens: asNumber(row.cached_tokens), costNanos: pricing === 'priced' ? asNumber(row.cost_nanos) : null,
    estimated: asNumber(row.estimated) !== 0, pricing, status: asString(row.status), latencyMs: asNullableNumber(row.latency_ms),
    fallbackUsed: asNumber(row.fallback_used) !== 0, cacheHit: asNumber(row.cache_hit) !== 0,
  };
}

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/** Reads `ids` in chunks (SQLite's parameter limit) and returns the rows in the order asked. */
function byIdsInOrder<T extends { readonly id: string }>(ids: readonly string[], read: (chunk: readonly string[]) => T[]): T[] {
  const found = new Map<string, T>();
  for (let i = 0; i < ids.length; i += 500) for (const row of read(ids.slice(i, i + 500))) found.set(row.id, row);
  return ids.flatMap((id) => found.get(id) ?? []);
}

export class CostsStore implements CostsReadModel {
  constructor(private readonly database: BatonDatabase) {}

  rollup(range: DayRange, filter: LedgerFilter): Promise<RollupRow[]> {
    const where = filterSql(filter);
    return this.database.read((db) =>
      db.all(`SELECT * FROM ledger_rollup WHERE day BETWEEN ? AND ?${where.sql} AND requests > 0`, [range.from, range.to, ...where.params]).map(rollupRowOf),
    );
  }

  dimensions(): ReturnType<CostsReadModel['dimensions']> {
    return this.database.read((db) => {
      const distinct = (column: string) => db.all(`SELECT DISTINCT ${column} AS v FROM ledger_rollup WHERE requests > 0 AND ${column} <> '' ORDER BY 1`).map((row) => asString(row.v));
      const named = (sql: string): Named[] => db.all(sql).map((row) => ({ id: asString(row.id), name: asString(row.name) }));
      return {
        providers: distinct('provider'),
        models: distinct('model'),
        sources: distinct('source'),
        workspaces: named(`SELECT id, name FROM workspaces WHERE id IN (SELECT DISTINCT workspace_id FROM ledger_rollup WHERE requests > 0) ORDER BY name COLLATE NOCASE`),
        accounts: named('SELECT id, name FROM accounts ORDER BY name COLLATE NOCASE'),
      };
    });
  }

  hasAny(): Promise<boolean> {
    return this.database.read((db) => db.one('SELECT 1 AS found FROM ledger LIMIT 1') !== undefined);
  }

  dearest(range: DayRange, filter: LedgerFilter, limit: number): Promise<LedgerRequest[]> {
    const where = filterSql(filter);
    return this.database.read((db) =>
      db.all(
        `SELECT ${REQUEST_COLUMNS} FROM ledger INDEXED BY ledger_by_cost WHERE cost_nanos > 0 AND pricing = 'priced'
           AND ${LEDGER_DAY} BETWEEN ? AND ?${where.sql} ORDER BY cost_nanos DESC LIMIT ?`,
        [range.from, range.to, ...where.params, limit],
      ).map(requestOf),
    );
  }

  medianCosts(models: readonly { readonly provider: string; readonly model: string }[]): Promise<Map<string, number>> {
    return this.database.read((db) => {
      const medians = new Map<string, number>();
      for (const { provider, model } of models) {
        // Counted from the rollup: the index walk below then reads only up to the middle.
        const counted = db.one('SELECT total(requests - unpriced_requests - subscription_requests) AS n FROM ledger_rollup WHERE provider = ? AND model = ?', [provider, model]);
        const n = asNumber(counted?.n);
        if (n === 0) continue;
        // The lower middle and the next one: their mean is the median of an even count.
        const middle = db.all(
          "SELECT cost_nanos FROM ledger INDEXED BY ledger_by_model_cost WHERE provider = ? AND model = ? AND pricing = 'priced' ORDER BY cost_nanos LIMIT ? OFFSET ?",
          [provider, model, n % 2 === 0 ? 2 : 1, Math.floor((n - 1) / 2)],
        ).map((row) => asNumber(row.cost_nanos));
        medians.set(`${provider}/${model}`, middle.reduce((a, b) => a + b, 0) / middle.length);
      }
      return medians;
    });
  }

  costlierThan(model: { readonly provider: string; readonly model: string }, aboveNanos: number, range: DayRange, filter: LedgerFilter, limit: number): Promise<LedgerRequest[]> {
    const where = filterSql({ ...filter, provider: null, model: null });
    return this.database.read((db) =>
      db.all(
        `SELECT ${REQUEST_COLUMNS} FROM ledger INDEXED BY ledger_by_model_cost WHERE provider = ? AND model = ? AND cost_nanos > ? AND pricing = 'priced'
           AND ${LEDGER_DAY} BETWEEN ? AND ?${where.sql} ORDER BY cost_nanos DESC LIMIT ?`,
        [model.provider, model.model, Math.floor(aboveNanos), range.from, range.to, ...where.params, limit],
      ).map(requestOf),
    );
  }

  fallbacks(provider: string, day: number, filter: LedgerFilter, limit: number): Promise<LedgerRequest[]> {
    const where = filterSql({ ...filter, provider: null });
    return this.database.read((db) =>
      db.all(
        `SELECT ${REQUEST_COLUMNS} FROM ledger INDEXED BY ledger_by_time WHERE at >= ? AND at < ? AND provider = ? AND fallback_used <> 0
           AND ${LEDGER_DAY} = ?${where.sql} ORDER BY at DESC LIMIT ?`,
        [(day - 1) * DAY_MS, (day + 2) * DAY_MS, provider, day, ...where.params, limit],
      ).map(requestOf),
    );
  }

  latencies(provider: string, range: DayRange, limit: number): Promise<LatencySamples> {
    return this.database.read((db) => {
      // The range's bounds in ms, a day wider on each side: local days are within a day of UTC ones.
      const rows = db.all(
        `SELECT latency_ms, ttft_ms FROM ledger INDEXED BY ledger_latencies WHERE source = 'router' AND provider = ? AND at >= ? AND at < ?
           AND ${LEDGER_DAY} BETWEEN ? AND ? ORDER BY at DESC LIMIT ?`,
        [provider, (range.from - 1) * DAY_MS, (range.to + 2) * DAY_MS, range.from, range.to, limit],
      );
      return {
        latencyMs: rows.flatMap((row) => asNullableNumber(row.latency_ms) ?? []),
        ttftMs: rows.flatMap((row) => asNullableNumber(row.ttft_ms) ?? []),
      };
    });
  }

  requests(ids: readonly string[]): Promise<LedgerRequest[]> {
    return this.database.read((db) =>
      byIdsInOrder(ids, (chunk) => db.all(`SELECT ${REQUEST_COLUMNS} FROM ledger WHERE id IN (${placeholders(chunk.length)})`, chunk).map(requestOf)),
    );
  }

  entry(id: string): Promise<LedgerEntry | null> {
    return this.database.read((db) => {
      const row = db.one(`SELECT ${ENTRY_COLUMNS} FROM ledger WHERE id = ?`, [id]);
      return row ? ledgerEntryOf(row) : null;
    });
  }

  sessions(ids: readonly string[]): Promise<SessionLabel[]> {
    return this.database.read((db) =>
      byIdsInOrder(ids, (chunk) =>
        db.all(`SELECT id, goal, workspace_id, started_at FROM sessions WHERE id IN (${placeholders(chunk.length)})`, chunk).map((row) => ({
          id: asString(row.id), goal: asString(row.goal), workspaceId: asString(row.workspace_id), startedAt: asNumber(row.started_at),
        })),
      ),
    );
  }

  entries(range: DayRange, filter: LedgerFilter): Promise<LedgerEntry[]> {
    const where = filterSql(filter);
    return this.database.read((db) =>
      db.all(`SELECT ${ENTRY_COLUMNS} FROM ledger WHERE ${LEDGER_DAY} BETWEEN ? AND ?${where.sql} ORDER BY at, id`, [range.from, range.to, ...where.params]).map(ledgerEntryOf),
    );
  }

  version(): Promise<string> {
    return this.database.read((db) => {
      const rollup = db.one('SELECT count(*) AS n, total(requests) AS requests, total(cost_nanos) AS nanos, total(output_tokens) AS output FROM ledger_rollup');
      const credits = db.one('SELECT max(rowid) AS last FROM credit_log');
      const accounts = db.one('SELECT count(*) AS n, max(updated_at) AS updated FROM accounts');
      return JSON.stringify([rollup, credits, accounts]);
    });
  }
}
