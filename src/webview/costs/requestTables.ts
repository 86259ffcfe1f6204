// The request and session tables: the most expensive requests (also used for an anomaly's
// requests) with the drill-down of the row the user opens, and the most expensive sessions.
import type { CostRequestRow, CostsState, RequestDetail } from '../../shared/protocol/costs';
import { h } from '../common/dom';
import { formatCompact, formatInteger, formatMoney, formatMs, formatTimestamp } from './format';
import { costText, RequestDetailPanel } from './requestDetail';
import { type Column, SortableTable } from './sortableTable';

type SessionRow = CostsState['topSessions'][number];

function costCell(row: CostRequestRow): HTMLElement {
  const text = costText(row);
  const plain = row.pricing === 'priced' && row.costNanos !== null;
  return h('span', { class: plain ? 'money' : 'muted', attrs: { title: row.estimated ? 'Estimated' : undefined } }, text);
}

function statusCell(row: CostRequestRow): HTMLElement {
  const marks = [row.fallbackUsed ? 'fallback' : '', row.cacheHit ? 'cached' : ''].filter((m) => m !== '');
  return h('span', { class: /error|fail|timeout|refused/i.test(row.status) ? 'is-failure' : undefined }, row.status, marks.length > 0 && h('span', { class: 'muted' }, ` · ${marks.join(', ')}`));
}

const REQUEST_COLUMNS: readonly Column<CostRequestRow>[] = [
  { key: 'at', label: 'Time', sortValue: (r) => r.at, cell: (r) => formatTimestamp(r.at) },
  { key: 'provider', label: 'Provider', sortValue: (r) => r.provider, cell: (r) => r.provider },
  { key: 'model', label: 'Model', sortValue: (r) => r.model, cell: (r) => r.model },
  { key: 'workspace', label: 'Workspace', sortValue: (r) => r.workspace, cell: (r) => r.workspace ?? '—' },
  { key: 'source', label: 'Source', sortValue: (r) => r.source, cell: (r) => r.source },
  { key: 'input', label: 'In', numeric: true, sortValue: (r) => r.inputTokens, cell: (r) => formatCompact(r.inputTokens) },
  { key: 'output', label: 'Out', numeric: true, sortValue: (r) => r.outputTokens, cell: (r) => formatCompact(r.outputTokens) },
  { key: 'cached', label: 'Cached', numeric: true, sortValue: (r) => r.cachedTokens, cell: (r) => formatCompact(r.cachedTokens) },
  { key: 'latency', label: 'Latency', numeric: true, sortValue: (r) => r.latencyMs, cell: (r) => formatMs(r.latencyMs) },
  { key: 'status', label: 'Status', sortValue: (r) => r.status, cell: statusCell },
  { key: 'cost', label: 'Cost', numeric: true, sortValue: (r) => r.costNanos, cell: costCell },
];

const SESSION_COLUMNS: readonly Column<SessionRow>[] = [
  { key: 'goal', label: 'Session', sortValue: (s) => s.goal, cell: (s) => (s.goal.trim() === '' ? h('span', { class: 'muted' }, 'No goal') : s.goal) },
  { key: 'workspace', label: 'Workspace', sortValue: (s) => s.workspace, cell: (s) => s.workspace ?? '—' },
  { key: 'started', label: 'Started', sortValue: (s) => s.startedAt, cell: (s) => (s.startedAt === null ? '—' : formatTimestamp(s.startedAt)) },
  { key: 'requests', label: 'Requests', numeric: true, sortValue: (s) => s.requests, cell: (s) => formatInteger(s.requests) },
  { key: 'spend', label: 'Spend', numeric: true, sortValue: (s) => s.nanos, cell: (s) => h('span', { class: 'money' }, formatMoney(s.nanos)) },
];

/** A sortable table of requests; a row opens its drill-down right under the table. */
export class RequestList {
  readonly element: HTMLElement;
  private readonly table: SortableTable<CostRequestRow>;
  private readonly detail: RequestDetailPanel;

  constructor(caption: string, testId: string, fetchDetail: (id: string) => Promise<RequestDetail>) {
    this.detail = new RequestDetailPanel(fetchDetail, `${testId}-detail`);
    this.table = new SortableTable({
      caption,
      columns: REQUEST_COLUMNS,
      rowId: (r) => r.id,
      sort: { key: 'cost', direction: 'descending' },
      testId,
      emptyText: 'No requests in this period.',
      onActivate: (row, element) => this.detail.open(row, element),
      rowLabel: () => 'Show the cost breakdown of this request',
    });
    this.element = h('div', { class: 'request-list' }, this.table.element, this.detail.element);
  }

  setRows(rows: readonly CostRequestRow[]): void {
    this.table.setRows(rows);
  }
}

export function sessionTable(): SortableTable<SessionRow> {
  return new SortableTable({
    caption: 'Most expensive sessions',
    columns: SESSION_COLUMNS,
    rowId: (s) => s.id,
    sort: { key: 'spend', direction: 'descending' },
    testId: 'top-sessions',
    emptyText: 'No sessions with requests in this period.',
  });
}
