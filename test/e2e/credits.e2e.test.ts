// Credits and account rotation in a real VS Code (code-server) with the packaged baton.vsix.
// Two accounts are seeded with the packaged CLI (`baton accounts add|use`) on the database file
// the extension is then pointed at (`baton.databasePath`). The "Baton Credits" status bar item
// shows the current account; clicking it opens the credits menu, whose "Log Credits" asks for an
// amount (an input box the first time, then a quick pick of recent amounts). The item turns to
// the warning background at `baton.credits.warnAt` (80 %) and to the error background at
// `baton.credits.criticalAt` (95 %). At `baton.credits.rotateAt` (90 %) a warning offers to
// switch to the best other account and copy a briefing: "Later" keeps the account, accepting
// ends the session, copies a medium briefing, marks the old account exhausted and makes the
// other one current, as the CLI then reads from the same database.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { runCli } from './support/cli';
import { waitUntil } from './support/deadline';
import { clearNotifications, pickQuickPickItem, waitForNotification } from './support/dialogs';
import { captureFailuresThenStop, startBaton, type BatonHarness } from './support/harness';
import { fillInputBox, quickInput, runCommand, statusBarItem } from './support/workbench';

const CURRENT = 'GenSpark-02';
const OTHER = 'Claude-1';
const GOAL = 'Ship the credits indicator';

interface CreditStatus {
  current: string | null;
  accounts: { name: string; used: number; limit: number; remaining: number; status: string }[];
}

