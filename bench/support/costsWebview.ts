// The webview half of the costs benchmark: the real panel page (the harness of the webview
// tests: the esbuild bundle, media/costs.css, uPlot's sheet, the CSP) in headless Chromium at
// 1280×900, given the state the host built from the seeded ledger. Timed inside the page, from
// the moment the state's message arrives to the frame after the first screen was drawn (two
// animation frames: layout and paint included), on a fresh page (first draw) and again after a
// `changed` (a live refresh re-rendering in place); and to the frame after the sections below
// the fold were drawn too (complete).
import { BatonDatabase } from '../../src/storage/batonDatabase';
import { systemDayStart, systemLocalDay } from '../../src/app/systemLocalDay';
import { CostsService } from '../../src/core/costs/costsService';
import { type CostsState, costsState } from '../../src/shared/protocol/costs';
import { CostsStore } from '../../src/storage/costsReadModel';
import { type PostedRequest, type SidebarPage, openWebview, startHarness } from '../../test/webview/harness';
import { applyTheme } from '../../test/webview/theme';
import { median, percentile, round } from './stats';

const FILTERS = { workspace: null, provider: null, model: null, account: null, source: null };

async function stateOf(path: string, wasmDir: string): Promise<CostsState> {
  const database = await BatonDatabase.open({ path, wasmDir });
  try {
    const service = new CostsService({
      model: new CostsStore(database, systemDayStart), clock: { now: () => Date.now() }, localDay: systemLocalDay, dayStart: systemDayStart,
      standings: async () => [], currentAccountId: async () => null, budgets: () => null, breakers: () => null,
    });
    return costsState(await service.state({ period: '30d', from: null, to: null, filters: FILTERS }), 'state');
  } finally {
    await database.close();
  }
}

/**
 * Answers `request` inside the page; resolves with the ms until the second frame after it (the
 * first screen drawn and painted) and until the second frame after the page stopped drawing
 * the sections below (`data-pending` gone from the dashboard).
 */
function timedAnswer(view: SidebarPage, request: PostedRequest, result: unknown): Promise<{ firstScreen: number; complete: number }> {
  // A string, not a function: tsx would wrap the inner helpers in a `__name` the page lacks.
  return view.page.evaluate(`(() => {
    const start = performance.now();
    const twoFrames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start))));
    const settled = new Promise((resolve) => {
      const dashboard = document.querySelector('[data-testid="dashboard"]');
      if (!dashboard) return resolve();
      const observer = new MutationObserver(() => {
        if (dashboard.hasAttribute('data-pending')) return;
        observer.disconnect();
        resolve();
      });
      observer.observe(dashboard, { attributes: true });
    });
    dispatchEvent(new MessageEvent('message', { data: { kind: 'response', id: ${request.id}, result: ${JSON.stringify(result)} } }));
    return twoFrames().then(async (firstScreen) => {
      await settled;
      return { firstScreen, complete: await twoFrames() };
    });
  })()`);
}

async function assertDrawn(view: SidebarPage): Promise<void> {
  const canvases = await view.page.locator('canvas').count();
  if (canvases === 0) throw new Error('The costs page drew no chart.');
}

export async function measureWebview(path: string, wasmDir: string, _dist: string, rounds: number) {
  const state = await stateOf(path, wasmDir);
  const harness = await startHarness('costs');
  const first: number[] = [];
  const complete: number[] = [];
  const again: number[] = [];
  const pageLoad: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const started = performance.now();
      const view = await openWebview(harness, { viewport: { width: 1280, height: 900 } });
      await applyTheme(view.page);
      const load = await view.waitForRequest('load');
      pageLoad.push(performance.now() - started);
      const drawn = await timedAnswer(view, load, state);
      first.push(drawn.firstScreen);
      complete.push(drawn.complete);
      await assertDrawn(view);
      await view.notify('changed');
      again.push((await timedAnswer(view, await view.waitForRequest('load', [load.id]), state)).firstScreen);
      if (view.errors.length > 0) throw new Error(`The costs page logged errors: ${view.errors.join(' | ')}`);
      await view.close();
    }
  } finally {
    await harness.close();
  }
  const stats = (values: readonly number[]) => ({ p50: round(median(values)), p95: round(percentile(values, 95)), n: values.length });
  return {
    viewport: '1280×900, Dark+ theme variables',
    state: { days: state.days.length, providers: state.spendByProvider.length, anomalies: state.anomalies.length, topRequests: state.topRequests.length },
    /** The first screen (headline, spend chart, breakdown) drawn and painted: the goal's figure. */
    drawMs: stats(first),
    /** Every section drawn, the ones below the fold and the charts' tables included. */
    completeMs: stats(complete),
    redrawAfterChangeMs: stats(again),
    pageLoadMs: stats(pageLoad),
  };
}
