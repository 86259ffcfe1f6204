// The costs panel's state for one query, the drill-downs, and the rows of the CSV export. It
// reads the ledger's rollup once per state (the period, the one before, and the days the
// forecast and the anomaly rules look back over) and the few single requests the tables need.
import type { AccountStanding } from '../accounts/accountPool';
import type { Clock } from '../clock';
import { UserFacingError } from '../errors';
import type { BudgetConfig } from '../routing/routerConfig';
import type { CostRequestRow, CostsQuery, CostsState, RequestDetail } from '../../shared/protocol/costs';
import { dayString, firstOfMonth } from './calendarDays';
import { type RowLabels, requestDetail, requestRow, sessionRow } from './costRows';
import { anomalyRange, budgetOutlooks, budgetRange, findAnomalies, forecastRange, spendForecast } from './costsInsights';
import { type PeriodRange, daysOf, periodRange } from './costsPeriod';
import { type CostsReadModel, type DayRange, type LedgerFilter, NO_FILTER, type RollupRow } from './costsPorts';
import type { LimitStanding } from './budgetAlerts';
import { limitStandings } from './limitStandings';
import { type Headline, type Share, dailySeries, dailyTotals, headlineOf, providerTotals, topShares } from './costsSummary';
import type { AnomalyWithRequests } from './anomalies';
import type { Forecast } from './forecast';
import type { LedgerEntry } from './ledgerPorts';
import type { LocalDayOf } from './localDay';
import { percentile } from './percentile';

/** Groups a chart shows before "N others"; rows of the tables of the dearest. */
const TOP_GROUPS = 8;
const TOP_ROWS = 20;
/** Latency percentiles are over each provider's latest requests in the period. */
const LATENCY_SAMPLES = 500;

export type BreakdownKey = 'day' | 'provider' | 'model' | 'workspace' | 'session' | 'account' | 'source';

const BREAKDOWN_KEYS: Readonly<Record<BreakdownKey, (row: RollupRow) => string | null>> = {
  day: (row) => String(row.day),
  provider: (row) => row.provider,
  model: (row) => row.model,
  workspace: (row) => row.workspaceId,
  session: (row) => row.sessionId,
  account: (row) => row.accountId,
  source: (row) => row.source,
};

export type BreakerStates = ReadonlyMap<string, 'closed' | 'open' | 'half-open'>;

export interface CostsServiceDeps {
  readonly model: CostsReadModel;
  readonly clock: Clock;
  readonly localDay: LocalDayOf;
  /** When a local day starts, epoch ms (a budget's period ends when the next one starts). */
  readonly dayStart: (day: number) => number;
  readonly standings: () => Promise<readonly AccountStanding[]>;
  readonly currentAccountId: () => Promise<string | null>;
  /** The router's budgets; null without a router configuration (or an unreadable one). */
  readonly budgets: () => BudgetConfig | null;
  /** Each provider's worst breaker now; null when the router has not run in this process. */
  readonly breakers: () => BreakerStates | null;
}

const span = (a: DayRange, b: DayRange): DayRange => ({ from: Math.min(a.from, b.from), to: Math.max(a.to, b.to) });
const within = (rows: readonly RollupRow[], range: DayRange) => rows.filter((row) => row.day >= range.from && row.day <= range.to);

function sessionLabel(id: string | null, sessions: CostsState['topSessions']): string {
  if (id === null) return 'No session';
  const session = sessions.find((s) => s.id === id);
  return session ? session.goal : `Session ${id.slice(0, 8)}`;
}

export function filterOf(query: CostsQuery): LedgerFilter {
  return query.filters;
}

export class CostsService {
  constructor(private readonly deps: CostsServiceDeps) {}

  today(): number {
    return this.deps.localDay(this.deps.clock.now());
  }

  /** The days of a query as of now; a bad custom range throws a UserFacingError. */
  range(query: CostsQuery): PeriodRange {
    return periodRange(query, this.today());
  }