/** A fresh database file with the two accounts, GenSpark-02 current, written by the real CLI. */
async function seedAccounts(): Promise<{ dir: string; dbPath: string }> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'baton-e2e-credits-')));
  const dbPath = join(dir, 'baton.db');
  const steps: string[][] = [
    ['accounts', 'add', '--name', CURRENT, '--platform', 'GenSpark', '--unit', 'credits', '--limit', '100'],
    ['accounts', 'add', '--name', OTHER, '--platform', 'Claude', '--unit', 'credits', '--limit', '100'],
    ['accounts', 'use', CURRENT],
  ];
  for (const args of steps) {
    const result = await runCli(dbPath, args);
    assert.equal(result.code, 0, `baton ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
  }
  return { dir, dbPath };
}

async function creditStatus(dbPath: string): Promise<CreditStatus> {
  const result = await runCli(dbPath, ['credits', 'status', '--json']);
  assert.equal(result.code, 0, `baton credits status --json failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
  return JSON.parse(result.stdout) as CreditStatus;
}

/** The "Baton Credits" status bar item (its accessibility label starts "Baton credits"). */
function creditsItem(page: Page): Locator {
  return statusBarItem(page, 'Baton credits').first();
}

async function creditsText(page: Page): Promise<string> {
  return (await creditsItem(page).innerText({ timeout: 1_000 }).catch(() => '')).replace(/\s+/g, ' ').trim();
}

/** Waits until the credits item's text starts with `prefix` ("GenSpark-02 · 50/100"); returns the whole text. */
async function waitForCreditsText(page: Page, prefix: string, timeoutMs = 15_000): Promise<string> {
  let last = '';
  try {
    return await waitUntil(
      async () => {
        last = await creditsText(page);
        return last.startsWith(prefix) ? last : undefined;
      },
      { what: `the Baton Credits status bar item to read "${prefix}…"`, timeoutMs },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; it read ${JSON.stringify(last)}`, { cause: error });
  }
}

type Kind = 'error' | 'warning' | 'standard';

interface ItemLook {
  kind: Kind;
  background: string;
  /** The theme's colours, resolved by the browser the same way as the item's background. */
  theme: { warning: string; error: string; statusBar: string };
}

interface PageGlobals {
  document: { createElement(tag: string): { style: { backgroundColor: string }; remove(): void }; body: unknown };
  getComputedStyle(element: unknown): { backgroundColor: string };
}

/** How the credits item is painted: VS Code's `*-kind` class, its computed background and the theme's colours. */
async function creditsLook(page: Page): Promise<ItemLook> {
  // No named functions inside: the test transpiler would wrap them in a `__name` helper the page
  // lacks. The tests compile without the DOM library: the page's globals are typed here.
  return creditsItem(page).evaluate((element) => {
    const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
    const [warning, error] = ['--vscode-statusBarItem-warningBackground', '--vscode-statusBarItem-errorBackground'].map((variable) => {
      const probe = document.createElement('div');
      probe.style.backgroundColor = `var(${variable})`;
      element.parentElement?.appendChild(probe);
      const color = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return color;
    });
    const classes = element.classList;
    const kind = classes.contains('error-kind') ? 'error' : classes.contains('warning-kind') ? 'warning' : 'standard';
    return {
      kind,
      background: getComputedStyle(element).backgroundColor,
      theme: { warning, error, statusBar: getComputedStyle(element.closest('.part.statusbar') ?? document.body).backgroundColor },
    } as ItemLook;
  });
}

async function waitForKind(page: Page, kind: Kind, timeoutMs = 15_000): Promise<ItemLook> {
  let last: ItemLook | undefined;
  try {
    return await waitUntil(
      async () => {
        last = await creditsLook(page);
        return last.kind === kind ? last : undefined;
      },
      { what: `the Baton Credits item to have the ${kind} background`, timeoutMs },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; it looked ${JSON.stringify(last)}`, { cause: error });
  }
}

/** The rows the open quick pick lists, as their labels read. */
async function quickPickLabels(page: Page): Promise<string[]> {
  return (await quickInput(page).locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim());
}

/** Clicks the button `name` of the notification whose message matches `message`. */
async function clickNotificationButton(page: Page, message: RegExp, name: string): Promise<void> {
  const toast = page.locator('.notification-toast .notification-list-item').filter({ has: page.locator('.notification-list-item-message', { hasText: message }) }).first();
  const exact = new RegExp(`^\\s*${name.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&')}\\s*$`);
  const button = toast.locator('.notification-list-item-buttons-container .monaco-button').filter({ hasText: exact }).first();
  await button.waitFor({ state: 'visible', timeout: 10_000 });
  const buttons = (await toast.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts()).map((t) => t.trim());
  await button.click();
  await waitUntil(async () => (await toast.count()) === 0, { what: `the notification to close after "${name}" (its buttons: ${JSON.stringify(buttons)})`, timeoutMs: 10_000 });
}

/** The buttons of the notification whose message matches `message`. */
async function notificationButtons(page: Page, message: RegExp): Promise<string[]> {
  const toast = page.locator('.notification-toast .notification-list-item').filter({ has: page.locator('.notification-list-item-message', { hasText: message }) }).first();
  return (await toast.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts()).map((t) => t.trim());
}

/** Baton's commands need its database: the session item says no session is running, and the credits item shows the account. */
async function waitForBatonReady(page: Page): Promise<void> {
  await waitUntil(
    async () => {
      const labels = await page.locator('.part.statusbar .statusbar-item[aria-label]').evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''));
      return labels.some((label) => /^Baton/.test(label) && /no session/i.test(label));
    },
    { what: 'a Baton status bar item to say no session is running (the database is open)', timeoutMs: 30_000 },
  );
  await waitForCreditsText(page, `${CURRENT} · 0/100`, 30_000);
}

/** Logs `amount` from the status bar: the credits menu, "Log Credits", then the amount. */
async function logFromStatusBar(page: Page, amount: number, options: { recent: number[] }): Promise<void> {
  await creditsItem(page).click();
  await pickQuickPickItem(page, 'Log Credits');
  if (options.recent.length > 0) {
    // Logged before: a quick pick of the recent amounts plus "Another amount…".
    await waitUntil(async () => (await quickPickLabels(page)).some((label) => label.includes('Another amount')), {
      what: 'the quick pick of recent amounts',
      timeoutMs: 15_000,
    });
    const labels = await quickPickLabels(page);
    for (const recent of options.recent) {
      assert.ok(labels.some((label) => label.trim() === String(recent)), `the recent amount ${recent} is offered: ${JSON.stringify(labels)}`);
    }
    await pickQuickPickItem(page, 'Another amount');
  }
  await fillInputBox(page, String(amount), { expect: 'How many credits did you spend?' });
}

