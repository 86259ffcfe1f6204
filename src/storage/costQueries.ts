// Cost totals for views and the CLI, read from the daily rollup that triggers keep current.
import type { BatonDatabase } from './batonDatabase';
import { asNumber, asString } from './sqlAccess';

export const DAY_MS = 86_400_000;

export interface DailyProviderCost {
  /** UTC date, YYYY-MM-DD. */
  readonly day: string;
  readonly provider: string;
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costNanos: number;
}

/** All workspaces; the parameter is the first day in ms since the epoch (rounded down to a day). */
export const COST_BY_DAY_AND_PROVIDER_SQL = `SELECT day, provider, sum(requests) AS requests, sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens, sum(cached_tokens) AS cached_tokens, sum(cost_nanos) AS cost_nanos
  FROM ledger_daily WHERE day >= ? / ${DAY_MS} GROUP BY day, provider HAVING sum(requests) > 0 ORDER BY day, provider`;

/** Totals per UTC day and provider since `sinceMs`, optionally for one workspace. */
export function costByDayAndProvider(database: BatonDatabase, sinceMs: number, workspaceId?: string): Promise<DailyProviderCost[]> {
  const firstDay = Math.floor(sinceMs / DAY_MS);
  const filter = workspaceId === undefined ? '' : ' AND workspace_id = ?';
  const params = workspaceId === undefined ? [firstDay] : [firstDay, workspaceId];
  return database.read((db) =>
    db
      .all(
        `SELECT day, provider, sum(requests) AS requests, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cost_nanos) AS cost_nanos
         FROM ledger_daily WHERE day >= ?${filter} GROUP BY day, provider HAVING sum(requests) > 0 ORDER BY day, provider`,
        params,
      )
      .map((row) => ({
        day: new Date(asNumber(row.day) * DAY_MS).toISOString().slice(0, 10),
        provider: asString(row.provider),
        requests: asNumber(row.requests),
        inputTokens: asNumber(row.input_tokens),
        outputTokens: asNumber(row.output_tokens),
        costNanos: asNumber(row.cost_nanos),
      })),
  );
}

export interface CostGroup {
  readonly nanos: number;
  readonly requests: number;
  /** Requests with no known price: counted, never priced as $0. */
  readonly unpricedRequests: number;
  /** Requests covered by a subscription (vscode-lm). */
  readonly subscriptionRequests: number;
  /** What cache hits saved, nano-dollars. */
  readonly savedNanos: number;
}

export interface CostReport extends Omit<CostGroup, 'nanos'> {
  readonly totalNanos: number;
  readonly byProvider: readonly (CostGroup & { readonly provider: string })[];
  readonly byModel: readonly (CostGroup & { readonly provider: string; readonly model: string })[];
  /** Every UTC day with requests, in order. */
  readonly byDay: readonly (CostGroup & { readonly day: string })[];
}

export interface CostReportRange {
  readonly sinceMs: number;
  /** Exclusive. */
  readonly untilMs: number;
  readonly workspaceId?: string;
}

type MutableGroup = { -readonly [K in keyof CostGroup]: CostGroup[K] };

const emptyGroup = (): MutableGroup => ({ nanos: 0, requests: 0, unpricedRequests: 0, subscriptionRequests: 0, savedNanos: 0 });

function addTo(group: MutableGroup, row: CostGroup): void {
  group.nanos += row.nanos;
  group.requests += row.requests;
  group.unpricedRequests += row.unpricedRequests;
  group.subscriptionRequests += row.subscriptionRequests;
  group.savedNanos += row.savedNanos;
}

type ReportRow = CostGroup & { readonly day: string; readonly provider: string; readonly model: string };

/** Sums the rows that share the labels `labelOf` picks. */
function totalsBy<T extends object>(rows: readonly ReportRow[], labelOf: (row: ReportRow) => T): (CostGroup & T)[] {
  const groups = new Map<string, MutableGroup & T>();
  for (const row of rows) {
    const labels = labelOf(row);
    const id = JSON.stringify(labels);
    let group = groups.get(id);
    if (!group) {
      group = { ...emptyGroup(), ...labels };
      groups.set(id, group);
    }
    addTo(group, row);
  }
  return [...groups.values()];
}

/** Dearest first, then by name, so a report reads the same every time. */
const dearestFirst = (a: CostGroup, b: CostGroup) => b.nanos - a.nanos || b.requests - a.requests;

/**
 * Totals for the CLI's `baton costs` and the cost views, from the daily rollup (a few hundred
 * rows a month, whatever the number of requests). Days are whole UTC days: every day that
 * overlaps [sinceMs, untilMs) counts in full, so pass UTC midnights for exact ranges.
 */
export function costReport(database: BatonDatabase, range: CostReportRange): Promise<CostReport> {
  const firstDay = Math.floor(range.sinceMs / DAY_MS);
  const endDay = Math.ceil(range.untilMs / DAY_MS);
  const filter = range.workspaceId === undefined ? '' : ' AND workspace_id = ?';
  const params = range.workspaceId === undefined ? [firstDay, endDay] : [firstDay, endDay, range.workspaceId];
  return database.read((db) => {
    const rows: ReportRow[] = db
      .all(
        `SELECT day, provider, model, sum(requests) AS requests, sum(cost_nanos) AS nanos, sum(unpriced_requests) AS unpriced,
           sum(subscription_requests) AS subscription, sum(saved_nanos) AS saved
         FROM ledger_daily WHERE day >= ? AND day < ?${filter} GROUP BY day, provider, model HAVING sum(requests) > 0`,
        params,
      )
      .map((row) => ({
        day: new Date(asNumber(row.day) * DAY_MS).toISOString().slice(0, 10),
        provider: asString(row.provider),
        model: asString(row.model),
        nanos: asNumber(row.nanos),
        requests: asNumber(row.requests),
        unpricedRequests: asNumber(row.unpriced),
        subscriptionRequests: asNumber(row.subscription),
        savedNanos: asNumber(row.saved),
      }));
    const total = emptyGroup();
    for (const row of rows) addTo(total, row);
    const { nanos, ...counts } = total;
    return {
      totalNanos: nanos,
      ...counts,
      byProvider: totalsBy(rows, (row) => ({ provider: row.provider })).sort((a, b) => dearestFirst(a, b) || a.provider.localeCompare(b.provider)),
      byModel: totalsBy(rows, (row) => ({ provider: row.provider, model: row.model }))
        .sort((a, b) => dearestFirst(a, b) || a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model)),
      byDay: totalsBy(rows, (row) => ({ day: row.day })).sort((a, b) => a.day.localeCompare(b.day)),
    };
  });
}
