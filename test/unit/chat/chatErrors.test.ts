// Each way a chat turn fails, as the user meets it: the error's kind, a message that says what
// to do, the buttons that fix it, the attempts, and the prompt still in the conversation.
import assert from 'node:assert/strict';
import { RouterConfigError } from '../../../src/core/routing/routerConfigParser';
import type { ChatSendResult } from '../../../src/shared/protocol/chat';
import { reply } from '../../support/wire/wireServer';
import { config, openaiProvider } from '../router/routerHarness';
import { type ChatHarness, makeChat, useChatCleanup, wire } from './chatHarness';

async function promptKept(h: ChatHarness, result: ChatSendResult, prompt: string): Promise<void> {
  assert.equal(result.answer, null);
  assert.equal(result.user.text, prompt);
  const stored = await h.chat.open(result.conversation.id);
  assert.deepEqual(stored.messages.map((m) => m.text), [prompt], 'the prompt is not lost');
}

describe('chat: errors', () => {
  useChatCleanup();

  it('no provider configured: "no-provider", configure providers', async () => {
    const h = await makeChat(config([]));
    const { result } = await h.send('Hi');
    assert.equal(result.error?.kind, 'no-provider');
    assert.deepEqual(result.error?.fixes, ['configureProviders']);
    assert.match(result.error?.message ?? '', /baton\.providers/);
    await promptKept(h, result, 'Hi');
    assert.equal((await h.chat.state(null)).hasProviders, false);
  });

  it('missing key: "no-key" naming the provider, Set API Key; nothing is sent', async () => {
    const server = await wire();
    const h = await makeChat(config([openaiProvider(server)]));
    h.keys.keys.delete('oa');
    const { result } = await h.send('Hi');
    assert.equal(result.error?.kind, 'no-key');
    assert.equal(result.error?.provider, 'oa');
    assert.deepEqual(result.error?.fixes, ['setApiKey']);
    assert.equal(server.requests.length, 0);
    await promptKept(h, result, 'Hi');
    assert.equal((await h.chat.state(null)).models[0]?.available, false);
  });

  it('refused key (401): "no-key" naming the provider, with the attempt', async () => {
    const server = await wire();
    const h = await makeChat(config([openaiProvider(server)], { maxAttempts: 1 }));
    server.enqueue(reply.error(401, { message: 'Incorrect API key provided' }));
    const { result } = await h.send('Hi');
    assert.equal(result.error?.kind, 'no-key');
    assert.equal(result.error?.provider, 'oa');
    assert.deepEqual(result.error?.fixes, ['setApiKey']);
    assert.equal(result.error?.attempts.length, 1);
    await promptKept(h, result, 'Hi');
  });

  it('budget reached: "budget" naming which one, open the costs panel or the budget settings', async () => {
    const server = await wire();
    const h = await makeChat(config([openaiProvider(server)], {}, { dailyUsd: 0.000001 }));
    const { result } = await h.send('Hi');
    assert.equal(result.error?.kind, 'budget');
    assert.match(result.error?.message ?? '', /^Daily budget/);
    assert.deepEqual(result.error?.fixes, ['openCosts', 'openBudgetSettings']);
    assert.equal(server.requests.length, 0);
    await promptKept(h, result, 'Hi');
  });

  it('every provider failing: "all-failed" with each attempt, retry', async () => {
    const a = await wire();
    const b = await wire();
    const h = await makeChat(config([openaiProvider(a), openaiProvider(b, { id: 'oa2' })], { maxAttempts: 1 }));
    a.enqueue(reply.error(500, { message: 'upstream exploded' }));
    b.enqueue(reply.error(503, { message: 'overloaded' }));
    const { result, notices } = await h.send('Hi');
    assert.equal(result.error?.kind, 'all-failed');
    assert.deepEqual(result.error?.fixes, ['retry']);
    assert.deepEqual(result.error?.attempts.map((x) => [x.provider, x.status]), [['oa', 'error'], ['oa2', 'error']]);
    assert.ok(notices.some((n) => /trying oa2/.test(n)), 'the fallback was announced');
    await promptKept(h, result, 'Hi');
  });

  it('no provider reachable: "offline", retry', async () => {
    const server = await wire();
    const baseUrl = server.baseUrl;
    await server.close();
    const h = await makeChat(config([{ id: 'oa', kind: 'openai', baseUrl, models: [{ id: 'wire-mini', input: 0.15, output: 0.6 }] }], { maxAttempts: 1 }));
    const { result } = await h.send('Hi');
    assert.equal(result.error?.kind, 'offline');
    assert.deepEqual(result.error?.fixes, ['retry']);
    assert.match(result.error?.message ?? '', /network/);
    await promptKept(h, result, 'Hi');
  });

  it('declined approval: "declined", nothing sent', async () => {
    const server = await wire();
    const h = await makeChat(config([openaiProvider(server)], { approvalThresholdUsd: 0.000001 }));
    const { result, approvals } = await h.send('Hi', { approve: false });
    assert.equal(approvals.length, 1);
    assert.equal(result.error?.kind, 'declined');
    assert.equal(server.requests.length, 0);
    await promptKept(h, result, 'Hi');
  });

  it('a configuration that does not parse: "config", configure providers', async () => {
    const h = await makeChat(() => {
      throw new RouterConfigError('settings', ['providers[0].kind must be one of openai, anthropic']);
    });
    const { result } = await h.send('Hi');
    assert.equal(result.error?.kind, 'config');
    assert.deepEqual(result.error?.fixes, ['configureProviders']);
    assert.match(result.error?.message ?? '', /providers\[0\]\.kind/);
    await promptKept(h, result, 'Hi');
  });

  it('without a workspace: sending says a folder must be open', async () => {
    const h = await makeChat(config([]), { workspace: false });
    await assert.rejects(h.send('Hi'), /open a folder or a workspace/);
    assert.deepEqual((await h.chat.state(null)).conversations, []);
  });
});
