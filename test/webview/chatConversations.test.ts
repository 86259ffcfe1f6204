// Conversations: the header shows the open one's title and total cost; the list opens, renames
// and deletes; `changed` reloads (after a streaming answer, never under it); hand off reports
// what it did; the welcome states say what to do first; the open conversation survives a reload.
import assert from 'node:assert/strict';
import { FakeChatHost, answerIdOf, answerMessage, conversation, meta, sendResult, state, summary, usd, useChatPage, userMessage } from './chatFixtures';
import type { SidebarPage } from './harness';

const OPEN = conversation('c-2', [userMessage('u-1', 'Add VAT'), answerMessage('a-1', 'Done: **VAT** added.', meta({ estimated: true }))], { title: 'Add VAT', costNanos: usd(0.5), estimated: true });

describe('chat webview: conversations', () => {
  const currentPage = useChatPage({ clockAt: '2026-11-24T12:30:00.000Z', savedState: { conversationId: 'c-2', draft: '', target: { kind: 'auto' }, lastPrompt: '' } });
  let view: SidebarPage;
  let host: FakeChatHost;
  beforeEach(async () => {
    view = currentPage();
    host = new FakeChatHost(view);
  });

  it('reopens the saved conversation, with its title and total cost in the header', async () => {
    const load = await host.load(state({ current: OPEN }));
    assert.deepEqual(load.params, { conversationId: 'c-2' });
    assert.equal(await view.page.getByTestId('chat-title').innerText(), 'Add VAT');
    assert.equal(await view.page.getByTestId('chat-cost').innerText(), '≈ $0.50');
    assert.equal(await view.page.getByTestId('answer-body').innerText(), 'Done: VAT added.');
    assert.equal(await view.page.getByTestId('meta-cost').innerText(), '≈ $0.01 estimated');
  });

  it('lists conversations with cost and date, opens, renames and deletes them', async () => {
    await host.load(state({ current: OPEN }));
    await view.page.getByTestId('list-toggle').click();
    assert.equal(await view.page.getByTestId('list-toggle').getAttribute('aria-expanded'), 'true');
    assert.deepEqual(await view.page.getByTestId('conversation-open').allInnerTexts(), [
      'Fix the rounding bug\n$0.01 · 2 messages · 2h ago',
      'Add VAT\n$0.50 · 6 messages · 2h ago',
    ]);
    await view.page.getByTestId('conversation-open').first().click();
    const open = await host.next('open');
    assert.deepEqual(open.params, { id: 'c-1' });
    await host.answer(open, conversation('c-1', [userMessage('u-9', 'Why 0.1 + 0.2?')], { title: 'Fix the rounding bug' }));
    assert.equal(await view.page.getByTestId('chat-title').innerText(), 'Fix the rounding bug');
    assert.equal(await view.page.getByTestId('conversation-list').isVisible(), false, 'the list closes on open');

    await view.page.getByTestId('rename').click();
    const rename = await host.next('rename');
    assert.deepEqual(rename.params, { id: 'c-1', title: null });
    await host.answer(rename, summary('c-1', { title: 'Floating point' }));
    assert.equal(await view.page.getByTestId('chat-title').innerText(), 'Floating point');

    await view.page.getByTestId('list-toggle').click();
    await view.page.getByTestId('conversation-delete').nth(1).click();
    const removed = await host.next('delete');
    assert.deepEqual(removed.params, { id: 'c-2' });
    await host.answer(removed, true);
    assert.deepEqual(await view.page.getByTestId('conversation').locator('.conversation-title').allInnerTexts(), ['Floating point']);

    await view.page.getByTestId('delete').click();
    const kept = await host.next('delete');
    await host.answer(kept, false);
    assert.equal(await view.page.getByTestId('chat-title').innerText(), 'Floating point', 'the user kept it');
    await view.page.getByTestId('delete').click();
    await host.answer(await host.next('delete'), true);
    assert.equal(await view.page.getByTestId('chat-title').innerText(), 'New chat');
    assert.equal(await view.page.getByTestId('empty-conversation').isVisible(), true);
    const saved = await view.page.evaluate(() => (globalThis as unknown as { __vscodeState?: { conversationId?: unknown } }).__vscodeState?.conversationId);
    assert.equal(saved, null);
  });

  it('reloads on `changed`, but only after the streaming answer has finished', async () => {
    await host.load(state({ current: OPEN }));
    await view.page.getByTestId('prompt').fill('More');
    await view.page.getByTestId('prompt').press('Enter');
    const send = await host.next('send');
    await host.stream(answerIdOf(send), ['Streaming…']);
    await view.notify('changed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await view.requests()).filter((r) => r.method === 'load').length, 1, 'no reload under a streaming answer');
    await host.answer(send, sendResult({ conversationId: 'c-2', text: 'More' }, answerMessage('a-2', 'Streaming…')));
    const reload = await host.next('load');
    assert.deepEqual(reload.params, { conversationId: 'c-2' });
    await host.answer(reload, state({ current: { ...OPEN, title: 'Renamed elsewhere', costNanos: usd(0.75) } }));
    assert.equal(await view.page.getByTestId('chat-title').innerText(), 'Renamed elsewhere');
    assert.equal(await view.page.getByTestId('chat-cost').innerText(), '≈ $0.75');
  });

  it('hands off the conversation and says what happened', async () => {
    await host.load(state({ current: OPEN }));
    await view.page.getByRole('button', { name: /Hand off/ }).click();
    const handoff = await host.next('handoff');
    assert.deepEqual(handoff.params, { id: 'c-2' });
    assert.match(await view.page.getByTestId('handoff-progress').innerText(), /Writing/);
    await host.answer(handoff, { copied: true, tokens: 1_850, level: 'medium', noteAdded: true });
    assert.equal(await view.page.getByTestId('handoff-outcome').innerText(), 'Briefing copied to the clipboard: 1,850 tokens, medium level. The last decision was added to the session notes.');
    await view.page.getByRole('button', { name: /Hand off/ }).click();
    await host.fail(await host.next('handoff'), 'No session is running.');
    assert.equal(await view.page.getByTestId('page-error').innerText(), 'Could not hand off: No session is running.');
  });

  it('starts a new conversation from the header and from the palette', async () => {
    await host.load(state({ current: OPEN }));
    await view.page.getByTestId('new-conversation').click();
    assert.equal(await view.page.getByTestId('chat-title').innerText(), 'New chat');
    assert.equal(await view.page.getByTestId('handoff').isDisabled(), true, 'nothing to hand off yet');
    await view.page.getByTestId('list-toggle').click();
    await view.page.getByTestId('conversation-open').nth(1).click();
    await host.answer(await host.next('open'), OPEN);
    assert.equal(await view.page.getByTestId('chat-title').innerText(), 'Add VAT');
    await view.notify('newConversation');
    assert.equal(await view.page.getByTestId('chat-title').innerText(), 'New chat');
    assert.equal(await view.page.getByTestId('transcript').innerText(), '');
    await view.page.getByTestId('prompt').fill('Fresh start');
    await view.page.getByTestId('prompt').press('Enter');
    assert.equal(((await host.next('send')).params as { conversationId: unknown }).conversationId, null);
  });

  it('shows how to add a provider when none is configured', async () => {
    await host.load(state({ hasProviders: false, models: [], current: null, conversations: [] }));
    assert.equal(await view.page.getByTestId('no-providers').isVisible(), true);
    await view.page.getByTestId('welcome-configure').click();
    await view.page.getByTestId('welcome-set-key').click();
    assert.deepEqual((await host.commands()).slice(-2), [{ type: 'configureProviders' }, { type: 'setApiKey', provider: null }]);
    assert.equal(await view.page.getByTestId('empty-conversation').count(), 0);
  });
});
