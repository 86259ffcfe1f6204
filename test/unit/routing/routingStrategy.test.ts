// The routing strategies: orderings, exclusions with their reasons, the capability filter and
// fallback off. The decision is plain data stored as JSON.
import assert from 'node:assert/strict';
import { AuthGate } from '../../../src/core/routing/authGate';
import type { CostEstimate, RouteRequest, RoutingContext } from '../../../src/core/routing/candidates';
import { CircuitBreakers } from '../../../src/core/routing/circuitBreaker';
import { ModelPerformanceAverages } from '../../../src/core/routing/modelPerformance';
import { DEFAULT_ROUTING, type ProviderConfig, type StrategyName } from '../../../src/core/routing/routerConfig';
import { formatUsd, planRoute, type RoutePlan } from '../../../src/core/routing/routingStrategy';
import { FakeTimers } from '../../support/fakeTimers';

const PROVIDERS: ProviderConfig[] = [
  {
    id: 'openai',
    kind: 'openai',
    models: [
      { id: 'gpt-4o', contextWindow: 128_000, capabilities: ['tools', 'vision'] },
      { id: 'gpt-4o-mini', contextWindow: 128_000, capabilities: ['tools', 'vision'] },
    ],
  },
  { id: 'anthropic', kind: 'anthropic', models: [{ id: 'haiku', contextWindow: 200_000, capabilities: ['tools'] }] },
  { id: 'groq', kind: 'openai-compatible', models: [{ id: 'llama', contextWindow: 8_000 }] },
  { id: 'ollama', kind: 'openai-compatible', models: [{ id: 'qwen' }] },
];

/** Expected nano-dollars of the request per model; missing = unpriced. */
const COSTS: Record<string, number> = { 'openai/gpt-4o': 2_000_000, 'openai/gpt-4o-mini': 100_000, 'anthropic/haiku': 500_000, 'groq/llama': 50_000 };

interface Fixture {
  readonly timers: FakeTimers;
  readonly breakers: CircuitBreakers;
  readonly authGate: AuthGate;
  readonly performance: ModelPerformanceAverages;
  context(overrides?: Partial<RoutingContext> & { fallback?: boolean; providers?: ProviderConfig[] }): RoutingContext;
}

function fixture(): Fixture {
  const timers = new FakeTimers(0);
  const breakers = new CircuitBreakers(timers);
  const authGate = new AuthGate(timers);
  const performance = new ModelPerformanceAverages();
  return {
    timers,
    breakers,
    authGate,
    performance,
    context: ({ fallback = true, providers = PROVIDERS, ...overrides } = {}) => ({
      config: { providers, routing: { ...DEFAULT_ROUTING, fallback } },
      estimateCost: (provider, model): CostEstimate => {
        const cost = COSTS[`${provider}/${model}`];
        return cost === undefined ? { maxNanos: null, expectedNanos: null } : { maxNanos: cost * 4, expectedNanos: cost };
      },
      breakers,
      authGate,
      keyFingerprint: (provider) => `fp-${provider}`,
      performance,
      ...overrides,
    }),
  };
}

function request(strategy: StrategyName, extra: Partial<RouteRequest> = {}): RouteRequest {
  return { strategy, inputTokens: 1000, maxTokens: 1000, ...extra };
}

const order = (plan: RoutePlan): string[] => plan.candidates.map((candidate) => `${candidate.provider}/${candidate.model}`);

function excluded(plan: RoutePlan): Record<string, string> {
  return Object.fromEntries(plan.decision.candidates.filter((c) => c.excluded !== undefined).map((c) => [`${c.provider}/${c.model}`, c.excluded ?? '']));
}

