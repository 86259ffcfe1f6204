// The top bar: the period (a segmented control of native radios, with two date inputs for a
// custom range), one <select> per filter whose options come from the last state, Export CSV
// and Budgets…. Every change becomes a new query; typed dates wait until the typing stops.
import { type CostFilters, type CostsQuery, type CostsState, FILTER_KEYS, type FilterKey } from '../../shared/protocol/costs';
import { button, h, icon } from '../common/dom';
import { isPeriod } from './queryStore';

export interface ToolbarActions {
  readonly query: (query: CostsQuery) => void;
  readonly exportCsv: () => void;
  readonly openBudgets: () => void;
}

type Options = CostsState['options'];

const PERIODS = [
  { value: 'today', label: 'Today' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: 'month', label: 'This month' },
  { value: 'custom', label: 'Custom' },
] as const;

const FILTERS: Readonly<Record<FilterKey, { readonly label: string; readonly options: keyof Options }>> = {
  workspace: { label: 'Workspace', options: 'workspaces' },
  provider: { label: 'Provider', options: 'providers' },
  model: { label: 'Model', options: 'models' },
  account: { label: 'Account', options: 'accounts' },
  source: { label: 'Source', options: 'sources' },
};

const DATE_DEBOUNCE_MS = 600;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export class Toolbar {
  readonly element: HTMLElement;
  private query: CostsQuery;
  private readonly radios = new Map<string, HTMLInputElement>();
  private readonly selects = new Map<FilterKey, HTMLSelectElement>();
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly dates: HTMLElement;
  private readonly dateHint: HTMLElement;
  private readonly exportButton: HTMLButtonElement;
  private options: Options = { workspaces: [], providers: [], models: [], accounts: [], sources: [] };
  /** The last state's range, to start a custom range from. */
  private range: { from: string; to: string } | null = null;
  private dateTimer: number | undefined;

  constructor(
    initial: CostsQuery,
    private readonly actions: ToolbarActions,
  ) {
    this.query = initial;
    this.from = h('input', { class: 'text-input date-input', attrs: { type: 'date', id: 'range-from', 'data-testid': 'range-from' } });
    this.to = h('input', { class: 'text-input date-input', attrs: { type: 'date', id: 'range-to', 'data-testid': 'range-to' } });
    this.dateHint = h('span', { class: 'date-hint', attrs: { id: 'range-hint', role: 'status' } });
    for (const input of [this.from, this.to]) {
      input.setAttribute('aria-describedby', 'range-hint');
      input.addEventListener('input', () => this.scheduleDates());
      input.addEventListener('change', () => this.scheduleDates());
    }
    this.dates = h(
      'div',
      { class: 'custom-range', attrs: { 'data-testid': 'custom-range' } },
      h('label', { class: 'field-label', attrs: { for: 'range-from' } }, 'From'),
      this.from,
      h('label', { class: 'field-label', attrs: { for: 'range-to' } }, 'To'),
      this.to,
      this.dateHint,
    );
    this.exportButton = button([icon('desktop-download'), 'Export CSV'], { variant: 'secondary', attrs: { 'data-testid': 'export-csv', title: 'Save the requests of this period and these filters as CSV' } }, () => this.actions.exportCsv());
    const budgets = button([icon('law'), 'Budgets…'], { variant: 'secondary', attrs: { 'data-testid': 'open-budgets', title: 'Open the budget settings' } }, () => this.actions.openBudgets());
    this.element = h(
      'div',
      { class: 'toolbar', attrs: { role: 'group', 'aria-label': 'Period and filters', 'data-testid': 'toolbar' } },
      h('div', { class: 'toolbar-row' }, this.periodControl(), this.dates, h('span', { class: 'spacer' }), this.exportButton, budgets),
      h('div', { class: 'toolbar-row filters' }, ...FILTER_KEYS.map((key) => this.filterControl(key))),
    );
    this.reflect();
  }

  /** The options of the filters, from the latest state; the chosen values are kept. */
  setOptions(options: Options, range: { from: string; to: string }): void {
    this.range = range;
    if (JSON.stringify(options) === JSON.stringify(this.options)) return;
    this.options = options;
    for (const key of FILTER_KEYS) this.fillSelect(key);
  }

  setExportEnabled(enabled: boolean): void {
    this.exportButton.disabled = !enabled;
  }

  private periodControl(): HTMLElement {
    const segments = PERIODS.map(({ value, label }) => {
      const id = `period-${value}`;
      const input = h('input', { class: 'segment-input', attrs: { type: 'radio', name: 'period', id, value, 'data-testid': id } });
      this.radios.set(value, input);
      input.addEventListener('change', () => {
        if (input.checked && isPeriod(value)) this.choosePeriod(value);
      });
      return h('span', { class: 'segment' }, input, h('label', { class: 'segment-label', attrs: { for: id } }, label));
    });
    return h('div', { class: 'segmented period', attrs: { role: 'radiogroup', 'aria-label': 'Period' } }, ...segments);
  }

  private filterControl(key: FilterKey): HTMLElement {
    const id = `filter-${key}`;
    const select = h('select', { class: 'select', attrs: { id, 'data-testid': id } });
    this.selects.set(key, select);
    select.addEventListener('change', () => {
      const filters: CostFilters = { ...this.query.filters, [key]: select.value === '' ? null : select.value };
      this.emit({ ...this.query, filters });
    });
    this.fillSelect(key);
    return h('span', { class: 'filter' }, h('label', { class: 'field-label', attrs: { for: id } }, FILTERS[key].label), select);
  }

  private fillSelect(key: FilterKey): void {
    const select = this.selects.get(key);
    if (!select) return;
    const chosen = this.query.filters[key];
    const options = [...this.options[FILTERS[key].options]];
    // A saved choice the host no longer offers stays visible, so the select tells the truth.
    if (chosen !== null && !options.some((o) => o.id === chosen)) options.push({ id: chosen, label: chosen });
    select.replaceChildren(
      h('option', { attrs: { value: '' } }, 'All'),
      ...options.map((o) => h('option', { attrs: { value: o.id } }, o.label)),
    );
    select.value = chosen ?? '';
  }

  private choosePeriod(period: CostsQuery['period']): void {
    if (period !== 'custom') {
      this.emit({ ...this.query, period, from: null, to: null });
      return;
    }
    const today = localDay(new Date());
    const from = this.query.from ?? this.range?.from ?? today;
    const to = this.query.to ?? this.range?.to ?? today;
    this.emit({ ...this.query, period, from, to });
  }

  private scheduleDates(): void {
    window.clearTimeout(this.dateTimer);
    this.dateTimer = window.setTimeout(() => this.applyDates(), DATE_DEBOUNCE_MS);
  }

  private applyDates(): void {
    this.dateTimer = undefined;
    const from = this.from.value;
    const to = this.to.value;
    const valid = DAY_PATTERN.test(from) && DAY_PATTERN.test(to);
    const ordered = valid && from <= to;
    this.from.setAttribute('aria-invalid', String(!ordered));
    this.to.setAttribute('aria-invalid', String(!ordered));
    this.dateHint.textContent = !valid ? 'Enter both dates.' : !ordered ? 'The start must not be after the end.' : '';
    if (!ordered || (from === this.query.from && to === this.query.to)) return;
    this.emit({ ...this.query, period: 'custom', from, to });
  }

  private emit(query: CostsQuery): void {
    this.query = query;
    this.reflect();
    this.actions.query(query);
  }

  /** Puts the current query into the controls. */
  private reflect(): void {
    const radio = this.radios.get(this.query.period);
    if (radio) radio.checked = true;
    const custom = this.query.period === 'custom';
    this.dates.hidden = !custom;
    if (custom) {
      if (this.query.from !== null && document.activeElement !== this.from) this.from.value = this.query.from;
      if (this.query.to !== null && document.activeElement !== this.to) this.to.value = this.query.to;
    }
    for (const key of FILTER_KEYS) {
      const select = this.selects.get(key);
      if (select && select.value !== (this.query.filters[key] ?? '')) this.fillSelect(key);
    }
  }
}
