// The headline cards: spend and requests against the previous period, the average request,
// cache savings, how much of it is estimated, unpriced and subscription requests when there
// are any, and the credits used per account.
import type { CostsState } from '../../shared/protocol/costs';
import { h, icon, type Child } from '../common/dom';
import { creditLines } from './creditsView';
import { type Change, changeOf, formatDay, formatInteger, formatMoney, formatMoneyOrDash, formatPercent, plural } from './format';

const CHANGE_ICONS: Readonly<Record<Change['direction'], string>> = {
  up: 'arrow-up',
  down: 'arrow-down',
  flat: 'arrow-right',
  new: 'sparkle',
  none: 'dash',
};

function card(testId: string, label: string, value: string, ...details: Child[]): HTMLElement {
  const labelId = `card-${testId}`;
  return h(
    'article',
    { class: 'card', attrs: { 'data-testid': testId, 'aria-labelledby': labelId } },
    h('h3', { class: 'card-label', attrs: { id: labelId } }, label),
    h('p', { class: 'card-value', attrs: { 'data-testid': `${testId}-value` } }, value),
    ...details,
  );
}

function changeLine(change: Change, previous: string, testId: string): HTMLElement {
  const spoken = change.direction === 'up' ? 'up' : change.direction === 'down' ? 'down' : '';
  return h(
    'p',
    { class: `card-change is-${change.direction}`, attrs: { 'data-testid': testId } },
    icon(CHANGE_ICONS[change.direction], 'change-icon'),
    spoken !== '' && h('span', { class: 'visually-hidden' }, `${spoken} `),
    h('span', { class: 'change-text' }, change.text),
    h('span', { class: 'card-sub' }, ` vs ${previous}`),
  );
}

export function renderHeadline(state: Pick<CostsState, 'headline' | 'range' | 'credits'>, now: number): HTMLElement {
  const { headline: hl, range } = state;
  const previousPeriod = `${formatDay(range.previousFrom)} – ${formatDay(range.previousTo)}`;
  const cards: HTMLElement[] = [
    card(
      'spend',
      'Spend',
      formatMoney(hl.spendNanos),
      changeLine(changeOf(hl.spendNanos, hl.previousSpendNanos), `${formatMoney(hl.previousSpendNanos)} (${previousPeriod})`, 'spend-change'),
    ),
    card(
      'requests',
      'Requests',
      formatInteger(hl.requests),
      changeLine(changeOf(hl.requests, hl.previousRequests), `${formatInteger(hl.previousRequests)} before`, 'requests-change'),
    ),
    card(
      'average',
      'Average per request',
      formatMoneyOrDash(hl.averageNanos),
      h('p', { class: 'card-sub' }, hl.averageNanos === null ? 'No priced requests in this period' : 'Of the priced requests'),
    ),
    card('saved', 'Cache savings', formatMoney(hl.savedNanos), h('p', { class: 'card-sub' }, 'Not spent thanks to cached answers')),
    card(
      'estimated',
      'Estimated',
      hl.requests === 0 ? '—' : formatPercent(hl.estimatedRequests / hl.requests),
      h(
        'p',
        { class: 'card-sub' },
        hl.requests === 0
          ? 'No requests in this period'
          : `${formatInteger(hl.estimatedRequests)} of ${plural(hl.requests, 'request')} estimated, ${formatInteger(hl.requests - hl.estimatedRequests)} exact`,
      ),
    ),
  ];
  if (hl.unpricedRequests > 0) {
    cards.push(card('unpriced', 'Unpriced', formatInteger(hl.unpricedRequests), h('p', { class: 'card-sub' }, 'No price known: left out of the spend')));
  }
  if (hl.subscriptionRequests > 0) {
    cards.push(card('subscription', 'Subscription', formatInteger(hl.subscriptionRequests), h('p', { class: 'card-sub' }, 'Covered by a subscription plan')));
  }
  if (state.credits.length > 0) {
    const credits = card('credits', 'Credits', plural(state.credits.length, 'account'), creditLines(state.credits, now));
    credits.classList.add('is-wide');
    cards.push(credits);
  }
  return h('div', { class: 'cards', attrs: { 'data-testid': 'headline' } }, ...cards);
}
