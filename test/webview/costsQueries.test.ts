// The top bar asks for exactly the query the user chose; the query survives a reload of the
// page; the host's `changed` asks again for the same query; Export and Budgets send commands.
import assert from 'node:assert/strict';
import type { CostsQuery, FilterKey } from '../../src/shared/protocol/costs';
import { FakeCostsHost, NOW, ninetyDayState, oneDayState, OPTIONS, query, request, requestDetail, useCostsPage } from './costsFixtures';
import { openSidebar, type SidebarPage, startHarness } from './harness';

/** The last `load` request's envelope, exactly as posted. */
async function lastLoadEnvelope(view: SidebarPage): Promise<unknown> {
  const envelopes = (await view.envelopes()) as { kind?: string; method?: string }[];
  return envelopes.filter((e) => e.kind === 'request' && e.method === 'load').at(-1);
}

describe('costs webview: queries', () => {
  const currentPage = useCostsPage();
  let view: SidebarPage;
  let host: FakeCostsHost;
  beforeEach(async () => {
    view = currentPage();
    host = new FakeCostsHost(view);
    await host.load(oneDayState());
  });

  it('asks for each period with exactly its query', async () => {
    for (const period of ['7d', 'today', 'month', '30d'] as const) {
      await view.page.getByTestId(`period-${period}`).check();
      const request = await host.next('load');
      assert.deepEqual(await lastLoadEnvelope(view), { kind: 'request', id: request.id, method: 'load', params: query(period) });
      await host.answer(request, oneDayState());
    }
  });

  it('asks for each filter with exactly its query, and "All" clears it', async () => {
    const choices: Record<FilterKey, string> = { workspace: 'ws-blog', provider: 'anthropic', model: 'gpt-4o', account: 'acc-team', source: 'claude-code' };
    let expected: CostsQuery = query('30d');
    for (const [key, value] of Object.entries(choices) as [FilterKey, string][]) {
      await view.page.getByLabel(key[0]!.toUpperCase() + key.slice(1), { exact: true }).selectOption(value);
      expected = { ...expected, filters: { ...expected.filters, [key]: value } };
      const request = await host.next('load');
      assert.deepEqual(await lastLoadEnvelope(view), { kind: 'request', id: request.id, method: 'load', params: expected });
      await host.answer(request, oneDayState());
    }
    await view.page.getByTestId('filter-provider').selectOption('');
    const cleared = await host.next('load');
    assert.deepEqual(cleared.params, { ...expected, filters: { ...expected.filters, provider: null } });
    await host.answer(cleared, oneDayState());
  });

  it('offers the options of the state, with "All" first', async () => {
    const labels = await view.page.getByTestId('filter-provider').locator('option').allInnerTexts();
    assert.deepEqual(labels, ['All', ...OPTIONS.providers.map((o) => o.label)]);
  });

  it('starts a custom range at the shown range and waits for typing to stop', async () => {
    await view.notify('changed');
    await host.load(ninetyDayState());
    await view.page.getByTestId('period-custom').check();
    const first = await host.next('load');
    assert.deepEqual(first.params, query('custom', ninetyDayState().range.from, '2026-11-24'));
    await host.answer(first, ninetyDayState());
    assert.equal(await view.page.getByLabel('From', { exact: true }).isVisible(), true);
    await view.page.getByLabel('From', { exact: true }).fill('2026-10-01');
    await view.page.getByLabel('To', { exact: true }).fill('2026-10-31');
    const second = await host.next('load');
    assert.deepEqual(second.params, query('custom', '2026-10-01', '2026-10-31'));
    const loads = (await view.requests()).filter((r) => r.method === 'load');
    assert.equal(loads.at(-1)!.id, second.id, 'one load for both dates, none for the half-typed range');
    await host.answer(second, ninetyDayState());
  });

  it('refuses a custom range that ends before it starts', async () => {
    await view.page.getByTestId('period-custom').check();
    await host.answer(await host.next('load'), oneDayState());
    const before = (await view.requests()).length;
    await view.page.getByLabel('From', { exact: true }).fill('2026-11-20');
    await view.page.getByLabel('To', { exact: true }).fill('2026-11-10');
    await view.page.waitForTimeout(900);
    assert.equal((await view.requests()).length, before);
    assert.equal(await view.page.getByLabel('From', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.match(await view.page.locator('#range-hint').innerText(), /start must not be after the end/);
  });

  it('loads the same query again when the host says `changed`', async () => {
    await view.page.getByTestId('filter-model').selectOption('claude-sonnet-4');
    const chosen = await host.next('load');
    await host.answer(chosen, oneDayState());
    await view.page.locator('details[data-section="health"]').evaluate((d) => ((d as unknown as { open: boolean }).open = false));
    await view.notify('changed');
    const again = await host.next('load');
    assert.deepEqual(again.params, chosen.params);
    await host.answer(again, oneDayState());
    assert.equal(await view.page.locator('details[data-section="health"]').evaluate((d) => (d as unknown as { open: boolean }).open), false, 'folded sections stay folded');
  });

  it('shows a running load’s answer, then loads once more after a `changed` that came meanwhile', async () => {
    await view.notify('changed');
    const running = await host.next('load');
    await view.notify('changed');
    await view.notify('changed');
    assert.equal((await view.requests()).filter((r) => r.method === 'load' && r.id > running.id).length, 0, 'no load while one runs');
    await host.answer(running, ninetyDayState());
    assert.equal(await view.page.getByTestId('requests-value').innerText(), '2,840');
    const again = await host.next('load');
    assert.deepEqual(again.params, running.params);
    await host.answer(again, oneDayState());
    assert.equal((await view.requests()).filter((r) => r.method === 'load').length, 3, 'the first load, the running one and one more');
  });

  it('cancels a running load when the user picks another query, and ignores its late answer', async () => {
    await view.page.getByTestId('period-7d').check();
    const superseded = await host.next('load');
    host.skip(superseded);
    await view.page.getByTestId('period-month').check();
    const current = await host.next('load');
    assert.notEqual(current.id, superseded.id);
    assert.ok((await view.envelopes()).some((e) => JSON.stringify(e) === JSON.stringify({ kind: 'cancel', id: superseded.id })));
    await host.answer(current, oneDayState());
    await view.respond(superseded.id, ninetyDayState());
    assert.equal(await view.page.getByTestId('spend-value').innerText(), '$0.57');
    assert.equal(await view.page.getByTestId('period-month').isChecked(), true);
  });

  it('keeps the scroll position and an open drill-down when `changed` reloads the figures', async () => {
    await view.notify('changed');
    await host.load(ninetyDayState());
    await view.page.locator('[data-testid="top-requests-row"][data-row-id="r-2"]').click();
    await host.answer(await host.next('request'), requestDetail(request('r-2')));
    await view.page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 1500));
    const scrollY = () => view.page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);
    assert.equal(await scrollY(), 1500);
    await view.notify('changed');
    const next = ninetyDayState();
    await host.load({ ...next, headline: { ...next.headline, requests: 2_841 } });
    assert.equal(await view.page.getByTestId('requests-value').innerText(), '2,841');
    assert.equal(await scrollY(), 1500);
    assert.equal(await view.page.getByTestId('top-requests-detail').isVisible(), true);
  });

  it('sends Export CSV with the current query, and Budgets…', async () => {
    await view.page.getByTestId('filter-workspace').selectOption('ws-shop');
    await host.answer(await host.next('load'), oneDayState());
    await view.page.getByRole('button', { name: 'Export CSV' }).click();
    await view.page.getByRole('button', { name: 'Budgets…' }).click();
    const commands = (await view.posted()).filter((p) => p.type === 'exportCsv' || p.type === 'openBudgetSettings');
    assert.deepEqual(commands, [{ type: 'exportCsv', query: query('30d', null, null, { workspace: 'ws-shop' }) }, { type: 'openBudgetSettings' }]);
  });
});

