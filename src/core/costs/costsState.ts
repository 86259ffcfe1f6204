// The costs panel's state from what one database read gathered: the period's totals and the
// one before, a value per day, the largest groups with the rest summed, health, credits, the
// forecast and the anomalies. Pure: the service does the reading.
import type { AccountStanding } from '../accounts/accountPool';
import type { CostsQuery, CostsState } from '../../shared/protocol/costs';
import type { AnomalyWithRequests } from './anomalies';
import { dayString } from './calendarDays';
import { type RowLabels, requestRow, sessionRow } from './costRows';
import { type PeriodRange, daysOf } from './costsPeriod';
import type { CostsReads, DayRange, LatencySamples, LedgerRequest, RollupRow, SessionLabel } from './costsPorts';
import { dailySeries, dailyTotals, headlineOf, providerTotals, topShares } from './costsSummary';
import type { BudgetOutlook, Forecast } from './forecast';
import { percentile } from './percentile';

/** Groups a chart shows before "N others"; rows of the tables of the dearest. */
export const TOP_GROUPS = 8;
export const TOP_ROWS = 20;

export type BreakerStates = ReadonlyMap<string, 'closed' | 'open' | 'half-open'>;
export type Dimensions = ReturnType<CostsReads['dimensions']>;

/** Everything the state is built from; `rows` cover the period, the one before and the look-backs. */
export interface Gathered {
  readonly query: CostsQuery;
  readonly range: PeriodRange;
  readonly now: number;
  readonly rows: readonly RollupRow[];
  readonly dimensions: Dimensions;
  readonly hasData: boolean;
  readonly dearest: readonly LedgerRequest[];
  readonly anomalies: readonly AnomalyWithRequests[];
  readonly latencies: ReadonlyMap<string, LatencySamples>;
  readonly sessions: readonly SessionLabel[];
  readonly forecast: Forecast;
  readonly outlooks: readonly BudgetOutlook[];
  readonly breakers: BreakerStates | null;
  readonly standings: readonly AccountStanding[];
  readonly currentAccountId: string | null;
}

export function labelsOf(dimensions: Dimensions): RowLabels {
  return {
    workspaces: new Map(dimensions.workspaces.map((w) => [w.id, w.name])),
    accounts: new Map(dimensions.accounts.map((a) => [a.id, a.name])),
  };
}

export const within = (rows: readonly RollupRow[], range: DayRange) => rows.filter((row) => row.day >= range.from && row.day <= range.to);

/** The sessions the table of the dearest shows, dearest first. */
export function topSessionIds(current: readonly RollupRow[]): string[] {
  return topShares(current.filter((row) => row.sessionId !== null), (row) => row.sessionId, (key) => key ?? '', TOP_ROWS).flatMap((share) => share.key ?? []);
}

function health(g: Gathered, current: readonly RollupRow[]): CostsState['health'] {
  return providerTotals(current, g.range).map((total) => {
    const samples = g.latencies.get(total.provider) ?? { latencyMs: [], ttftMs: [] };
    const counted = total.requests - total.cancelledRequests;
    return {
      provider: total.provider, requests: total.requests, successRate: counted > 0 ? total.okRequests / counted : null, fallbacks: total.fallbackRequests,
      latencyP50Ms: percentile(samples.latencyMs, 50), latencyP95Ms: percentile(samples.latencyMs, 95),
      ttftP50Ms: percentile(samples.ttftMs, 50), ttftP95Ms: percentile(samples.ttftMs, 95),
      breaker: g.breakers ? (g.breakers.get(total.provider) ?? 'closed') : 'unknown',
    };
  });
}

function credits(g: Gathered): CostsState['credits'] {
  return g.standings.map((standing) => ({
    account: standing.account.name, platform: standing.account.platform, unit: standing.account.unit, used: standing.used, limit: standing.limit,
    share: standing.usedShare, resetsAt: standing.resetsAt === null ? null : new Date(standing.resetsAt).toISOString(), status: standing.status,
    current: standing.account.id === g.currentAccountId,
  }));
}

function forecastOf(g: Gathered): CostsState['forecast'] {
  const budgets = [...g.outlooks];
  if (g.forecast.status === 'ok') return { ...g.forecast, points: [...g.forecast.points], budgets };
  return { status: 'insufficient', dataDays: g.forecast.dataDays, method: g.forecast.method, points: [], projected7Nanos: 0, projected30Nanos: 0, low30Nanos: 0, high30Nanos: 0, budgets };
}

function optionsOf(dimensions: Dimensions): CostsState['options'] {
  return {
    workspaces: dimensions.workspaces.map((w) => ({ id: w.id, label: w.name })),
    providers: dimensions.providers.map((p) => ({ id: p, label: p })),
    models: dimensions.models.map((m) => ({ id: m, label: m })),
    accounts: dimensions.accounts.map((a) => ({ id: a.id, label: a.name })),
    sources: dimensions.sources.map((s) => ({ id: s, label: s === 'router' ? 'Baton router' : s })),
  };
}

export function costsStateOf(g: Gathered): CostsState {
  const { range } = g;
  const labels = labelsOf(g.dimensions);
  const current = within(g.rows, range);
  const headline = headlineOf(current);
  const previous = headlineOf(within(g.rows, range.previous));
  const sessionsById = new Map(g.sessions.map((s) => [s.id, s]));
  const topSessions = topShares(current.filter((row) => row.sessionId !== null), (row) => row.sessionId, (key) => key ?? '', TOP_ROWS)
    .flatMap((share) => (share.key === null ? [] : [sessionRow(share.key, share, sessionsById.get(share.key), labels)]));
  const sessionLabel = (id: string | null) => (id === null ? 'No session' : (sessionsById.get(id)?.goal || `Session ${id.slice(0, 8)}`));
  return {
    query: g.query,
    range: { from: dayString(range.from), to: dayString(range.to), days: range.to - range.from + 1, previousFrom: dayString(range.previous.from), previousTo: dayString(range.previous.to), label: range.label },
    generatedAt: new Date(g.now).toISOString(),
    hasData: g.hasData,
    options: optionsOf(g.dimensions),
    headline: {
      spendNanos: headline.spendNanos, previousSpendNanos: previous.spendNanos, requests: headline.requests, previousRequests: previous.requests,
      averageNanos: headline.pricedRequests > 0 ? Math.round(headline.spendNanos / headline.pricedRequests) : null,
      savedNanos: headline.savedNanos, estimatedRequests: headline.estimatedRequests, unpricedRequests: headline.unpricedRequests, subscriptionRequests: headline.subscriptionRequests,
    },
    days: daysOf(range),
    spendByProvider: dailySeries(current, range, (row) => row.provider, (row) => row.costNanos),
    tokens: {
      input: dailyTotals(current, range, (row) => row.inputTokens),
      output: dailyTotals(current, range, (row) => row.outputTokens),
      cached: dailyTotals(current, range, (row) => row.cachedTokens),
    },
    byModel: topShares(current, (row) => row.model, (key) => key ?? '(none)', TOP_GROUPS),
    byWorkspace: topShares(current, (row) => row.workspaceId, (key) => (key === null ? 'No workspace' : (labels.workspaces.get(key) ?? key)), TOP_GROUPS),
    bySession: topShares(current, (row) => row.sessionId, sessionLabel, TOP_GROUPS),
    credits: credits(g),
    forecast: forecastOf(g),
    anomalies: g.anomalies.map((a) => ({ ...a, requestIds: [...a.requestIds], lookup: a.kind !== 'request-outlier' })),
    health: health(g, current),
    topRequests: g.dearest.map((request) => requestRow(request, labels)),
    topSessions,
  };
}
