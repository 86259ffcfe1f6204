// Unusual spending: each anomaly with its kind (icon and label), the day and what it concerns,
// the sentence that explains it, and "Show requests", which asks for the requests behind it
// (`requests({ids})` when the anomaly names them, `anomalyRequests` for a day-level one) and
// lists them in the same table as the most expensive requests.
import { ANOMALY_KINDS, type CostRequestRow, type CostsState, type RequestDetail } from '../../shared/protocol/costs';
import { h, icon } from '../common/dom';
import { errorText } from './errors';
import { formatDay, plural } from './format';
import { RequestList } from './requestTables';

type Anomaly = CostsState['anomalies'][number];
type Kind = (typeof ANOMALY_KINDS)[number];

const KINDS: Readonly<Record<Kind, { readonly label: string; readonly icon: string }>> = {
  'day-spike': { label: 'Spending spike', icon: 'flame' },
  'request-outlier': { label: 'Unusual request', icon: 'zap' },
  'price-drift': { label: 'Price change', icon: 'tag' },
  'fallback-rate': { label: 'Many fallbacks', icon: 'arrow-swap' },
};

export interface AnomalyDeps {
  readonly fetchRows: (ids: readonly string[]) => Promise<CostRequestRow[]>;
  /** The requests behind a day-level anomaly, looked up by the host. */
  readonly lookupRows: (anomaly: Anomaly) => Promise<CostRequestRow[]>;
  readonly fetchDetail: (id: string) => Promise<RequestDetail>;
}

const keyOf = (a: Anomaly): string => JSON.stringify([a.kind, a.day, a.provider, a.model, a.requestIds[0] ?? null]);

/** Shown before "Show all": a long list of unusual requests says little more than its first ten. */
const FIRST_SHOWN = 10;

export class AnomaliesView {
  readonly element = h('div', { class: 'anomalies', attrs: { 'data-testid': 'anomalies' } });
  /** Anomalies whose requests the user opened; they stay open when the state is reloaded. */
  private readonly open = new Set<string>();
  private showAll = false;

  constructor(private readonly deps: AnomalyDeps) {}

  show(anomalies: readonly Anomaly[]): void {
    if (anomalies.length === 0) {
      this.element.replaceChildren(h('p', { class: 'empty', attrs: { 'data-testid': 'anomalies-empty' } }, icon('pass'), ' Nothing unusual in this period.'));
      return;
    }
    const keys = new Set(anomalies.map(keyOf));
    for (const key of this.open) if (!keys.has(key)) this.open.delete(key);
    const shown = this.showAll ? anomalies : anomalies.slice(0, FIRST_SHOWN);
    const list = h('ul', { class: 'anomaly-list' }, ...shown.map((a, i) => this.item(a, i)));
    const rest = anomalies.length - shown.length;
    if (rest <= 0) return void this.element.replaceChildren(list);
    const more = h('button', { class: 'link-button', attrs: { type: 'button', 'data-testid': 'anomalies-more' } }, icon('chevron-down'), ` Show ${rest} more`);
    more.addEventListener('click', () => {
      this.showAll = true;
      this.show(anomalies);
    });
    this.element.replaceChildren(list, more);
  }

  private item(anomaly: Anomaly, index: number): HTMLElement {
    const kind = KINDS[anomaly.kind];
    const key = keyOf(anomaly);
    const about = [anomaly.provider, anomaly.model].filter((part): part is string => part !== null).join(' / ');
    const panelId = `anomaly-requests-${index}`;
    const rowsHost = h('div', { class: 'anomaly-requests', attrs: { id: panelId, 'data-testid': 'anomaly-requests' } });
    const count = anomaly.requestIds.length;
    const available = count > 0 || anomaly.lookup;
    const showText = count > 0 ? `Show requests (${count})` : 'Show requests';
    const toggle = h(
      'button',
      {
        class: 'link-button',
        attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': panelId, 'data-testid': 'show-requests', title: available ? undefined : 'No requests were recorded for this' },
      },
      icon('list-unordered'),
      h('span', { class: 'toggle-text' }, available ? showText : 'No requests to show'),
    );
    toggle.disabled = !available;
    const setOpen = (open: boolean) => {
      toggle.setAttribute('aria-expanded', String(open));
      const text = toggle.querySelector('.toggle-text');
      if (text && available) text.textContent = open ? 'Hide requests' : showText;
      rowsHost.hidden = !open;
      if (open) {
        this.open.add(key);
        this.loadRows(anomaly, rowsHost);
      } else {
        this.open.delete(key);
        rowsHost.replaceChildren();
      }
    };
    toggle.addEventListener('click', () => setOpen(toggle.getAttribute('aria-expanded') !== 'true'));
    rowsHost.hidden = true;
    if (available && this.open.has(key)) setOpen(true);
    return h(
      'li',
      { class: `anomaly is-${anomaly.kind}`, attrs: { 'data-testid': 'anomaly', 'data-kind': anomaly.kind } },
      h(
        'div',
        { class: 'anomaly-head' },
        icon(kind.icon, 'anomaly-icon'),
        h('span', { class: 'anomaly-kind' }, kind.label),
        h('span', { class: 'muted' }, ` · ${formatDay(anomaly.day, true)}${about === '' ? '' : ` · ${about}`}`),
      ),
      h('p', { class: 'anomaly-why', attrs: { 'data-testid': 'anomaly-why' } }, anomaly.why),
      toggle,
      rowsHost,
    );
  }

  private loadRows(anomaly: Anomaly, host: HTMLElement): void {
    host.replaceChildren(h('p', { class: 'status-message', attrs: { role: 'status' } }, icon('loading', 'codicon-modifier-spin'), ' Loading requests…'));
    const rows = anomaly.requestIds.length > 0 ? this.deps.fetchRows(anomaly.requestIds) : this.deps.lookupRows(anomaly);
    rows.then(
      (rows) => {
        if (host.hidden) return;
        const list = new RequestList(`Requests behind the ${KINDS[anomaly.kind].label.toLowerCase()} on ${formatDay(anomaly.day)}`, 'anomaly-request', this.deps.fetchDetail);
        list.setRows(rows);
        const found = anomaly.requestIds.length > 0 && rows.length < anomaly.requestIds.length ? h('p', { class: 'description' }, `${plural(rows.length, 'request')} of ${anomaly.requestIds.length} are still in the ledger.`) : null;
        host.replaceChildren(...[found, list.element].filter((e): e is HTMLElement => e !== null));
      },
      (error: unknown) => {
        if (host.hidden) return;
        host.replaceChildren(h('div', { class: 'error-box', attrs: { role: 'alert' } }, icon('error', 'error-icon'), h('p', { class: 'error-text' }, `Could not load the requests: ${errorText(error)}`)));
      },
    );
  }
}
