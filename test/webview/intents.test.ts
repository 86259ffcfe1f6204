// What the webview asks the host to do, driven the way a user would: mouse and keyboard.
import assert from 'node:assert/strict';
import { NOW, recentState, runningState, welcomeState } from './fixtures';
import { type SidebarPage, useSidebarPerTest } from './harness';

describe('sidebar webview: intents', () => {
  const currentPage = useSidebarPerTest({ clockAt: NOW });
  let view: SidebarPage;
  beforeEach(() => {
    view = currentPage();
  });

  /** Messages posted after `ready`. */
  const intents = async () => (await view.posted()).slice(1);
  const noteInput = () => view.page.getByTestId('note-input');

  it('starts a session with the typed goal and clears the field', async () => {
    await view.sendState(welcomeState);
    await view.page.getByTestId('goal-input').fill('  Ship the VAT report  ');
    await view.page.getByTestId('start-session').click();
    assert.deepEqual(await intents(), [{ type: 'startSession', goal: 'Ship the VAT report' }]);
    assert.equal(await view.page.getByTestId('goal-input').inputValue(), '');
  });

  it('starts a session with an empty goal', async () => {
    await view.sendState(recentState);
    await view.page.getByTestId('start-session').click();
    assert.deepEqual(await intents(), [{ type: 'startSession', goal: '' }]);
  });

  it('starts a session with Enter in the goal field', async () => {
    await view.sendState(welcomeState);
    await view.page.getByTestId('goal-input').fill('Refactor totals');
    await view.page.getByTestId('goal-input').press('Enter');
    assert.deepEqual(await intents(), [{ type: 'startSession', goal: 'Refactor totals' }]);
  });

  it('is keyboard operable: Tab to the start button and press Enter', async () => {
    await view.sendState(welcomeState);
    await view.page.getByTestId('goal-input').focus();
    await view.page.keyboard.press('Tab');
    assert.equal(await view.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { dataset: { testid?: string } } } }).document.activeElement.dataset.testid), 'start-session');
    await view.page.keyboard.press('Enter');
    assert.deepEqual(await intents(), [{ type: 'startSession', goal: '' }]);
  });

  it('adds a note with the button and clears the field', async () => {
    await view.sendState(runningState());
    await noteInput().fill('The PDF still shows the old total.\nCheck invoice.hbs');
    await view.page.getByTestId('add-note').click();
    assert.deepEqual(await intents(), [{ type: 'addNote', text: 'The PDF still shows the old total.\nCheck invoice.hbs' }]);
    assert.equal(await noteInput().inputValue(), '');
  });

  it('adds a note with Ctrl+Enter and with Cmd+Enter, keeping focus in the field', async () => {
    await view.sendState(runningState());
    await noteInput().fill('first');
    await noteInput().press('Control+Enter');
    await noteInput().fill('second');
    await noteInput().press('Meta+Enter');
    assert.deepEqual(await intents(), [
      { type: 'addNote', text: 'first' },
      { type: 'addNote', text: 'second' },
    ]);
    assert.equal(await noteInput().evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement), true);
    assert.equal(await noteInput().inputValue(), '');
  });

  it('plain Enter makes a new line instead of sending', async () => {
    await view.sendState(runningState());
    await noteInput().fill('line one');
    await noteInput().press('Enter');
    assert.deepEqual(await intents(), []);
    assert.equal(await noteInput().inputValue(), 'line one\n');
  });

  it('ignores an empty or whitespace-only note', async () => {
    await view.sendState(runningState());
    await view.page.getByTestId('add-note').click();
    await noteInput().fill('   \n  ');
    await view.page.getByTestId('add-note').click();
    await noteInput().press('Control+Enter');
    assert.deepEqual(await intents(), []);
  });

  it('ends the session', async () => {
    await view.sendState(runningState());
    await view.page.getByRole('button', { name: 'End Session' }).click();
    assert.deepEqual(await intents(), [{ type: 'endSession' }]);
  });

  it('opens a file on click and on Enter', async () => {
    await view.sendState(runningState());
    await view.page.getByRole('button', { name: /^Open src\/checkout\/total\.test\.ts,/ }).click();
    await view.page.getByTestId('file').nth(2).focus();
    await view.page.keyboard.press('Enter');
    assert.deepEqual(await intents(), [
      { type: 'openFile', path: 'src/checkout/total.test.ts' },
      { type: 'openFile', path: 'README.md' },
    ]);
  });
});
