// The costs panel's reads (core/costs/costsPorts.ts) on the rollup and indexes of migration 7.
// Nothing here scans the ledger for a period: totals come from ledger_rollup (a few rows per
// session and day), single requests from indexes read from one end and stopped early.
import type { CostsReadModel, CostsReads, DayRange, PricedRequestRef, LatencySamples, LedgerFilter, LedgerRequest, Named, RollupRow, SessionLabel } from '../core/costs/costsPorts';
import type { LedgerEntry } from '../core/costs/ledgerPorts';
import { DAY_MS } from '../core/costs/localDay';
import type { SqlValue } from 'sql.js';
import type { BatonDatabase } from './batonDatabase';
import { ledgerEntryOf } from './ledgerStore';
import { type Row, type SqlReader, asNullableNumber, asNullableString, asNumber, asString } from './sqlAccess';

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

/** How many of a model's latest requests its median cost is taken over. */
const MEDIAN_SAMPLES = 101;

/** When a local day starts, epoch ms (the app's is the system zone's). */
export type DayStart = (day: number) => number;

/**
 * True when walking the whole ledger from its dearest request down meets `limit` matches sooner
 * than reading every request of the range: the rollup knows both counts.
 */
function dearestWalkIsShort(db: SqlReader, range: DayRange, where: Where, limit: number): boolean {
  const all = asNumber(db.one('SELECT total(requests) AS n FROM ledger_rollup')?.n);
  const inRange = asNumber(db.one('SELECT total(requests) AS n FROM ledger_rollup WHERE day BETWEEN ? AND ?', [range.from, range.to])?.n);
  const matching = asNumber(db.one(`SELECT total(requests) AS n FROM ledger_rollup WHERE day BETWEEN ? AND ?${where.sql}`, [range.from, range.to, ...where.params])?.n);
  if (matching === 0) return false;
  return (limit * all) / matching < inRange;
}

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/** Reads `ids` in chunks (SQLite's parameter limit) and returns the rows in the order asked. */
function byIdsInOrder<T extends { readonly id: string }>(ids: readonly string[], read: (chunk: readonly string[]) => T[]): T[] {
  const found = new Map<string, T>();
  for (let i = 0; i < ids.length; i += 500) for (const row of read(ids.slice(i, i + 500))) found.set(row.id, row);
  return ids.flatMap((id) => found.get(id) ?? []);
}

/** The reads of one database read: every query of a panel state sees the same data. */
class SqlCostsReads implements CostsReads {
  constructor(
    private readonly db: SqlReader,
    private readonly dayStart: DayStart,
  ) {}

  private bounds(range: DayRange): [number, number] {
    return [this.dayStart(range.from), this.dayStart(range.to + 1)];
  }

  rollup(range: DayRange, filter: LedgerFilter): RollupRow[] {
    const where = filterSql(filter);
    const db = this.db;
    return (
      db.all(`SELECT * FROM ledger_rollup WHERE day BETWEEN ? AND ?${where.sql} AND requests > 0`, [range.from, range.to, ...where.params]).map(rollupRowOf)
    );
  }

  dimensions(): ReturnType<CostsReads['dimensions']> {
    const db = this.db;
    // One pass over the rollup's keys (a few hundred rows) rather than one DISTINCT per column.
    const keys = db.all('SELECT DISTINCT provider, model, source, workspace_id FROM ledger_rollup WHERE requests > 0');
    const values = (column: string) => [...new Set(keys.map((row) => asString(row[column])).filter((value) => value !== ''))].sort();
    const workspaceIds = new Set(values('workspace_id'));
    const named = (sql: string): Named[] => db.all(sql).map((row) => ({ id: asString(row.id), name: asString(row.name) }));
    return {
      providers: values('provider'),
      models: values('model'),
      sources: values('source'),
      workspaces: named('SELECT id, name FROM workspaces ORDER BY name COLLATE NOCASE').filter((workspace) => workspaceIds.has(workspace.id)),
      accounts: named('SELECT id, name FROM accounts ORDER BY name COLLATE NOCASE'),
    };
  }

  hasAny(): boolean {
    const db = this.db;
    return db.one('SELECT 1 AS found FROM ledger LIMIT 1') !== undefined;
  }

  dearest(range: DayRange, filter: LedgerFilter, limit: number): LedgerRequest[] {
    const where = filterSql(filter);
    const db = this.db;
      // Read from the dearest down while matches are common; a narrow period or filter has so few
      // that the walk would pass most of the ledger: then its days are read and sorted instead.
      const walk = dearestWalkIsShort(db, range, where, limit);
      const [index, period, periodParams] = walk
        ? ['ledger_by_cost', `${LEDGER_DAY} BETWEEN ? AND ?`, [range.from, range.to]]
        : ['ledger_by_time', 'at >= ? AND at < ?', this.bounds(range)];
      return db.all(
        `SELECT ${REQUEST_COLUMNS} FROM ledger INDEXED BY ${index} WHERE cost_nanos > 0 AND pricing = 'priced' AND ${period}${where.sql}
           ORDER BY cost_nanos DESC LIMIT ?`,
        [...periodParams, ...where.params, limit],
      ).map(requestOf);
  }

