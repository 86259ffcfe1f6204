// Renders a realistic running session in VS Code's Dark+ theme and saves docs/sidebar.png
// for the README. Run by `npm run screenshot`; `npm test` does not pick it up (not a .test.ts file).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { RunningSessionView } from '../../src/shared/viewState';
import { knowledge, lastBriefing, NOW, recentSessions, runningSession, runningState, snapshots } from './fixtures';
import { openSidebar, startHarness } from './harness';
import { applyTheme } from './theme';
import { applyCostsTheme, COSTS_DARK, FakeCostsHost, ninetyDayState } from './costsFixtures';
import { answerMessage, conversation, FakeChatHost, meta, state as chatState, usd, userMessage } from './chatFixtures';

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

// The chat view with a short conversation, in Dark+ at sidebar width, for the README.
const chatOut = path.resolve(__dirname, '../../docs/chat.png');

const CHAT_ANSWER = [
  'The total drifts because each line is rounded before summing. Round once, at the end:',
  '',
  '```ts',
  'export function total(lines: readonly Line[]): number {',
  '  const cents = lines.reduce((sum, l) => sum + l.qty * l.unitCents, 0);',
  '  return Math.round(cents) / 100;',
  '}',
  '```',
  '',
  '- `total.test.ts` covers 0.1 + 0.2 now.',
  '- Next: the PDF template still formats with `toFixed(2)`.',
].join('\n');

describe('chat screenshot', function () {
  it('saves docs/chat.png', async function () {
    const harness = await startHarness('chat');
    try {
      const view = await openSidebar(harness, { clockAt: NOW, viewport: { width: 380, height: 860 } });
      await applyTheme(view.page);
      const messages = [
        userMessage('m-1', 'Why is the cart total off by a cent for 3 × $0.10?', { attachments: [{ kind: 'selection', label: 'src/checkout/total.ts:12–31', tokens: 212 }] }),
        answerMessage('m-2', CHAT_ANSWER, meta({ provider: 'openai', model: 'gpt-4o', inputTokens: 1_284, outputTokens: 142, cachedTokens: 1_024, costNanos: usd(0.00463), latencyMs: 2_140, ttftMs: 380 })),
      ];
      const current = conversation('c-1', messages, { title: 'Fix the rounding bug', costNanos: usd(0.00463) });
      await new FakeChatHost(view).load(chatState({ current }));
      await view.page.getByTestId('prompt').fill('Update the PDF template the same way');
      await view.page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
      await mkdir(path.dirname(chatOut), { recursive: true });
      await view.page.screenshot({ path: chatOut });
    } finally {
      await harness.close();
    }
  });
});
