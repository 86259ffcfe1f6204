// State arrives again and again (every edit, save or idle change); the user's typing,
// caret, focus and collapsed sections must survive it.
import assert from 'node:assert/strict';
import { NOW, recentSessions, runningSession, runningState } from './fixtures';
import { openSidebar, startHarness, type PageGlobals, type SidebarHarness, type SidebarPage } from './harness';

interface FocusProbe {
  document: { activeElement: { dataset: { focusKey?: string }; selectionStart?: number; selectionEnd?: number } | null };
}

describe('sidebar webview: re-rendering', () => {
  let harness: SidebarHarness;
  let view: SidebarPage;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => harness?.close());
  afterEach(async function () {
    const errors = [...view.errors];
    await view.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(errors, [], 'no console errors');
  });

  const focused = () =>
    view.page.evaluate(() => {
      const active = (globalThis as unknown as FocusProbe).document.activeElement;
      return { key: active?.dataset.focusKey, start: active?.selectionStart, end: active?.selectionEnd };
    });

  it('keeps the typed note, caret and focus when a new state arrives', async () => {
    view = await openSidebar(harness, { clockAt: NOW });
    await view.sendState(runningState());
    const note = view.page.getByTestId('note-input');
    await note.click();
    await view.page.keyboard.type('half-written thought');
    await view.page.keyboard.press('ArrowLeft');
    await view.page.keyboard.press('Shift+ArrowLeft');
    const files = [...runningSession().files, { path: 'src/new.ts', edits: 1, saves: 0 }];
    await view.sendState(runningState(runningSession({ files })));
    assert.equal(await view.page.getByTestId('file').count(), 4);
    assert.equal(await note.inputValue(), 'half-written thought');
    assert.deepEqual(await focused(), { key: 'note-input', start: 18, end: 19 });
    await view.page.keyboard.type('X');
    assert.equal(await note.inputValue(), 'half-written thougXt');
  });

  it('keeps keyboard focus on the same file row', async () => {
    view = await openSidebar(harness, { clockAt: NOW });
    await view.sendState(runningState());
    await view.page.getByTestId('file').nth(1).focus();
    await view.sendState(runningState(runningSession({ activeMs: 70 * 60_000 })));
    assert.equal((await focused()).key, 'file:src/checkout/total.test.ts');
  });

  it('renders an identical state only once', async () => {
    view = await openSidebar(harness, { clockAt: NOW });
    await view.sendState(runningState());
    await view.page.getByTestId('running-session').evaluate((el) => {
      (el as unknown as { dataset: Record<string, string> }).dataset.marker = 'same';
    });
    await view.sendState(runningState());
    assert.equal(await view.page.getByTestId('running-session').getAttribute('data-marker'), 'same');
  });

  it('remembers drafts and collapsed sections when VS Code restores the webview', async () => {
    view = await openSidebar(harness, { clockAt: NOW });
    await view.sendState(runningState(runningSession(), recentSessions));
    await view.page.getByTestId('note-input').fill('draft for later');
    await view.page.getByRole('heading', { name: 'Files Touched' }).click();
    await view.page.getByTestId('file').first().waitFor({ state: 'hidden' });
    await view.sendState(runningState(runningSession({ activeMs: 1 }), recentSessions));
    assert.equal(await view.page.getByTestId('file').first().isVisible(), false, 'still collapsed after a re-render');
    const saved = await view.page.evaluate(() => (globalThis as unknown as PageGlobals).__vscodeState);
    await view.close();

    view = await openSidebar(harness, { clockAt: NOW, savedState: saved });
    await view.sendState(runningState());
    assert.equal(await view.page.getByTestId('note-input').inputValue(), 'draft for later');
    assert.equal(await view.page.getByTestId('file').first().isVisible(), false);
    assert.equal(await view.page.getByTestId('note').first().isVisible(), true);
  });

  it('survives a saved state of the wrong shape', async () => {
    view = await openSidebar(harness, { savedState: { noteDraft: 42, collapsed: 'files' } });
    await view.sendState(runningState());
    assert.equal(await view.page.getByTestId('note-input').inputValue(), '');
    assert.equal(await view.page.getByTestId('file').first().isVisible(), true);
  });
});
