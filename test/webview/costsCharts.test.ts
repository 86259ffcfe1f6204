// The charts: drawn with the theme's --vscode-charts-* colours (read back from the canvas),
// redrawn when the theme changes, following the panel's width, and each with its table.
import assert from 'node:assert/strict';
import { applyCostsTheme, COSTS_DARK, COSTS_LIGHT, FakeCostsHost, ninetyDayState, useCostsPage } from './costsFixtures';
import type { SidebarPage } from './harness';

type Rgb = readonly [number, number, number];

function rgbOf(hex: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(hex);
  if (!match) throw new Error(`not a hex colour: ${hex}`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

/** How many opaque canvas pixels of a chart are within `tolerance` of each colour. */
async function pixelsOf(view: SidebarPage, testId: string, colours: readonly Rgb[], tolerance = 0): Promise<number[]> {
  return view.page.evaluate(
    ([id, targets, tol]) => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
      type Canvas = { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
      const canvas = doc.querySelector(`[data-testid="${id}"] canvas`) as Canvas | null;
      if (!canvas) return targets.map(() => 0);
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      const counts = targets.map(() => 0);
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! < 250) continue;
        targets.forEach(([r, g, b], t) => {
          if (Math.abs(data[i]! - r) <= tol && Math.abs(data[i + 1]! - g) <= tol && Math.abs(data[i + 2]! - b) <= tol) counts[t]! += 1;
        });
      }
      return counts;
    },
    [testId, colours, tolerance] as const,
  );
}

const draws = (view: SidebarPage, testId: string) => view.page.getByTestId(testId).getAttribute('data-draws');

describe('costs webview: charts', () => {
  const currentPage = useCostsPage();
  let view: SidebarPage;
  let host: FakeCostsHost;
  beforeEach(async () => {
    view = currentPage();
    host = new FakeCostsHost(view);
    await applyCostsTheme(view.page, COSTS_DARK, 'vscode-dark');
    await host.load(ninetyDayState());
    await view.page.locator('[data-testid="spend-chart"] canvas').first().waitFor();
  });

  it('leaves nothing of the warm-up charts behind: every canvas belongs to a chart of the page', async () => {
    const strays = await view.page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ closest(s: string): unknown }> } }).document;
      return { warmups: doc.querySelectorAll('.chart-warmup').length, canvases: Array.from(doc.querySelectorAll('canvas')).filter((c) => !c.closest('.chart')).length };
    });
    assert.deepEqual(strays, { warmups: 0, canvases: 0 });
  });

  it('draws the series in the theme colours and redraws them when the theme changes', async () => {
    const dark = ['--vscode-charts-blue', '--vscode-charts-green', '--vscode-charts-orange'].map((v) => COSTS_DARK[v]!);
    const light = ['--vscode-charts-blue', '--vscode-charts-green', '--vscode-charts-orange'].map((v) => COSTS_LIGHT[v]!);
    assert.deepEqual(JSON.parse((await view.page.getByTestId('spend-chart').getAttribute('data-colors')) ?? '[]'), dark);
    const darkPixels = await pixelsOf(view, 'spend-chart', dark.map(rgbOf));
    assert.ok(darkPixels.every((n) => n > 200), `each provider's bars are drawn in its theme colour: ${darkPixels.join(', ')}`);
    // The legend swatches use the same colours.
    const swatches = await view.page.locator('[data-testid="spend-chart"] .legend-swatch').evaluateAll((els) =>
      els.map((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor),
    );
    assert.deepEqual(swatches, dark.map((hex) => `rgb(${rgbOf(hex).join(', ')})`));
    const tokenPixels = await pixelsOf(view, 'tokens-chart', [COSTS_DARK['--vscode-charts-blue']!, COSTS_DARK['--vscode-charts-orange']!].map(rgbOf), 8);
    assert.ok(tokenPixels.every((n) => n > 50), `token lines are drawn in theme colours: ${tokenPixels.join(', ')}`);

    const before = Number(await draws(view, 'spend-chart'));
    await applyCostsTheme(view.page, COSTS_LIGHT, 'vscode-light');
    await view.page.waitForFunction((n) => {
      const el = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } }).document.querySelector('[data-testid="spend-chart"]');
      return Number(el?.getAttribute('data-draws')) > n;
    }, before);
    assert.deepEqual(JSON.parse((await view.page.getByTestId('spend-chart').getAttribute('data-colors')) ?? '[]'), light);
    const lightPixels = await pixelsOf(view, 'spend-chart', [...light, dark[0]!, dark[1]!].map(rgbOf));
    assert.ok(lightPixels.slice(0, 3).every((n) => n > 200), `redrawn in the light theme's colours: ${lightPixels.join(', ')}`);
    assert.deepEqual(lightPixels.slice(3), [0, 0], 'the dark blue and green are gone');
    assert.ok(Number(await draws(view, 'tokens-chart')) > 1, 'the tokens chart was redrawn too');
    assert.ok(Number(await draws(view, 'forecast-chart')) > 1, 'the forecast chart was redrawn too');
  });

  it('redraws only when a chart colour changes, not for any class or style change', async () => {
    const before = await draws(view, 'spend-chart');
    await view.page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { body: { classList: { add(c: string): void } }; documentElement: { style: { setProperty(n: string, v: string): void } } } }).document;
      doc.body.classList.add('something-else');
      doc.documentElement.style.setProperty('--vscode-button-background', '#123456');
    });
    await view.page.waitForTimeout(100);
    assert.equal(await draws(view, 'spend-chart'), before);
  });

  it('follows the width of the panel', async () => {
    const width = () => view.page.locator('[data-testid="spend-chart"] canvas').first().evaluate((c) => (c as unknown as { clientWidth: number }).clientWidth);
    const wide = await width();
    await view.page.setViewportSize({ width: 700, height: 900 });
    await view.page.waitForFunction((w) => {
      const c = (globalThis as unknown as { document: { querySelector(s: string): { clientWidth: number } | null } }).document.querySelector('[data-testid="spend-chart"] canvas');
      return c !== null && c.clientWidth < w - 300;
    }, wide);
    assert.ok((await width()) <= 700 - 40);
  });

  it('has a table with the same numbers, visually hidden until "Table" is pressed, and remembers the choice', async () => {
    const table = view.page.getByTestId('spend-table');
    assert.equal(await table.count(), 1);
    assert.equal(await view.page.getByTestId('spend-panel').locator('.chart-table-host.visually-hidden').count(), 1);
    assert.equal(await view.page.getByRole('table', { name: 'Spend per day by provider' }).count(), 1);
    const toggle = view.page.getByTestId('spend-table-toggle');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.equal(await view.page.getByTestId('spend-chart').isVisible(), false);
    assert.equal(await table.isVisible(), true);
    const state = ninetyDayState();
    const first = state.spendByProvider.map((s) => s.values[0]!);
    const cells = await table.locator('tbody tr').first().locator('td').allInnerTexts();
    assert.deepEqual(cells, [...first, first.reduce((a, b) => a + b, 0)].map((n) => `$${(n / 1e9).toFixed(2)}`));
    const saved = await view.page.evaluate(() => (globalThis as unknown as { __vscodeState?: { tables?: unknown } }).__vscodeState?.tables);
    assert.deepEqual(saved, ['spend']);
    await toggle.click();
    assert.equal(await view.page.getByTestId('spend-chart').isVisible(), true);
    assert.ok((await pixelsOf(view, 'spend-chart', [rgbOf(COSTS_DARK['--vscode-charts-blue']!)]))[0]! > 200, 'drawn again when shown');
  });
});
