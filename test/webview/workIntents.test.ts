// What the handoff, snapshot and knowledge controls ask the host to do, and the choices the
// webview remembers on its own (briefing level, knowledge filter).
import assert from 'node:assert/strict';
import { NOW, runningState, welcomeState, workState } from './fixtures';
import { openSidebar, startHarness, type PageGlobals, type SidebarHarness, type SidebarPage } from './harness';

interface ActiveProbe {
  document: { activeElement: { dataset: { testid?: string } } | null };
}

describe('sidebar webview: handoff, snapshot and knowledge intents', () => {
  let harness: SidebarHarness;
  let view: SidebarPage;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => harness?.close());
  beforeEach(async () => {
    view = await openSidebar(harness, { clockAt: NOW });
  });
  afterEach(async function () {
    const errors = [...view.errors];
    await view.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(errors, [], 'no console errors');
  });

  const intents = async () => (await view.posted()).slice(1);
  const byTestId = (testId: string) => view.page.getByTestId(testId);
  const checkedLevel = () => view.page.locator('input[name="briefing-level"]:checked').getAttribute('value');
  const activeTestId = () => view.page.evaluate(() => (globalThis as unknown as ActiveProbe).document.activeElement?.dataset.testid);

  it('generates a briefing at the default level, then at the level picked', async () => {
    await view.sendState(welcomeState);
    assert.equal(await checkedLevel(), 'medium');
    await byTestId('generate-briefing').click();
    await view.page.getByRole('radio', { name: 'High' }).check();
    await byTestId('generate-briefing').click();
    await byTestId('briefing-level-low').click();
    await byTestId('generate-briefing').click();
    assert.deepEqual(await intents(), [
      { type: 'generateBriefing', level: 'medium' },
      { type: 'generateBriefing', level: 'high' },
      { type: 'generateBriefing', level: 'low' },
    ]);
  });

  it('starts from the last briefing’s level until the user picks one', async () => {
    await view.sendState(workState({ lastBriefing: { ...workState().lastBriefing!, level: 'low' } }));
    assert.equal(await checkedLevel(), 'low');
    await byTestId('generate-briefing').click();
    assert.deepEqual(await intents(), [{ type: 'generateBriefing', level: 'low' }]);
  });

  it('picks the level with the arrow keys and generates with Enter', async () => {
    await view.sendState(runningState());
    await byTestId('briefing-level-medium').focus();
    await view.page.keyboard.press('ArrowLeft');
    assert.equal(await checkedLevel(), 'high');
    assert.match(await view.page.locator('.level-hint').innerText(), /Only what must not be lost/);
    await view.page.keyboard.press('Tab');
    assert.equal(await activeTestId(), 'generate-briefing');
    await view.page.keyboard.press('Enter');
    assert.deepEqual(await intents(), [{ type: 'generateBriefing', level: 'high' }]);
  });

  it('keeps the level choice across re-renders and when VS Code restores the webview', async () => {
    await view.sendState(workState());
    await view.page.getByRole('radio', { name: 'High' }).check();
    await view.sendState(workState({ recent: [] }));
    await view.sendState(runningState());
    assert.equal(await checkedLevel(), 'high');
    const saved = await view.page.evaluate(() => (globalThis as unknown as PageGlobals).__vscodeState);
    await view.close();
    view = await openSidebar(harness, { clockAt: NOW, savedState: saved });
    await view.sendState(workState());
    assert.equal(await checkedLevel(), 'high', 'the user’s pick wins over the last briefing’s level');
    await byTestId('generate-briefing').click();
    assert.deepEqual(await intents(), [{ type: 'generateBriefing', level: 'high' }]);
  });

  it('copies and opens the last briefing', async () => {
    await view.sendState(workState());
    await byTestId('copy-briefing').click();
    await byTestId('open-briefing').click();
    await byTestId('briefing-preview-toggle').click();
    assert.deepEqual(await intents(), [{ type: 'copyBriefing' }, { type: 'openBriefing' }]);
  });

  it('takes, compares and restores snapshots by id', async () => {
    await view.sendState(workState());
    await byTestId('take-snapshot').click();
    await byTestId('snapshot').nth(1).getByRole('button', { name: /^Compare / }).click();
    await byTestId('snapshot').nth(0).getByTestId('restore-snapshot').click();
    await byTestId('snapshot').nth(0).getByTestId('compare-snapshot').focus();
    await view.page.keyboard.press('Enter');
    assert.deepEqual(await intents(), [
      { type: 'takeSnapshot' },
      { type: 'compareSnapshot', id: 'snap-1' },
      { type: 'restoreSnapshot', id: 'snap-2' },
      { type: 'compareSnapshot', id: 'snap-2' },
    ]);
  });

  it('adds, edits and deletes knowledge by id, without opening the entry', async () => {
    await view.sendState(welcomeState);
    await byTestId('add-knowledge').click();
    await view.sendState(workState());
    await byTestId('add-knowledge').click();
    await view.page.getByRole('button', { name: 'Edit Money is stored in minor units' }).click();
    await byTestId('knowledge').nth(2).getByTestId('delete-knowledge').click();
    assert.deepEqual(await intents(), [
      { type: 'addKnowledge' },
      { type: 'addKnowledge' },
      { type: 'editKnowledge', id: 'k-2' },
      { type: 'deleteKnowledge', id: 'k-1' },
    ]);
    assert.equal(await byTestId('knowledge-toggle').nth(1).getAttribute('aria-expanded'), 'false');
  });

  it('filters knowledge by title and by tag, and says when nothing matches', async () => {
    await view.sendState(workState());
    const titles = () => byTestId('knowledge').filter({ visible: true }).locator('.item-title').allInnerTexts();
    const filter = byTestId('knowledge-filter');
    await filter.fill('money');
    assert.deepEqual(await titles(), ['Payment provider rounds half to even', 'Money is stored in minor units']);
    await filter.fill('#checkout');
    assert.deepEqual(await titles(), ['Payment provider rounds half to even']);
    await filter.fill('COMMIT conventional');
    assert.deepEqual(await titles(), ['Commit messages follow Conventional Commits']);
    assert.equal(await byTestId('knowledge-no-match').isVisible(), false);
    await filter.fill('nothing like this');
    assert.deepEqual(await titles(), []);
    assert.equal(await byTestId('knowledge-no-match').innerText(), 'No entries match “nothing like this”.');
    await filter.press('Escape');
    assert.equal(await filter.inputValue(), '');
    assert.equal((await titles()).length, 3);
    assert.deepEqual(await intents(), [], 'filtering is client-side');
  });

  it('keeps the filter text, caret and filtering across re-renders', async () => {
    await view.sendState(workState());
    const filter = byTestId('knowledge-filter');
    await filter.click();
    await view.page.keyboard.type('mone');
    await view.sendState(workState({ recent: [] }));
    assert.equal(await activeTestId(), 'knowledge-filter');
    await view.page.keyboard.type('y');
    assert.equal(await filter.inputValue(), 'money');
    assert.equal(await byTestId('knowledge').filter({ visible: true }).count(), 2);
  });
});
