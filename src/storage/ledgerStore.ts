// The request ledger, budget reservations, and the performance history read from the ledger.
//
// reserve() runs inside one database write: the write first catches up with every other
// process's writes under the cross-process lock, so reading what is spent and reserved,
// comparing with the limits and inserting the reservation is atomic across the windows and
// the CLI. settle() drops the reservation and writes the ledger row in one write as well, so
// the amount moves from "reserved" to "spent" without a moment where it counts twice or not at
// all. Both are durable when they resolve.
//
// What is spent in a period comes from the rollups that triggers keep (ledger_daily for whole
// UTC days, ledger_hourly for the hours around them) and from the ledger only for a partial
// first hour (time zones at :30 and :45), so a reservation reads a few dozen rows per provider
// however many requests the day or month held.
import { type CommittedSpend, firstExceeded } from '../core/costs/budgets';
import type {
  AttemptRecord, LedgerEntry, LedgerRepository, ModelPerformance, PerformanceHistory, ReservationRequest, ReservationResult,
} from '../core/costs/ledgerPorts';
import type { StrategyName } from '../core/routing/routerConfig';
import type { SqlValue } from 'sql.js';
import type { ZoneClock } from '../core/accounts/zoneClock';
import { type LocalDayOf, utcDayOf } from '../core/costs/localDay';
import { nearestRank } from '../core/costs/percentile';
import { checkAccount } from './accountCharges';
import type { BatonDatabase } from './batonDatabase';
import { DAY_MS } from './costQueries';
import { type Row, type SqlReader, asNullableNumber, asNullableString, asNumber, asString } from './sqlAccess';

const COLUMNS = `id, at, workspace_id, session_id, account_id, provider, model, strategy, attempts, input_tokens, output_tokens,
  cache_read_tokens, cache_write_tokens, cached_tokens, cost_nanos, estimated, pricing, status, latency_ms, ttft_ms, cache_hit,
  saved_nanos, fallback_used, source, decision, redacted, prices, local_day`;
const PLACEHOLDERS = COLUMNS.split(',').map(() => '?').join(', ');

const HOUR_MS = 3_600_000;
const HOURS_PER_DAY = 24;

export interface Split {
  readonly total: number;
  readonly mine: number;
}

/** Part of a period, read from one table: [from, to) in its unit (ms, hours, days); to null = open. */
export interface Span {
  readonly table: 'ledger' | 'ledger_hourly' | 'ledger_daily';
  readonly from: number;
  readonly to: number | null;
}

const UNIT_COLUMN: Readonly<Record<Span['table'], string>> = { ledger: 'at', ledger_hourly: 'hour', ledger_daily: 'day' };

/**
 * Where the spend since `since` (and everything dated after it) is read from: the ledger up
 * to the first whole hour, hourly totals up to the first whole UTC day, daily totals for the
 * whole days before today (UTC), hourly totals from then on.
 */
export function spendSpans(since: number, now: number): Span[] {
  const firstHour = Math.ceil(since / HOUR_MS);
  const head: Span[] = firstHour * HOUR_MS > since ? [{ table: 'ledger', from: since, to: firstHour * HOUR_MS }] : [];
  const today = Math.floor(now / DAY_MS);
  const firstDay = Math.ceil(firstHour / HOURS_PER_DAY);
  if (firstDay >= today) return [...head, { table: 'ledger_hourly', from: firstHour, to: null }];
  const hoursBefore: Span[] = firstDay * HOURS_PER_DAY > firstHour ? [{ table: 'ledger_hourly', from: firstHour, to: firstDay * HOURS_PER_DAY }] : [];
  return [...head, ...hoursBefore, { table: 'ledger_daily', from: firstDay, to: today }, { table: 'ledger_hourly', from: today * HOURS_PER_DAY, to: null }];
}