describe('planRoute: cheapest', () => {
  it('orders by the estimated cost of this request, unpriced models last', () => {
    const plan = planRoute(request('cheapest'), fixture().context());
    assert.deepEqual(order(plan), ['groq/llama', 'openai/gpt-4o-mini', 'anthropic/haiku', 'openai/gpt-4o', 'ollama/qwen']);
    assert.deepEqual(plan.decision.winner, { provider: 'groq', model: 'llama' });
    assert.equal(plan.decision.why, 'cheapest estimated cost for this request: groq/llama at $0.000050; next openai/gpt-4o-mini at $0.00010');
    assert.deepEqual(plan.decision.candidates[0], { provider: 'groq', model: 'llama', estimatedUsd: 0.00005 });
    assert.deepEqual(plan.decision.candidates[4], { provider: 'ollama', model: 'qwen', estimatedUsd: null });
  });

  it('ranks a subscription-covered model as $0 and says so', () => {
    const withCopilot: ProviderConfig[] = [...PROVIDERS, { id: 'copilot', kind: 'vscode-lm', models: [{ id: 'gpt-4.1' }] }];
    const context = fixture().context({ providers: withCopilot });
    const estimate = context.estimateCost;
    const plan = planRoute(request('cheapest'), {
      ...context,
      estimateCost: (provider, model) => (provider === 'copilot' ? { maxNanos: null, expectedNanos: null, subscription: true } : estimate(provider, model)),
    });
    assert.equal(order(plan)[0], 'copilot/gpt-4.1');
    assert.deepEqual(plan.decision.candidates[0], { provider: 'copilot', model: 'gpt-4.1', estimatedUsd: 0, subscription: true });
    assert.match(plan.decision.why, /covered by a subscription/);
  });

  it('falls back to configuration order when nothing has a price, and says so', () => {
    const plan = planRoute(request('cheapest'), fixture().context({ estimateCost: () => ({ maxNanos: null, expectedNanos: null }) }));
    assert.deepEqual(order(plan), ['openai/gpt-4o', 'openai/gpt-4o-mini', 'anthropic/haiku', 'groq/llama', 'ollama/qwen']);
    assert.match(plan.decision.why, /no usable model has a known price/);
  });

  it('excludes a model whose known context window is too small, with the figures', () => {
    const plan = planRoute(request('cheapest', { inputTokens: 7000, maxTokens: 2000 }), fixture().context());
    assert.equal(order(plan)[0], 'openai/gpt-4o-mini');
    assert.deepEqual(excluded(plan), { 'groq/llama': 'context window 8000 tokens < 9000 needed (input 7000 + max output 2000)' });
  });

  it('narrows the pool to a named provider and ranks inside it', () => {
    const plan = planRoute(request('cheapest', { provider: 'openai' }), fixture().context());
    assert.deepEqual(order(plan), ['openai/gpt-4o-mini', 'openai/gpt-4o']);
    assert.equal(excluded(plan)['anthropic/haiku'], 'not the requested provider openai');
  });
});

describe('planRoute: exclusions', () => {
  it('excludes open breakers and refused keys, and says why', async () => {
    const f = fixture();
    for (let i = 0; i < 5; i++) {
      const permit = f.breakers.acquire('groq', 'llama');
      assert.ok(permit);
      f.breakers.failed(permit, 'server');
    }
    f.authGate.disable('anthropic', 'fp-anthropic', '401 invalid x-api-key');
    await f.timers.advance(12_000);
    const plan = planRoute(request('cheapest'), f.context({ unavailable: (provider) => (provider === 'ollama' ? 'no API key set' : null) }));
    assert.deepEqual(order(plan), ['openai/gpt-4o-mini', 'openai/gpt-4o']);
    assert.deepEqual(excluded(plan), {
      'groq/llama': 'circuit breaker open: 5 of 5 recent requests failed; next try in 18 s',
      'anthropic/haiku': 'API key refused (401 invalid x-api-key); set a new key to try again',
      'ollama/qwen': 'no API key set',
    });
    assert.deepEqual(
      plan.decision.candidates.map((c) => c.model),
      ['gpt-4o-mini', 'gpt-4o', 'haiku', 'llama', 'qwen'],
      'ranked first, then the excluded ones',
    );
  });

  it('includes a half-open model for its probe, and excludes it while the probe runs', async () => {
    const f = fixture();
    for (let i = 0; i < 5; i++) f.breakers.failed(f.breakers.acquire('groq', 'llama') ?? assert.fail(), 'timeout');
    await f.timers.advance(30_000);
    assert.equal(order(planRoute(request('cheapest'), f.context()))[0], 'groq/llama');
    f.breakers.acquire('groq', 'llama');
    assert.equal(excluded(planRoute(request('cheapest'), f.context()))['groq/llama'], 'circuit breaker half-open: a probe request is in flight');
  });

  it('uses the provider again once its key changes', () => {
    const f = fixture();
    f.authGate.disable('groq', 'fp-groq');
    assert.ok(excluded(planRoute(request('cheapest'), f.context()))['groq/llama']);
    const plan = planRoute(request('cheapest'), f.context({ keyFingerprint: (provider) => `fp2-${provider}` }));
    assert.equal(order(plan)[0], 'groq/llama');
  });

  it('says why when nothing is usable', () => {
    const f = fixture();
    for (const provider of PROVIDERS) f.authGate.disable(provider.id, `fp-${provider.id}`, '403');
    const plan = planRoute(request('cheapest'), f.context());
    assert.deepEqual(plan.candidates, []);
    assert.equal(plan.decision.winner, null);
    assert.equal(plan.decision.why, 'no usable model: every candidate is excluded (API key refused (403); set a new key to try again)');
    assert.equal(planRoute(request('cheapest'), f.context({ providers: [] })).decision.why, 'no usable model: none is configured');
  });
});

