// A table sorted by clicking (or pressing Enter on) a column header: the sorted column says so
// with aria-sort and an arrow; clicking it again reverses the order. Empty values sort last
// either way. Rows can be activated (click, Enter or Space) to open a drill-down.
import { h, icon, type Child } from '../common/dom';

export type SortValue = number | string | null;
export type Direction = 'ascending' | 'descending';

export interface Column<T> {
  readonly key: string;
  readonly label: string;
  readonly numeric?: boolean;
  readonly sortValue: (row: T) => SortValue;
  readonly cell: (row: T) => Child;
}

export interface SortableTableOptions<T> {
  readonly caption: string;
  readonly columns: readonly Column<T>[];
  readonly rowId: (row: T) => string;
  readonly sort: { readonly key: string; readonly direction: Direction };
  readonly testId: string;
  readonly emptyText: string;
  /** Makes rows focusable and activatable; `rowLabel` names the action for screen readers. */
  readonly onActivate?: (row: T, element: HTMLTableRowElement) => void;
  readonly rowLabel?: (row: T) => string;
}

function compare(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true, sensitivity: 'base' });
}

export class SortableTable<T> {
  readonly element: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly body = h('tbody', {});
  private readonly empty: HTMLElement;
  private readonly headers = new Map<string, HTMLTableCellElement>();
  private rows: readonly T[] = [];
  private sortKey: string;
  private direction: Direction;

  constructor(private readonly options: SortableTableOptions<T>) {
    this.sortKey = options.sort.key;
    this.direction = options.sort.direction;
    const head = h('tr', {}, ...options.columns.map((column) => this.header(column)));
    this.table = h(
      'table',
      { class: `data-table sortable${options.onActivate ? ' has-actions' : ''}`, attrs: { 'data-testid': options.testId } },
      h('caption', { class: 'visually-hidden' }, options.caption),
      h('thead', {}, head),
      this.body,
    );
    this.empty = h('p', { class: 'empty', attrs: { 'data-testid': `${options.testId}-empty` } }, options.emptyText);
    this.element = h('div', { class: 'table-scroll' }, this.table, this.empty);
    this.updateHeaders();
  }

  setRows(rows: readonly T[]): void {
    this.rows = rows;
    this.render();
  }

  private header(column: Column<T>): HTMLTableCellElement {
    const arrow = icon('arrow-down', 'sort-icon');
    const sortButton = h('button', { class: 'sort-button', attrs: { type: 'button', 'data-sort-key': column.key } }, h('span', {}, column.label), arrow);
    sortButton.addEventListener('click', () => this.sortBy(column));
    const th = h('th', { class: column.numeric ? 'num' : undefined, attrs: { scope: 'col' } }, sortButton);
    this.headers.set(column.key, th);
    return th;
  }

  private sortBy(column: Column<T>): void {
    if (this.sortKey === column.key) this.direction = this.direction === 'ascending' ? 'descending' : 'ascending';
    else {
      this.sortKey = column.key;
      this.direction = column.numeric ? 'descending' : 'ascending';
    }
    this.updateHeaders();
    this.render();
  }

  private updateHeaders(): void {
    for (const [key, th] of this.headers) {
      const sorted = key === this.sortKey;
      th.setAttribute('aria-sort', sorted ? this.direction : 'none');
      th.classList.toggle('is-sorted', sorted);
      th.classList.toggle('is-ascending', sorted && this.direction === 'ascending');
    }
  }

  private sorted(): T[] {
    const column = this.options.columns.find((c) => c.key === this.sortKey);
    if (!column) return [...this.rows];
    const sign = this.direction === 'ascending' ? 1 : -1;
    const keyed = this.rows.map((row, index) => ({ row, index, value: column.sortValue(row) }));
    keyed.sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      return sign * compare(a.value, b.value) || a.index - b.index;
    });
    return keyed.map((k) => k.row);
  }

  private render(): void {
    const { columns, onActivate, rowLabel, rowId } = this.options;
    this.table.hidden = this.rows.length === 0;
    this.empty.hidden = this.rows.length > 0;
    this.body.replaceChildren(
      ...this.sorted().map((row) => {
        const tr = h(
          'tr',
          { attrs: { 'data-row-id': rowId(row), 'data-testid': `${this.options.testId}-row` } },
          ...columns.map((column, i) => h(i === 0 ? 'th' : 'td', { class: column.numeric ? 'num' : undefined, attrs: i === 0 ? { scope: 'row' } : {} }, column.cell(row))),
        );
        if (onActivate) {
          tr.tabIndex = 0;
          tr.classList.add('is-activatable');
          if (rowLabel) tr.title = rowLabel(row);
          tr.addEventListener('click', () => onActivate(row, tr));
          tr.addEventListener('keydown', (event) => {
            if (event.key !== 'Enter' && event.key !== ' ') return;
            event.preventDefault();
            onActivate(row, tr);
          });
        }
        return tr;
      }),
    );
  }
}
