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
