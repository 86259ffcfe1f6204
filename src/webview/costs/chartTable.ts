// Every chart's numbers as a table. The table is always in the page: visually hidden (for
// screen readers) while the chart shows, visible instead of the chart when the user presses
// the chart's "Table" toggle, which is remembered.
import { h, icon } from '../common/dom';
import type { TimeChart, TimeChartSpec } from './charts';
import type { QueryStore } from './queryStore';

export interface TableRow {
  readonly head: string;
  readonly cells: readonly string[];
}

export interface TableData {
  readonly caption: string;
  /** The first names the row headers' column. */
  readonly columns: readonly string[];
  readonly rows: readonly TableRow[];
  readonly foot?: TableRow;
}

function row(cellTag: 'td' | 'th', data: TableRow): HTMLTableRowElement {
  return h(
    'tr',
    {},
    h('th', { attrs: { scope: 'row' } }, data.head),
    ...data.cells.map((cell) => h(cellTag, { class: 'num' }, cell)),
  );
}

/** A plain data table: a caption, column headers, one row header per row, numbers right-aligned. */
export function dataTable(data: TableData, testId: string): HTMLTableElement {
  return h(
    'table',
    { class: 'data-table', attrs: { 'data-testid': testId } },
    h('caption', {}, data.caption),
    h('thead', {}, h('tr', {}, ...data.columns.map((c, i) => h('th', { class: i > 0 ? 'num' : undefined, attrs: { scope: 'col' } }, c)))),
    h('tbody', {}, ...data.rows.map((r) => row('td', r))),
    data.foot && h('tfoot', {}, row('td', data.foot)),
  );
}

/** A chart with a heading, its "Table" toggle and its table. */
export class ChartPanel {
  readonly element: HTMLElement;
  private readonly tableHost = h('div', { class: 'chart-table-host' });
  private readonly toggle: HTMLButtonElement;

  constructor(
    private readonly key: string,
    title: string,
    private readonly chart: TimeChart,
    private readonly store: QueryStore,
  ) {
    const headingId = `chart-title-${key}`;
    this.toggle = h(
      'button',
      { class: 'icon-text-button', attrs: { type: 'button', 'aria-pressed': 'false', 'aria-label': `Show ${title.toLowerCase()} as a table`, 'data-testid': `${key}-table-toggle` } },
      icon('table'),
      h('span', {}, 'Table'),
    );
    this.toggle.addEventListener('click', () => {
      this.store.setTable(key, !this.store.isTable(key));
      this.applyMode();
    });
    this.element = h(
      'div',
      { class: 'chart-panel', attrs: { 'data-testid': `${key}-panel` } },
      h('div', { class: 'panel-header' }, h('h3', { class: 'panel-title', attrs: { id: headingId } }, title), this.toggle),
      chart.element,
      this.tableHost,
    );
    this.applyMode();
  }

  show(spec: TimeChartSpec, table: TableData): void {
    this.showTable(table);
    this.showChart(spec);
  }

  showChart(spec: TimeChartSpec): void {
    this.chart.show(spec);
  }

  /** Separate from the chart so the page can draw the chart first and build the table after. */
  showTable(table: TableData): void {
    this.tableHost.replaceChildren(dataTable(table, `${this.key}-table`));
  }

  clear(): void {
    this.tableHost.replaceChildren();
    this.chart.clear();
  }

  private applyMode(): void {
    const asTable = this.store.isTable(this.key);
    this.toggle.setAttribute('aria-pressed', String(asTable));
    this.toggle.title = asTable ? 'Show the chart' : 'Show the numbers as a table';
    this.chart.element.hidden = asTable;
    this.tableHost.classList.toggle('visually-hidden', !asTable);
  }
}
