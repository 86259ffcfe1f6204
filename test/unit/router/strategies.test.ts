// Routing strategies through the whole router: which server gets the request, and what the
// ledger row's decision says about why.
import assert from 'node:assert/strict';
import { createRouterServices } from '../../../src/app/routerServices';
import type { RouteRequest } from '../../../src/core/routing/routeRequest';
import { reply, type WireServer } from '../../support/wire/wireServer';
import {
  HAIKU, MINI, type Harness, anthropicProvider, anthropicServer, config, makeHarness, openaiProvider, openaiServer, useRouterCleanup, waitUntil,
} from './routerHarness';

interface Decision {
  readonly strategy: string;
  readonly winner: { provider: string; model: string } | null;
  readonly why: string;
  readonly candidates: { provider: string; model: string; excluded?: string; estimatedUsd: number | null }[];
}

async function decisionOf(h: Harness, id: string): Promise<Decision> {
  return JSON.parse((await h.row(id)).decision) as Decision;
}

const DEAR = { id: 'wire-large', input: 5, output: 15, contextWindow: 128_000, capabilities: ['vision' as const, 'tools' as const] };
const CHEAP = { id: 'wire-small', input: 0.1, output: 0.4, contextWindow: 128_000 };

describe('router: strategies', () => {
  useRouterCleanup();

  it('cheapest picks the cheaper configured model, whatever the configuration order', async () => {
    const anthropic = await anthropicServer();
    const openai = await openaiServer();
    const h = await makeHarness(config([anthropicProvider(anthropic), openaiProvider(openai)], { strategy: 'cheapest' }));
    const { result } = await h.route({});
    assert.equal(result.provider, 'oa');
    assert.equal(result.model, MINI.id);
    assert.equal(anthropic.requests.length, 0);
    assert.equal(openai.requests.length, 1);
    const decision = await decisionOf(h, result.id);
    assert.equal(decision.strategy, 'cheapest');
    assert.deepEqual(decision.winner, { provider: 'oa', model: MINI.id });
    assert.deepEqual(decision.candidates.map((c) => c.provider), ['oa', 'an'], 'ranked cheapest first');
    assert.ok((decision.candidates[0]?.estimatedUsd ?? 0) < (decision.candidates[1]?.estimatedUsd ?? 0));
    assert.match(decision.why, /cheapest estimated cost for this request: oa\/wire-mini .*next an\/wire-haiku/);
  });

  it('cheapest between two models of one provider sends the cheaper model name', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server, { models: [DEAR, CHEAP] })]));
    await h.route({});
    assert.equal(server.requests[0]?.json['model'], CHEAP.id);
  });

  it('explicit: the named provider and model, even when dearer', async () => {
    const anthropic = await anthropicServer();
    const openai = await openaiServer();
    const h = await makeHarness(config([openaiProvider(openai), anthropicProvider(anthropic)]));
    const { result } = await h.route({ strategy: 'explicit', provider: 'an', model: HAIKU.id });
    assert.equal(result.provider, 'an');
    assert.equal(result.strategy, 'explicit');
    assert.equal(anthropic.requests.length, 1);
    assert.equal(anthropic.requests[0]?.json['model'], HAIKU.id);
    assert.equal(openai.requests.length, 0);
    const row = await h.row(result.id);
    assert.equal(row.strategy, 'explicit');
    const decision = JSON.parse(row.decision) as Decision;
    assert.match(decision.why, /requested explicitly: an\/wire-haiku/);
  });

  it('explicit: the named model fails before content, the cheaper one takes over (fallback on)', async () => {
    const anthropic = await anthropicServer();
    const openai = await openaiServer();
    const h = await makeHarness(config([openaiProvider(openai), anthropicProvider(anthropic)], { maxAttempts: 1 }));
    anthropic.enqueue(reply.error(529));
    const { result } = await h.route({ strategy: 'explicit', provider: 'an', model: HAIKU.id });
    assert.equal(result.provider, 'oa');
    assert.equal(result.fallbackUsed, true);
  });

  it('explicit with fallback off: only the named model is tried', async () => {
    const anthropic = await anthropicServer();
    const openai = await openaiServer();
    const h = await makeHarness(config([openaiProvider(openai), anthropicProvider(anthropic)], { maxAttempts: 1, fallback: false }));
    anthropic.enqueue(reply.error(529));
    await assert.rejects(h.route({ strategy: 'explicit', provider: 'an', model: HAIKU.id }), /No provider answered/);
    assert.equal(openai.requests.length, 0);
  });

  it('capability: a model without vision is excluded when the request needs vision', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server, { models: [CHEAP, DEAR] })], { strategy: 'capability' }));
    const { result } = await h.route({ needs: ['vision'] });
    assert.equal(result.model, DEAR.id);
    assert.equal(server.requests[0]?.json['model'], DEAR.id);
    const decision = await decisionOf(h, result.id);
    assert.equal(decision.strategy, 'capability');
    assert.deepEqual(decision.winner, { provider: 'oa', model: DEAR.id });
    const small = decision.candidates.find((c) => c.model === CHEAP.id);
    assert.match(small?.excluded ?? '', /no vision support declared/);
    assert.match(decision.why, /capable \(vision, and a context window/);

    // Without the need, the cheaper model wins again.
    const { result: plain } = await h.route({});
    assert.equal(plain.model, CHEAP.id);
  });

  it('capability: a context window too small for input + max output excludes the model', async () => {
    const server = await openaiServer();
    const tiny = { ...CHEAP, contextWindow: 100 };
    const h = await makeHarness(config([openaiProvider(server, { models: [tiny, DEAR] })], { strategy: 'capability' }));
    const { result } = await h.route({ maxTokens: 200 });
    assert.equal(result.model, DEAR.id);
    const decision = await decisionOf(h, result.id);
    assert.match(decision.candidates.find((c) => c.model === CHEAP.id)?.excluded ?? '', /context window 100 tokens < \d+ needed/);
  });

  it('no model can see: the request is refused before anything is sent, and says why', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server, { models: [CHEAP] })], { strategy: 'capability' }));
    await assert.rejects(h.route({ needs: ['vision'] }), /No configured model can take this request.*no vision support declared/);
    assert.equal(server.requests.length, 0);
  });

  describe('fastest', () => {
    /** One explicit request to `provider` whose first token comes after `ttftMs` of fake time. */
    async function timedRequest(h: Harness, server: WireServer, provider: string, ttftMs: number): Promise<void> {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      server.enqueue(reply.text('timed answer', { chunks: 2, usage: { input: 10, output: 20 }, pause: { afterChunks: 0, until: gate } }));
      const before = server.requests.length;
      const request: Partial<RouteRequest> = { strategy: 'explicit', provider, model: MINI.id };
      const routed = h.route(request);
      await waitUntil(() => server.requests.length > before, 'the request');
      await h.timers.advance(ttftMs);
      release();
      await routed;
    }

    it('picks the model that answered sooner, and a new process learns it from the ledger', async () => {
      const slow = await openaiServer();
      const quick = await openaiServer();
      const providers = [openaiProvider(slow), openaiProvider(quick, { id: 'oa2', models: [{ ...MINI, input: 1, output: 2 }] })];
      const h = await makeHarness(config(providers, { strategy: 'fastest' }));
      await timedRequest(h, slow, 'oa', 2_000);
      await timedRequest(h, quick, 'oa2', 100);
      const { result } = await h.route({});
      assert.equal(result.provider, 'oa2', 'the dearer but faster model');
      assert.match((await decisionOf(h, result.id)).why, /fastest expected: oa2\/wire-mini, 100 ms to first token/);

      // Another process (the CLI) over the same database starts informed.
      const fresh = createRouterServices(h.database, { config: () => h.config, apiKeys: h.keys, timers: h.timers });
      const answer = await fresh.router.route({ messages: [{ role: 'user', content: 'again' }], maxTokens: 64 }, { onText: () => undefined });
      assert.equal(answer.provider, 'oa2');
      assert.match(answer.why, /fastest expected: oa2\/wire-mini/);
    });
  });
});
