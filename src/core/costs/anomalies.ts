// Spend worth a second look, for the costs panel: a day far above the days before it, a request
// far above its model's usual cost, a provider whose price per token moved, a provider that fell
// back often. Each rule compares with a baseline the user can check, and says so in `why`.
//
// Thresholds are compared in integer-friendly forms (value > 2 × median, 5 × fallbacks >
// requests, 10 × |drift| > 3 × baseline) so that a value exactly at a threshold is never
// flagged because of a rounding error in a float such as 0.3.
import { dayNumber, shortDay } from './calendarDays';
import { formatUsd, NANOS_PER_USD } from './costMath';
import type { DailySpend } from './forecast';

export type AnomalyKind = 'day-spike' | 'request-outlier' | 'price-drift' | 'fallback-rate';

export interface Anomaly {
  readonly kind: AnomalyKind;
  readonly day: string;
  readonly provider: string | null;
  readonly model: string | null;
  readonly value: number;
  readonly baseline: number;
  readonly why: string;
}

/** Ids of the requests behind an anomaly; empty where the caller fills them in. */
export interface AnomalyWithRequests extends Anomaly { readonly requestIds: readonly string[] }

export interface PricedRequest { readonly id: string; readonly day: string; readonly provider: string; readonly model: string; readonly nanos: number }

export interface ProviderDay {
  readonly day: string;
  readonly provider: string;
  readonly requests: number;
  readonly nanos: number;
  readonly tokens: number;
  readonly fallbacks: number;
}

const SPIKE_RATIO = 2;
const SPIKE_TRAILING_DAYS = 14;
const SPIKE_MIN_TRAILING_DAYS = 7;
const OUTLIER_RATIO = 10;
const DRIFT_DAYS = 30;
const DRIFT_MIN_PRIOR_DAYS = 7;
const DRIFT_MIN_TOKENS = 1000;
/** A provider day is flagged above one fallback in FALLBACK_ONE_IN requests (20%). */
const FALLBACK_ONE_IN = 5;
const FALLBACK_SHARE = 1 / FALLBACK_ONE_IN;
const FALLBACK_MIN_REQUESTS = 10;

export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/**
 * Days over twice the median of the 14 days before them. `days` is consecutive with zeros
 * present; days before the first spend are before Baton was used and are not counted as days
 * of no spend, so a day needs 7 days of history after the first spend to be judged.
 */
export function daySpikes(days: readonly DailySpend[], from: string): AnomalyWithRequests[] {
  const first = days.findIndex((day) => day.nanos > 0);
  if (first < 0) return [];
  const found: AnomalyWithRequests[] = [];
  for (const [index, day] of days.entries()) {
    if (index <= first || day.day < from) continue;
    const trailing = days.slice(Math.max(first, index - SPIKE_TRAILING_DAYS), index).map((before) => before.nanos);
    const spike = daySpike(day, trailing);
    if (spike) found.push(spike);
  }
  return found.sort(compareAnomalies);
}

function daySpike(day: DailySpend, trailing: readonly number[]): AnomalyWithRequests | null {
  const median = medianOf(trailing);
  if (trailing.length < SPIKE_MIN_TRAILING_DAYS || median === null || median <= 0 || day.nanos <= SPIKE_RATIO * median) return null;
  const why = `${formatUsd(day.nanos)} on ${shortDay(day.day)} is ${formatRatio(day.nanos / median)} the median of the ${trailing.length} days before (${formatUsd(median)})`;
  return { kind: 'day-spike', day: day.day, provider: null, model: null, value: day.nanos, baseline: median, why, requestIds: [] };
}

/** Requests over ten times the median cost of their model; `medianByModel` is keyed `${provider}/${model}`. */
export function requestOutliers(requests: readonly PricedRequest[], medianByModel: ReadonlyMap<string, number>): AnomalyWithRequests[] {
  const found: AnomalyWithRequests[] = [];
  for (const request of requests) {
    const median = medianByModel.get(`${request.provider}/${request.model}`);
    if (median === undefined || median <= 0 || request.nanos <= OUTLIER_RATIO * median) continue;
    const why = `A request on ${shortDay(request.day)} cost ${formatUsd(request.nanos)}, ${formatRatio(request.nanos / median)} the median of ${request.model} (${formatUsd(median)})`;
    found.push({
      kind: 'request-outlier', day: request.day, provider: request.provider, model: request.model,
      value: request.nanos, baseline: median, why, requestIds: [request.id],
    });
  }
  return found.sort(compareAnomalies);
}

/**
 * Days on which a provider's cost per million tokens differs by more than 30% from its
 * token-weighted average over the 30 days before. value and baseline are USD per million tokens.
 */
