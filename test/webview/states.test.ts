// Each view state, as the user sees it.
import assert from 'node:assert/strict';
import { errorState, loadingState, noFolderState, NOW, recentState, runningSession, runningState, welcomeState } from './fixtures';
import { type SidebarPage, useSidebarPerTest } from './harness';

describe('sidebar webview: states', () => {
  const currentPage = useSidebarPerTest({ clockAt: NOW });
  let view: SidebarPage;
  beforeEach(() => {
    view = currentPage();
  });

  const text = (testId: string) => view.page.getByTestId(testId).innerText();

  it('posts ready first, exactly once', async () => {
    const posted = await view.posted();
    assert.deepEqual(posted, [{ type: 'ready' }]);
  });

  it('shows a quiet spinner while loading, before and after the first state', async () => {
    assert.equal(await text('loading'), 'Loading Baton…');
    await view.sendState(loadingState);
    assert.equal(await text('loading'), 'Loading Baton…');
    assert.equal(await view.page.locator('[data-testid="loading"] .codicon-loading.codicon-modifier-spin').count(), 1);
  });

  it('shows the error message in an alert', async () => {
    await view.sendState(errorState);
    const alert = view.page.getByRole('alert');
    assert.equal(await alert.innerText(), 'The Baton database is damaged. The last good backup was restored.');
    assert.equal(await view.page.getByTestId('start-session').count(), 0);
  });

  it('falls back to a generic error text when the host sends none', async () => {
    await view.sendState({ ...errorState, errorMessage: null });
    assert.match(await view.page.getByRole('alert').innerText(), /could not load/);
  });

  it('asks for a folder when none is open', async () => {
    await view.sendState(noFolderState);
    assert.match(await text('no-folder'), /Open a folder to track coding sessions\./);
    assert.equal(await view.page.getByTestId('start-session').count(), 0);
  });

  it('welcomes a first-time user with an explanation and the start form', async () => {
    await view.sendState(welcomeState);
    assert.match(await text('start-view'), /Baton tracks what you work on/);
    assert.equal(await view.page.getByLabel('Goal (optional)').getAttribute('data-testid'), 'goal-input');
    assert.equal(await view.page.getByRole('button', { name: 'Start Session' }).isVisible(), true);
    assert.equal(await view.page.getByTestId('recent-session').count(), 0);
  });

  it('shows the start form above recent sessions', async () => {
    await view.sendState(recentState);
    assert.equal(await view.page.getByTestId('start-session').isVisible(), true);
    const items = view.page.getByTestId('recent-session');
    assert.equal(await items.count(), 2);
    const first = await items.nth(0).innerText();
    assert.match(first, /Add VAT to invoices/);
    assert.match(first, /Yesterday, 2:03 PM/);
    assert.match(first, /1h 22m/);
    assert.match(first, /7 files/);
    assert.match(first, /2 notes/);
    assert.match(first, /Invoices now carry VAT per country/);
    const second = await items.nth(1).innerText();
    assert.match(second, /\(no goal\)/);
    assert.match(second, /45s/);
    assert.match(second, /1 file\b/);
    assert.match(second, /0 notes/);
    assert.doesNotMatch(await text('start-view'), /Baton tracks what you work on/);
  });

  it('shows the running session: goal, clock, branch, start time, files and notes', async () => {
    await view.sendState(runningState(runningSession(), recentState.recent.slice()));
    assert.equal(await text('running-goal'), 'Fix the checkout rounding bug');
    assert.equal(await text('active-time'), '1h 05m');
    assert.equal(await text('session-state'), 'Active');
    assert.equal(await text('branch'), 'fix/checkout-rounding');
    assert.equal(await view.page.locator('[data-testid="branch"] .codicon-git-branch').count(), 1);
    assert.equal(await text('started-at'), 'Started 9:12 AM');
    const files = view.page.getByTestId('file');
    assert.equal(await files.count(), 3);
    assert.equal(await files.nth(0).getAttribute('aria-label'), 'Open src/checkout/total.ts, 14 edits, 3 saves');
    assert.match(await files.nth(0).innerText(), /total\.ts\s*src\/checkout\s*14\s*3/);
    const notes = view.page.getByTestId('note');
    assert.deepEqual(await notes.locator('.note-text').allInnerTexts(), [
      'Use banker’s rounding to match the payment provider.',
      'Rounding happens per line item, not on the total.',
    ]);
    assert.deepEqual(await notes.locator('time').allInnerTexts(), ['5m ago', '50m ago']);
    assert.equal(await view.page.getByTestId('recent-session').count(), 2);
    assert.equal(await view.page.getByTestId('start-session').count(), 0);
  });

  it('shows "(no goal)", no branch and empty lists for a fresh session', async () => {
    await view.sendState(runningState(runningSession({ goal: '  ', branch: null, files: [], notes: [], activeMs: 12 * 60_000 + 5_000 })));
    assert.equal(await text('running-goal'), '(no goal)');
    assert.equal(await view.page.getByTestId('running-goal').getAttribute('class'), 'session-goal description');
    assert.equal(await view.page.getByTestId('branch').count(), 0);
    assert.equal(await text('active-time'), '12m');
    assert.match(await view.page.locator('body').innerText(), /No files touched yet\./);
    assert.match(await view.page.locator('body').innerText(), /No notes yet\./);
  });

  it('ignores messages that are not valid host messages', async () => {
    await view.sendState(welcomeState);
    const malformed = [
      null, 'state', { type: 'state' }, { type: 'other', state: {} }, { type: 'state', state: { status: 'x', recent: [] } },
      { kind: 'notification', method: 'state' }, { kind: 'notification', method: 'state', params: { status: 'x', recent: [] } },
      { kind: 'notification', method: 'unknown', params: {} }, { kind: 'response', id: 7, result: {} },
    ];
    for (const data of malformed) await view.sendRaw(data);
    assert.equal(await view.page.getByTestId('start-session').isVisible(), true);
  });

  it('rejects a state that is malformed inside, keeping what it showed', async () => {
    await view.sendState(runningState());
    const broken = { ...welcomeState, running: { goal: 'x' } } as unknown as typeof welcomeState;
    const warnings: string[] = [];
    view.page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await view.sendState(broken);
    assert.equal(await view.page.getByTestId('add-note').isVisible(), true, 'the running session is still shown');
    assert.equal(await view.page.getByRole('alert').count(), 0);
    await view.page.waitForFunction(() => true);
    assert.ok(warnings.some((w) => w.includes('params.running.id')), `a warning names the bad field: ${warnings.join(' | ')}`);
  });
});
