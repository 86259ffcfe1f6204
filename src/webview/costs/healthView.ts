// Provider health in the period: requests, success rate, fallbacks, latency and time to first
// token (median and 95th percentile), and the circuit breaker's state as the router left it.
import { BREAKER_STATES, type CostsState } from '../../shared/protocol/costs';
import { h, icon } from '../common/dom';
import { formatInteger, formatMs, formatPercent } from './format';

type Health = CostsState['health'][number];
type Breaker = (typeof BREAKER_STATES)[number];

const UNKNOWN_BREAKER = 'Unknown: the router has not run in this window, so it has no breaker state for this provider.';

const BREAKERS: Readonly<Record<Exclude<Breaker, 'unknown'>, { readonly label: string; readonly icon: string; readonly title: string }>> = {
  closed: { label: 'Closed', icon: 'pass', title: 'Closed: requests go through normally.' },
  open: { label: 'Open', icon: 'error', title: 'Open: the provider failed repeatedly and is skipped for now.' },
  'half-open': { label: 'Half-open', icon: 'warning', title: 'Half-open: a trial request decides whether the provider is used again.' },
};

function breakerCell(state: Breaker): HTMLElement {
  if (state === 'unknown') {
    return h(
      'span',
      { class: 'breaker is-unknown', attrs: { title: UNKNOWN_BREAKER, 'data-testid': 'breaker' } },
      h('span', { attrs: { 'aria-hidden': 'true' } }, '—'),
      h('span', { class: 'visually-hidden' }, UNKNOWN_BREAKER),
    );
  }
  const look = BREAKERS[state];
  return h('span', { class: `breaker is-${state}`, attrs: { title: look.title, 'data-testid': 'breaker' } }, icon(look.icon, 'breaker-icon'), ` ${look.label}`);
}

const pair = (p50: number | null, p95: number | null): string => (p50 === null && p95 === null ? '—' : `${formatMs(p50)} / ${formatMs(p95)}`);

export function healthTable(health: readonly Health[]): HTMLElement {
  if (health.length === 0) return h('p', { class: 'empty', attrs: { 'data-testid': 'health-empty' } }, 'No routed requests in this period.');
  const col = (label: string, numeric = true, title?: string) => h('th', { class: numeric ? 'num' : undefined, attrs: { scope: 'col', title } }, label);
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'data-table', attrs: { 'data-testid': 'health-table' } },
      h('caption', { class: 'visually-hidden' }, 'Provider health'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          col('Provider', false),
          col('Requests'),
          col('Success'),
          col('Fallbacks'),
          col('Latency p50 / p95', true, 'Median and 95th percentile of the whole request'),
          col('First token p50 / p95', true, 'Median and 95th percentile of the time to the first token'),
          col('Breaker', false),
        ),
      ),
      h(
        'tbody',
        {},
        ...health.map((p) =>
          h(
            'tr',
            { attrs: { 'data-testid': 'health-row' } },
            h('th', { attrs: { scope: 'row' } }, p.provider),
            h('td', { class: 'num' }, formatInteger(p.requests)),
            h('td', { class: `num${p.successRate !== null && p.successRate < 0.95 ? ' is-failure' : ''}` }, p.successRate === null ? '—' : formatPercent(p.successRate, 1)),
            h('td', { class: 'num' }, formatInteger(p.fallbacks)),
            h('td', { class: 'num' }, pair(p.latencyP50Ms, p.latencyP95Ms)),
            h('td', { class: 'num' }, pair(p.ttftP50Ms, p.ttftP95Ms)),
            h('td', {}, breakerCell(p.breaker)),
          ),
        ),
      ),
    ),
  );
}
