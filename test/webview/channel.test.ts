// The webview's end of the channel, on the real sidebar page in Chromium: what goes over the
// wire, partial updates merged into what is shown, malformed messages rejected, and requests
// (the sidebar declares none) answered exactly once with an error.
import assert from 'node:assert/strict';
import { NOW, recentState, runningSession, runningState, welcomeState } from './fixtures';
import { type SidebarPage, useSidebarPerTest } from './harness';

describe('sidebar webview: the channel', () => {
  const currentPage = useSidebarPerTest({ clockAt: NOW });
  let view: SidebarPage;
  let warnings: string[];
  beforeEach(() => {
    view = currentPage();
    warnings = [];
    view.page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
  });

  const patch = (params: unknown) => view.sendRaw({ kind: 'notification', method: 'statePatch', params });
  const goal = () => view.page.getByTestId('running-goal').innerText();

  it('says ready and sends intents as validated envelopes', async () => {
    await view.sendState(welcomeState);
    await view.page.getByTestId('goal-input').fill('Ship it');
    await view.page.getByTestId('start-session').click();
    assert.deepEqual(await view.envelopes(), [{ kind: 'ready' }, { kind: 'command', method: 'startSession', params: { goal: 'Ship it' } }]);
  });

  it('merges a partial update into the state it shows, leaving the other fields as they were', async () => {
    await view.sendState(runningState(runningSession(), recentState.recent.slice()));
    const recent = () => view.page.getByTestId('recent-session').allInnerTexts();
    const recentBefore = await recent();
    assert.ok(recentBefore.length > 0);
    await patch({ running: runningSession({ goal: 'Fix the VAT rounding' }) });
    assert.equal(await goal(), 'Fix the VAT rounding');
    assert.deepEqual(await recent(), recentBefore, 'the sessions list was not in the patch and stays');
    await patch({ running: null });
    assert.equal(await view.page.getByTestId('start-session').isVisible(), true);
  });

  it('rejects a malformed partial update whole, and says which field was wrong', async () => {
    await view.sendState(runningState());
    await patch({ running: { ...runningSession(), activeMs: 'an hour' }, workspaceName: 'other' });
    assert.equal(await goal(), runningSession().goal);
    assert.ok(warnings.some((w) => w.includes('params.running.activeMs')), warnings.join(' | '));
  });

  it('rejects messages of the wrong shape without posting anything back', async () => {
    await view.sendState(welcomeState);
    for (const data of [{ kind: 'command', method: 'startSession', params: { goal: 'x' } }, { kind: 'ready' }, { kind: 'response', id: 1, result: null }, { kind: 'cancel', id: 'x' }]) {
      await view.sendRaw(data);
    }
    assert.deepEqual(await view.envelopes(), [{ kind: 'ready' }]);
    assert.ok(warnings.length >= 4, warnings.join(' | '));
  });

  it('answers a request it does not take exactly once, with an error', async () => {
    await view.sendState(welcomeState);
    await view.sendRaw({ kind: 'request', id: 41, method: 'askSomething', params: {} });
    await view.sendRaw({ kind: 'cancel', id: 41 });
    const answers = (await view.envelopes()).slice(1);
    assert.equal(answers.length, 1, JSON.stringify(answers));
    assert.deepEqual({ ...(answers[0] as object), message: 'any' }, { kind: 'error', id: 41, message: 'any', cancelled: false });
    assert.match((answers[0] as { message: string }).message, /askSomething/);
  });
});
