// The costs page. Its skeleton (top bar, sections, charts) is built once; each state updates
// only the parts whose slice of the state changed, so the scroll position, folded sections,
// a chart shown as a table and an open drill-down survive a reload of the same query. While a
// load runs the old figures stay, under a thin progress bar; a failed load says why, with Retry.
import type { CostRequestRow, CostsQuery, CostsState, RequestDetail } from '../../shared/protocol/costs';
import { button, h, icon } from '../common/dom';
import { AnomaliesView } from './anomaliesView';
import { ChartPanel, type TableData } from './chartTable';
import { type ChartSeries, TimeChart, type TimeChartSpec } from './charts';
import { creditsTable } from './creditsView';
import { renderEmptyState } from './emptyState';
import { ForecastView } from './forecastView';
import { formatCompact, formatDay, formatInteger, formatMoney, formatMoneyShort, formatTimestamp, plural } from './format';
import { healthTable } from './healthView';
import { renderHeadline } from './headline';
import type { QueryStore } from './queryStore';
import { RequestList, sessionTable } from './requestTables';
import { memo, type Section, section } from './section';
import { shareTable } from './shareBars';
import { type ChartTheme, paletteColor } from './themeColors';
import { Toolbar } from './toolbar';

export interface CostsActions {
  readonly query: (query: CostsQuery) => void;
  readonly retry: () => void;
  readonly exportCsv: () => void;
  readonly openBudgets: () => void;
  readonly configureProviders: () => void;
  readonly setApiKey: () => void;
  readonly scanUsage: () => void;
  readonly fetchRows: (ids: readonly string[]) => Promise<CostRequestRow[]>;
  readonly lookupRows: (anomaly: CostsState['anomalies'][number]) => Promise<CostRequestRow[]>;
  readonly fetchDetail: (id: string) => Promise<RequestDetail>;
}

const MINUTE = 60_000;

type Updater = (state: CostsState, now: number) => void;

interface DeferredRender {
  readonly state: CostsState;
  readonly now: number;
  /** The index of the next updater to run. */
  next: number;
}

type SpendSeries = CostsState['spendByProvider'];

function spendChart(days: readonly string[], series: SpendSeries): TimeChartSpec {
  return {
    days,
    mode: 'stacked-bars',
    series: series.map((p, i) => ({ label: p.label, values: p.values, color: (c) => paletteColor(c, i), total: formatMoney(sum(p.values)) })),
    format: formatMoney,
    axisFormat: formatMoneyShort,
  };
}

function spendTable(days: readonly string[], series: SpendSeries): TableData {
  const totals = series.map((p) => sum(p.values));
  return {
    caption: 'Spend per day by provider',
    columns: ['Day', ...series.map((p) => p.label), 'Total'],
    rows: days.map((day, d) => {
      const values = series.map((p) => p.values[d] ?? 0);
      return { head: formatDay(day, true), cells: [...values.map(formatMoney), formatMoney(sum(values))] };
    }),
    foot: { head: 'Total', cells: [...totals.map(formatMoney), formatMoney(sum(totals))] },
  };
}

function runUpdater(update: Updater, state: CostsState, now: number): void {
  try {
    update(state, now);
  } catch (error) {
    console.warn('Baton: could not show part of the costs.', error);
  }
}
const sum = (values: readonly number[]): number => values.reduce((total, v) => total + v, 0);

export class CostsView {
  private readonly toolbar: Toolbar;
  private readonly progress = h('div', { class: 'progress', attrs: { 'data-testid': 'loading', 'aria-hidden': 'true' } }, h('div', { class: 'progress-bit' }));
  private readonly announcer = h('div', { class: 'visually-hidden', attrs: { role: 'status', 'data-testid': 'announcer' } });
  private readonly errorHost = h('div', { class: 'error-host' });
  private readonly firstLoad = h('p', { class: 'status-message', attrs: { 'data-testid': 'first-load' } }, icon('loading', 'codicon-modifier-spin'), ' Loading costs…');
  private readonly content = h('div', { class: 'content', attrs: { 'data-testid': 'content' } });
  private readonly emptyHost = h('div', {});
  private readonly dashboard = h('div', { class: 'dashboard', attrs: { 'data-testid': 'dashboard' } });
  private readonly caption = h('p', { class: 'range-caption', attrs: { 'data-testid': 'range-caption' } });
  private readonly headlineHost = h('div', {});
  /** What a 900-pixel-high panel shows first: drawn with the state. */
  private readonly visible: Updater[] = [];
  /** The rest, below the fold or for screen readers: drawn one per task after that frame. */
  private readonly later: Updater[] = [];
  private deferred: DeferredRender | undefined;
  private last: CostsState | undefined;

