// The composer: Enter sends, Shift+Enter adds a line, Up recalls the last prompt, the estimate
// is asked once typing pauses (stale ones cancelled), the picker and the attachments go with
// the message, and the draft survives a reload.
import assert from 'node:assert/strict';
import type { ChatEstimate } from '../../src/shared/protocol/chat';
import { FakeChatHost, answerIdOf, answerMessage, sendResult, state, useChatPage } from './chatFixtures';
import type { SidebarPage } from './harness';

const ESTIMATE: ChatEstimate = {
  tokens: 1_234, exact: true, provider: 'OpenAI', model: 'gpt-4o', expectedNanos: 4_200_000, maxNanos: 31_000_000,
  why: 'balanced: gpt-4o is the cheapest healthy model for 1,234 tokens', needsApproval: false,
};

describe('chat webview: composer', () => {
  const currentPage = useChatPage({ savedState: { conversationId: null, draft: 'a saved draft', target: { kind: 'auto' }, lastPrompt: 'What changed?' } });
  let view: SidebarPage;
  let host: FakeChatHost;
  const prompt = () => view.page.getByTestId('prompt');
  beforeEach(async () => {
    view = currentPage();
    host = new FakeChatHost(view);
    await host.load(state());
  });

  it('restores the draft and keeps the new one in the webview state', async () => {
    assert.equal(await prompt().inputValue(), 'a saved draft');
    await prompt().fill('another draft');
    const saved = await view.page.evaluate(() => (globalThis as unknown as { __vscodeState?: { draft?: string } }).__vscodeState?.draft);
    assert.equal(saved, 'another draft');
  });

  it('sends with Enter, adds a line with Shift+Enter, and recalls the last prompt with Up', async () => {
    await prompt().fill('');
    await prompt().press('ArrowUp');
    assert.equal(await prompt().inputValue(), 'What changed?', 'Up in an empty box recalls the saved last prompt');
    await prompt().fill('line one');
    await prompt().press('Shift+Enter');
    await prompt().pressSequentially('line two');
    assert.equal(await prompt().inputValue(), 'line one\nline two');
    assert.equal((await view.requests()).filter((r) => r.method === 'send').length, 0, 'Shift+Enter did not send');
    await prompt().press('ArrowUp');
    assert.equal(await prompt().inputValue(), 'line one\nline two', 'Up in a non-empty box moves the caret only');
    await prompt().press('Enter');
    const send = await host.next('send');
    assert.equal((send.params as { text: string }).text, 'line one\nline two');
    assert.equal(await prompt().inputValue(), '', 'the box is cleared');
    assert.equal(await view.page.getByTestId('user-text').innerText(), 'line one\nline two');
    // Enter while an answer streams does not send a second message.
    await prompt().fill('too soon');
    await prompt().press('Enter');
    await host.answer(send, sendResult({ conversationId: null, text: 'line one\nline two' }, answerMessage('a-1', 'ok')));
    assert.equal((await view.requests()).filter((r) => r.method === 'send').length, 1);
    await prompt().fill('');
    await prompt().press('ArrowUp');
    assert.equal(await prompt().inputValue(), 'line one\nline two', 'Up recalls the prompt just sent');
  });

  it('shows the estimate once typing pauses, cancelling the stale one, and says when sending asks for approval', async () => {
    await prompt().fill('');
    await prompt().pressSequentially('Refactor', { delay: 20 });
    const first = await host.next('estimate');
    assert.deepEqual(first.params, { conversationId: null, text: 'Refactor', target: { kind: 'auto' }, attachments: [] });
    assert.equal((await view.requests()).filter((r) => r.method === 'estimate').length, 1, 'one estimate for the burst of typing');
    await prompt().pressSequentially(' the cart', { delay: 20 });
    host.skip(first);
    const second = await host.next('estimate');
    const cancels = (await view.envelopes()).filter((e) => (e as { kind?: string }).kind === 'cancel');
    assert.deepEqual(cancels, [{ kind: 'cancel', id: first.id }], 'the stale estimate was cancelled');
    await host.answer(second, { ...ESTIMATE, needsApproval: true });
    assert.equal(await view.page.getByTestId('estimate-text').innerText(), '1,234 tokens · ≈ $0.0042 · at most $0.03 · OpenAI · gpt-4o');
    assert.equal(await view.page.getByTestId('estimate-text').getAttribute('title'), ESTIMATE.why);
    assert.equal(await view.page.getByTestId('estimate-approval').innerText(), 'Sending will ask for your approval first.');
    await prompt().fill('');
    assert.equal(await view.page.getByTestId('estimate').innerText(), '', 'an empty prompt has no estimate');
  });

  it('sends the picked target; unavailable models are disabled with their reason', async () => {
    const options = view.page.getByTestId('model-picker').locator('option');
    assert.deepEqual(await options.allInnerTexts(), ['Auto (balanced)', 'OpenAI · gpt-4o', 'Anthropic · claude-sonnet-4 — No API key set', 'Groq · llama-3.3-70b']);
    assert.equal(await options.nth(2).isDisabled(), true);
    await view.page.getByTestId('model-picker').selectOption({ label: 'Groq · llama-3.3-70b' });
    const saved = await view.page.evaluate(() => (globalThis as unknown as { __vscodeState?: { target?: unknown } }).__vscodeState?.target);
    assert.deepEqual(saved, { kind: 'model', provider: 'groq', model: 'llama-3.3-70b' });
    await prompt().fill('Hi');
    await prompt().press('Enter');
    assert.deepEqual((((await host.next('send')).params) as { target: unknown }).target, { kind: 'model', provider: 'groq', model: 'llama-3.3-70b' });
  });

  it('attaches the selection, the file, the briefing and knowledge entries as removable chips, sent with the message', async () => {
    await view.page.getByTestId('attach-selection').click();
    await view.page.getByTestId('attach-file').click();
    await view.page.getByTestId('attach-briefing').click();
    await view.page.getByTestId('attach-knowledge').click();
    await host.answer(await host.next('pickKnowledge'), [{ id: 'k-1', title: 'Rounding rules' }, { id: 'k-2', title: 'VAT rates' }]);
    const chips = view.page.getByTestId('attachment-chip');
    assert.deepEqual(await chips.allInnerTexts(), ['Selection: src/cart.ts (12 lines)', 'File: src/cart.ts', 'Current briefing', 'Knowledge: Rounding rules', 'Knowledge: VAT rates']);
    assert.equal(await view.page.getByTestId('attach-selection').isDisabled(), true, 'attached once');
    await view.page.getByRole('button', { name: 'Remove File: src/cart.ts' }).click();
    await view.page.getByRole('button', { name: 'Remove Knowledge: Rounding rules' }).click();
    await prompt().fill('Use these');
    await prompt().press('Enter');
    const send = await host.next('send');
    assert.deepEqual((send.params as { attachments: unknown }).attachments, [{ kind: 'selection' }, { kind: 'briefing' }, { kind: 'knowledge', ids: ['k-2'] }]);
    assert.equal(await chips.count(), 0, 'chips are cleared once sent');
    assert.deepEqual(await view.page.getByTestId('user-message').locator('.chip').allInnerTexts(), ['Selection: src/cart.ts (12 lines)', 'Current briefing', 'Knowledge: VAT rates']);
    await host.stream(answerIdOf(send), ['ok']);
  });

  it('disables what cannot be attached, with the reason, and follows the editor', async () => {
    await view.notify('context', { selection: null, file: { file: 'README.md', lines: 30 }, briefing: false, knowledge: 0, trusted: false });
    for (const [kind, reason] of [['selection', 'No text is selected'], ['briefing', 'No handoff briefing'], ['knowledge', 'knowledge base is empty']] as const) {
      const button = view.page.getByTestId(`attach-${kind}`);
      assert.equal(await button.isDisabled(), true, kind);
      assert.match((await button.getAttribute('aria-label')) ?? '', new RegExp(reason));
    }
    assert.equal(await view.page.getByTestId('attach-file').isDisabled(), false);
    assert.equal(await view.page.getByTestId('trust-note').isVisible(), true, 'restricted mode says nothing is sent unless attached');
    await view.page.getByTestId('attach-file').click();
    await view.notify('context', { selection: null, file: null, briefing: false, knowledge: 0, trusted: true });
    assert.equal(await view.page.getByTestId('attachment-chip').count(), 0, 'a file no longer open is dropped');
  });

  it('names every control for screen readers', async () => {
    const unnamed = await view.page.locator('button, select, textarea').evaluateAll((controls) =>
      controls.filter((c) => !(c.getAttribute('aria-label') || c.textContent?.trim())).map((c) => c.outerHTML),
    );
    assert.deepEqual(unnamed, []);
    assert.equal(await view.page.getByRole('log').getAttribute('aria-live'), 'polite');
  });
});
