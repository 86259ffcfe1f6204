// The costs panel's state for one query, the drill-downs, and the rows of the CSV export. It
// reads the ledger's rollup once per state (the period, the one before, and the days the
// forecast and the anomaly rules look back over) and the few single requests the tables need.
import type { AccountStanding } from '../accounts/accountPool';
import type { Clock } from '../clock';
import { UserFacingError } from '../errors';
import type { BudgetConfig } from '../routing/routerConfig';
import type { CostRequestRow, CostsQuery, CostsState, RequestDetail } from '../../shared/protocol/costs';
import { dayString, firstOfMonth } from './calendarDays';
import { type RowLabels, requestDetail, requestRow } from './costRows';
import { anomalyRange, anomalyRequests, budgetOutlooks, budgetRange, findAnomalies, forecastRange, spendForecast } from './costsInsights';
import { type PeriodRange, periodRange } from './costsPeriod';
import { type CostsReadModel, type DayRange, type LedgerFilter, NO_FILTER, type RollupRow } from './costsPorts';
import type { LimitStanding } from './budgetAlerts';
import { limitStandings } from './limitStandings';
import { type Headline, type Share, headlineOf, topShares } from './costsSummary';
import { type BreakerStates, TOP_ROWS, costsStateOf, labelsOf, topSessionIds, within } from './costsState';
import type { AnomalyKind, AnomalyWithRequests } from './anomalies';
import type { Forecast } from './forecast';
import type { LedgerEntry } from './ledgerPorts';
import type { LocalDayOf } from './localDay';

/** Standings are read again after this even when nothing was written: windows reset with time. */
const STANDINGS_TTL_MS = 10_000;
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

export type { BreakerStates };

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

export function filterOf(query: CostsQuery): LedgerFilter {
  return query.filters;
}

export class CostsService {
  private keptStandings: { readonly version: string; readonly at: number; readonly value: readonly AccountStanding[] } | undefined;

  constructor(private readonly deps: CostsServiceDeps) {}

  today(): number {
    return this.deps.localDay(this.deps.clock.now());
  }

  /** The days of a query as of now; a bad custom range throws a UserFacingError. */
  range(query: CostsQuery): PeriodRange {
    return periodRange(query, this.today());
  }

  async state(query: CostsQuery): Promise<CostsState> {
    const now = this.deps.clock.now();
    const today = this.deps.localDay(now);
    const range = periodRange(query, today);
    const filter = filterOf(query);
    const wide = span(span(span(range, range.previous), anomalyRange(range)), forecastRange(today));
    const budgets = this.deps.budgets();
    const [read, currentAccountId] = await Promise.all([
      this.deps.model.read((m) => {
        const rows = m.rollup(wide, filter);
        const current = within(rows, range);
        const providers = [...new Set(current.filter((row) => row.source === 'router').map((row) => row.provider))];
        return {
          rows, dimensions: m.dimensions(), hasData: m.hasAny(), dearest: m.dearest(range, filter, TOP_ROWS), anomalies: findAnomalies(m, rows, range, filter),
          latencies: new Map(providers.map((provider) => [provider, m.latencies(provider, range, LATENCY_SAMPLES)])),
          sessions: m.sessions(topSessionIds(current)),
          routerRows: budgets ? m.rollup(budgetRange(today), { ...NO_FILTER, source: 'router' }) : [],
          version: m.version(),
        };
      }),
      this.deps.currentAccountId(),
    ]);
    const standings = await this.standings(read.version, now);
    return costsStateOf({
      ...read, query, range, now, standings, currentAccountId, breakers: this.deps.breakers(),
      forecast: spendForecast(read.rows, today), outlooks: budgetOutlooks(budgets, read.routerRows, today),
    });
  }

  /**
   * The accounts' standings, kept while nothing was written and for at most STANDINGS_TTL_MS:
   * summing a month of an API account's requests is most of a state's work, and a change of
   * period or filter does not change them.
   */
  private async standings(version: string, now: number): Promise<readonly AccountStanding[]> {
    const kept = this.keptStandings;
    if (kept && kept.version === version && now - kept.at < STANDINGS_TTL_MS && now >= kept.at) return kept.value;
    const value = await this.deps.standings();
    this.keptStandings = { version, at: now, value };
    return value;
  }

  async request(id: string): Promise<RequestDetail> {
    const [entry, dimensions] = await this.deps.model.read((m) => [m.entry(id), m.dimensions()] as const);
    if (!entry) throw new UserFacingError('That request is no longer in the ledger (it may have been removed by an import). Refresh the panel.');
    return requestDetail(entry, labelsOf(dimensions), this.deps.localDay(entry.at));
  }

  async requests(ids: readonly string[]): Promise<CostRequestRow[]> {
    return this.deps.model.read((m) => {
      const labels = labelsOf(m.dimensions());
      return m.requests(ids).map((request) => requestRow(request, labels));
    });
  }

  /** The requests behind a day-level anomaly of the query's filters. */
  async anomalyRequests(anomaly: { readonly kind: AnomalyKind; readonly day: string; readonly provider: string | null }, query: CostsQuery): Promise<CostRequestRow[]> {
    return this.deps.model.read((m) => {
      const labels = labelsOf(m.dimensions());
      return anomalyRequests(m, anomaly, filterOf(query)).map((request) => requestRow(request, labels));
    });
  }

  /** Every request of the query's period and filters, oldest first (for the CSV export). */
  entries(query: CostsQuery): Promise<LedgerEntry[]> {
    const range = this.range(query);
    return this.deps.model.read((m) => m.entries(range, filterOf(query)));
  }

  /** Totals of a range grouped one way, every group (for `baton costs --by`). */
  async breakdown(range: DayRange, filter: LedgerFilter, by: BreakdownKey): Promise<{ readonly headline: Headline; readonly groups: Share[] }> {
    const [rows, labels] = await this.deps.model.read((m) => [m.rollup(range, filter), labelsOf(m.dimensions())] as const);
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
    const [rows, routerRows] = await this.deps.model.read((m) => [m.rollup(forecastRange(today), filter), m.rollup(budgetRange(today), { ...NO_FILTER, source: 'router' })] as const);
    return { ...spendForecast(rows, today), budgets: budgetOutlooks(this.deps.budgets(), routerRows, today) };
  }

  /** The anomalies from `fromDay` through today. */
  async anomalies(fromDay: number, filter: LedgerFilter): Promise<AnomalyWithRequests[]> {
    const range = { from: fromDay, to: this.today() };
    return this.deps.model.read((m) => findAnomalies(m, m.rollup(anomalyRange(range), filter), range, filter));
  }

  /** Every budget's and account's standing now, for the budget alerts. */
  async limits(): Promise<LimitStanding[]> {
    const today = this.today();
    const budgets = this.deps.budgets();
    const routerOnly = { ...NO_FILTER, source: 'router' };
    const [routerRows, standings, currentAccountId] = await Promise.all([
      budgets ? this.deps.model.read((m) => m.rollup({ from: firstOfMonth(today), to: today }, routerOnly)) : Promise.resolve([]),
      this.deps.standings(), this.deps.currentAccountId(),
    ]);
    return limitStandings({ today, budgets, routerRows, standings, currentAccountId, dayStart: this.deps.dayStart });
  }

  version(): Promise<string> {
    return this.deps.model.read((m) => m.version());
  }

  /** Names of the workspaces and accounts the rows carry ids of. */
  async labels(): Promise<RowLabels> {
    return this.deps.model.read((m) => labelsOf(m.dimensions()));
  }
}