  constructor(
    root: HTMLElement,
    private readonly store: QueryStore,
    private readonly theme: ChartTheme,
    private readonly actions: CostsActions,
  ) {
    this.toolbar = new Toolbar(store.query, actions);
    this.emptyHost.append(renderEmptyState(actions));
    this.emptyHost.hidden = true;
    this.dashboard.hidden = true;
    this.content.append(this.caption, this.emptyHost, this.dashboard);
    this.content.hidden = true;
    this.dashboard.append(this.headlineHost, ...this.buildSections());
    root.replaceChildren(
      h('header', { class: 'topbar' }, this.toolbar.element, this.progress),
      this.announcer,
      this.errorHost,
      this.firstLoad,
      this.content,
    );
    this.progress.hidden = true;
    window.setInterval(() => this.tick(), MINUTE);
  }

  setLoading(loading: boolean): void {
    this.progress.hidden = !loading;
    this.content.setAttribute('aria-busy', String(loading));
    if (loading) this.announcer.textContent = 'Loading costs…';
  }

  showError(message: string): void {
    this.setLoading(false);
    this.firstLoad.hidden = true;
    const retry = button([icon('refresh'), 'Retry'], { variant: 'secondary', attrs: { 'data-testid': 'retry' } }, () => this.actions.retry());
    this.errorHost.replaceChildren(
      h(
        'div',
        { class: 'error-box', attrs: { role: 'alert', 'data-testid': 'load-error' } },
        icon('error', 'error-icon'),
        h('p', { class: 'error-text' }, `Could not load the costs: ${message}`),
        retry,
      ),
    );
  }

  show(state: CostsState): void {
    this.last = state;
    this.setLoading(false);
    this.errorHost.replaceChildren();
    this.firstLoad.hidden = true;
    this.content.hidden = false;
    this.toolbar.setOptions(state.options, { from: state.range.from, to: state.range.to });
    this.toolbar.setExportEnabled(state.hasData);
    const { range } = state;
    this.caption.textContent = `${range.label} · ${formatDay(range.from, true)} – ${formatDay(range.to, true)} · ${plural(range.days, 'day')} · updated ${formatTimestamp(state.generatedAt)}`;
    this.emptyHost.hidden = state.hasData;
    this.dashboard.hidden = !state.hasData;
    this.announcer.textContent = state.hasData ? `Costs for ${range.label}: ${formatMoney(state.headline.spendNanos)} in ${plural(state.headline.requests, 'request')}.` : 'No requests yet.';
    if (!state.hasData) return;
    this.render(state, Date.now());
  }

  private tick(): void {
    if (this.last?.hasData) this.render(this.last, Date.now());
  }

  /**
   * The sections in view are drawn now; the ones below run one per task after that frame is
   * painted, so the first figures and chart show without waiting for the whole page. While
   * some wait, the dashboard carries `data-pending`. A newer state restarts the waiting ones.
   */
  private render(state: CostsState, now: number): void {
    for (const update of this.visible) runUpdater(update, state, now);
    const waiting = this.deferred !== undefined;
    this.deferred = { state, now, next: 0 };
    if (waiting || this.later.length === 0) return;
    this.dashboard.dataset.pending = 'true';
    requestAnimationFrame(() => window.setTimeout(() => this.renderNextDeferred(), 0));
  }

  private renderNextDeferred(): void {
    const job = this.deferred;
    if (!job) return;
    const update = this.later[job.next];
    job.next += 1;
    if (update) runUpdater(update, job.state, job.now);
    if (job.next < this.later.length) {
      window.setTimeout(() => this.renderNextDeferred(), 0);
      return;
    }
    this.deferred = undefined;
    delete this.dashboard.dataset.pending;
  }

  private add<T>(slice: (state: CostsState, now: number) => T, render: (slice: T) => void, phase: 'visible' | 'later' = 'later'): void {
    const update = memo(render);
    (phase === 'visible' ? this.visible : this.later).push((state, now) => update(slice(state, now)));
  }

  private section(key: string, title: string): Section {
    return section(this.store, key, title);
  }