  async state(query: CostsQuery): Promise<CostsState> {
    const today = this.today();
    const range = periodRange(query, today);
    const filter = filterOf(query);
    const { model } = this.deps;
    const wide = span(span(span(range, range.previous), anomalyRange(range)), forecastRange(today));
    const [rows, routerRows, dimensions, hasData, labels] = await Promise.all([
      model.rollup(wide, filter), model.rollup(budgetRange(today), { ...NO_FILTER, source: 'router' }),
      model.dimensions(), model.hasAny(), this.labels(),
    ]);
    const current = within(rows, range);
    const headline = headlineOf(current);
    const previous = headlineOf(within(rows, range.previous));
    const [topRequests, anomalies, health, topSessions, credits] = await Promise.all([
      model.dearest(range, filter, TOP_ROWS), findAnomalies(model, rows, range, filter), this.health(current, range), this.topSessions(current, labels), this.credits(),
    ]);
    const forecast = spendForecast(rows, today);
    const outlooks = budgetOutlooks(this.deps.budgets(), routerRows, today);
    return {
      query,
      range: { from: dayString(range.from), to: dayString(range.to), days: range.to - range.from + 1, previousFrom: dayString(range.previous.from), previousTo: dayString(range.previous.to), label: range.label },
      generatedAt: new Date(this.deps.clock.now()).toISOString(),
      hasData,
      options: {
        workspaces: dimensions.workspaces.map((w) => ({ id: w.id, label: w.name })),
        providers: dimensions.providers.map((p) => ({ id: p, label: p })),
        models: dimensions.models.map((m) => ({ id: m, label: m })),
        accounts: dimensions.accounts.map((a) => ({ id: a.id, label: a.name })),
        sources: dimensions.sources.map((s) => ({ id: s, label: s === 'router' ? 'Baton router' : s })),
      },
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
      bySession: topShares(current, (row) => row.sessionId, (key) => sessionLabel(key, topSessions), TOP_GROUPS),
      credits,
      forecast: forecast.status === 'ok'
        ? { ...forecast, points: [...forecast.points], budgets: outlooks }
        : { status: 'insufficient', dataDays: forecast.dataDays, method: forecast.method, points: [], projected7Nanos: 0, projected30Nanos: 0, low30Nanos: 0, high30Nanos: 0, budgets: outlooks },
      anomalies: anomalies.map((a) => ({ ...a, requestIds: [...a.requestIds] })),
      health,
      topRequests: topRequests.map((request) => requestRow(request, labels)),
      topSessions,
    };
  }

  async request(id: string): Promise<RequestDetail> {
    const entry = await this.deps.model.entry(id);
    if (!entry) throw new UserFacingError('That request is no longer in the ledger (it may have been removed by an import). Refresh the panel.');
    return requestDetail(entry, await this.labels(), this.deps.localDay(entry.at));
  }

  async requests(ids: readonly string[]): Promise<CostRequestRow[]> {
    const labels = await this.labels();
    return (await this.deps.model.requests(ids)).map((request) => requestRow(request, labels));
  }

  /** Every request of the query's period and filters, oldest first (for the CSV export). */
  entries(query: CostsQuery): Promise<LedgerEntry[]> {
    return this.deps.model.entries(this.range(query), filterOf(query));
  }

  /** Totals of a range grouped one way, every group (for `baton costs --by`). */
  async breakdown(range: DayRange, filter: LedgerFilter, by: BreakdownKey): Promise<{ readonly headline: Headline; readonly groups: Share[] }> {
    const [rows, labels] = await Promise.all([this.deps.model.rollup(range, filter), this.labels()]);
    const keyOf = BREAKDOWN_KEYS[by];
    const labelOf = (key: string | null): string => {
      if (key === null) return `(no ${by})`;
      if (by === 'workspace') return labels.workspaces.get(key) ?? key;
      if (by === 'account') return labels.accounts.get(key) ?? key;
      return by === 'day' ? dayString(Number(key)) : key;
    };
    const groups = topShares(rows, keyOf, labelOf, Number.MAX_SAFE_INTEGER);
    if (by === 'day') groups.sort((a, b) => Number(a.key) - Number(b.key));
    return { headline: headlineOf(rows), groups: by === 'day' ? groups.map((g) => ({ ...g, key: labelOf(g.key) })) : groups };
  }

