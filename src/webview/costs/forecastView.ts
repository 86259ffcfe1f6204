// The forecast: expected spend per day for the next 30 days with its likely range, the 7 and
// 30-day projections, and what that means for each budget. With fewer than 7 days of data
// nothing is projected and the view says why.
import type { CostsState } from '../../shared/protocol/costs';
import { h, icon } from '../common/dom';
import { ChartPanel } from './chartTable';
import { TimeChart } from './charts';
import { formatDay, formatMoney, formatMoneyShort, plural } from './format';
import type { QueryStore } from './queryStore';
import type { ChartTheme } from './themeColors';

type Forecast = CostsState['forecast'];
type Outlook = Forecast['budgets'][number];

/** "this month", "today" or nothing, from the budget's name ("Monthly budget", "Daily budget"). */
function budgetWindow(name: string): string {
  if (/month/i.test(name)) return ' this month';
  if (/day|daily/i.test(name)) return ' today';
  return '';
}

/** "Monthly budget runs out on Dec 19" / "Monthly budget stays within the limit this month". */
export function outlookSentence(outlook: Outlook, projected: boolean): string {
  if (outlook.limitNanos > 0 && outlook.spentNanos >= outlook.limitNanos) return `${outlook.name} is used up`;
  if (!projected) return `${outlook.name}: no projection yet`;
  if (outlook.runsOutOn !== null) return `${outlook.name} runs out on ${formatDay(outlook.runsOutOn)}`;
  return `${outlook.name} stays within the limit${budgetWindow(outlook.name)}`;
}

function outlooks(forecast: Forecast): HTMLElement | null {
  if (forecast.budgets.length === 0) return null;
  const projected = forecast.status === 'ok';
  return h(
    'ul',
    { class: 'outlooks', attrs: { 'data-testid': 'budget-outlooks' } },
    ...forecast.budgets.map((b) => {
      const runsOut = (projected && b.runsOutOn !== null) || (b.limitNanos > 0 && b.spentNanos >= b.limitNanos);
      return h(
        'li',
        { class: `outlook${runsOut ? ' is-warning' : ''}`, attrs: { 'data-testid': 'budget-outlook' } },
        icon(runsOut ? 'warning' : 'pass', 'outlook-icon'),
        h('span', { class: 'outlook-text' }, outlookSentence(b, projected)),
        h('span', { class: 'muted' }, ` · ${formatMoney(b.spentNanos)} of ${formatMoney(b.limitNanos)} spent`),
      );
    }),
  );
}

function projections(forecast: Forecast): HTMLElement {
  const stat = (label: string, value: string, sub: string | null, testId: string) =>
    h('div', { class: 'projection', attrs: { 'data-testid': testId } }, h('span', { class: 'card-label' }, label), h('span', { class: 'projection-value' }, value), sub !== null && h('span', { class: 'card-sub' }, sub));
  return h(
    'div',
    { class: 'projections' },
    stat('Next 7 days', formatMoney(forecast.projected7Nanos), null, 'projected-7'),
    stat('Next 30 days', formatMoney(forecast.projected30Nanos), `likely ${formatMoney(forecast.low30Nanos)} – ${formatMoney(forecast.high30Nanos)}`, 'projected-30'),
  );
}

export class ForecastView {
  readonly element: HTMLElement;
  private readonly panel: ChartPanel;
  private readonly summary = h('div', { class: 'forecast-summary' });
  private readonly notice = h('p', { class: 'notice', attrs: { 'data-testid': 'forecast-insufficient' } });
  private readonly method = h('p', { class: 'description method' });
  private readonly outlookHost = h('div', {});

  constructor(theme: ChartTheme, store: QueryStore) {
    this.panel = new ChartPanel('forecast', 'Expected spend per day', new TimeChart(theme, 200, 'forecast-chart'), store);
    this.element = h('div', { class: 'forecast', attrs: { 'data-testid': 'forecast' } }, this.notice, this.summary, this.panel.element, this.method, this.outlookHost);
  }

  show(forecast: Forecast): void {
    const ok = forecast.status === 'ok' && forecast.points.length > 0;
    this.notice.hidden = ok;
    this.summary.hidden = !ok;
    this.panel.element.hidden = !ok;
    this.method.hidden = !ok;
    this.outlookHost.replaceChildren(...[outlooks(forecast)].filter((e): e is HTMLElement => e !== null));
    if (!ok) {
      this.notice.textContent = `Forecast needs at least 7 days of data (${forecast.dataDays} so far)`;
      this.panel.clear();
      return;
    }
    this.summary.replaceChildren(projections(forecast));
    this.method.textContent = `Method: ${forecast.method}`;
    const days = forecast.points.map((p) => p.day);
    const pick = (key: 'expected' | 'low' | 'high') => forecast.points.map((p) => p[key]);
    this.panel.show(
      {
        days,
        mode: 'band',
        series: [
          { label: 'Expected', values: pick('expected'), color: (c) => c.blue },
          { label: 'Low', values: pick('low'), color: (c) => c.blue },
          { label: 'High', values: pick('high'), color: (c) => c.blue },
        ],
        format: formatMoney,
        axisFormat: formatMoneyShort,
      },
      {
        caption: `Expected spend per day for the next ${plural(days.length, 'day')}`,
        columns: ['Day', 'Expected', 'Low', 'High'],
        rows: forecast.points.map((p) => ({ head: formatDay(p.day, true), cells: [formatMoney(p.expected), formatMoney(p.low), formatMoney(p.high)] })),
      },
    );
  }
}