describe('planRoute: explicit', () => {
  it('puts the named model first and the others after it, cheapest first', () => {
    const plan = planRoute(request('explicit', { provider: 'openai', model: 'gpt-4o' }), fixture().context());
    assert.deepEqual(order(plan), ['openai/gpt-4o', 'groq/llama', 'openai/gpt-4o-mini', 'anthropic/haiku', 'ollama/qwen']);
    assert.equal(plan.decision.why, 'requested explicitly: openai/gpt-4o');
  });

  it('puts a named provider\'s models first, cheapest first among them', () => {
    const plan = planRoute(request('explicit', { provider: 'openai' }), fixture().context());
    assert.deepEqual(order(plan).slice(0, 3), ['openai/gpt-4o-mini', 'openai/gpt-4o', 'groq/llama']);
  });

  it('tries a model the configuration does not list on a configured provider', () => {
    const plan = planRoute(request('explicit', { provider: 'openai', model: 'gpt-4.1' }), fixture().context());
    assert.equal(order(plan)[0], 'openai/gpt-4.1');
  });

  it('does not hold undeclared capabilities against the named model', () => {
    const plan = planRoute(request('explicit', { provider: 'groq', model: 'llama', needs: { vision: true } }), fixture().context());
    assert.deepEqual(order(plan), ['groq/llama', 'openai/gpt-4o-mini', 'openai/gpt-4o']);
  });

  it('falls back past a named model that is excluded, and says why', () => {
    const f = fixture();
    f.authGate.disable('openai', 'fp-openai', '401');
    const plan = planRoute(request('explicit', { provider: 'openai', model: 'gpt-4o' }), f.context());
    assert.equal(order(plan)[0], 'groq/llama');
    assert.match(plan.decision.why, /^openai\/gpt-4o is excluded \(API key refused \(401\).*\); fell back to cheapest/);
  });

  it('returns nothing for an excluded named model when fallback is off', () => {
    const f = fixture();
    f.authGate.disable('openai', 'fp-openai', '401');
    const plan = planRoute(request('explicit', { provider: 'openai', model: 'gpt-4o' }), f.context({ fallback: false }));
    assert.deepEqual(plan.candidates, []);
    assert.equal(plan.decision.winner, null);
    assert.match(plan.decision.why, /^openai\/gpt-4o is excluded \(API key refused \(401\).*\), and fallback is off$/);
  });

  it('says when the named provider is not configured', () => {
    const plan = planRoute(request('explicit', { provider: 'mistral', model: 'large' }), fixture().context());
    assert.match(plan.decision.why, /^mistral\/large is not configured; fell back to cheapest/);
  });
});