  /** The forecast of the filtered spend as of today, with every budget's outlook. */
  async forecast(filter: LedgerFilter): Promise<Forecast> {
    const today = this.today();
    const [rows, routerRows] = await Promise.all([
      this.deps.model.rollup(forecastRange(today), filter), this.deps.model.rollup(budgetRange(today), { ...NO_FILTER, source: 'router' }),
    ]);
    return { ...spendForecast(rows, today), budgets: budgetOutlooks(this.deps.budgets(), routerRows, today) };
  }

  /** The anomalies from `fromDay` through today. */
  async anomalies(fromDay: number, filter: LedgerFilter): Promise<AnomalyWithRequests[]> {
    const range = { from: fromDay, to: this.today() };
    return findAnomalies(this.deps.model, await this.deps.model.rollup(anomalyRange(range), filter), range, filter);
  }

  /** Every budget's and account's standing now, for the budget alerts. */
  async limits(): Promise<LimitStanding[]> {
    const today = this.today();
    const budgets = this.deps.budgets();
    const routerOnly = { ...NO_FILTER, source: 'router' };
    const [routerRows, standings, currentAccountId] = await Promise.all([
      budgets ? this.deps.model.rollup({ from: firstOfMonth(today), to: today }, routerOnly) : Promise.resolve([]),
      this.deps.standings(), this.deps.currentAccountId(),
    ]);
    return limitStandings({ today, budgets, routerRows, standings, currentAccountId, dayStart: this.deps.dayStart });
  }

  version(): Promise<string> {
    return this.deps.model.version();
  }

  /** Names of the workspaces and accounts the rows carry ids of. */
  async labels(): Promise<RowLabels> {
    const dimensions = await this.deps.model.dimensions();
    return {
      workspaces: new Map(dimensions.workspaces.map((w) => [w.id, w.name])),
      accounts: new Map(dimensions.accounts.map((a) => [a.id, a.name])),
    };
  }

  private async health(rows: readonly RollupRow[], range: DayRange): Promise<CostsState['health']> {
    const breakers = this.deps.breakers();
    return Promise.all(providerTotals(rows, range).map(async (total) => {
      const samples = await this.deps.model.latencies(total.provider, range, LATENCY_SAMPLES);
      const counted = total.requests - total.cancelledRequests;
      return {
        provider: total.provider, requests: total.requests, successRate: counted > 0 ? total.okRequests / counted : null, fallbacks: total.fallbackRequests,
        latencyP50Ms: percentile(samples.latencyMs, 50), latencyP95Ms: percentile(samples.latencyMs, 95),
        ttftP50Ms: percentile(samples.ttftMs, 50), ttftP95Ms: percentile(samples.ttftMs, 95),
        breaker: breakers ? (breakers.get(total.provider) ?? 'closed') : 'unknown',
      };
    }));
  }

  private async topSessions(rows: readonly RollupRow[], labels: RowLabels): Promise<CostsState['topSessions']> {
    const shares = topShares(rows.filter((row) => row.sessionId !== null), (row) => row.sessionId, (key) => key ?? '', TOP_ROWS).filter((share) => share.key !== null);
    const sessions = new Map((await this.deps.model.sessions(shares.map((share) => share.key ?? ''))).map((s) => [s.id, s]));
    return shares.map((share) => sessionRow(share.key ?? '', share, sessions.get(share.key ?? ''), labels));
  }

  private async credits(): Promise<CostsState['credits']> {
    const [standings, current] = await Promise.all([this.deps.standings(), this.deps.currentAccountId()]);
    return standings.map((standing) => ({
      account: standing.account.name, platform: standing.account.platform, unit: standing.account.unit, used: standing.used, limit: standing.limit,
      share: standing.usedShare, resetsAt: standing.resetsAt === null ? null : new Date(standing.resetsAt).toISOString(), status: standing.status,
      current: standing.account.id === current,
    }));
  }
}
