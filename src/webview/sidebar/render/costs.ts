// The compact costs card: today, this month, the monthly budget left and the current account,
// with a button that opens the costs panel. Money arrives in nano-dollars.
import type { CostsSummaryView } from '../../../shared/viewState';
import { button, h, icon } from '../../common/dom';
import { formatMoney } from '../../costs/format';
import type { RenderContext } from './context';
import { section } from './section';

/** Money as the costs panel shows it (one formatter for both views). */
const formatNanos = formatMoney;

function figure(label: string, value: string, testId: string, tone?: 'warning'): HTMLElement {
  return h('div', { class: `cost-figure${tone ? ` is-${tone}` : ''}`, attrs: { 'data-testid': testId } }, h('span', { class: 'cost-label' }, label), h('span', { class: 'cost-value' }, value));
}

export function renderCosts(costs: CostsSummaryView, ctx: RenderContext): HTMLElement {
  const { budget, account } = costs;
  const figures = [figure('Today', formatNanos(costs.todayNanos), 'costs-today'), figure('This month', formatNanos(costs.monthNanos), 'costs-month')];
  if (budget) {
    const over = budget.leftNanos < 0;
    figures.push(figure(over ? 'Over budget' : 'Budget left', formatNanos(Math.abs(budget.leftNanos)), 'costs-budget', over || budget.leftNanos < budget.limitNanos / 5 ? 'warning' : undefined));
  }
  if (account) figures.push(figure('Account', `${account.name} · ${account.used}`, 'costs-account'));
  return section(
    ctx,
    'costs',
    'Costs',
    null,
    h('div', { class: 'cost-figures' }, ...figures),
    button([icon('graph'), 'Show Costs'], { variant: 'secondary', attrs: { 'data-testid': 'show-costs', 'aria-label': 'Show the costs panel' } }, () => ctx.actions.showCosts()),
  );
}