describe('planRoute: fastest', () => {
  it('orders by time to first token plus output time, then ttft-only, then no data by cost', () => {
    const f = fixture();
    // haiku: 800 ms + 1000 tokens at 100/s = 10.8 s; gpt-4o: 300 ms + 1000 at 50/s = 20.3 s.
    f.performance.record('anthropic', 'haiku', { ttftMs: 800, outputTokens: 1000, generationMs: 10_000 });
    f.performance.record('openai', 'gpt-4o', { ttftMs: 300, outputTokens: 1000, generationMs: 20_000 });
    f.performance.record('ollama', 'qwen', { ttftMs: 100, outputTokens: 1, generationMs: 0 });
    const plan = planRoute(request('fastest'), f.context());
    assert.deepEqual(order(plan), ['anthropic/haiku', 'openai/gpt-4o', 'ollama/qwen', 'groq/llama', 'openai/gpt-4o-mini']);
    assert.equal(plan.decision.why, 'fastest expected: anthropic/haiku, 800 ms to first token + 10.0 s for 1000 tokens at 100 tokens/s');
    assert.deepEqual(plan.decision.candidates[0], { provider: 'anthropic', model: 'haiku', estimatedUsd: 0.0005, ttftMs: 800, throughput: 100 });
  });

  it('prefers the lowest time to first token for short answers', () => {
    const f = fixture();
    f.performance.record('anthropic', 'haiku', { ttftMs: 800, outputTokens: 1000, generationMs: 10_000 });
    f.performance.record('openai', 'gpt-4o', { ttftMs: 300, outputTokens: 1000, generationMs: 20_000 });
    assert.equal(order(planRoute(request('fastest', { maxTokens: 10 }), f.context()))[0], 'openai/gpt-4o');
  });

  it('ranks cheapest first and says so when there is no speed data yet', () => {
    const plan = planRoute(request('fastest'), fixture().context());
    assert.equal(order(plan)[0], 'groq/llama');
    assert.match(plan.decision.why, /^fastest: no speed data yet for any usable model, so cheapest/);
  });
});

describe('planRoute: capability', () => {
  it('keeps only models that declare the needs and whose known window fits, then cheapest', () => {
    const plan = planRoute(request('capability', { needs: { vision: true, tools: true }, inputTokens: 100_000, maxTokens: 8_000 }), fixture().context());
    assert.deepEqual(order(plan), ['openai/gpt-4o-mini', 'openai/gpt-4o']);
    assert.deepEqual(excluded(plan), {
      'anthropic/haiku': 'no vision support declared',
      'groq/llama': 'no vision or tools support declared',
      'ollama/qwen': 'no vision or tools support declared',
    });
    assert.match(plan.decision.why, /^capable \(vision and tools, and a context window of at least 108000 tokens\), then cheapest/);
  });

  it('excludes a model whose context window is unknown', () => {
    const plan = planRoute(request('capability', { inputTokens: 150_000, maxTokens: 1000 }), fixture().context());
    assert.deepEqual(order(plan), ['anthropic/haiku']);
    assert.equal(excluded(plan)['ollama/qwen'], 'context window unknown (set contextWindow in the configuration)');
    assert.match(excluded(plan)['openai/gpt-4o'] ?? '', /^context window 128000 tokens < 151000 needed/);
  });
});

describe('planRoute: fallback off', () => {
  it('returns only the winner, and records the rest of the ranking', () => {
    const plan = planRoute(request('cheapest'), fixture().context({ fallback: false }));
    assert.deepEqual(order(plan), ['groq/llama']);
    assert.equal(plan.decision.candidates.length, 5);
    assert.match(plan.decision.why, /fallback is off, so only the winner is tried$/);
  });

  it('is plain data that survives JSON', () => {
    const plan = planRoute(request('fastest'), fixture().context());
    assert.deepEqual(JSON.parse(JSON.stringify(plan.decision)), plan.decision);
  });
});

describe('formatUsd', () => {
  it('shows enough digits for small costs', () => {
    assert.deepEqual([0, 0.000123, 0.0042, 1.5].map(formatUsd), ['$0', '$0.00012', '$0.0042', '$1.50']);
  });
});
