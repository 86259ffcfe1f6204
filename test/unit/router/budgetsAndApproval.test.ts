// Budgets and approval through the whole router and the real ledger: a request over budget or
// above the approval threshold is refused before anything is sent, with a message naming the
// budget, what is spent and what the request may cost; one under budget reserves, then settles.
import assert from 'node:assert/strict';
import { BudgetExceededError } from '../../../src/core/costs/budgets';
import { ApprovalRequiredError } from '../../../src/core/routing/routeAttempt';
import { type CostPreview, RouteCancelledError } from '../../../src/core/routing/routeRequest';
import { tokenCounter } from '../../../src/providers/tokenCounter';
import { reply } from '../../support/wire/wireServer';
import { MINI, config, makeHarness, openaiProvider, openaiServer, rejectionOf, useRouterCleanup, waitUntil } from './routerHarness';

const PROMPT = 'Say hello.';
/** OpenAI's count of the request's input: exact for an `openai` provider, so it is what budgets reserve. */
const inputTokens = () => 3 + 4 + tokenCounter()(PROMPT);
/** The most the request may cost at MINI's prices: input at $0.15/M (150 nanos a token) + maxTokens at $0.60/M (600). */
const maxNanos = (maxTokens: number) => inputTokens() * 150 + maxTokens * 600;

describe('router: budgets', () => {
  useRouterCleanup();

  it('a tiny daily budget refuses the request before anything is sent, naming the budget and the maximum', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)], {}, { dailyUsd: 0.0001 }));
    const error = await rejectionOf(h.route({ prompt: PROMPT, maxTokens: 1024 }));
    assert.ok(error instanceof BudgetExceededError, String(error));
    assert.equal(server.requests.length, 0, 'nothing was sent');
    assert.equal(error.refusal.budget, 'daily budget');
    assert.equal(error.refusal.spentNanos, 0);
    assert.equal(error.refusal.limitNanos, 100_000);
    assert.equal(error.refusal.requestMaxNanos, maxNanos(1024));
    assert.match(error.message, /^Daily budget would be exceeded: \$0\.00 of \$0\.0001 is spent or reserved, and this request may cost up to \$0\.000616\./);
    assert.match(error.message, /baton\.budgets\.dailyUsd/);
    assert.equal(await h.rowCount(), 0);
    assert.equal(await h.reservations(), 0);
  });

  it('the refusal names what is already spent today', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)], {}, { dailyUsd: 1 }));
    server.enqueue(reply.text('First', { usage: { input: 200, output: 5, cacheRead: 800 } }));
    const { result } = await h.route({ prompt: PROMPT, maxTokens: 1024 });
    assert.equal(result.costUsd, 93_000 / 1e9);

    h.config = config([openaiProvider(server)], {}, { dailyUsd: 0.0007 });
    const error = await rejectionOf(h.route({ prompt: PROMPT, maxTokens: 1024 }));
    assert.ok(error instanceof BudgetExceededError, String(error));
    assert.equal(server.requests.length, 1, 'the second request was not sent');
    assert.equal(error.refusal.spentNanos, 93_000);
    assert.equal(error.refusal.requestMaxNanos, maxNanos(1024));
    assert.match(error.message, /Daily budget would be exceeded: \$0\.000093 of \$0\.0007 is spent or reserved, and this request may cost up to \$0\.000616\./);
    assert.match(error.message, /raise baton\.budgets\.dailyUsd, wait until tomorrow/);
  });

  it('a request under budget reserves its maximum while in flight, then settles (no reservation left)', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)], {}, { dailyUsd: 5, monthlyUsd: 50 }));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.enqueue(reply.text('Within budget', { usage: { input: 10, output: 3 }, pause: { afterChunks: 0, until: gate } }));
    const routed = h.route({ prompt: PROMPT, maxTokens: 1024 });
    await waitUntil(() => server.requests.length === 1, 'the request');
    const held = await h.database.read((db) => db.all('SELECT provider, max_nanos FROM budget_reservations'));
    assert.equal(held.length, 1, 'reserved while in flight');
    assert.equal(held[0]?.provider, 'oa');
    assert.ok(Number(held[0]?.max_nanos) >= maxNanos(1024), `reserved ${held[0]?.max_nanos}`);
    release();
    const { result } = await routed;
    assert.equal(result.text, 'Within budget');
    assert.equal(await h.reservations(), 0, 'the reservation was settled');
    assert.equal((await h.row(result.id)).costNanos, 10 * 150 + 3 * 600);
  });

  it('a failed request releases its reservation', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)], { maxAttempts: 1 }, { dailyUsd: 5 }));
    server.enqueue(reply.error(500));
    await rejectionOf(h.route({ prompt: PROMPT }));
    assert.equal(await h.reservations(), 0);
  });

  it('a provider over its own budget is skipped for the next candidate, and the attempt says why', async () => {
    const limited = await openaiServer();
    const other = await openaiServer();
    const h = await makeHarness(config(
      [openaiProvider(limited), openaiProvider(other, { id: 'oa2', models: [{ ...MINI, input: 1, output: 2 }] })],
      {},
      { perProvider: { oa: { dailyUsd: 0.000001 } } },
    ));
    other.enqueue(reply.text('Second provider', { usage: { input: 10, output: 2 } }));
    const { result } = await h.route({ prompt: PROMPT });
    assert.equal(result.provider, 'oa2');
    assert.equal(limited.requests.length, 0);
    assert.deepEqual(result.attempts.map((a) => [a.provider, a.status, a.error]), [
      ['oa', 'error', 'over the daily budget for oa'],
      ['oa2', 'ok', undefined],
    ]);
  });
});

