// A chat turn through the whole stack: the service built by createBatonServices, the real
// router and `openai` client against a local wire server, the real database. What the user
// sees (streamed text, the answer's meta, the conversation's cost) and what is stored.
import assert from 'node:assert/strict';
import { tokenCounter } from '../../../src/providers/tokenCounter';
import { reply } from '../../support/wire/wireServer';
import { MINI, OPENAI_KEY, config, openaiProvider, waitUntil } from '../router/routerHarness';
import { GITHUB_TOKEN, makeChat, useChatCleanup, wire } from './chatHarness';

describe('chat: sending a message', () => {
  useChatCleanup();

  it('streams the answer, stores both messages, and prices the answer exactly', async () => {
    const server = await wire();
    const h = await makeChat(config([openaiProvider(server)]));
    server.enqueue(reply.text('Round each line, then sum.', { chunks: 3, usage: { input: 120, output: 7 } }));
    const { result, pieces } = await h.send('Why is the VAT total off by a cent?');

    assert.equal(pieces.length, 3, 'streamed piece by piece');
    assert.equal(pieces.join(''), 'Round each line, then sum.');
    assert.equal(result.error, null);
    assert.equal(result.user.text, 'Why is the VAT total off by a cent?');
    assert.equal(result.answer?.text, 'Round each line, then sum.');
    const meta = result.answer?.meta;
    const cost = 120 * 150 + 7 * 600; // $0.15/M in, $0.60/M out, in nano-dollars
    assert.deepEqual(
      { provider: meta?.provider, model: meta?.model, in: meta?.inputTokens, out: meta?.outputTokens, cost: meta?.costNanos, estimated: meta?.estimated, status: meta?.status, fallback: meta?.fallback },
      { provider: 'oa', model: MINI.id, in: 120, out: 7, cost, estimated: false, status: 'ok', fallback: { used: false, reason: null } },
    );
    assert.match(meta?.why ?? '', /oa\/wire-mini/);
    assert.equal(result.conversation.title, 'Why is the VAT total off by a cent?');
    assert.equal(result.conversation.messages, 2);
    assert.equal(result.conversation.costNanos, cost);

    const reopened = await h.chat.open(result.conversation.id);
    assert.deepEqual(reopened.messages.map((m) => [m.role, m.text]), [['user', 'Why is the VAT total off by a cent?'], ['assistant', 'Round each line, then sum.']]);
    assert.equal(reopened.costNanos, cost);
    assert.equal(reopened.estimated, false);
    const state = await h.chat.state(null);
    assert.equal(state.current?.id, result.conversation.id, 'the latest conversation opens by default');
    assert.equal(state.hasProviders, true);
    assert.deepEqual(state.models.map((m) => [m.label, m.available]), [['oa/wire-mini', true]]);
    const sent = server.requests[0]?.json['messages'];
    assert.deepEqual(sent, [{ role: 'user', content: 'Why is the VAT total off by a cent?' }]);
    assert.equal(server.requests[0]?.headers['authorization'], `Bearer ${OPENAI_KEY}`);
  });

  it('sends the earlier exchange and the attachments with the next prompt; stores only their labels', async () => {
    const server = await wire();
    const h = await makeChat(config([openaiProvider(server)]));
    server.enqueue(reply.text('Use banker\'s rounding.'), reply.text('Done.'));
    const first = await h.send('How should I round?');
    h.editor.selected = { file: 'src/vat.ts', language: 'ts', text: 'const total = lines.reduce(add, 0);', lines: 1 };
    const second = await h.send('Apply it here.', { conversationId: first.result.conversation.id, attachments: [{ kind: 'selection' }] });

    const messages = server.requests[1]?.json['messages'] as { role: string; content: string }[];
    assert.deepEqual(messages.slice(0, 2), [{ role: 'user', content: 'How should I round?' }, { role: 'assistant', content: 'Use banker\'s rounding.' }]);
    assert.equal(messages[2]?.role, 'user');
    assert.match(messages[2]?.content ?? '', /^Apply it here\.\n\nSelected lines of src\/vat\.ts:\n```ts\nconst total = lines\.reduce\(add, 0\);\n```$/);
    const attached = second.result.user.attachments;
    assert.equal(attached.length, 1);
    assert.equal(attached[0]?.kind, 'selection');
    assert.equal(attached[0]?.label, 'Selection in src/vat.ts (1 line)');
    assert.ok((attached[0]?.tokens ?? 0) > 5);
    assert.equal(second.result.user.text, 'Apply it here.', 'the content itself is not stored');
    assert.equal(second.result.conversation.messages, 4);
  });

  it('redacts a secret before it is sent and before it is stored, and says so under the answer', async () => {
    const server = await wire();
    const h = await makeChat(config([openaiProvider(server)]));
    server.enqueue(reply.text('Revoke it.'));
    const { result } = await h.send(`Is ${GITHUB_TOKEN} still valid?`);
    assert.ok(!JSON.stringify(server.requests[0]?.json).includes(GITHUB_TOKEN), 'not sent');
    assert.ok(!result.user.text.includes(GITHUB_TOKEN), 'not stored');
    assert.match(result.user.text, /\[redacted: [a-z-]+\]/);
    assert.equal(result.answer?.meta?.redacted.length, 1);
    const stored = await h.chat.open(result.conversation.id);
    assert.ok(!JSON.stringify(stored).includes(GITHUB_TOKEN));
  });

  it('Stop while the answer streams keeps what arrived, costed as estimated', async () => {
    const server = await wire();
    const h = await makeChat(config([openaiProvider(server)]));
    const gate = new Promise<void>(() => undefined);
    server.enqueue(reply.text('First part. Second part never comes.', { chunks: 4, pause: { afterChunks: 2, until: gate } }));
    const controller = new AbortController();
    const { result, pieces } = await h.send('Write a long answer.', { controller, onText: (_text, all) => (all.length === 2 ? controller.abort() : undefined) });

    assert.equal(result.error, null);
    assert.equal(result.answer?.text, pieces.join(''));
    assert.ok((result.answer?.text.length ?? 0) > 0);
    assert.equal(result.answer?.meta?.status, 'incomplete');
    assert.equal(result.answer?.meta?.estimated, true);
    assert.ok((result.answer?.meta?.costNanos ?? 0) > 0, 'what arrived is costed, never $0');
    const stored = await h.chat.open(result.conversation.id);
    assert.equal(stored.messages[1]?.text, result.answer?.text);
    assert.equal(stored.estimated, true);
  });

  it('Stop before the answer began: error "stopped", the prompt is kept', async () => {
    const server = await wire();
    const h = await makeChat(config([openaiProvider(server)]));
    server.enqueue(reply.text('Too late.', { pause: { afterChunks: 0, until: new Promise<void>(() => undefined) } }));
    const controller = new AbortController();
    const sending = h.send('Hello?', { controller });
    await waitUntil(() => server.requests.length === 1, 'the request');
    controller.abort();
    const { result } = await sending;
    assert.equal(result.answer, null);
    assert.equal(result.error?.kind, 'stopped');
    assert.deepEqual(result.error?.fixes, ['retry']);
    assert.deepEqual((await h.chat.open(result.conversation.id)).messages.map((m) => m.text), ['Hello?']);
  });

  it('a choice of model is honoured; the estimate matches where it goes and what it may cost', async () => {
    const server = await wire();
    const cheap = { id: 'wire-cheap', input: 0.1, output: 0.2 };
    const h = await makeChat(config([openaiProvider(server, { models: [{ ...MINI }, cheap] })]));
    const text = 'Summarise the diff.';
    const auto = await h.chat.estimate({ conversationId: null, text, target: { kind: 'auto' }, attachments: [] });
    const input = 3 + 4 + tokenCounter()(text);
    assert.deepEqual({ provider: auto.provider, model: auto.model, tokens: auto.tokens, exact: auto.exact }, { provider: 'oa', model: 'wire-cheap', tokens: input, exact: true });
    assert.equal(auto.maxNanos, input * 100 + 4_096 * 200, 'input + the longest answer at wire-cheap\'s prices');
    assert.match(auto.why, /cheapest/i);
    assert.equal(auto.needsApproval, false);

    const chosen = await h.chat.estimate({ conversationId: null, text, target: { kind: 'model', provider: 'oa', model: MINI.id }, attachments: [] });
    assert.equal(chosen.model, MINI.id);
    assert.equal(chosen.maxNanos, input * 150 + 4_096 * 600);
    server.enqueue(reply.text('Summary.'));
    const { result } = await h.send(text, { target: { kind: 'model', provider: 'oa', model: MINI.id } });
    assert.equal(result.answer?.meta?.model, MINI.id);
    assert.equal(server.requests[0]?.json['model'], MINI.id);
    assert.equal(result.answer?.meta?.strategy, 'explicit');
  });

  it('the estimate says when sending will ask for approval', async () => {
    const server = await wire();
    const h = await makeChat(config([openaiProvider(server)], { approvalThresholdUsd: 0.001 }));
    const estimate = await h.chat.estimate({ conversationId: null, text: 'Hi', target: { kind: 'auto' }, attachments: [] });
    assert.equal(estimate.needsApproval, true, 'max $0.0025 for 4,096 tokens at $0.60/M is above $0.001');
    server.enqueue(reply.text('Hello.'));
    const { approvals, result } = await h.send('Hi');
    assert.equal(approvals.length, 1);
    assert.equal(result.answer?.text, 'Hello.');
  });
});