export function priceDrift(rows: readonly ProviderDay[], from: string): AnomalyWithRequests[] {
  const found: AnomalyWithRequests[] = [];
  for (const days of byProvider(rows).values()) {
    // Parsed once per provider: each day looks back over the others.
    const numbers = days.map((day) => dayNumber(day.day));
    for (const row of days) {
      const drift = row.day >= from && row.tokens >= DRIFT_MIN_TOKENS ? driftOn(row, days, numbers) : null;
      if (drift) found.push(drift);
    }
  }
  return found.sort(compareAnomalies);
}

function driftOn(row: ProviderDay, days: readonly ProviderDay[], numbers: readonly number[]): AnomalyWithRequests | null {
  const number = dayNumber(row.day);
  const prior = days.filter((day, i) => day.tokens > 0 && (numbers[i] ?? 0) < number && (numbers[i] ?? 0) >= number - DRIFT_DAYS);
  if (prior.length < DRIFT_MIN_PRIOR_DAYS) return null;
  const baseline = sum(prior.map((day) => day.nanos)) / sum(prior.map((day) => day.tokens));
  const value = row.nanos / row.tokens;
  // Nothing was charged before (a free model): no price to drift from.
  if (baseline <= 0 || 10 * Math.abs(value - baseline) <= 3 * baseline) return null;
  const direction = value > baseline ? 'above' : 'below';
  const percent = Math.round(Math.abs(value / baseline - 1) * 100);
  const why = `${row.provider} cost ${formatUsd(perMillion(value))} per million tokens on ${shortDay(row.day)}, ${percent}% ${direction} its average over the ${DRIFT_DAYS} days before (${formatUsd(perMillion(baseline))})`;
  return {
    kind: 'price-drift', day: row.day, provider: row.provider, model: null,
    value: perMillion(value) / NANOS_PER_USD, baseline: perMillion(baseline) / NANOS_PER_USD, why, requestIds: [],
  };
}

/** Nanos per token → nanos per million tokens. */
function perMillion(nanosPerToken: number): number {
  return nanosPerToken * 1_000_000;
}

/** Provider days on which more than 20% of at least 10 requests fell back to another route. value and baseline are shares (0..1). */
export function fallbackRates(rows: readonly ProviderDay[], from: string): AnomalyWithRequests[] {
  const found: AnomalyWithRequests[] = [];
  for (const days of byProvider(rows).values()) {
    for (const row of days) {
      if (row.day < from || row.requests < FALLBACK_MIN_REQUESTS || FALLBACK_ONE_IN * row.fallbacks <= row.requests) continue;
      const share = row.fallbacks / row.requests;
      const why = `${row.provider} fell back on ${row.fallbacks} of ${row.requests} requests on ${shortDay(row.day)} (${Math.round(share * 100)}%, more than ${FALLBACK_SHARE * 100}%)`;
      found.push({ kind: 'fallback-rate', day: row.day, provider: row.provider, model: null, value: share, baseline: FALLBACK_SHARE, why, requestIds: [] });
    }
  }
  return found.sort(compareAnomalies);
}

/** Rows by provider, one per day (rows of the same provider and day are added up), oldest first. */
function byProvider(rows: readonly ProviderDay[]): Map<string, ProviderDay[]> {
  const merged = new Map<string, ProviderDay>();
  for (const row of rows) {
    const key = `${row.provider}\u0000${row.day}`;
    const seen = merged.get(key);
    merged.set(key, seen ? {
      ...seen, requests: seen.requests + row.requests, nanos: seen.nanos + row.nanos, tokens: seen.tokens + row.tokens, fallbacks: seen.fallbacks + row.fallbacks,
    } : row);
  }
  const providers = new Map<string, ProviderDay[]>();
  for (const row of merged.values()) providers.set(row.provider, [...(providers.get(row.provider) ?? []), row]);
  for (const days of providers.values()) days.sort((a, b) => compareText(a.day, b.day));
  return providers;
}

/** By day, then kind, then provider (none first), then model and request: for merging the lists of all rules. */
export function compareAnomalies(a: AnomalyWithRequests, b: AnomalyWithRequests): number {
  return compareText(a.day, b.day) || compareText(a.kind, b.kind) || compareText(a.provider ?? '', b.provider ?? '') ||
    compareText(a.model ?? '', b.model ?? '') || compareText(a.requestIds[0] ?? '', b.requestIds[0] ?? '');
}

/** Code-unit order, not the locale's: the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "3.1×" below ten, "14×" from ten up: two significant digits are what a reader compares. */
export function formatRatio(ratio: number): string {
  // From 9.95 up, one decimal would round to "10.0×".
  return `${ratio >= 9.95 ? Math.round(ratio) : ratio.toFixed(1)}×`;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
