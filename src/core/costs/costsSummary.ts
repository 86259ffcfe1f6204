// Sums of rollup rows, as the costs panel shows them: the headline, a value per day and
// provider, and the largest groups with the rest in one "others" row.
import type { DayRange, RollupRow } from './costsPorts';

export interface Headline {
  readonly spendNanos: number;
  readonly requests: number;
  readonly savedNanos: number;
  readonly estimatedRequests: number;
  readonly unpricedRequests: number;
  readonly subscriptionRequests: number;
  readonly pricedRequests: number;
}

export interface Share {
  /** The filter value that narrows to this group; null for the "others" row and for "none". */
  readonly key: string | null;
  readonly label: string;
  readonly nanos: number;
  readonly requests: number;
}

export interface Series {
  readonly label: string;
  readonly values: number[];
}

export function headlineOf(rows: readonly RollupRow[]): Headline {
  let spendNanos = 0, requests = 0, savedNanos = 0, estimatedRequests = 0, unpricedRequests = 0, subscriptionRequests = 0;
  for (const row of rows) {
    spendNanos += row.costNanos;
    requests += row.requests;
    savedNanos += row.savedNanos;
    estimatedRequests += row.estimatedRequests;
    unpricedRequests += row.unpricedRequests;
    subscriptionRequests += row.subscriptionRequests;
  }
  return { spendNanos, requests, savedNanos, estimatedRequests, unpricedRequests, subscriptionRequests, pricedRequests: requests - unpricedRequests - subscriptionRequests };
}

/** A value per day of the range for each group, groups by total (largest first). */
export function dailySeries(rows: readonly RollupRow[], range: DayRange, groupOf: (row: RollupRow) => string, valueOf: (row: RollupRow) => number): Series[] {
  const length = range.to - range.from + 1;
  const groups = new Map<string, number[]>();
  for (const row of rows) {
    if (row.day < range.from || row.day > range.to) continue;
    const label = groupOf(row);
    let values = groups.get(label);
    if (!values) groups.set(label, (values = new Array<number>(length).fill(0)));
    values[row.day - range.from] = (values[row.day - range.from] ?? 0) + valueOf(row);
  }
  const total = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0);
  return [...groups.entries()]
    .map(([label, values]) => ({ label, values }))
    .sort((a, b) => total(b.values) - total(a.values) || a.label.localeCompare(b.label));
}

/** One total per day of the range (zeros included). */
export function dailyTotals(rows: readonly RollupRow[], range: DayRange, valueOf: (row: RollupRow) => number): number[] {
  const values = new Array<number>(range.to - range.from + 1).fill(0);
  for (const row of rows) if (row.day >= range.from && row.day <= range.to) values[row.day - range.from] = (values[row.day - range.from] ?? 0) + valueOf(row);
  return values;
}

/**
 * Totals per group, dearest first: the first `top` groups by name and the rest summed into one
 * "N others" row, so a chart stays readable however many sessions or models there were.
 */
export function topShares(rows: readonly RollupRow[], keyOf: (row: RollupRow) => string | null, labelOf: (key: string | null) => string, top: number): Share[] {
  const groups = new Map<string | null, { nanos: number; requests: number }>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key) ?? { nanos: 0, requests: 0 };
    group.nanos += row.costNanos;
    group.requests += row.requests;
    groups.set(key, group);
  }
  const sorted = [...groups.entries()]
    .map(([key, group]) => ({ key, label: labelOf(key), ...group }))
    .sort((a, b) => b.nanos - a.nanos || b.requests - a.requests || a.label.localeCompare(b.label));
  if (sorted.length <= top + 1) return sorted;
  const rest = sorted.slice(top);
  const others = rest.reduce((sum, share) => ({ nanos: sum.nanos + share.nanos, requests: sum.requests + share.requests }), { nanos: 0, requests: 0 });
  return [...sorted.slice(0, top), { key: null, label: `${rest.length} others`, ...others }];
}

export interface ProviderTotals {
  readonly provider: string;
  readonly requests: number;
  readonly okRequests: number;
  readonly cancelledRequests: number;
  readonly fallbackRequests: number;
}

/** Router requests per provider in the range, for the health table. */
export function providerTotals(rows: readonly RollupRow[], range: DayRange): ProviderTotals[] {
  const totals = new Map<string, { requests: number; okRequests: number; cancelledRequests: number; fallbackRequests: number }>();
  for (const row of rows) {
    if (row.source !== 'router' || row.day < range.from || row.day > range.to) continue;
    const total = totals.get(row.provider) ?? { requests: 0, okRequests: 0, cancelledRequests: 0, fallbackRequests: 0 };
    total.requests += row.requests;
    total.okRequests += row.okRequests;
    total.cancelledRequests += row.cancelledRequests;
    total.fallbackRequests += row.fallbackRequests;
    totals.set(row.provider, total);
  }
  return [...totals.entries()].map(([provider, total]) => ({ provider, ...total })).sort((a, b) => b.requests - a.requests || a.provider.localeCompare(b.provider));
}

export interface ProviderDayTotals {
  readonly day: number;
  readonly provider: string;
  readonly requests: number;
  readonly nanos: number;
  readonly tokens: number;
  readonly fallbacks: number;
}

/**
 * Totals per provider and day, for the drift and fallback checks: requests and fallbacks of every
 * row, money and tokens only of rows fully priced (an unpriced request's tokens have no cost).
 */
export function providerDays(rows: readonly RollupRow[]): ProviderDayTotals[] {
  const totals = new Map<string, { day: number; provider: string; requests: number; nanos: number; tokens: number; fallbacks: number }>();
  for (const row of rows) {
    const key = `${row.day}\u0000${row.provider}`;
    const total = totals.get(key) ?? { day: row.day, provider: row.provider, requests: 0, nanos: 0, tokens: 0, fallbacks: 0 };
    total.requests += row.requests;
    total.fallbacks += row.fallbackRequests;
    if (row.unpricedRequests + row.subscriptionRequests === 0) {
      total.nanos += row.costNanos;
      total.tokens += row.inputTokens + row.outputTokens + row.cachedTokens;
    }
    totals.set(key, total);
  }
  return [...totals.values()].sort((a, b) => a.day - b.day || a.provider.localeCompare(b.provider));
}