  medianCosts(models: readonly { readonly provider: string; readonly model: string }[]): Map<string, number> {
    const db = this.db;
      const medians = new Map<string, number>();
      for (const { provider, model } of models) {
        // The latest requests that cost something, from the index alone: the median of a model's
        // recent price, however long its history.
        const costs = db.all(
          `SELECT cost_nanos FROM ledger INDEXED BY ledger_by_model_time WHERE provider = ? AND model = ? AND cost_nanos > 0 ORDER BY at DESC LIMIT ${MEDIAN_SAMPLES}`,
          [provider, model],
        ).map((row) => asNumber(row.cost_nanos)).sort((a, b) => a - b);
        if (costs.length === 0) continue;
        const middle = Math.floor(costs.length / 2);
        medians.set(`${provider}/${model}`, costs.length % 2 === 1 ? (costs[middle] ?? 0) : ((costs[middle - 1] ?? 0) + (costs[middle] ?? 0)) / 2);
      }
      return medians;
  }

  costlierThan(model: { readonly provider: string; readonly model: string }, aboveNanos: number, range: DayRange, filter: LedgerFilter, limit: number): PricedRequestRef[] {
    const where = filterSql({ ...filter, provider: null, model: null });
    const db = this.db;
    return (
      db.all(
        `SELECT id, ${LEDGER_DAY} AS day, cost_nanos FROM ledger INDEXED BY ledger_by_model_cost WHERE provider = ? AND model = ? AND cost_nanos > ?
           AND at >= ? AND at < ? AND pricing = 'priced'${where.sql} ORDER BY cost_nanos DESC LIMIT ?`,
        [model.provider, model.model, Math.floor(aboveNanos), ...this.bounds(range), ...where.params, limit],
      ).map((row) => ({ id: asString(row.id), day: asNumber(row.day), costNanos: asNumber(row.cost_nanos) }))
    );
  }

  fallbacks(provider: string, day: number, filter: LedgerFilter, limit: number): LedgerRequest[] {
    const where = filterSql({ ...filter, provider: null });
    const db = this.db;
    return (
      db.all(
        `SELECT ${REQUEST_COLUMNS} FROM ledger INDEXED BY ledger_by_time WHERE at >= ? AND at < ? AND provider = ? AND fallback_used <> 0${where.sql}
           ORDER BY at DESC LIMIT ?`,
        [...this.bounds({ from: day, to: day }), provider, ...where.params, limit],
      ).map(requestOf)
    );
  }

  latencies(provider: string, range: DayRange, limit: number): LatencySamples {
    const db = this.db;
      const rows = db.all(
        `SELECT latency_ms, ttft_ms FROM ledger INDEXED BY ledger_latencies WHERE source = 'router' AND provider = ? AND at >= ? AND at < ?
           ORDER BY at DESC LIMIT ?`,
        [provider, ...this.bounds(range), limit],
      );
      return {
        latencyMs: rows.flatMap((row) => asNullableNumber(row.latency_ms) ?? []),
        ttftMs: rows.flatMap((row) => asNullableNumber(row.ttft_ms) ?? []),
      };
  }

  requests(ids: readonly string[]): LedgerRequest[] {
    const db = this.db;
    return (
      byIdsInOrder(ids, (chunk) => db.all(`SELECT ${REQUEST_COLUMNS} FROM ledger WHERE id IN (${placeholders(chunk.length)})`, chunk).map(requestOf))
    );
  }

  entry(id: string): LedgerEntry | null {
    const db = this.db;
      const row = db.one(`SELECT ${ENTRY_COLUMNS} FROM ledger WHERE id = ?`, [id]);
      return row ? ledgerEntryOf(row) : null;
  }

  sessions(ids: readonly string[]): SessionLabel[] {
    const db = this.db;
    return (
      byIdsInOrder(ids, (chunk) =>
        db.all(`SELECT id, goal, workspace_id, started_at FROM sessions WHERE id IN (${placeholders(chunk.length)})`, chunk).map((row) => ({
          id: asString(row.id), goal: asString(row.goal), workspaceId: asString(row.workspace_id), startedAt: asNumber(row.started_at),
        })),
      )
    );
  }

  entries(range: DayRange, filter: LedgerFilter): LedgerEntry[] {
    const where = filterSql(filter);
    const db = this.db;
    return (
      db.all(`SELECT ${ENTRY_COLUMNS} FROM ledger WHERE ${LEDGER_DAY} BETWEEN ? AND ?${where.sql} ORDER BY at, id`, [range.from, range.to, ...where.params]).map(ledgerEntryOf)
    );
  }

  version(): string {
    const db = this.db;
      const rollup = db.one('SELECT count(*) AS n, total(requests) AS requests, total(cost_nanos) AS nanos, total(output_tokens) AS output FROM ledger_rollup');
      const credits = db.one('SELECT max(rowid) AS last FROM credit_log');
      const accounts = db.one('SELECT count(*) AS n, max(updated_at) AS updated FROM accounts');
      return JSON.stringify([rollup, credits, accounts]);
  }
}

export class CostsStore implements CostsReadModel {
  /**
   * `dayStart` turns a range of local days into the epoch-ms bounds the time indexes are read
   * with (UTC days by default, as utcDayOf files them).
   */
  constructor(
    private readonly database: BatonDatabase,
    private readonly dayStart: DayStart = (day) => day * DAY_MS,
  ) {}

  /** One database read (one check for other processes' writes) for every query `query` makes. */
  read<T>(query: (reads: CostsReads) => T): Promise<T> {
    return this.database.read((db) => query(new SqlCostsReads(db, this.dayStart)));
  }
}