  private buildSections(): HTMLElement[] {
    const minute = (now: number) => Math.floor(now / MINUTE);
    this.add(
      (s, now) => ({ headline: s.headline, range: s.range, credits: s.credits, m: minute(now) }),
      (slice) => this.headlineHost.replaceChildren(renderHeadline(slice, Date.now())),
      'visible',
    );

    const spend = this.section('spend', 'Spend per day');
    const spendPanel = new ChartPanel('spend', 'Spend per day by provider', new TimeChart(this.theme, 240, 'spend-chart'), this.store);
    spend.body.append(spendPanel.element);
    const spendSlice = (s: CostsState) => ({ days: s.days, series: s.spendByProvider });
    this.add(spendSlice, ({ days, series }) => spendPanel.showChart(spendChart(days, series)), 'visible');

    const breakdown = this.section('breakdown', 'Where it went');
    const shares = h('div', { class: 'share-grid' });
    breakdown.body.append(shares);
    this.add((s) => [s.byModel, s.byWorkspace, s.bySession], ([models, workspaces, sessions]) =>
      shares.replaceChildren(
        shareTable('By model', models ?? [], 'by-model', 'No spend by model.'),
        shareTable('By workspace', workspaces ?? [], 'by-workspace', 'No spend by workspace.'),
        shareTable('By session', sessions ?? [], 'by-session', 'No spend in sessions.'),
      ),
    'visible');
    this.add(spendSlice, ({ days, series }) => spendPanel.showTable(spendTable(days, series)));

    const credits = this.section('credits', 'Credits per account');
    this.add((s, now) => ({ credits: s.credits, m: minute(now) }), ({ credits: list }) => {
      credits.setBadge(list.length > 0 ? String(list.length) : null);
      credits.body.replaceChildren(creditsTable(list, Date.now()));
    });

    const tokens = this.section('tokens', 'Tokens per day');
    const tokenPanel = new ChartPanel('tokens', 'Tokens per day', new TimeChart(this.theme, 200, 'tokens-chart'), this.store);
    tokens.body.append(tokenPanel.element);
    this.add((s) => ({ days: s.days, tokens: s.tokens }), ({ days, tokens: t }) => {
      const series: ChartSeries[] = [
        { label: 'Input', values: t.input, color: (c) => c.blue },
        { label: 'Output', values: t.output, color: (c) => c.orange },
        { label: 'Cached', values: t.cached, color: (c) => c.purple },
      ];
      tokenPanel.show(
        { days, mode: 'lines', series: series.map((s) => ({ ...s, total: formatCompact(sum(s.values)) })), format: formatInteger, axisFormat: formatCompact },
        {
          caption: 'Tokens per day',
          columns: ['Day', 'Input', 'Output', 'Cached'],
          rows: days.map((day, d) => ({ head: formatDay(day, true), cells: series.map((s) => formatInteger(s.values[d] ?? 0)) })),
          foot: { head: 'Total', cells: series.map((s) => formatInteger(sum(s.values))) },
        },
      );
    });

    const forecast = this.section('forecast', 'Forecast');
    const forecastView = new ForecastView(this.theme, this.store);
    forecast.body.append(forecastView.element);
    this.add((s) => s.forecast, (f) => forecastView.show(f));

    const anomalies = this.section('anomalies', 'Anomalies');
    const anomaliesView = new AnomaliesView(this.actions);
    anomalies.body.append(anomaliesView.element);
    this.add((s) => s.anomalies, (list) => {
      anomalies.setBadge(list.length > 0 ? String(list.length) : null);
      anomaliesView.show(list);
    });

    const health = this.section('health', 'Provider health');
    this.add((s) => s.health, (list) => health.body.replaceChildren(healthTable(list)));

    const requests = this.section('requests', 'Most expensive requests');
    const requestList = new RequestList('Most expensive requests', 'top-requests', this.actions.fetchDetail);
    requests.body.append(requestList.element);
    this.add((s) => s.topRequests, (rows) => requestList.setRows(rows));

    const sessions = this.section('sessions', 'Most expensive sessions');
    const sessionList = sessionTable();
    sessions.body.append(sessionList.element);
    this.add((s) => s.topSessions, (rows) => sessionList.setRows(rows));

    return [spend, breakdown, credits, tokens, forecast, anomalies, health, requests, sessions].map((s) => s.element);
  }
}
