// One request's drill-down, asked for with `request({id})`: its attempts, tokens, the cost
// formula line by line (tokens × $/M = cost), where the prices come from, time to first token,
// what the cache saved, the router's decision and the redacted request as preformatted text.
import type { CostRequestRow, RequestDetail } from '../../shared/protocol/costs';
import { h, icon, iconButton, type Child } from '../common/dom';
import { formatInteger, formatMoney, formatMoneyOrDash, formatMs, formatTimestamp, formatUsd } from './format';
import { errorText } from './errors';

/** `$0.42`, `~$0.42` when estimated, `subscription`, `unpriced`. */
export function costText(row: CostRequestRow): string {
  if (row.pricing === 'subscription') return 'subscription';
  if (row.pricing === 'unpriced' || row.costNanos === null) return 'unpriced';
  return `${row.estimated ? '~' : ''}${formatMoney(row.costNanos)}`;
}

function fact(term: string, value: Child): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, value)];
}

function facts(detail: RequestDetail): HTMLElement {
  const r = detail.row;
  return h(
    'dl',
    { class: 'facts', attrs: { 'data-testid': 'detail-facts' } },
    ...fact('Cost', costText(r)),
    ...fact('Tokens', `${formatInteger(r.inputTokens)} in · ${formatInteger(r.outputTokens)} out · ${formatInteger(r.cachedTokens)} cached`),
    ...fact('Latency', formatMs(r.latencyMs)),
    ...fact('Time to first token', formatMs(detail.ttftMs)),
    ...fact('Saved', formatMoney(detail.savedNanos)),
    ...fact('Status', `${r.status}${r.fallbackUsed ? ' (after a fallback)' : ''}${r.cacheHit ? ' (from the cache)' : ''}`),
    ...fact('Workspace', r.workspace ?? '—'),
    ...fact('Account', r.account ?? '—'),
    ...fact('Source', r.source),
  );
}

function attempts(detail: RequestDetail): HTMLElement {
  if (detail.attempts.length === 0) return h('p', { class: 'empty' }, 'No attempts recorded (read from an agent log).');
  return h(
    'ol',
    { class: 'attempts', attrs: { 'data-testid': 'detail-attempts' } },
    ...detail.attempts.map((a) =>
      h(
        'li',
        {},
        h('span', { class: 'attempt-target' }, `${a.provider} / ${a.model}`),
        h('span', { class: 'muted' }, ` — ${a.status}`),
        a.error !== null && h('span', { class: 'attempt-error' }, `: ${a.error}`),
      ),
    ),
  );
}

function formula(detail: RequestDetail): HTMLElement {
  const rows = detail.formula.map((line) =>
    h(
      'tr',
      { attrs: { 'data-testid': 'formula-line' } },
      h('th', { attrs: { scope: 'row' } }, line.label),
      h('td', { class: 'num' }, formatInteger(line.tokens)),
      h('td', { class: 'op', attrs: { 'aria-hidden': 'true' } }, '×'),
      h('td', { class: 'num' }, line.usdPerMillion === null ? 'no price' : `${formatUsd(line.usdPerMillion)}/M`),
      h('td', { class: 'op', attrs: { 'aria-hidden': 'true' } }, '='),
      h('td', { class: 'num money' }, formatMoneyOrDash(line.nanos)),
    ),
  );
  return h(
    'table',
    { class: 'data-table formula', attrs: { 'data-testid': 'detail-formula' } },
    h('caption', { class: 'visually-hidden' }, 'Cost formula'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { attrs: { scope: 'col' } }, 'Item'),
        h('th', { class: 'num', attrs: { scope: 'col' } }, 'Tokens'),
        h('td', { attrs: { 'aria-hidden': 'true' } }),
        h('th', { class: 'num', attrs: { scope: 'col' } }, 'Price per million'),
        h('td', { attrs: { 'aria-hidden': 'true' } }),
        h('th', { class: 'num', attrs: { scope: 'col' } }, 'Cost'),
      ),
    ),
    h('tbody', {}, ...rows),
    h('tfoot', {}, h('tr', {}, h('th', { attrs: { scope: 'row' } }, 'Total'), h('td', { attrs: { colspan: '4' } }), h('td', { class: 'num money' }, costText(detail.row)))),
  );
}

function preformatted(title: string, text: string, testId: string): HTMLElement[] {
  return [h('h4', { class: 'detail-heading' }, title), h('pre', { class: 'preformatted', attrs: { 'data-testid': testId, tabindex: '0' } }, text.trim() === '' ? '—' : text)];
}

function renderDetail(detail: RequestDetail): Child[] {
  return [
    facts(detail),
    h('h4', { class: 'detail-heading' }, 'Attempts'),
    attempts(detail),
    h('h4', { class: 'detail-heading' }, 'Cost formula'),
    formula(detail),
    h('p', { class: 'description prices-note', attrs: { 'data-testid': 'detail-prices-note' } }, icon('info'), ` ${detail.pricesNote}`),
    ...preformatted('Routing decision', detail.decision, 'detail-decision'),
    ...preformatted('Request (redacted)', detail.redacted, 'detail-redacted'),
  ];
}

/** The drill-down region under a request table; one request at a time. */
export class RequestDetailPanel {
  readonly element: HTMLElement;
  private readonly heading: HTMLHeadingElement;
  private readonly subtitle = h('p', { class: 'description' });
  private readonly content = h('div', { class: 'detail-content' });
  private opener: HTMLElement | undefined;
  private version = 0;

  constructor(
    private readonly fetch: (id: string) => Promise<RequestDetail>,
    testId: string,
  ) {
    const headingId = `${testId}-heading`;
    this.heading = h('h3', { class: 'panel-title', attrs: { id: headingId, tabindex: '-1' } }, 'Request details');
    const close = iconButton('close', 'Close the request details', { attrs: { 'data-testid': `${testId}-close` } }, () => this.close());
    this.element = h(
      'section',
      { class: 'request-detail', attrs: { 'aria-labelledby': headingId, 'data-testid': testId } },
      h('div', { class: 'panel-header' }, h('div', { class: 'detail-title' }, this.heading, this.subtitle), close),
      this.content,
    );
    this.element.hidden = true;
  }

  open(row: CostRequestRow, opener: HTMLElement): void {
    const version = ++this.version;
    this.opener = opener;
    this.element.hidden = false;
    this.subtitle.textContent = `${row.provider} · ${row.model} · ${formatTimestamp(row.at)}`;
    this.content.replaceChildren(h('p', { class: 'status-message', attrs: { role: 'status' } }, icon('loading', 'codicon-modifier-spin'), ' Loading the request…'));
    this.content.setAttribute('aria-busy', 'true');
    this.heading.focus({ preventScroll: true });
    this.element.scrollIntoView({ block: 'nearest' });
    this.fetch(row.id).then(
      (detail) => {
        if (version !== this.version) return;
        this.content.removeAttribute('aria-busy');
        this.content.replaceChildren(...renderDetail(detail).filter((c): c is Node => c instanceof Node));
      },
      (error: unknown) => {
        if (version !== this.version) return;
        this.content.removeAttribute('aria-busy');
        this.content.replaceChildren(
          h('div', { class: 'error-box', attrs: { role: 'alert' } }, icon('error', 'error-icon'), h('p', { class: 'error-text' }, `Could not load this request: ${errorText(error)}`)),
        );
      },
    );
  }

  close(): void {
    this.version++;
    this.element.hidden = true;
    this.content.replaceChildren();
    this.opener?.focus();
    this.opener = undefined;
  }
}