describe('Baton credits in VS Code: the status bar item, Log Credits and its thresholds', function () {
  this.timeout(60_000);
  let harness: BatonHarness;
  let seeded: { dir: string; dbPath: string };
  const page = () => harness.page;

  before(async function () {
    this.timeout(180_000);
    seeded = await seedAccounts();
    harness = await startBaton({ settings: { 'baton.databasePath': seeded.dbPath } });
    await waitForBatonReady(harness.page);
  });

  captureFailuresThenStop(() => harness);

  after(function () {
    if (seeded && !process.env.BATON_E2E_KEEP) rmSync(seeded.dir, { recursive: true, force: true });
  });

  it('shows the current account seeded by the CLI, with no warning background', async function () {
    const text = await waitForCreditsText(page(), `${CURRENT} · 0/100`);
    assert.match(text, new RegExp(`^${CURRENT} · 0/100 · ↻ \\d+h \\d+m$|^${CURRENT} · 0/100 · ↻ \\d+m$`), `the item shows the reset: ${text}`);
    const label = (await creditsItem(page()).getAttribute('aria-label')) ?? '';
    assert.match(label, new RegExp(`^Baton credits: ${CURRENT}, 0/100 used of the limit, resets in `));
    assert.equal((await creditsLook(page())).kind, 'standard');
  });

  it('logs credits from the status bar and turns warning at 80 %, error at 95 %', async function () {
    await clearNotifications(page());
    // Nothing logged yet: "Log Credits" goes straight to the amount.
    await logFromStatusBar(page(), 50, { recent: [] });
    await waitForCreditsText(page(), `${CURRENT} · 50/100 ·`);
    const ok = await creditsLook(page());
    assert.equal(ok.kind, 'standard', `50 % is below the warning threshold: ${JSON.stringify(ok)}`);
    assert.notEqual(ok.background, ok.theme.warning);
    assert.notEqual(ok.background, ok.theme.error);

    // 85 %: at or above warnAt (80 %), below rotateAt (90 %).
    await logFromStatusBar(page(), 35, { recent: [50] });
    await waitForCreditsText(page(), `${CURRENT} · 85/100 ·`);
    const warning = await waitForKind(page(), 'warning');
    assert.equal(warning.background, warning.theme.warning, `the item is painted with statusBarItem.warningBackground: ${JSON.stringify(warning)}`);
    assert.notEqual(warning.theme.warning, warning.theme.error);

    // 95 %: at criticalAt; past rotateAt, so the handoff is offered (for the first time: not at 85 %).
    await logFromStatusBar(page(), 10, { recent: [35, 50] });
    await waitForCreditsText(page(), `${CURRENT} · 95/100 ·`);
    const error = await waitForKind(page(), 'error');
    assert.equal(error.background, error.theme.error, `the item is painted with statusBarItem.errorBackground: ${JSON.stringify(error)}`);
    const label = (await creditsItem(page()).getAttribute('aria-label')) ?? '';
    assert.match(label, new RegExp(`^Baton credits: ${CURRENT}, 95/100 used of the limit`));

    const offer = await waitForNotification(page(), /has used \d+% of its limit/, 15_000);
    assert.equal(offer.severity, 'warning');
    assert.equal(offer.text, `Baton: ${CURRENT} has used 95% of its limit.`, 'offered once, when crossing 90 %: not at 85 %');
    assert.deepEqual(await notificationButtons(page(), /has used/), [`Switch to ${OTHER} and copy briefing`, 'Later']);
    await clickNotificationButton(page(), /has used/, 'Later');

    // "Later" keeps the account.
    assert.match(await creditsText(page()), new RegExp(`^${CURRENT} · 95/100`));
    const status = await creditStatus(seeded.dbPath);
    assert.equal(status.current, CURRENT);
    const current = status.accounts.find((a) => a.name === CURRENT);
    assert.ok(current, JSON.stringify(status));
    assert.equal(current.used, 95, 'the CLI reads the three logs from the same database');
    assert.equal(current.status, 'active');
  });
});

