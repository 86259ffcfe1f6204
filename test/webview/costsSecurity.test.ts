// Names, goals and sentences from the ledger, the agents' logs or an LLM are shown as text and
// never run, and nothing the page does (uPlot included) breaks its Content-Security-Policy.
import assert from 'node:assert/strict';
import { costsState } from '../../src/shared/protocol/costs';
import { COSTS_DARK, COSTS_LIGHT, FakeCostsHost, HOSTILE, hostileState, applyCostsTheme, requestDetail, request, useCostsPage } from './costsFixtures';
import type { PageGlobals, SidebarPage } from './harness';

describe('costs webview: security', () => {
  const currentPage = useCostsPage();
  let view: SidebarPage;
  let host: FakeCostsHost;
  beforeEach(async () => {
    view = currentPage();
    host = new FakeCostsHost(view);
    await applyCostsTheme(view.page, COSTS_DARK, 'vscode-dark');
  });

  it('is a valid state per the protocol', () => {
    assert.doesNotThrow(() => costsState(hostileState(), 'state'));
  });

  it('shows hostile names, goals and sentences as text, with no element created', async () => {
    await host.load(hostileState());
    await view.page.locator('[data-testid="spend-chart"] canvas').first().waitFor();
    assert.equal(await view.page.locator('[data-testid="spend-chart"] .legend-label').first().innerText(), HOSTILE);
    assert.equal(await view.page.getByTestId('by-model').locator('.bar-label').first().innerText(), HOSTILE);
    assert.equal(await view.page.getByTestId('anomaly-why').innerText(), HOSTILE);
    assert.match(await view.page.getByTestId('anomaly').innerText(), /<img src=x onerror=/);
    assert.equal(await view.page.getByTestId('health-row').locator('th').innerText(), HOSTILE);
    assert.match(await view.page.getByTestId('top-requests-row').innerText(), /<img src=x onerror="window.__pwned=1">/);
    assert.match(await view.page.getByTestId('top-sessions-row').innerText(), /<img src=x onerror=/);
    assert.equal(await view.page.getByTestId('credit-row').locator('.bar-label').innerText(), HOSTILE);
    assert.deepEqual(await view.page.getByTestId('filter-model').locator('option').allInnerTexts(), ['All', HOSTILE]);
    // The tables behind the charts carry the label as text too.
    assert.match(await view.page.getByTestId('spend-table').locator('thead').innerText(), /<img src=x/);

    await view.page.getByTestId('top-requests-row').click();
    await host.answer(await host.next('request'), requestDetail(request('r-evil', { model: HOSTILE }), { decision: HOSTILE, redacted: HOSTILE, pricesNote: HOSTILE, attempts: [{ provider: HOSTILE, model: HOSTILE, status: HOSTILE, error: HOSTILE }] }));
    assert.equal(await view.page.getByTestId('detail-decision').innerText(), HOSTILE);
    assert.equal(await view.page.getByTestId('detail-redacted').innerText(), HOSTILE);

    assert.equal(await view.page.locator('img').count(), 0);
    assert.equal(await view.page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned), undefined);
  });

  it('shows a hostile load error as text', async () => {
    await host.fail(await host.next('load'), HOSTILE);
    assert.match(await view.page.getByRole('alert').innerText(), /<img src=x onerror=/);
    assert.equal(await view.page.locator('img').count(), 0);
  });

  it('draws, redraws, resizes and hovers the charts without a CSP violation', async () => {
    await host.load(hostileState());
    await view.page.locator('[data-testid="spend-chart"] canvas').first().waitFor();
    const plot = view.page.locator('[data-testid="spend-chart"] .u-over');
    const box = await plot.boundingBox();
    assert.ok(box);
    await view.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    assert.match(await view.page.locator('[data-testid="spend-chart"] .chart-readout').innerText(), /total \$/);
    await applyCostsTheme(view.page, COSTS_LIGHT, 'vscode-light');
    await view.page.setViewportSize({ width: 800, height: 900 });
    await view.page.waitForTimeout(200);
    assert.deepEqual(await view.cspViolations(), []);
    assert.deepEqual(view.errors, []);
    // uPlot positions its parts through the CSSOM: none of them carries a blocked style attribute.
    const styled = await view.page.locator('.uplot [style]').count();
    assert.ok(styled > 0, 'uPlot set styles through the CSSOM');
  });

  it('records a violation when there is one (the check above is not vacuous)', async () => {
    await view.page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { createElement(t: string): { textContent: string }; body: { appendChild(n: unknown): void } } }).document;
      const style = doc.createElement('style');
      style.textContent = 'body { color: red; }';
      doc.body.appendChild(style);
    });
    await view.page.waitForFunction(() => (globalThis as unknown as PageGlobals).__cspViolations.length > 0);
    assert.deepEqual(await view.cspViolations(), ['style-src-elem']);
    // Forget the planted violation, so the suite's own check passes.
    await view.page.evaluate(() => void ((globalThis as unknown as PageGlobals).__cspViolations = []));
    view.errors.splice(0, view.errors.length, ...view.errors.filter((e) => !/Content Security Policy/.test(e)));
  });

  it('declares the same CSP as every Baton webview, with only the nonce’d script', async () => {
    const csp = await view.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', /^default-src 'none'; style-src http:\/\/127\.0\.0\.1:\d+; font-src .*script-src 'nonce-[^']+'; base-uri 'none'; form-action 'none'$/);
    assert.equal(await view.page.locator('script').count(), 1);
    assert.equal(await view.page.locator('style').count(), 0);
  });
});
