// The costs panel in each state, as the user sees it: before the first answer, with no data,
// one day, 90 days, a month of 100,000 requests, and a failing load.
import assert from 'node:assert/strict';
import { costsState, requestDetail as requestDetailResult } from '../../src/shared/protocol/costs';
import {
  applyCostsTheme, bigState, COSTS_DARK, emptyCostsState, FakeCostsHost, hostileState, ninetyDayState, oneDayState, query, request, requestDetail,
  topRequests, useCostsPage,
} from './costsFixtures';
import type { SidebarPage } from './harness';

/** Canvas pixels that are not transparent, per chart (0 when the chart has no canvas). */
async function paintedPixels(view: SidebarPage, testId: string): Promise<number> {
  return view.page.evaluate((id) => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
    const canvas = doc.querySelector(`[data-testid="${id}"] canvas`) as { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } } | null;
    if (!canvas || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  }, testId);
}

describe('costs webview: states', () => {
  const currentPage = useCostsPage();
  let view: SidebarPage;
  let host: FakeCostsHost;
  beforeEach(async () => {
    view = currentPage();
    host = new FakeCostsHost(view);
    await applyCostsTheme(view.page, COSTS_DARK, 'vscode-dark');
  });

  const text = (testId: string) => view.page.getByTestId(testId).innerText();
  const visible = (testId: string) => view.page.getByTestId(testId).isVisible();

  it('uses fixtures that are valid per the protocol', () => {
    for (const state of [emptyCostsState(), oneDayState(), ninetyDayState(), bigState(), hostileState()]) assert.doesNotThrow(() => costsState(state, 'state'));
    for (const row of [...topRequests(), request('r-x')]) assert.doesNotThrow(() => requestDetailResult(requestDetail(row), 'detail'));
  });

  it('says ready, then asks for the default query', async () => {
    const request = await host.next('load');
    const envelopes = await view.envelopes();
    assert.deepEqual(envelopes[0], { kind: 'ready' });
    assert.deepEqual(envelopes[1], { kind: 'request', id: request.id, method: 'load', params: query('30d') });
    assert.equal(await visible('first-load'), true);
    assert.equal(await visible('loading'), true);
  });

  it('shows what it will show when there is no data, with three ways to start', async () => {
    await host.load(emptyCostsState());
    assert.equal(await visible('empty-state'), true);
    assert.equal(await visible('dashboard'), false);
    assert.match(await text('empty-state'), /No requests yet/);
    assert.match(await text('empty-state'), /A 30-day forecast/);
    await view.page.getByRole('button', { name: 'Configure a provider' }).click();
    await view.page.getByRole('button', { name: 'Set an API key' }).click();
    await view.page.getByRole('button', { name: 'Scan local agent logs' }).click();
    const commands = (await view.posted()).filter((p) => !p.type.startsWith('unexpected') && p.type !== 'ready');
    assert.deepEqual(commands, [{ type: 'configureProviders' }, { type: 'setApiKey' }, { type: 'scanUsage' }]);
    assert.equal(await view.page.getByTestId('export-csv').isDisabled(), true);
  });

  it('shows one day with the forecast sentence and no forecast chart', async () => {
    await host.load(oneDayState());
    assert.equal(await visible('dashboard'), true);
    assert.equal(await text('forecast-insufficient'), 'Forecast needs at least 7 days of data (1 so far)');
    assert.equal(await visible('forecast-panel'), false);
    assert.equal(await view.page.locator('[data-testid="forecast-chart"] canvas').count(), 0);
    assert.equal(await text('spend-value'), '$0.57');
    assert.match(await text('spend-change'), /\+14%/);
    assert.match(await text('requests-change'), /−25%/);
    assert.equal(await text('average-value'), '$0.06');
    assert.equal(await text('saved-value'), '$0.0042');
    assert.equal(await text('estimated-value'), '33%');
    await view.page.locator('[data-testid="spend-chart"] canvas').first().waitFor();
    assert.ok((await paintedPixels(view, 'spend-chart')) > 100, 'the one-day bar is drawn');
  });

  it('draws 90 days: charts, legends, tables, credits, forecast, anomalies and health', async () => {
    const state = ninetyDayState();
    await host.load(state);
    for (const chart of ['spend-chart', 'tokens-chart', 'forecast-chart']) {
      await view.page.locator(`[data-testid="${chart}"] canvas`).first().waitFor();
      assert.ok((await paintedPixels(view, chart)) > 1000, `${chart} is drawn`);
    }
    // The legend's totals and the (screen reader) table's total row hold the fixture's sums.
    const totals = state.spendByProvider.map((s) => s.values.reduce((a, b) => a + b, 0));
    const money = (nanos: number) => `$${(nanos / 1e9).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    const legend = await view.page.locator('[data-testid="spend-chart"] .legend-item').allInnerTexts();
    assert.deepEqual(legend.map((l) => l.replace(/\s+/g, ' ').trim()), state.spendByProvider.map((s, i) => `${s.label} ${money(totals[i]!)}`));
    const table = view.page.getByTestId('spend-table');
    assert.equal(await table.locator('tbody tr').count(), 90);
    const foot = (await table.locator('tfoot tr').innerText()).split('\t').map((c) => c.trim());
    assert.deepEqual(foot, ['Total', ...totals.map(money), money(totals.reduce((a, b) => a + b, 0))]);
    assert.equal(await view.page.getByTestId('tokens-table').locator('tbody tr').count(), 90);

    assert.equal(await text('unpriced-value'), '7');
    assert.equal(await text('subscription-value'), '130');
    const credits = await view.page.getByTestId('credit-line').allInnerTexts();
    assert.match(credits[0]!, /GenSpark-02\s+37 \/ 100 credits\s+37%\s+resets in 3h (20|19)m/);
    assert.match(credits[1]!, /OpenAI team\s+\$1\.20 \/ \$5\.00\s+24%\s+resets in (5d 0h|4d 23h)/);
    assert.match(credits[2]!, /Claude Pro\s+42%\s+no reset date/);
    assert.equal(await view.page.getByTestId('credit-row').count(), 4);

    assert.match(await text('projected-30'), /\$10[0-9.,]+\s+likely \$88\.00 – \$120\.00/);
    const outlooks = await view.page.getByTestId('budget-outlook').allInnerTexts();
    assert.match(outlooks[0]!, /Monthly budget runs out on Nov 29\s*· \$78\.00 of \$100\.00 spent/);
    assert.match(outlooks[1]!, /Daily budget stays within the limit today/);
    assert.equal(await visible('forecast-insufficient'), false);

    assert.equal(await view.page.getByTestId('anomaly').count(), 3);
    assert.match(await view.page.getByTestId('anomaly').nth(0).innerText(), /Spending spike\s*· Nov 3, 2026 · Anthropic/);
    assert.equal(await view.page.getByTestId('show-requests').nth(1).isDisabled(), true);

    const unknown = view.page.getByTestId('health-row').nth(3).getByTestId('breaker');
    assert.equal((await unknown.innerText()).split('\n')[0], '—');
    assert.match((await unknown.getAttribute('title')) ?? '', /router has not run in this window/);
    assert.match(await view.page.getByTestId('health-row').nth(0).innerText(), /OpenAI\s+1,020\s+99\.2%\s+3\s+2\.1 s \/ 7\.4 s\s+420 ms \/ 1\.3 s\s+Closed/);
    assert.equal(await view.page.getByTestId('top-requests-row').count(), 12);
  });

  it('summarises 100,000 requests: big numbers, the top ten and an "others" row', async () => {
    const state = bigState();
    assert.doesNotThrow(() => costsState(state, 'state'));
    await host.load(state);
    assert.equal(await text('spend-value'), '$12,345.67');
    assert.equal(await text('requests-value'), '100,000');
    assert.equal(await text('saved-value'), '$1,234.50');
    const models = view.page.getByTestId('by-model').getByTestId('share-row');
    assert.equal(await models.count(), 11);
    assert.match(await models.nth(0).innerText(), /model-1\s+\$1,500\.00\s+9,000/);
    assert.match(await models.nth(10).innerText(), /Others \(27 models\)\s+\$2,870\.67\s+31,500/);
    assert.equal(await models.nth(10).getAttribute('class'), 'is-others');
    assert.equal(await view.page.getByTestId('top-requests-row').count(), 100);
    assert.match(await view.page.locator('[data-testid="tokens-chart"] .legend-item').first().innerText(), /Input\s+1\.4B/);
  });

  it('shows a failed load inline and retries it', async () => {
    const first = await host.next('load');
    await host.fail(first, 'The ledger is locked by another window.');
    const alert = view.page.getByRole('alert');
    assert.equal(await alert.locator('.error-text').innerText(), 'Could not load the costs: The ledger is locked by another window.');
    assert.equal(await visible('loading'), false);
    await view.page.getByRole('button', { name: 'Retry' }).click();
    const retried = await host.next('load');
    assert.deepEqual(retried.params, first.params);
    assert.ok(retried.id > first.id);
    await host.answer(retried, oneDayState());
    assert.equal(await view.page.getByRole('alert').count(), 0);
    assert.equal(await visible('dashboard'), true);
  });

  it('keeps the old figures under a progress bar while the next load runs', async () => {
    await host.load(oneDayState());
    await view.page.getByTestId('period-7d').check();
    await host.next('load');
    assert.equal(await visible('loading'), true);
    assert.equal(await text('spend-value'), '$0.57');
    assert.equal(await view.page.getByTestId('content').getAttribute('aria-busy'), 'true');
    await host.load(ninetyDayState());
    assert.equal(await visible('loading'), false);
    assert.notEqual(await text('spend-value'), '$0.57');
  });

  it('draws the first screen with the state, the rest right after, and a newer state wins over one still drawing', async () => {
    const first = await host.next('load');
    // One task: the answer, then only microtasks; no frame and no timer has run yet.
    const atOnce = await view.page.evaluate(async ([id, state]) => {
      const page = globalThis as unknown as { dispatchEvent(e: unknown): boolean; MessageEvent: new (t: string, i: { data: unknown }) => unknown; document: { querySelector(s: string): { textContent: string | null; hasAttribute(a: string): boolean } | null } };
      page.dispatchEvent(new page.MessageEvent('message', { data: { kind: 'response', id, result: state } }));
      for (let i = 0; i < 5; i++) await Promise.resolve();
      const doc = page.document;
      return {
        spend: doc.querySelector('[data-testid="spend-value"]')?.textContent ?? null,
        byModel: doc.querySelector('[data-testid="by-model"]') !== null,
        pending: doc.querySelector('[data-testid="dashboard"]')?.hasAttribute('data-pending') ?? false,
        anomalies: (doc as unknown as { querySelectorAll(s: string): { length: number } }).querySelectorAll('[data-testid="anomaly"]').length,
      };
    }, [first.id, costsState(ninetyDayState(), 'state')] as const);
    host.skip(first);
    assert.notEqual(atOnce.spend, null, 'the headline is drawn with the state');
    assert.equal(atOnce.byModel, true, 'the breakdown is drawn with the state');
    assert.equal(atOnce.pending, true, 'the sections below wait for the first frame');
    assert.equal(atOnce.anomalies, 0, 'the anomalies are not drawn yet');
    // A `changed` while the lower sections are still being drawn: the newer state must end up everywhere.
    await view.notify('changed');
    await host.load(oneDayState());
    assert.equal(await text('spend-value'), '$0.57');
    assert.equal(await view.page.getByTestId('anomaly').count(), oneDayState().anomalies.length);
    assert.equal(await view.page.getByTestId('spend-table').locator('tbody tr').count(), oneDayState().days.length);
  });
});