describe('Baton credits in VS Code: crossing the rotation threshold and switching accounts', function () {
  this.timeout(60_000);
  let harness: BatonHarness;
  let seeded: { dir: string; dbPath: string };
  const page = () => harness.page;

  before(async function () {
    this.timeout(180_000);
    seeded = await seedAccounts();
    harness = await startBaton({ settings: { 'baton.databasePath': seeded.dbPath } });
    // The rotation copies the briefing; let the page read the clipboard as a user's browser would.
    await harness.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.server.baseUrl });
    await waitForBatonReady(harness.page);
  });

  captureFailuresThenStop(() => harness);

  after(function () {
    if (seeded && !process.env.BATON_E2E_KEEP) rmSync(seeded.dir, { recursive: true, force: true });
  });

  it('offers a switch at 90 %, and accepting it hands off to Claude-1 with a briefing on the clipboard', async function () {
    this.timeout(90_000);
    await runCommand(page(), 'Baton: Start Session');
    await fillInputBox(page(), GOAL, { expect: 'goal of this session' });
    await waitUntil(async () => ((await statusBarItem(page(), 'Baton session').first().getAttribute('aria-label', { timeout: 1_000 }).catch(() => '')) ?? '').includes(GOAL), {
      what: `the Baton session item to show "${GOAL}"`,
      timeoutMs: 15_000,
    });
    await page().evaluate('navigator.clipboard.writeText("nothing yet")');

    await clearNotifications(page());
    await runCommand(page(), 'Baton: Log Credits');
    await fillInputBox(page(), '50', { expect: 'How many credits did you spend?' });
    await waitForCreditsText(page(), `${CURRENT} · 50/100 ·`);
    await runCommand(page(), 'Baton: Log Credits');
    await pickQuickPickItem(page(), 'Another amount');
    await fillInputBox(page(), '40', { expect: 'How many credits did you spend?' });
    await waitForCreditsText(page(), `${CURRENT} · 90/100 ·`);

    const offer = await waitForNotification(page(), /has used \d+% of its limit/, 15_000);
    assert.equal(offer.severity, 'warning');
    assert.equal(offer.text, `Baton: ${CURRENT} has used 90% of its limit.`);
    await clickNotificationButton(page(), /has used/, `Switch to ${OTHER} and copy briefing`);

    const done = await waitForNotification(page(), /now on /, { timeoutMs: 30_000, failOnError: /Baton/ });
    assert.equal(done.severity, 'info');
    assert.match(done.text, new RegExp(`^Baton: now on ${OTHER}\\. The medium briefing \\(\\d+ tokens\\) is on the clipboard`));

    // The status bar follows: Claude-1, nothing used.
    await waitForCreditsText(page(), `${OTHER} · 0/100`);
    assert.equal((await creditsLook(page())).kind, 'standard');

    // The clipboard holds the medium briefing of this workspace and session.
    const clipboard = await page().evaluate<string>('navigator.clipboard.readText()');
    assert.match(clipboard, /^# Handoff briefing: workspace$/m, `the briefing names the workspace:\n${clipboard}`);
    assert.match(clipboard, new RegExp(`\\*\\*Goal:\\*\\* ${GOAL}`), `the briefing gives the session's goal:\n${clipboard}`);
    assert.match(clipboard, /\*\*Branch:\*\* `main`/, `the briefing gives the branch:\n${clipboard}`);

    // The same database, read by the CLI: the old account exhausted, the new one current.
    const status = await creditStatus(seeded.dbPath);
    assert.equal(status.current, OTHER, JSON.stringify(status));
    const old = status.accounts.find((a) => a.name === CURRENT);
    assert.ok(old, JSON.stringify(status));
    assert.equal(old.status, 'exhausted', JSON.stringify(status));
    assert.equal(old.used, 90);
    assert.equal(status.accounts.find((a) => a.name === OTHER)?.status, 'active');

    // The session ended on the old account and one with the same goal runs on the new one.
    const sessions = await runCli(seeded.dbPath, ['session', 'list', '--json', '--workspace', harness.fixture.workspace]);
    assert.equal(sessions.code, 0, `baton session list failed:\n${sessions.stderr}`);
    const listed = (JSON.parse(sessions.stdout) as { sessions: { goal: string; endedAt: unknown }[] }).sessions;
    assert.ok(Array.isArray(listed), `no "sessions" array in: ${sessions.stdout}`);
    assert.equal(listed.filter((s) => s.goal === GOAL).length, 2, `two sessions with the goal: ${sessions.stdout}`);
    assert.equal(listed.filter((s) => s.goal === GOAL && !s.endedAt).length, 1, `one of them still running: ${sessions.stdout}`);
  });
});
