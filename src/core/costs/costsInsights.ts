// Where the money is going and what looks wrong: the forecast of the filtered spend, the budgets'
// outlooks (router spend only, as the budgets count it), and the anomalies of a period with the
// requests behind each.
import type { BudgetConfig } from '../routing/routerConfig';
import { type AnomalyKind, type AnomalyWithRequests, compareAnomalies, daySpikes, fallbackRates, priceDrift, requestOutliers } from './anomalies';
import { dayNumber, dayString, firstOfMonth } from './calendarDays';
import type { CostsReads, DayRange, LedgerFilter, LedgerRequest, RollupRow } from './costsPorts';
import { dailyTotals, providerDays } from './costsSummary';
import { nanosFromUsd } from './costMath';
import { type BudgetOutlook, type Forecast, type ForecastBudget, forecastSpend } from './forecast';

/** How many past days the forecast learns from, and the window the anomaly rules look back over. */
export const FORECAST_HISTORY_DAYS = 28;
export const ANOMALY_LOOKBACK_DAYS = 30;
const REQUESTS_PER_ANOMALY = 50;
/** A period with more than this many outliers lists the dearest: the rest say nothing new. */
const MAX_OUTLIERS = 50;

/** The days the rows must cover for the forecast as of `today`. */
export function forecastRange(today: number): DayRange {
  return { from: today - FORECAST_HISTORY_DAYS, to: today };
}

function historyOf(rows: readonly RollupRow[], today: number): { history: { day: string; nanos: number }[]; spentToday: number } {
  const range = forecastRange(today);
  const totals = dailyTotals(rows, range, (row) => row.costNanos);
  const history = totals.slice(0, -1).map((nanos, index) => ({ day: dayString(range.from + index), nanos }));
  return { history, spentToday: totals[totals.length - 1] ?? 0 };
}

/** The forecast of what `rows` (already filtered) spend, without budgets. */
export function spendForecast(rows: readonly RollupRow[], today: number): Forecast {
  return forecastSpend({ ...historyOf(rows, today), today: dayString(today), budgets: [] });
}

/** Days the router rows must cover for the budgets' outlooks. */
export function budgetRange(today: number): DayRange {
  return { from: Math.min(firstOfMonth(today), today - FORECAST_HISTORY_DAYS), to: today };
}

function scopeBudgets(limits: { readonly dailyUsd?: number; readonly monthlyUsd?: number }, rows: readonly RollupRow[], today: number, scope: string): ForecastBudget[] {
  const spentIn = (from: number) => rows.reduce((sum, row) => (row.day >= from && row.day <= today ? sum + row.costNanos : sum), 0);
  const budgets: ForecastBudget[] = [];
  if (limits.monthlyUsd !== undefined) budgets.push({ name: `Monthly budget${scope}`, period: 'monthly', limitNanos: nanosFromUsd(limits.monthlyUsd), spentNanos: spentIn(firstOfMonth(today)) });
  if (limits.dailyUsd !== undefined) budgets.push({ name: `Daily budget${scope}`, period: 'daily', limitNanos: nanosFromUsd(limits.dailyUsd), spentNanos: spentIn(today) });
  return budgets;
}

/** Each configured budget against the router's spend in its scope, projected at the current rate. */
export function budgetOutlooks(config: BudgetConfig | null, routerRows: readonly RollupRow[], today: number): BudgetOutlook[] {
  if (!config) return [];
  const outlooks: BudgetOutlook[] = [];
  const project = (rows: readonly RollupRow[], budgets: ForecastBudget[]) => {
    if (budgets.length > 0) outlooks.push(...forecastSpend({ ...historyOf(rows, today), today: dayString(today), budgets }).budgets);
  };
  project(routerRows, scopeBudgets(config, routerRows, today, ''));
  for (const [provider, limits] of Object.entries(config.perProvider)) {
    const rows = routerRows.filter((row) => row.provider === provider);
    project(rows, scopeBudgets(limits, rows, today, ` for ${provider}`));
  }
  return outlooks;
}

/** The rows' days the anomaly rules need for a period: the period and the 30 days before it. */
export function anomalyRange(range: DayRange): DayRange {
  return { from: range.from - ANOMALY_LOOKBACK_DAYS, to: range.to };
}

function modelsIn(rows: readonly RollupRow[], range: DayRange): { provider: string; model: string }[] {
  const models = new Map<string, { provider: string; model: string }>();
  for (const row of rows) {
    if (row.day < range.from || row.day > range.to || row.costNanos === 0) continue;
    models.set(`${row.provider}/${row.model}`, { provider: row.provider, model: row.model });
  }
  return [...models.values()];
}

function outliers(model: CostsReads, rows: readonly RollupRow[], range: DayRange, filter: LedgerFilter): AnomalyWithRequests[] {
  const models = modelsIn(rows, range);
  const medians = model.medianCosts(models);
  const requests = [];
  for (const each of models) {
    const median = medians.get(`${each.provider}/${each.model}`);
    if (median === undefined || median <= 0) continue;
    const found = model.costlierThan(each, 10 * median, range, filter, MAX_OUTLIERS);
    requests.push(...found.map((r) => ({ id: r.id, day: dayString(r.day), provider: each.provider, model: each.model, nanos: r.costNanos })));
  }
  requests.sort((a, b) => b.nanos - a.nanos);
  return requestOutliers(requests.slice(0, MAX_OUTLIERS), medians);
}

/** The requests behind a day-level anomaly: the day's dearest, or the provider's fallbacks. */
export function anomalyRequests(model: CostsReads, anomaly: { readonly kind: AnomalyKind; readonly day: string; readonly provider: string | null }, filter: LedgerFilter): LedgerRequest[] {
  const day = dayNumber(anomaly.day);
  if (anomaly.kind === 'fallback-rate' && anomaly.provider !== null) return model.fallbacks(anomaly.provider, day, filter, REQUESTS_PER_ANOMALY);
  const narrowed = anomaly.provider === null ? filter : { ...filter, provider: anomaly.provider };
  return model.dearest({ from: day, to: day }, narrowed, REQUESTS_PER_ANOMALY);
}

/** Every anomaly in `range`; `rows` (filtered) must cover anomalyRange(range). */
export function findAnomalies(model: CostsReads, rows: readonly RollupRow[], range: DayRange, filter: LedgerFilter): AnomalyWithRequests[] {
  const from = dayString(range.from);
  const lookback = anomalyRange(range);
  const days = dailyTotals(rows, lookback, (row) => row.costNanos).map((nanos, index) => ({ day: dayString(lookback.from + index), nanos }));
  const perProvider = providerDays(rows).map((row) => ({ ...row, day: dayString(row.day) }));
  // Day-level anomalies carry no ids: their requests are read when the user asks (anomalyRequests).
  const dayLevel = [...daySpikes(days, from), ...priceDrift(perProvider, from), ...fallbackRates(perProvider, from)];
  return [...dayLevel, ...outliers(model, rows, range, filter)].sort(compareAnomalies);
}
