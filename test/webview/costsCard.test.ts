// The sidebar's compact costs card: today, this month, the monthly budget left (a warning when
// little is left or it is overspent), the current account, and a button that opens the panel.
import assert from 'node:assert/strict';
import type { CostsSummaryView } from '../../src/shared/viewState';
import { HOSTILE, NOW, welcomeState } from './fixtures';
import { type PageGlobals, type SidebarPage, useSidebarPerTest } from './harness';

const USD = 1_000_000_000;
const costs: CostsSummaryView = {
  todayNanos: 1.2 * USD,
  monthNanos: 34.1 * USD,
  budget: { limitNanos: 50 * USD, leftNanos: 15.9 * USD },
  account: { name: 'GenSpark-02', used: '37 / 100 credits' },
};

describe('sidebar webview: costs card', () => {
  const currentPage = useSidebarPerTest({ clockAt: NOW });
  let view: SidebarPage;
  beforeEach(() => {
    view = currentPage();
  });

  it('shows today, this month, the budget left and the account, and opens the panel', async () => {
    await view.sendState({ ...welcomeState, costs });
    assert.equal(await view.page.getByTestId('costs-today').innerText(), 'Today\n$1.20');
    assert.equal(await view.page.getByTestId('costs-month').innerText(), 'This month\n$34.10');
    assert.equal(await view.page.getByTestId('costs-budget').innerText(), 'Budget left\n$15.90');
    assert.equal(await view.page.getByTestId('costs-budget').getAttribute('class'), 'cost-figure');
    assert.equal(await view.page.getByTestId('costs-account').innerText(), 'Account\nGenSpark-02 · 37 / 100 credits');
    await view.page.getByRole('button', { name: 'Show the costs panel' }).click();
    assert.deepEqual((await view.posted()).filter((p) => p.type === 'showCosts'), [{ type: 'showCosts' }]);
  });

  it('warns when the budget is nearly gone or overspent, and leaves out what is not set', async () => {
    await view.sendState({ ...welcomeState, costs: { ...costs, budget: { limitNanos: 50 * USD, leftNanos: 4 * USD } } });
    assert.match(await view.page.getByTestId('costs-budget').getAttribute('class') ?? '', /is-warning/);
    await view.sendState({ ...welcomeState, costs: { ...costs, budget: { limitNanos: 50 * USD, leftNanos: -2.5 * USD } } });
    assert.equal(await view.page.getByTestId('costs-budget').innerText(), 'Over budget\n$2.50');
    await view.sendState({ ...welcomeState, costs: { todayNanos: 4_200_000, monthNanos: 0, budget: null, account: null } });
    assert.equal(await view.page.getByTestId('costs-today').innerText(), 'Today\n$0.0042');
    assert.equal(await view.page.getByTestId('costs-budget').count(), 0);
    assert.equal(await view.page.getByTestId('costs-account').count(), 0);
  });

  it('shows no card without costs, and an account name as text', async () => {
    await view.sendState(welcomeState);
    assert.equal(await view.page.getByTestId('show-costs').count(), 0);
    await view.sendState({ ...welcomeState, costs: { ...costs, account: { name: HOSTILE, used: '1%' } } });
    assert.match(await view.page.getByTestId('costs-account').innerText(), /<img src=x/);
    assert.equal(await view.page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned), undefined);
  });
});
