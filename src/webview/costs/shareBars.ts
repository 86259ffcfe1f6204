// Spend by model, by workspace and by session as horizontal bars. Each is an HTML table whose
// first cell carries the bar, so the same rows serve sighted users and screen readers; the
// host's "others" row (a null key) comes last, set apart.
import type { CostsState } from '../../shared/protocol/costs';
import { h } from '../common/dom';
import { meter } from './creditsView';
import { formatInteger, formatMoney, formatPercent } from './format';

export type Share = CostsState['byModel'][number];

export function shareTable(title: string, shares: readonly Share[], testId: string, emptyText: string): HTMLElement {
  const headingId = `${testId}-title`;
  const heading = h('h3', { class: 'panel-title', attrs: { id: headingId } }, title);
  if (shares.length === 0) return h('div', { class: 'share-panel', attrs: { 'data-testid': testId } }, heading, h('p', { class: 'empty' }, emptyText));
  const total = shares.reduce((sum, s) => sum + s.nanos, 0);
  const widest = Math.max(...shares.map((s) => s.nanos), 1);
  const rows = shares.map((s) =>
    h(
      'tr',
      { class: s.key === null ? 'is-others' : undefined, attrs: { 'data-testid': 'share-row' } },
      h(
        'th',
        { class: 'bar-cell', attrs: { scope: 'row' } },
        h('span', { class: 'bar-label', attrs: { title: s.label } }, s.label),
        meter(s.nanos / widest, s.key === null ? 'others' : 'share'),
      ),
      h('td', { class: 'num' }, formatMoney(s.nanos)),
      h('td', { class: 'num muted' }, formatInteger(s.requests)),
      h('td', { class: 'num muted' }, total > 0 ? formatPercent(s.nanos / total) : '—'),
    ),
  );
  return h(
    'div',
    { class: 'share-panel', attrs: { 'data-testid': testId } },
    heading,
    h(
      'table',
      { class: 'data-table bar-table', attrs: { 'aria-labelledby': headingId } },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { attrs: { scope: 'col' } }, 'Name'),
          h('th', { class: 'num', attrs: { scope: 'col' } }, 'Spend'),
          h('th', { class: 'num', attrs: { scope: 'col' } }, 'Requests'),
          h('th', { class: 'num', attrs: { scope: 'col' } }, 'Share'),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}