interface Part {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

function spanPart(period: string, span: Span): Part {
  const column = UNIT_COLUMN[span.table];
  const upper = span.to === null ? '' : ` AND ${column} < ?`;
  return {
    sql: `SELECT ? AS period, provider, cost_nanos AS nanos FROM ${span.table} WHERE ${column} >= ?${upper}`,
    params: span.to === null ? [period, span.from] : [period, span.from, span.to],
  };
}

/**
 * Sums every part by period, all providers and `provider`, in ONE statement: sql.js compiles
 * each statement afresh, and on the path of every request one compilation beats seven.
 */
function sumByPeriod(db: SqlReader, provider: string, parts: readonly Part[]): Map<string, Split> {
  const rows = db.all(
    `SELECT period, coalesce(sum(nanos), 0) AS total, coalesce(sum(CASE WHEN provider = ? THEN nanos END), 0) AS mine
     FROM (${parts.map((part) => part.sql).join(' UNION ALL ')}) GROUP BY period`,
    [provider, ...parts.flatMap((part) => part.params)],
  );
  return new Map(rows.map((row) => [asString(row.period), { total: asNumber(row.total), mine: asNumber(row.mine) }]));
}

/** Spent since `since`, all providers and `provider`. */
export function spentSince(db: SqlReader, provider: string, since: number, now: number): Split {
  return sumByPeriod(db, provider, spendSpans(since, now).map((span) => spanPart('spent', span))).get('spent') ?? { total: 0, mine: 0 };
}

const RESERVED: Part = { sql: "SELECT 'reserved' AS period, provider, max_nanos AS nanos FROM budget_reservations WHERE expires_at > ?", params: [] };
const EXPIRED: Part = { sql: "SELECT 'expired' AS period, '' AS provider, 1 AS nanos FROM budget_reservations WHERE expires_at <= ?", params: [] };

/**
 * Spent plus reserved in each budget's period (periods without a limit are not read), and how
 * many reservations have expired.
 */
function committedSpend(db: SqlReader, request: ReservationRequest): { committed: CommittedSpend; expired: number } {
  const { limits, provider, at } = request;
  const parts: Part[] = [{ ...RESERVED, params: [at] }, { ...EXPIRED, params: [at] }];
  if (limits.dailyNanos !== undefined || limits.providerDailyNanos !== undefined) {
    parts.push(...spendSpans(request.dayStart, at).map((span) => spanPart('day', span)));
  }
  if (limits.monthlyNanos !== undefined || limits.providerMonthlyNanos !== undefined) {
    parts.push(...spendSpans(request.monthStart, at).map((span) => spanPart('month', span)));
  }
  const sums = sumByPeriod(db, provider, parts);
  const none = { total: 0, mine: 0 };
  const reserved = sums.get('reserved') ?? none;
  const day = sums.get('day') ?? none;
  const month = sums.get('month') ?? none;
  return {
    committed: {
      dailyNanos: day.total + reserved.total,
      providerDailyNanos: day.mine + reserved.mine,
      monthlyNanos: month.total + reserved.total,
      providerMonthlyNanos: month.mine + reserved.mine,
    },
    expired: (sums.get('expired') ?? none).total,
  };
}

function flag(value: boolean): number {
  return value ? 1 : 0;
}

function ledgerParams(entry: LedgerEntry, localDay: LocalDayOf): (string | number | null)[] {
  // A row claiming a price without an amount would be summed as $0: record it as unpriced.
  const pricing = entry.costNanos === null && entry.pricing === 'priced' ? 'unpriced' : entry.pricing;
  const { usage } = entry;
  return [
    entry.id, entry.at, entry.workspaceId, entry.sessionId, entry.accountId, entry.provider, entry.model, entry.strategy,
    JSON.stringify(entry.attempts), usage.input, usage.output, usage.cacheRead, usage.cacheWrite, usage.cacheRead + usage.cacheWrite,
    Math.round(entry.costNanos ?? 0), flag(entry.estimated), pricing, entry.status, Math.round(entry.latencyMs),
    entry.ttftMs === null ? null : Math.round(entry.ttftMs), flag(entry.cacheHit), Math.round(entry.savedNanos), flag(entry.fallbackUsed),
    entry.source, entry.decision, entry.redacted, entry.prices ?? '', localDay(entry.at),
  ];
}

const ATTEMPT_STATUSES: readonly string[] = ['ok', 'error', 'incomplete'];

function isAttempt(value: unknown): value is AttemptRecord {
  if (typeof value !== 'object' || value === null) return false;
  const { provider, model, status } = value as Record<string, unknown>;
  return typeof provider === 'string' && typeof model === 'string' && typeof status === 'string' && ATTEMPT_STATUSES.includes(status);
}

/** The attempts column as written by settle(); anything else in it (a hand edit, an import) is skipped. */
function parseAttempts(text: string): AttemptRecord[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isAttempt) : [];
  } catch {
    return [];
  }
}