describe('router: approval above the threshold', () => {
  useRouterCleanup();
  const MAX_TOKENS = 100_000; // up to $0.06 of output at $0.60/M, above a $0.01 threshold

  async function setUp() {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)], { approvalThresholdUsd: 0.01 }));
    return { h, server };
  }

  it('with no one to ask: ApprovalRequiredError, nothing sent', async () => {
    const { h, server } = await setUp();
    const error = await rejectionOf(h.route({ prompt: PROMPT, maxTokens: MAX_TOKENS }));
    assert.ok(error instanceof ApprovalRequiredError, String(error));
    assert.equal(server.requests.length, 0);
    assert.match(error.message, /may cost up to \$0\.0600 on oa\/wire-mini .*above the approval threshold of \$0\.01\. Confirm with --yes/);
    assert.equal(await h.rowCount(), 0);
  });

  it('declined: RouteCancelledError, nothing sent', async () => {
    const { h, server } = await setUp();
    const seen: CostPreview[] = [];
    const error = await rejectionOf(h.route({ prompt: PROMPT, maxTokens: MAX_TOKENS }, { approve: async (preview) => (seen.push(preview), false) }));
    assert.ok(error instanceof RouteCancelledError, String(error));
    assert.equal(server.requests.length, 0);
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0], {
      provider: 'oa',
      model: MINI.id,
      inputTokens: inputTokens(),
      inputExact: true,
      expectedUsd: (inputTokens() * 150 + 500 * 600) / 1e9,
      maxUsd: maxNanos(MAX_TOKENS) / 1e9,
      thresholdUsd: 0.01,
    });
  });

  it('approved: sent', async () => {
    const { h, server } = await setUp();
    server.enqueue(reply.text('Approved answer', { usage: { input: 10, output: 2 } }));
    const { result } = await h.route({ prompt: PROMPT, maxTokens: MAX_TOKENS }, { approve: async () => true });
    assert.equal(result.text, 'Approved answer');
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]?.json['max_completion_tokens'] ?? server.requests[0]?.json['max_tokens'], MAX_TOKENS);
  });

  it('below the threshold nobody is asked', async () => {
    const { h, server } = await setUp();
    let asked = 0;
    await h.route({ prompt: PROMPT, maxTokens: 1000 }, { approve: async () => (asked++, false) });
    assert.equal(asked, 0);
    assert.equal(server.requests.length, 1);
  });
});
