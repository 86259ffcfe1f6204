// The compact costs card: today, this month, the monthly budget left and the current account,
// with a button that opens the costs panel. Money arrives in nano-dollars.
import type { CostsSummaryView } from '../../../shared/viewState';
import { button, h, icon } from '../../common/dom';
import type { RenderContext } from './context';
import { section } from './section';

const NANOS_PER_USD = 1e9;

/** `$1.23`; below a cent with more digits (`$0.0042`), as the costs panel shows it. */
export function formatNanos(nanos: number): string {
  const usd = nanos / NANOS_PER_USD;
  const sign = usd < 0 ? '-' : '';
  const abs = Math.abs(usd);
  const digits = abs > 0 && abs < 0.01 ? 4 : 2;
  return `${sign}$${abs.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

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
