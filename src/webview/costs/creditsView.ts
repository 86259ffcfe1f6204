// Credits used per account: "37 / 100 credits", "$1.20 / $5.00" or "42%", with the time to
// the next reset, as bars of used against the limit (an HTML table: its rows are the bars).
import type { CostsState } from '../../shared/protocol/costs';
import { h, icon } from '../common/dom';
import { formatInteger, formatPercent, formatTimeUntil, formatUsd } from './format';

export type Credit = CostsState['credits'][number];

const amount = (n: number): string => (Number.isInteger(n) ? formatInteger(n) : n.toFixed(1));

/** "37 / 100 credits", "$1.20 / $5.00", "42%". */
export function creditAmount(credit: Credit): string {
  switch (credit.unit) {
    case 'credits':
      return `${amount(credit.used)} / ${amount(credit.limit)} credits`;
    case 'usd':
      return `${formatUsd(credit.used)} / ${formatUsd(credit.limit)}`;
    case 'percent':
      return `${amount(credit.used)}%`;
  }
}

/** "resets in 3h 20m", "resets now", "no reset date". */
export function resetText(credit: Credit, now: number): string {
  if (credit.resetsAt === null) return 'no reset date';
  const left = formatTimeUntil(credit.resetsAt, now);
  if (left === null) return 'no reset date';
  return left === 'now' ? 'resets now' : `resets in ${left}`;
}

/** How full the account is, for the bar's colour. */
export function creditLevel(credit: Credit): 'ok' | 'warning' | 'critical' {
  if (credit.status === 'exhausted' || credit.share >= 0.95) return 'critical';
  return credit.share >= 0.8 ? 'warning' : 'ok';
}

function statusTag(credit: Credit): HTMLElement | null {
  if (credit.status === 'active') return credit.current ? h('span', { class: 'tag is-current' }, 'current') : null;
  return h('span', { class: `tag is-${credit.status}` }, credit.status);
}

/**
 * A bar filled to `share` (at most full; an overdrawn account says so in its text). Its width
 * is set through the CSSOM, which the CSP allows. Hidden from screen readers: the numbers
 * next to it say the same.
 */
export function meter(share: number, level: string): HTMLElement {
  const fill = h('span', { class: `meter-fill is-${level}` });
  fill.style.width = `${Math.min(100, Math.max(0, share * 100)).toFixed(2)}%`;
  return h('span', { class: 'meter', attrs: { 'aria-hidden': 'true' } }, fill);
}

export function creditsTable(credits: readonly Credit[], now: number): HTMLElement {
  if (credits.length === 0) {
    return h('p', { class: 'empty', attrs: { 'data-testid': 'credits-empty' } }, 'No accounts with a credit limit. Add one with Baton: Add Account.');
  }
  return h(
    'table',
    { class: 'data-table bar-table', attrs: { 'data-testid': 'credits-table' } },
    h('caption', { class: 'visually-hidden' }, 'Credits used per account'),
    h(
      'thead',
      {},
      h('tr', {}, h('th', { attrs: { scope: 'col' } }, 'Account'), h('th', { attrs: { scope: 'col' } }, 'Used'), h('th', { class: 'num', attrs: { scope: 'col' } }, 'Share'), h('th', { attrs: { scope: 'col' } }, 'Reset')),
    ),
    h(
      'tbody',
      {},
      ...credits.map((c) =>
        h(
          'tr',
          { attrs: { 'data-testid': 'credit-row' } },
          h('th', { attrs: { scope: 'row' } }, h('span', { class: 'bar-label' }, c.account), h('span', { class: 'muted' }, ` ${c.platform}`), statusTag(c)),
          h('td', { class: 'meter-cell' }, meter(c.share, creditLevel(c)), h('span', { class: 'meter-text' }, creditAmount(c))),
          h('td', { class: 'num' }, formatPercent(c.share)),
          h('td', { class: 'muted' }, icon('history'), ` ${resetText(c, now)}`),
        ),
      ),
    ),
  );
}

/** One line per account for the headline card. */
export function creditLines(credits: readonly Credit[], now: number): HTMLElement {
  return h(
    'ul',
    { class: 'credit-lines' },
    ...credits.map((c) =>
      h(
        'li',
        { class: `credit-line is-${creditLevel(c)}`, attrs: { 'data-testid': 'credit-line' } },
        h('span', { class: 'credit-account' }, c.account),
        h('span', { class: 'credit-amount' }, creditAmount(c)),
        h('span', { class: 'credit-share' }, c.unit === 'percent' ? '' : formatPercent(c.share)),
        h('span', { class: 'credit-reset' }, resetText(c, now)),
      ),
    ),
  );
}
