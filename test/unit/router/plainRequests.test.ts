// A plain request through the whole router to an OpenAI and an Anthropic wire server: the answer,
// the usage as the provider reported it, the cost from the configured prices (computed here by
// hand), and the one ledger row the request leaves.
import assert from 'node:assert/strict';
import { reply } from '../../support/wire/wireServer';
import {
  ANTHROPIC_KEY, HAIKU, MINI, OPENAI_KEY, anthropicProvider, anthropicServer, config, makeHarness, nanos, openaiProvider, openaiServer,
  useRouterCleanup, waitUntil,
} from './routerHarness';

describe('router: a plain request, end to end', () => {
  useRouterCleanup();

  it('openai: streams the answer, prices the exact usage, and writes one ledger row', async () => {
    const server = await openaiServer({ apiKey: OPENAI_KEY });
    const h = await makeHarness(config([openaiProvider(server)]));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.enqueue(reply.text('Hello there, friend!', { chunks: 4, usage: { input: 200, output: 5, cacheRead: 800 }, pause: { afterChunks: 0, until: gate } }));
    const startedAt = h.timers.now();
    const routed = h.route({ prompt: 'Say hello.', maxTokens: 64 });
    await waitUntil(() => server.requests.length === 1, 'the request');
    await h.timers.advance(250); // the provider thinks for 250 ms before the first token
    release();
    const { result, pieces } = await routed;

    assert.equal(result.text, 'Hello there, friend!');
    assert.deepEqual(pieces, ['Hello', ' ther', 'e, fr', 'iend!'], 'streamed piece by piece');
    assert.equal(result.provider, 'oa');
    assert.equal(result.model, MINI.id);
    assert.deepEqual(result.usage, { input: 200, output: 5, cacheRead: 800, cacheWrite: 0 });
    // 200 input at $0.15/M + 5 output at $0.60/M + 800 cache reads at $0.075/M
    const expected = 30_000 + 3_000 + 60_000;
    assert.equal(nanos(200, MINI.input) + nanos(5, MINI.output) + nanos(800, MINI.cacheRead), expected);
    assert.equal(result.costUsd, expected / 1e9);
    assert.equal(result.pricing, 'priced');
    assert.equal(result.estimated, false);
    assert.equal(result.status, 'ok');
    assert.equal(result.cached, false);
    assert.equal(result.fallbackUsed, false);
    assert.equal(result.ttftMs, 250);
    assert.equal(result.latencyMs, 250);
    assert.deepEqual(result.redacted, []);

    const sent = server.requests[0];
    assert.equal(sent?.json['model'], MINI.id);
    assert.deepEqual(sent?.json['messages'], [{ role: 'user', content: 'Say hello.' }]);
    assert.equal(sent?.json['stream'], true);

    assert.equal(await h.rowCount(), 1);
    const row = await h.row(result.id);
    assert.equal(row.status, 'ok');
    assert.equal(row.provider, 'oa');
    assert.equal(row.model, MINI.id);
    assert.equal(row.at, startedAt);
    assert.equal(row.costNanos, expected);
    assert.equal(row.pricing, 'priced');
    assert.equal(row.estimated, false);
    assert.deepEqual(row.usage, { input: 200, output: 5, cacheRead: 800, cacheWrite: 0 });
    assert.deepEqual(row.attempts, [{ provider: 'oa', model: MINI.id, status: 'ok' }]);
    assert.equal(row.latencyMs, 250);
    assert.equal(row.ttftMs, 250);
    assert.equal(row.strategy, 'cheapest');
    assert.equal(row.source, 'router');
    assert.equal(row.cacheHit, false);
    assert.equal(row.fallbackUsed, false);
    const decision = JSON.parse(row.decision) as { strategy: string; winner: unknown; why: string; candidates: { provider: string; model: string }[] };
    assert.equal(decision.strategy, 'cheapest');
    assert.deepEqual(decision.winner, { provider: 'oa', model: MINI.id });
    assert.match(decision.why, /oa\/wire-mini/);
    assert.deepEqual(decision.candidates.map((c) => `${c.provider}/${c.model}`), ['oa/wire-mini']);
    assert.equal(await h.reservations(), 0);
  });

  it('anthropic: usage from message_start and message_delta, cache reads and writes at their own prices', async () => {
    const server = await anthropicServer({ apiKey: ANTHROPIC_KEY });
    const h = await makeHarness(config([anthropicProvider(server)]));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.enqueue(reply.text('Bonjour tout le monde', { chunks: 3, usage: { input: 100, output: 20, cacheRead: 1000, cacheWrite: 500 }, pause: { afterChunks: 1, until: gate } }));
    const pieces: string[] = [];
    const routed = h.route({ prompt: 'Say hello in French.', maxTokens: 128 }, { onText: (text) => pieces.push(text) });
    await waitUntil(() => pieces.length === 1, 'the first chunk');
    await h.timers.advance(400); // the rest of the answer takes 400 ms more
    release();
    const { result } = await routed;

    assert.equal(result.text, 'Bonjour tout le monde');
    assert.equal(result.provider, 'an');
    assert.equal(result.model, HAIKU.id);
    assert.deepEqual(result.usage, { input: 100, output: 20, cacheRead: 1000, cacheWrite: 500 });
    // 100 input at $0.80/M + 20 output at $4/M + 1000 cache reads at $0.08/M + 500 cache writes at $1/M
    const expected = 80_000 + 80_000 + 80_000 + 500_000;
    assert.equal(nanos(100, HAIKU.input) + nanos(20, HAIKU.output) + nanos(1000, HAIKU.cacheRead) + nanos(500, HAIKU.cacheWrite), expected);
    assert.equal(result.costUsd, expected / 1e9);
    assert.equal(result.estimated, false);
    assert.equal(result.ttftMs, 0);
    assert.equal(result.latencyMs, 400);

    const sent = server.requests[0];
    assert.equal(sent?.path, '/v1/messages');
    assert.equal(sent?.json['model'], HAIKU.id);
    assert.equal(sent?.json['max_tokens'], 128);

    const row = await h.row(result.id);
    assert.equal(row.status, 'ok');
    assert.equal(row.costNanos, expected);
    assert.equal(row.estimated, false);
    assert.deepEqual(row.usage, { input: 100, output: 20, cacheRead: 1000, cacheWrite: 500 });
    assert.deepEqual(row.attempts, [{ provider: 'an', model: HAIKU.id, status: 'ok' }]);
    assert.equal(row.ttftMs, 0);
    assert.equal(row.latencyMs, 400);
    const decision = JSON.parse(row.decision) as { winner: unknown };
    assert.deepEqual(decision.winner, { provider: 'an', model: HAIKU.id });
  });

  it('a cost the provider reports itself (OpenRouter) is recorded as reported', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([{ id: 'or', kind: 'openai-compatible', preset: 'openrouter', baseUrl: server.baseUrl, models: [{ id: 'vendor/model', input: 1, output: 1 }] }]));
    h.keys.keys.set('or', 'or-test-key');
    const rawUsage = { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110, cost: 0.0042 };
    server.enqueue(reply.text('Routed elsewhere', { rawUsage }));
    const { result } = await h.route({});
    assert.equal(result.text, 'Routed elsewhere');
    assert.deepEqual(result.usage, { input: 100, output: 10, cacheRead: 0, cacheWrite: 0 });
    assert.equal(result.costUsd, 0.0042, 'not 110 tokens at $1/M');
    assert.equal(result.estimated, false);
    assert.equal((await h.row(result.id)).costNanos, 4_200_000);
  });

  it('a model with no known price is recorded as unpriced, never as $0', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server, { kind: 'openai-compatible', models: [{ id: 'mystery-model' }] })]));
    server.enqueue(reply.text('Hi', { usage: { input: 10, output: 1 } }));
    const { result } = await h.route({});
    assert.equal(result.text, 'Hi');
    assert.equal(result.costUsd, null);
    assert.equal(result.pricing, 'unpriced');
    const row = await h.row(result.id);
    assert.equal(row.pricing, 'unpriced');
    assert.equal(row.costNanos, null);
  });
});