describe('costs webview: the query across reloads', () => {
  it('asks for the saved query after the page is reloaded, and shows it in the controls', async () => {
    const harness = await startHarness('costs');
    try {
      const first = await openSidebar(harness, { clockAt: NOW });
      const firstHost = new FakeCostsHost(first);
      await firstHost.load(oneDayState());
      await first.page.getByTestId('period-7d').check();
      await firstHost.answer(await firstHost.next('load'), oneDayState());
      await first.page.getByTestId('filter-provider').selectOption('groq');
      await firstHost.answer(await firstHost.next('load'), oneDayState());
      const saved = await first.page.evaluate(() => (globalThis as unknown as { __vscodeState?: unknown }).__vscodeState);
      await first.close();

      const second = await openSidebar(harness, { clockAt: NOW, savedState: saved });
      const request = await new FakeCostsHost(second).next('load');
      assert.deepEqual(request.params, query('7d', null, null, { provider: 'groq' }));
      assert.equal(await second.page.getByTestId('period-7d').isChecked(), true);
      assert.equal(await second.page.getByTestId('filter-provider').inputValue(), 'groq');
      assert.deepEqual(second.errors, []);
      await second.close();
    } finally {
      await harness.close();
    }
  });

  it('a panel opened anew in place of one that did not load starts from the state the host carried into its HTML', async () => {
    const carried = { query: query('7d', null, null, { provider: 'groq' }), collapsed: [], tables: [] };
    const harness = await startHarness('costs', carried);
    try {
      const view = await openSidebar(harness, { clockAt: NOW });
      const request = await new FakeCostsHost(view).next('load');
      assert.deepEqual(request.params, query('7d', null, null, { provider: 'groq' }), 'no saved state of its own: the carried query');
      assert.equal(await view.page.getByTestId('period-7d').isChecked(), true);
      assert.deepEqual(view.errors, []);
      await view.close();

      const own = await openSidebar(harness, { clockAt: NOW, savedState: { query: query('month') } });
      assert.deepEqual((await new FakeCostsHost(own).next('load')).params, query('month'), 'a state of its own wins over the carried one');
      await own.close();
    } finally {
      await harness.close();
    }
  });

  it('checks a carried state as it would its own: an invalid or hostile one leaves the default query', async () => {
    const harness = await startHarness('costs', { query: { period: '"><img src=x onerror="window.__pwned=1">', filters: 'all' } });
    try {
      const view = await openSidebar(harness, { clockAt: NOW });
      assert.deepEqual((await new FakeCostsHost(view).next('load')).params, query('30d'));
      assert.equal(await view.page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned), undefined, 'the state stayed text');
      assert.deepEqual(await view.cspViolations(), []);
      await view.close();
    } finally {
      await harness.close();
    }
  });

  it('ignores a saved query that is not valid', async () => {
    const harness = await startHarness('costs');
    try {
      const view = await openSidebar(harness, { clockAt: NOW, savedState: { query: { period: 'forever', filters: 'all' } } });
      const request = await new FakeCostsHost(view).next('load');
      assert.deepEqual(request.params, query('30d'));
      await view.close();
    } finally {
      await harness.close();
    }
  });
});
