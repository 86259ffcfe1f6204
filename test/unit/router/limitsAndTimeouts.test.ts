// Rate limits, stream timeouts and a few money rules at the edges, through the whole router:
// a request waits its turn instead of collecting a 429; a slow first token falls back, a stalled
// stream is an incomplete answer; concurrent requests cannot both reserve one budget; a fallback
// that costs more than the approval threshold is not sent unconfirmed.
import assert from 'node:assert/strict';
import { BudgetExceededError } from '../../../src/core/costs/budgets';
import { RouteCancelledError } from '../../../src/core/routing/routeRequest';
import { reply } from '../../support/wire/wireServer';
import { MINI, config, makeHarness, openaiProvider, openaiServer, rejectionOf, useRouterCleanup, waitUntil } from './routerHarness';

const never = () => new Promise<never>(() => undefined);

describe('router: rate limits', () => {
  useRouterCleanup();

  it('with rpm 1 the second request waits its turn (one minute of fake time) instead of going out', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server, { limits: { rpm: 1 } })]));
    await h.route({});
    const limiter = h.services.router.state.rateLimiter;
    const second = h.route({});
    await waitUntil(() => limiter.waiting('oa') === 1, 'the second request to queue');
    assert.equal(server.requests.length, 1, 'held in the process, not sent');
    await h.timers.advance(59_999);
    assert.equal(limiter.waiting('oa'), 1, 'still waiting a millisecond before its turn');
    assert.equal(server.requests.length, 1);
    await h.timers.advance(1);
    const { result } = await second;
    assert.equal(server.requests.length, 2);
    assert.equal(result.latencyMs, 60_000, 'the wait is part of the latency');
  });

  it('cancelling a request still waiting for its turn: nothing was sent, so nothing is charged', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server, { limits: { rpm: 1 } })]));
    await h.route({});
    const controller = new AbortController();
    const queued = h.route({ signal: controller.signal });
    await waitUntil(() => h.services.router.state.rateLimiter.waiting('oa') === 1, 'the request to queue');
    controller.abort();
    assert.ok((await rejectionOf(queued)) instanceof RouteCancelledError);
    assert.equal(server.requests.length, 1, 'the cancelled request never left');
    const rows = await h.database.read((db) => db.all("SELECT status, cost_nanos, estimated FROM ledger WHERE status != 'ok'"));
    for (const row of rows) assert.equal(row.cost_nanos, 0, `a request that was never sent is not billed: ${JSON.stringify(row)}`);
  });
});

describe('router: stream timeouts', () => {
  useRouterCleanup();

  async function twoProviders() {
    const slow = await openaiServer();
    const other = await openaiServer();
    const h = await makeHarness(config([openaiProvider(slow), openaiProvider(other, { id: 'oa2', models: [{ ...MINI, input: 1, output: 2 }] })], {
      maxAttempts: 1, firstTokenTimeoutMs: 10_000, chunkTimeoutMs: 5_000,
    }));
    return { h, slow, other };
  }

  it('no first token within firstTokenTimeoutMs: the call is abandoned and the next candidate answers', async () => {
    const { h, slow, other } = await twoProviders();
    slow.enqueue(reply.text('never comes', { pause: { afterChunks: 0, until: never() } }));
    other.enqueue(reply.text('prompt answer', { usage: { input: 10, output: 2 } }));
    const startedAt = h.timers.now();
    const routed = h.route({});
    await waitUntil(() => slow.requests.length === 1, 'the slow request');
    await h.timers.advance(9_999);
    assert.equal(h.timers.nextDue(), startedAt + 10_000, 'the first-token timeout has not fired yet');
    assert.equal(other.requests.length, 0);
    await h.timers.advance(1);
    const { result } = await routed;
    assert.equal(result.provider, 'oa2');
    assert.equal(result.fallbackUsed, true);
    assert.deepEqual(result.attempts.map((a) => [a.provider, a.status, a.errorClass]), [['oa', 'error', 'timeout'], ['oa2', 'ok', undefined]]);
    assert.match(result.attempts[0]?.error ?? '', /first-token timeout/);
  });

  it('a stream that stalls after content: chunk timeout, an incomplete answer, no fallback, never $0', async () => {
    const { h, slow, other } = await twoProviders();
    slow.enqueue(reply.text('First part then nothing', { chunks: 4, pause: { afterChunks: 1, until: never() } }));
    const pieces: string[] = [];
    const routed = h.route({}, { onText: (text) => pieces.push(text) });
    await waitUntil(() => pieces.length === 1, 'the first chunk');
    // Text flows: the next deadline is the chunk timeout, 5 s from now.
    await waitUntil(() => h.timers.nextDue() === h.timers.now() + 5_000, 'the chunk timeout to be armed');
    await h.timers.advance(5_000);
    const { result } = await routed;
    assert.equal(result.status, 'incomplete');
    assert.equal(result.text, 'First ');
    assert.equal(result.estimated, true);
    assert.ok((result.costUsd ?? 0) > 0);
    assert.equal(other.requests.length, 0);
    assert.deepEqual(result.attempts.map((a) => [a.status, a.errorClass]), [['incomplete', 'timeout']]);
    assert.equal(result.latencyMs, 5_000);
  });
});

describe('router: money at the edges', () => {
  useRouterCleanup();

  it('two concurrent requests cannot both reserve a budget that holds one maximum', async () => {
    const server = await openaiServer();
    // One request may cost up to ~$0.000617 (max_tokens 1024 at $0.60/M): $0.001 holds one, not two.
    const h = await makeHarness(config([openaiProvider(server)], {}, { dailyUsd: 0.001 }));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.enqueue(reply.text('first', { usage: { input: 10, output: 1 }, pause: { afterChunks: 0, until: gate } }));
    const first = h.route({ maxTokens: 1024 });
    await waitUntil(() => server.requests.length === 1, 'the first request');
    const error = await rejectionOf(h.route({ maxTokens: 1024 }));
    assert.ok(error instanceof BudgetExceededError, String(error));
    assert.ok(error.refusal.spentNanos > 600_000, 'the first request’s reservation counts as committed');
    assert.equal(server.requests.length, 1);
    release();
    await first;
    // Settled at its real cost (10 x 150 + 1 x 600 nano-dollars), the budget has room again.
    await h.route({ maxTokens: 1024 });
    assert.equal(server.requests.length, 2);
  });

  it('a fallback whose maximum is above the approval threshold is not sent without approval', async () => {
    const cheap = await openaiServer();
    const dear = await openaiServer();
    // max_tokens 10,000: the cheap model may cost $0.006, the dear one $0.15; the threshold is $0.01.
    const h = await makeHarness(config(
      [openaiProvider(cheap), openaiProvider(dear, { id: 'oa2', models: [{ ...MINI, input: 5, output: 15 }] })],
      { maxAttempts: 1, approvalThresholdUsd: 0.01 },
    ));
    cheap.enqueue(reply.error(500));
    dear.enqueue(reply.text('expensive answer', { usage: { input: 10, output: 9_000 } }));
    const outcome = await h.route({ maxTokens: 10_000 }).then((routed) => routed.result, (error: unknown) => error);
    assert.equal(dear.requests.length, 0, `sent to the dear fallback without approval: ${JSON.stringify(outcome)}`);
  });
});
