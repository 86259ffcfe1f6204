// Fallback to the next candidate only before the first content chunk; after it, an incomplete
// answer that is still paid for. Streams that break, carry no usage, are not streams at all, or
// are cancelled: what the user gets and what the ledger row says (never $0 for tokens received).
import assert from 'node:assert/strict';
import { RouteCancelledError } from '../../../src/core/routing/routeRequest';
import { tokenCounter } from '../../../src/providers/tokenCounter';
import { reply } from '../../support/wire/wireServer';
import type { WireReply, WireServer } from '../../support/wire/wireServer';
import {
  HAIKU, MINI, anthropicProvider, anthropicServer, config, makeHarness, openaiProvider, openaiServer, rejectionOf, useRouterCleanup,
  waitUntil,
} from './routerHarness';

const PROMPT = 'Explain the borrow checker in one paragraph.';
const count = (text: string) => tokenCounter()(text);
/** Input tokens of a one-message request as counted in OpenAI's chat format (3 + 4 per message + content). */
const countedInput = (prompt: string) => 3 + 4 + count(prompt);

/** `oa` (cheap, tried first) and `oa2` (dearer, the fallback), each on its own server. */
async function twoProviders(routing = {}) {
  const first = await openaiServer();
  const second = await openaiServer();
  const h = await makeHarness(config([openaiProvider(first), openaiProvider(second, { id: 'oa2', models: [{ ...MINI, input: 1, output: 2 }] })], routing));
  return { h, first, second };
}

const never = () => new Promise<never>(() => undefined);

