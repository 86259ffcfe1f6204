// What was spent over a few local days, from the costs rollup (migration 7): the sidebar's
// costs card reads it on every refresh, so it stays a sum over a few dozen rows.
import type { BatonDatabase } from './batonDatabase';
import { asNumber } from './sqlAccess';

export interface SpendSummary {
  readonly todayNanos: number;
  readonly monthNanos: number;
  /** The router's own spend this month: what the monthly budget counts. */
  readonly routerMonthNanos: number;
}

export function spendSummary(database: BatonDatabase, today: number, monthStart: number): Promise<SpendSummary> {
  return database.read((db) => {
    const row = db.one(
      `SELECT total(CASE WHEN day = ? THEN cost_nanos END) AS today, total(cost_nanos) AS month,
         total(CASE WHEN source = 'router' THEN cost_nanos END) AS router
       FROM ledger_rollup WHERE day BETWEEN ? AND ?`,
      [today, monthStart, today],
    );
    return { todayNanos: asNumber(row?.today), monthNanos: asNumber(row?.month), routerMonthNanos: asNumber(row?.router) };
  });
}