export function ledgerEntryOf(row: Row): LedgerEntry {
  const pricing = asString(row.pricing) as LedgerEntry['pricing'];
  return {
    id: asString(row.id),
    at: asNumber(row.at),
    workspaceId: asNullableString(row.workspace_id),
    sessionId: asNullableString(row.session_id),
    accountId: asNullableString(row.account_id),
    provider: asString(row.provider),
    model: asString(row.model),
    strategy: asString(row.strategy) as StrategyName,
    attempts: parseAttempts(asString(row.attempts)),
    usage: {
      input: asNumber(row.input_tokens),
      output: asNumber(row.output_tokens),
      cacheRead: asNumber(row.cache_read_tokens),
      cacheWrite: asNumber(row.cache_write_tokens),
    },
    costNanos: pricing === 'priced' ? asNumber(row.cost_nanos) : null,
    estimated: asNumber(row.estimated) !== 0,
    pricing,
    status: asString(row.status) as LedgerEntry['status'],
    latencyMs: asNumber(row.latency_ms),
    ttftMs: asNullableNumber(row.ttft_ms),
    cacheHit: asNumber(row.cache_hit) !== 0,
    savedNanos: asNumber(row.saved_nanos),
    fallbackUsed: asNumber(row.fallback_used) !== 0,
    source: asString(row.source),
    decision: asString(row.decision),
    redacted: asString(row.redacted),
    // Only rows with recorded prices carry them: an entry reads back as it was written.
    ...(asNullableString(row.prices) ? { prices: asString(row.prices) } : {}),
  };
}

export class LedgerStore implements LedgerRepository, PerformanceHistory {
  /**
   * `zones`: where accounts' windows are computed; without it no account is charged (tests of the
   * budgets alone). `localDay`: the local day each row is filed under (costsMigration.ts).
   */
  constructor(
    private readonly database: BatonDatabase,
    private readonly zones?: ZoneClock,
    private readonly localDay: LocalDayOf = utcDayOf,
  ) {}

  reserve(request: ReservationRequest): Promise<ReservationResult> {
    return this.database.write((db): ReservationResult => {
      const { committed, expired } = committedSpend(db, request);
      const refusal = firstExceeded(committed, request);
      if (refusal) return { ok: false, refusal }; // nothing written, nothing journaled
      const account = this.zones ? checkAccount(db, request.provider, Math.round(request.maxNanos), request.at, this.zones) : null;
      if (account?.refusal) return { ok: false, refusal: account.refusal };
      // Reservations of crashed processes no longer count; dropping them keeps the table small.
      if (expired > 0) db.run('DELETE FROM budget_reservations WHERE expires_at <= ?', [request.at]);
      db.run('INSERT INTO budget_reservations (id, provider, max_nanos, at, expires_at, account_id) VALUES (?, ?, ?, ?, ?, ?)', [
        request.id, request.provider, Math.round(request.maxNanos), request.at, request.expiresAt, account?.accountId ?? null,
      ]);
      return { ok: true };
    });
  }

  /** The row is charged to the account its reservation held, when the router named none. */
  async settle(reservationId: string | null, entry: LedgerEntry): Promise<void> {
    await this.database.write((db) => {
      let charged = entry;
      if (reservationId !== null) {
        const held = db.one('SELECT account_id FROM budget_reservations WHERE id = ?', [reservationId]);
        charged = { ...entry, accountId: entry.accountId ?? asNullableString(held?.account_id) };
        db.run('DELETE FROM budget_reservations WHERE id = ?', [reservationId]);
      }
      db.run(`INSERT INTO ledger (${COLUMNS}) VALUES (${PLACEHOLDERS})`, ledgerParams(charged, this.localDay));
    });
  }

  async release(reservationId: string): Promise<void> {
    await this.database.write((db) => db.run('DELETE FROM budget_reservations WHERE id = ?', [reservationId]));
  }

  get(id: string): Promise<LedgerEntry | null> {
    return this.database.read((db) => {
      const row = db.one(`SELECT ${COLUMNS} FROM ledger WHERE id = ?`, [id]);
      return row ? ledgerEntryOf(row) : null;
    });
  }

