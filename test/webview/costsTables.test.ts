// The request and session tables: sorting by column, a request's drill-down from the `request`
// answer, and an anomaly's requests from the `requests` answer.
import assert from 'node:assert/strict';
import { FakeCostsHost, ninetyDayState, request, requestDetail, topRequests, useCostsPage } from './costsFixtures';
import type { SidebarPage } from './harness';

describe('costs webview: tables', () => {
  const currentPage = useCostsPage();
  let view: SidebarPage;
  let host: FakeCostsHost;
  beforeEach(async () => {
    view = currentPage();
    host = new FakeCostsHost(view);
    await host.load(ninetyDayState());
  });

  const rowIds = (testId: string) => view.page.getByTestId(`${testId}-row`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-id')));
  const header = (testId: string, name: string) => view.page.getByTestId(testId).locator('thead th').filter({ hasText: name });

  it('sorts the most expensive requests by cost first, then by the column clicked', async () => {
    const rows = topRequests();
    const byCost = [...rows].sort((a, b) => b.costNanos! - a.costNanos!).map((r) => r.id);
    assert.deepEqual(await rowIds('top-requests'), byCost);
    assert.equal(await header('top-requests', 'Cost').getAttribute('aria-sort'), 'descending');
    assert.equal(await header('top-requests', 'Time').getAttribute('aria-sort'), 'none');
    assert.match(await view.page.getByTestId('top-requests-row').first().innerText(), /~?\$2\.41/);

    await header('top-requests', 'Time').getByRole('button').click();
    assert.equal(await header('top-requests', 'Time').getAttribute('aria-sort'), 'ascending');
    assert.equal(await header('top-requests', 'Cost').getAttribute('aria-sort'), 'none');
    assert.deepEqual(await rowIds('top-requests'), [...rows].sort((a, b) => a.at.localeCompare(b.at)).map((r) => r.id));

    await header('top-requests', 'Time').getByRole('button').click();
    assert.equal(await header('top-requests', 'Time').getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await rowIds('top-requests'), [...rows].sort((a, b) => b.at.localeCompare(a.at)).map((r) => r.id));

    // Sorting is reachable from the keyboard: the header's button takes Enter.
    await header('top-requests', 'Latency').getByRole('button').focus();
    await view.page.keyboard.press('Enter');
    assert.equal(await header('top-requests', 'Latency').getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await rowIds('top-requests'), [...rows].sort((a, b) => b.latencyMs! - a.latencyMs!).map((r) => r.id));
  });

  it('sorts sessions, keeping sessions without a start last', async () => {
    assert.deepEqual(await rowIds('top-sessions'), ['s-1', 's-2', 's-3']);
    await header('top-sessions', 'Started').getByRole('button').click();
    assert.equal(await header('top-sessions', 'Started').getAttribute('aria-sort'), 'ascending');
    assert.deepEqual(await rowIds('top-sessions'), ['s-2', 's-1', 's-3']);
    await header('top-sessions', 'Requests').getByRole('button').click();
    assert.deepEqual(await rowIds('top-sessions'), ['s-1', 's-2', 's-3']);
    await header('top-sessions', 'Requests').getByRole('button').click();
    assert.equal(await header('top-sessions', 'Requests').getAttribute('aria-sort'), 'ascending');
    assert.deepEqual(await rowIds('top-sessions'), ['s-3', 's-2', 's-1']);
  });

  it('opens a request’s drill-down from the `request` answer, by click or Enter', async () => {
    const row = topRequests().find((r) => r.id === 'r-6')!;
    await view.page.locator('[data-testid="top-requests-row"][data-row-id="r-6"]').click();
    const asked = await host.next('request');
    assert.deepEqual(asked.params, { id: 'r-6' });
    const detail = view.page.getByTestId('top-requests-detail');
    assert.equal(await detail.isVisible(), true);
    await host.answer(asked, requestDetail(row));
    assert.match(await detail.getByTestId('detail-facts').innerText(), /Time to first token\s+480 ms/);
    assert.match(await detail.getByTestId('detail-facts').innerText(), /Saved\s+\$0\.005/);
    assert.deepEqual(await detail.getByTestId('detail-attempts').locator('li').allInnerTexts(), [
      'groq / llama-3.3-70b — failed: HTTP 503: over capacity',
      'groq / llama-3.3-70b — ok',
    ]);
    const lines = (await detail.getByTestId('formula-line').allInnerTexts()).map((l) => l.split('\t').map((c) => c.trim()).join(' '));
    assert.deepEqual(lines, ['Input 8,000 × $2.50/M = $0.02', 'Cached input 4,000 × $1.25/M = $0.005', 'Output 800 × $10.00/M = $0.008']);
    assert.match(await detail.getByTestId('detail-prices-note').innerText(), /built-in table of 2026-11-01/);
    assert.equal(await detail.getByTestId('detail-decision').innerText(), requestDetail(row).decision);
    assert.equal(await detail.getByTestId('detail-redacted').evaluate((el) => el.tagName), 'PRE');
    assert.match(await detail.getByTestId('detail-redacted').innerText(), /\[REDACTED:path\]/);

    await view.page.getByRole('button', { name: 'Close the request details' }).click();
    assert.equal(await detail.isVisible(), false);
    assert.equal(await view.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(a: string): string | null } } }).document.activeElement.getAttribute('data-row-id')), 'r-6');

    await view.page.locator('[data-testid="top-requests-row"][data-row-id="r-3"]').focus();
    await view.page.keyboard.press('Enter');
    const second = await host.next('request');
    assert.deepEqual(second.params, { id: 'r-3' });
    await host.fail(second, 'That request is no longer in the ledger.');
    assert.match(await detail.getByRole('alert').innerText(), /no longer in the ledger/);
  });

  it('lists an anomaly’s requests from the `requests` answer', async () => {
    const anomaly = ninetyDayState().anomalies[0]!;
    const toggle = view.page.getByTestId('show-requests').first();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    const asked = await host.next('requests');
    assert.deepEqual(asked.params, { ids: anomaly.requestIds });
    await host.answer(asked, [request('r-3', { costNanos: 1_930_000_000 }), request('r-9', { costNanos: 120_000_000, model: 'claude-sonnet-4' })]);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const list = view.page.getByTestId('anomaly-requests').first();
    assert.deepEqual(await list.getByTestId('anomaly-request-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-id'))), ['r-3', 'r-9']);
    assert.match(await list.innerText(), /2 requests of 3 are still in the ledger/);
    // The same drill-down works from here.
    await list.locator('[data-row-id="r-9"]').click();
    const detail = await host.next('request');
    assert.deepEqual(detail.params, { id: 'r-9' });
    await host.answer(detail, requestDetail(request('r-9')));
    assert.equal(await list.getByTestId('anomaly-request-detail').isVisible(), true);

    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await list.isVisible(), false);
    assert.equal(await view.page.getByTestId('show-requests').nth(1).isDisabled(), true);
  });

  it('asks the host for the requests behind a day-level anomaly, with the panel\'s query', async () => {
    const anomaly = ninetyDayState().anomalies[2]!;
    const toggle = view.page.getByTestId('show-requests').nth(2);
    assert.equal(await toggle.isDisabled(), false);
    await toggle.click();
    const asked = await host.next('anomalyRequests');
    // The page's own query (the one its state was loaded with), so the lookup keeps the filters.
    const loaded = { period: '30d', from: null, to: null, filters: { workspace: null, provider: null, model: null, account: null, source: null } };
    assert.deepEqual(asked.params, { kind: anomaly.kind, day: anomaly.day, provider: anomaly.provider, query: loaded });
    await host.answer(asked, [request('r-5', { fallbackUsed: true })]);
    const list = view.page.getByTestId('anomaly-requests').nth(2);
    assert.deepEqual(await list.getByTestId('anomaly-request-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-id'))), ['r-5']);
  });
});

describe('costs webview: a long list of anomalies', () => {
  const currentPage = useCostsPage();

  it('shows the first ten, and the rest on request', async () => {
    const view = currentPage();
    const host = new FakeCostsHost(view);
    const base = ninetyDayState();
    const outlier = base.anomalies[0]!;
    const anomalies = Array.from({ length: 14 }, (_, i) => ({ ...outlier, kind: 'request-outlier' as const, why: `Outlier ${i + 1}`, requestIds: [`r-${i}`], lookup: false }));
    await host.load({ ...base, anomalies });
    assert.equal(await view.page.getByTestId('anomaly').count(), 10);
    await view.page.getByTestId('anomalies-more').click();
    assert.equal(await view.page.getByTestId('anomaly').count(), 14);
    assert.equal(await view.page.getByTestId('anomaly-why').last().innerText(), 'Outlier 14');
  });
});
