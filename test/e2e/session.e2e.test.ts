// The user story of a Baton session, end to end in a real VS Code (code-server) with the
// packaged baton.vsix: start a session from the palette, see it in the status bar and the
// sidebar, add notes from the palette and from the sidebar, end it, and find it all in the
// database through the CLI.
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { waitUntil } from './support/deadline';
import { captureFailuresThenStop, startBaton, type BatonHarness } from './support/harness';
import { activityBarItem, fillInputBox, findWebviewFrame, runCommand, statusBarItem } from './support/workbench';
import { clickButton, typeInto } from './support/webview';

const GOAL = 'Fix the login redirect';
const PALETTE_NOTE = 'Redirect loop is in auth.ts';
const SIDEBAR_NOTE = 'Check the session cookie path too';

interface ListedSession {
  id: string;
  goal: string;
  startedAt: unknown;
  endedAt: unknown;
  activeMs: number;
  notes: { text: string; at: unknown }[];
}

describe('Baton session story in VS Code', function () {
  this.timeout(60_000);
  let harness: BatonHarness;

  const batonStatus = () => statusBarItem(harness.page, 'Baton');
  const batonStatusLabel = async () => (await batonStatus().first().getAttribute('aria-label', { timeout: 1_000 })) ?? '';
  /** The sidebar's webview frame; looked up again each time, as VS Code may recreate it. */
  const sidebar = (selector = '[data-testid]'): Promise<Frame> => findWebviewFrame(harness.page, selector, 20_000);

  async function sidebarShowsNote(text: string): Promise<void> {
    await waitUntil(
      async () => {
        const notes = await (await sidebar('[data-testid="note"]')).locator('[data-testid="note"]').allInnerTexts();
        return notes.some((note) => note.includes(text));
      },
      { what: `a [data-testid="note"] with "${text}" in the sidebar`, timeoutMs: 15_000 },
    );
  }

  before(async function () {
    this.timeout(180_000);
    harness = await startBaton();
  });

  captureFailuresThenStop(() => harness);

  it('shows an idle Baton status bar item once VS Code has started', async function () {
    await batonStatus().first().waitFor({ state: 'visible', timeout: 30_000 });
    // It may say it is opening the database first; then it settles on idle.
    await waitUntil(async () => /no session/i.test(await batonStatusLabel()), {
      what: 'the Baton status bar item to say no session is running',
      timeoutMs: 20_000,
    });
    assert.equal(await batonStatus().count(), 1, 'exactly one status bar item labelled "Baton..."');
    assert.doesNotMatch(await batonStatusLabel(), /Fix the login/);
  });

  it('starts a session from the palette and shows its goal in the status bar', async function () {
    await runCommand(harness.page, 'Baton: Start Session');
    await fillInputBox(harness.page, GOAL);
    const label = await waitUntil(async () => {
      const current = await batonStatusLabel();
      return current.includes('Fix the login') ? current : undefined;
    }, { what: 'the Baton status bar item to show the running session', timeoutMs: 15_000 });
    assert.match(label, /^Baton session: Fix the login/);
    assert.doesNotMatch(label, /no session/i);
  });

  it('shows the running goal in the sidebar', async function () {
    await runCommand(harness.page, 'Baton: Show Sidebar');
    await waitUntil(
      async () => {
        const frame = await sidebar('[data-testid="running-goal"]');
        return (await frame.locator('[data-testid="running-goal"]').innerText()).trim() === GOAL;
      },
      { what: `[data-testid="running-goal"] to read "${GOAL}"`, timeoutMs: 15_000 },
    );
  });

  it('shows the active time next to the goal', async function () {
    const frame = await sidebar('[data-testid="active-time"]');
    await waitUntil(async () => (await frame.locator('[data-testid="active-time"]').innerText()).trim() !== '', {
      what: '[data-testid="active-time"] to show a time',
    });
  });

  it('opens the sidebar from the status bar item', async function () {
    await runCommand(harness.page, 'View: Close Primary Side Bar');
    await harness.page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    await batonStatus().first().click();
    await waitUntil(async () => (await activityBarItem(harness.page, 'Baton').getAttribute('aria-selected')) === 'true', {
      what: 'the Baton view container to be shown after clicking the status bar item',
      timeoutMs: 10_000,
    });
    const frame = await sidebar('[data-testid="running-goal"]');
    assert.equal((await frame.locator('[data-testid="running-goal"]').innerText()).trim(), GOAL);
  });

  it('adds a note from the palette and lists it in the sidebar', async function () {
    await runCommand(harness.page, 'Baton: Add Session Note');
    await fillInputBox(harness.page, PALETTE_NOTE);
    await sidebarShowsNote(PALETTE_NOTE);
  });

  it('adds a note from the sidebar itself', async function () {
    const frame = await sidebar('[data-testid="note-input"]');
    await typeInto(frame.locator('[data-testid="note-input"]'), SIDEBAR_NOTE);
    await clickButton(frame, 'Add Note');
    await sidebarShowsNote(SIDEBAR_NOTE);
    await sidebarShowsNote(PALETTE_NOTE);
  });

  it('ends the session with a summary and returns the status bar to idle', async function () {
    await runCommand(harness.page, 'Baton: End Session');
    await fillInputBox(harness.page, 'Found the loop');
    const label = await waitUntil(async () => {
      const current = await batonStatusLabel();
      return current && !current.includes('Fix the login') ? current : undefined;
    }, { what: 'the Baton status bar item to leave the running session', timeoutMs: 15_000 });
    assert.match(label, /^Baton/);
    assert.match(label, /no session/i);
  });

  it('shows the ended session among the recent ones in the sidebar', async function () {
    await waitUntil(
      async () => {
        const frame = await sidebar('[data-testid="recent-session"]');
        const recent = await frame.locator('[data-testid="recent-session"]').allInnerTexts();
        return recent.some((text) => text.includes(GOAL)) && (await frame.locator('[data-testid="running-goal"]').count()) === 0;
      },
      { what: `a [data-testid="recent-session"] with "${GOAL}" and no running goal in the sidebar`, timeoutMs: 15_000 },
    );
  });

  it('finds the ended session and both notes in the database through the CLI', async function () {
    const result = await harness.runCli(['session', 'list', '--workspace', harness.fixture.workspace, '--json']);
    assert.equal(result.code, 0, `baton session list failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
    const parsed = JSON.parse(result.stdout) as { sessions: ListedSession[] };
    assert.ok(Array.isArray(parsed.sessions), `no "sessions" array in: ${result.stdout}`);
    assert.equal(parsed.sessions.length, 1, `expected one session, got: ${result.stdout}`);
    const [session] = parsed.sessions;
    assert.ok(session);
    assert.equal(session.goal, GOAL);
    assert.equal(typeof session.id, 'string');
    assert.ok(session.startedAt, 'startedAt is set');
    assert.ok(session.endedAt, 'endedAt is set: the session was ended');
    assert.ok(new Date(session.endedAt as string).getTime() >= new Date(session.startedAt as string).getTime(), 'ended after it started');
    assert.equal(typeof session.activeMs, 'number');
    assert.ok(session.activeMs >= 0);
    const texts = session.notes.map((note) => note.text);
    assert.deepEqual([...texts].sort(), [PALETTE_NOTE, SIDEBAR_NOTE].sort());
    for (const note of session.notes) assert.ok(note.at, `note "${note.text}" has a time`);
  });
});
