// Renders a realistic running session in VS Code's Dark+ theme and saves docs/sidebar.png
// for the README. Run by `npm run screenshot`; `npm test` does not pick it up (not a .test.ts file).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { RunningSessionView } from '../../src/shared/viewState';
import { knowledge, lastBriefing, NOW, recentSessions, runningSession, runningState, snapshots } from './fixtures';
import { openSidebar, startHarness } from './harness';
import { applyTheme } from './theme';
import { applyCostsTheme, COSTS_DARK, FakeCostsHost, ninetyDayState } from './costsFixtures';

const out = path.resolve(__dirname, '../../docs/sidebar.png');

const session: RunningSessionView = runningSession({
  activeMs: 65 * 60_000 + 12_000,
  files: [
    { path: 'src/checkout/total.ts', edits: 14, saves: 3 },
    { path: 'src/checkout/total.test.ts', edits: 6, saves: 2 },
    { path: 'src/checkout/rounding.ts', edits: 4, saves: 1 },
    { path: 'README.md', edits: 1, saves: 1 },
  ],
});

describe('sidebar screenshot', function () {
  it('saves docs/sidebar.png', async function () {
    const harness = await startHarness();
    try {
      // As a user would leave it: files and older sessions folded, one knowledge entry open.
      const savedState = { collapsed: ['files', 'recent'], expanded: ['knowledge:k-3'], briefingLevel: 'medium' };
      const view = await openSidebar(harness, { clockAt: NOW, viewport: { width: 360, height: 1180 }, savedState });
      await view.page.clock.pauseAt(new Date(Date.parse(NOW) + 1000));
      await applyTheme(view.page);
      await view.sendState({ ...runningState(session, recentSessions), lastBriefing, snapshots, knowledge });
      await view.page.getByTestId('note-input').fill('Totals match now; next: the PDF template.');
      await view.page.getByTestId('note-input').blur();
      await view.page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
      await mkdir(path.dirname(out), { recursive: true });
      await view.page.screenshot({ path: out, fullPage: true });
    } finally {
      await harness.close();
    }
  });
});

// The costs panel with 90 days of spend, in Dark+ at 1280×900, for the README.
const costsOut = path.resolve(__dirname, '../../docs/costs-panel.png');

describe('costs panel screenshot', function () {
  it('saves docs/costs-panel.png', async function () {
    const harness = await startHarness('costs');
    try {
      // The custom 90-day range the state answers, as if the user had picked it.
      const state = ninetyDayState();
      const view = await openSidebar(harness, { clockAt: NOW, viewport: { width: 1280, height: 900 }, savedState: { query: state.query } });
      await applyCostsTheme(view.page, COSTS_DARK, 'vscode-dark');
      await new FakeCostsHost(view).load(state);
      await view.page.locator('[data-testid="spend-chart"] canvas').first().waitFor();
      await view.page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
      await mkdir(path.dirname(costsOut), { recursive: true });
      await view.page.screenshot({ path: costsOut });
    } finally {
      await harness.close();
    }
  });
});