describe('router: fallback and broken streams', () => {
  useRouterCleanup();

  it('falls back to the next candidate when the first fails before any content', async () => {
    const { h, first, second } = await twoProviders({ maxAttempts: 2 });
    first.enqueue(reply.reset(), reply.reset());
    second.enqueue(reply.text('From the fallback', { usage: { input: 10, output: 3 } }));
    const { result, notices } = await h.route({ prompt: PROMPT });
    assert.equal(result.text, 'From the fallback');
    assert.equal(result.provider, 'oa2');
    assert.equal(result.fallbackUsed, true);
    assert.equal(first.requests.length, 2, 'the first candidate was retried once');
    assert.equal(second.requests.length, 1);
    assert.ok(notices.some((notice) => /oa\/wire-mini failed .*; trying oa2\/wire-mini/.test(notice)), notices.join('\n'));
    for (const notice of notices) assert.doesNotMatch(notice, /\.\)|\.;|\.\./, 'punctuated as a sentence');
    const row = await h.row(result.id);
    assert.equal(row.provider, 'oa2');
    assert.equal(row.fallbackUsed, true);
    assert.equal(row.status, 'ok');
    assert.deepEqual(row.attempts.map((a) => [a.provider, a.status, a.errorClass]), [
      ['oa', 'error', 'network'],
      ['oa', 'error', 'network'],
      ['oa2', 'ok', undefined],
    ]);
    // 10 input at $1/M + 3 output at $2/M: the fallback's own price.
    assert.equal(row.costNanos, 10_000 + 6_000);
  });

  it('does NOT fall back after content arrived: a cut stream is an incomplete answer, estimated, never $0', async () => {
    const { h, first, second } = await twoProviders();
    first.enqueue(reply.cut('One two three four', 2, { chunks: 4 }));
    const { result } = await h.route({ prompt: PROMPT });
    assert.equal(result.status, 'incomplete');
    assert.equal(result.text, 'One two th');
    assert.equal(result.provider, 'oa');
    assert.equal(result.estimated, true);
    assert.equal(second.requests.length, 0, 'no second request after content');
    assert.equal(first.requests.length, 1, 'and no retry of the first');
    // No usage came (OpenAI sends it last): input counted with the tokenizer, output from the text received.
    const usage = { input: countedInput(PROMPT), output: count('One two th') };
    assert.deepEqual(result.usage, { ...usage, cacheRead: 0, cacheWrite: 0 });
    const expected = usage.input * 150 + usage.output * 600; // $0.15/M and $0.60/M are 150 and 600 nanos a token
    assert.ok(expected > 0);
    assert.equal(result.costUsd, expected / 1e9);
    const row = await h.row(result.id);
    assert.equal(row.status, 'incomplete');
    assert.equal(row.estimated, true);
    assert.equal(row.costNanos, expected);
    assert.deepEqual(row.attempts.map((a) => [a.provider, a.status, a.errorClass]), [['oa', 'incomplete', 'network']]);
    assert.equal(row.fallbackUsed, false);
  });

  it('anthropic cut mid-way: the input message_start reported is kept exact, the output is counted', async () => {
    const server = await anthropicServer();
    const other = await openaiServer();
    const h = await makeHarness(config([anthropicProvider(server), openaiProvider(other, { id: 'oa2', models: [{ ...MINI, input: 9, output: 9 }] })]));
    server.enqueue(reply.cut('Alpha beta gamma delta', 2, { chunks: 4, usage: { input: 40, output: 30 } }));
    const { result } = await h.route({ prompt: PROMPT });
    assert.equal(result.status, 'incomplete');
    assert.equal(result.text, 'Alpha beta g');
    assert.equal(other.requests.length, 0);
    const output = Math.max(1, count('Alpha beta g'));
    assert.deepEqual(result.usage, { input: 40, output, cacheRead: 0, cacheWrite: 0 });
    assert.equal(result.estimated, true);
    assert.equal(result.costUsd, (40 * 800 + output * 4000) / 1e9); // $0.80/M and $4/M
    const row = await h.row(result.id);
    assert.equal(row.status, 'incomplete');
    assert.equal(row.estimated, true);
    assert.ok((row.costNanos ?? 0) > 0);
  });

  it('a stream without usage is priced from counted tokens, marked estimated, never $0', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)]));
    server.enqueue(reply.text('A complete answer without usage.', { withoutUsage: true }));
    const { result } = await h.route({ prompt: PROMPT });
    assert.equal(result.status, 'ok');
    assert.equal(result.text, 'A complete answer without usage.');
    assert.equal(result.estimated, true);
    const usage = { input: countedInput(PROMPT), output: count('A complete answer without usage.') };
    assert.deepEqual(result.usage, { ...usage, cacheRead: 0, cacheWrite: 0 });
    assert.equal(result.costUsd, (usage.input * 150 + usage.output * 600) / 1e9);
    const row = await h.row(result.id);
    assert.equal(row.status, 'ok');
    assert.equal(row.estimated, true);
    assert.ok((row.costNanos ?? 0) > 0);
  });

  it('anthropic without usage: estimated and priced too', async () => {
    const server = await anthropicServer();
    const h = await makeHarness(config([anthropicProvider(server)]));
    server.enqueue(reply.text('Sans usage', { withoutUsage: true }));
    const { result } = await h.route({ prompt: PROMPT });
    assert.equal(result.estimated, true);
    assert.ok((result.costUsd ?? 0) > 0, `cost ${result.costUsd}`);
    assert.equal(result.model, HAIKU.id);
  });

  const notStreams: readonly [string, () => WireReply][] = [
    ['an HTML page with 200', () => reply.html()],
    ['broken JSON in the event stream', () => reply.malformed({ afterChunks: 0 })],
    ['a body that is not SSE at all', () => reply.malformed({ form: 'not-sse' })],
  ];
  for (const [label, make] of notStreams) {
    it(`${label} is classed malformed, retried once, then falls back`, async () => {
      const { h, first, second } = await twoProviders();
      first.enqueue(make(), make());
      second.enqueue(reply.text('Real answer', { usage: { input: 10, output: 2 } }));
      const { result } = await h.route({ prompt: PROMPT });
      assert.equal(result.text, 'Real answer');
      assert.equal(result.provider, 'oa2');
      assert.equal(first.requests.length, 2, 'malformed is retried once per candidate, not maxAttempts times');
      const row = await h.row(result.id);
      assert.deepEqual(row.attempts.map((a) => [a.provider, a.status, a.errorClass]), [
        ['oa', 'error', 'malformed'],
        ['oa', 'error', 'malformed'],
        ['oa2', 'ok', undefined],
      ]);
      assert.equal(row.estimated, false);
    });
  }

  it('broken SSE after some text is an incomplete answer, not a fallback', async () => {
    const { h, first, second } = await twoProviders();
    first.enqueue(reply.malformed({ afterChunks: 2, text: 'Good text' }));
    const { result } = await h.route({ prompt: PROMPT });
    assert.equal(result.status, 'incomplete');
    assert.equal(result.text, 'Good text');
    assert.equal(second.requests.length, 0);
    assert.ok((result.costUsd ?? 0) > 0);
    assert.equal(result.estimated, true);
  });

  describe('cancellation', () => {
    async function paused(server: WireServer) {
      server.enqueue(reply.text('First second third fourth', { chunks: 4, pause: { afterChunks: 2, until: never() } }));
    }

    it('cancelled mid-stream: incomplete with the text received, estimated, never $0, no fallback', async () => {
      const { h, first, second } = await twoProviders();
      await paused(first);
      const controller = new AbortController();
      const pieces: string[] = [];
      const { result } = await h.route({ prompt: PROMPT, signal: controller.signal }, {
        onText: (text) => {
          pieces.push(text);
          if (pieces.length === 2) controller.abort();
        },
      });
      assert.equal(result.status, 'incomplete');
      assert.equal(result.text, 'First second t');
      assert.equal(result.estimated, true);
      const usage = { input: countedInput(PROMPT), output: count('First second t') };
      assert.equal(result.costUsd, (usage.input * 150 + usage.output * 600) / 1e9);
      assert.equal(second.requests.length, 0);
      const row = await h.row(result.id);
      assert.equal(row.status, 'incomplete');
      assert.equal(row.estimated, true);
      assert.ok((row.costNanos ?? 0) > 0);
      assert.deepEqual(row.attempts.map((a) => [a.status, a.errorClass]), [['incomplete', 'cancelled']]);
      // A user stopping a request says nothing about the provider's health.
      assert.equal(h.services.router.state.breakers.snapshot('oa', MINI.id).failures, 0);
    });

    it('cancelled before the first token: RouteCancelledError, a cancelled row with the input counted, no fallback', async () => {
      const { h, first, second } = await twoProviders();
      first.enqueue(reply.text('Too late', { firstByteDelayMs: 60_000 }));
      const controller = new AbortController();
      const routed = h.route({ prompt: PROMPT, signal: controller.signal });
      await waitUntil(() => first.requests.length === 1, 'the request');
      controller.abort();
      const error = await rejectionOf(routed);
      assert.ok(error instanceof RouteCancelledError, String(error));
      assert.equal(second.requests.length, 0);
      const rows = await h.database.read((db) => db.all('SELECT status, estimated, cost_nanos, input_tokens FROM ledger'));
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.status, 'cancelled');
      assert.equal(rows[0]?.estimated, 1);
      assert.equal(rows[0]?.input_tokens, countedInput(PROMPT));
      assert.equal(rows[0]?.cost_nanos, countedInput(PROMPT) * 150);
    });
  });
});