  performance(sinceMs: number): Promise<ModelPerformance[]> {
    return this.database.read((db) => {
      const byModel = new Map<string, ModelPerformance>();
      for (const row of db.all(SUMMARY_SQL, [sinceMs])) {
        const summary = summaryOf(row);
        byModel.set(modelKey(summary.provider, summary.model), summary);
      }
      for (const row of db.all(RETRIED_SQL, [sinceMs])) countAttempts(byModel, parseAttempts(asString(row.attempts)));
      return [...byModel.values()].sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
    });
  }
}

// Performance is summed, and its samples gathered, in SQL: one GROUP BY returns a row per model
// with its samples as text, several times faster than materializing every row as an object
// through sql.js (about 0.5 s against 2.5 s for 100,000 rows on a busy machine; a week's
// window, the usual one, is a small part of that). Every attempt counts as a request to its own model (so a failure that fell
// back counts against the model that failed); rows of one attempt count as their own model,
// and the few rows of several attempts are read apart. Cancelled requests count nowhere: a
// user stopping a request says nothing about the provider.
const ROUTER_ROWS = "at >= ? AND source = 'router' AND cache_hit = 0";
/** settle() writes attempts with JSON.stringify: several attempts always hold "},{". */
const RETRIED = "instr(attempts, '},{') > 0";

const SUMMARY_SQL = `
  SELECT provider, model,
    sum(NOT ${RETRIED} AND status <> 'cancelled') AS requests,
    sum(NOT ${RETRIED} AND status = 'ok') AS successes,
    group_concat(CASE WHEN status = 'ok' THEN latency_ms END) AS latency,
    group_concat(CASE WHEN status = 'ok' THEN ttft_ms END) AS ttft,
    group_concat(CASE WHEN status = 'ok' AND ttft_ms IS NOT NULL AND output_tokens > 0 AND latency_ms > ttft_ms
      THEN output_tokens || '/' || (latency_ms - ttft_ms) END) AS speed
  FROM ledger WHERE ${ROUTER_ROWS} GROUP BY provider, model`;

const RETRIED_SQL = `SELECT attempts FROM ledger WHERE ${ROUTER_ROWS} AND ${RETRIED}`;

const modelKey = (provider: string, model: string) => `${provider}\u0000${model}`;

/** The numbers of a group_concat, sorted ascending. */
function sortedSamples(text: string): Float64Array {
  return text ? Float64Array.from(text.split(','), Number).sort() : new Float64Array(0);
}


/** Output tokens per second after the first token, from "tokens/ms" samples. */
function speedSamples(text: string): Float64Array {
  if (!text) return new Float64Array(0);
  return Float64Array.from(text.split(','), (sample) => {
    const [tokens = 0, ms = 1] = sample.split('/').map(Number);
    return (tokens * 1000) / ms;
  }).sort();
}

function summaryOf(row: Row): ModelPerformance {
  const latency = sortedSamples(asString(row.latency));
  const ttft = sortedSamples(asString(row.ttft));
  return {
    provider: asString(row.provider),
    model: asString(row.model),
    requests: asNumber(row.requests),
    successes: asNumber(row.successes),
    latencyP50Ms: nearestRank(latency, 50),
    latencyP95Ms: nearestRank(latency, 95),
    ttftP50Ms: nearestRank(ttft, 50),
    ttftP95Ms: nearestRank(ttft, 95),
    outputTokensPerSecond: nearestRank(speedSamples(asString(row.speed)), 50),
  };
}

function countAttempts(byModel: Map<string, ModelPerformance>, attempts: readonly AttemptRecord[]): void {
  for (const attempt of attempts) {
    if (attempt.errorClass === 'cancelled') continue;
    const key = modelKey(attempt.provider, attempt.model);
    const known = byModel.get(key) ?? {
      provider: attempt.provider, model: attempt.model, requests: 0, successes: 0,
      latencyP50Ms: null, latencyP95Ms: null, ttftP50Ms: null, ttftP95Ms: null, outputTokensPerSecond: null,
    };
    byModel.set(key, { ...known, requests: known.requests + 1, successes: known.successes + (attempt.status === 'ok' ? 1 : 0) });
  }
}
