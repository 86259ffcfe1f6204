// Moving averages of time to first token and throughput, seeded from the ledger.
import assert from 'node:assert/strict';
import type { ModelPerformance, PerformanceHistory } from '../../../src/core/costs/ledgerPorts';
import { ModelPerformanceAverages } from '../../../src/core/routing/modelPerformance';

function ledger(provider: string, model: string, ttftP50Ms: number | null, outputTokensPerSecond: number | null): ModelPerformance {
  return { provider, model, requests: 10, successes: 10, latencyP50Ms: null, latencyP95Ms: null, ttftP50Ms, ttftP95Ms: null, outputTokensPerSecond };
}

describe('ModelPerformanceAverages', () => {
  it('takes the first sample as it is, then moves a fifth of the way toward each new one', () => {
    const averages = new ModelPerformanceAverages();
    averages.record('openai', 'gpt-4o-mini', { ttftMs: 400, outputTokens: 101, generationMs: 1000 });
    assert.deepEqual(averages.get('openai', 'gpt-4o-mini'), { ttftMs: 400, outputTokensPerSecond: 101, samples: 1 });
    averages.record('openai', 'gpt-4o-mini', { ttftMs: 900, outputTokens: 201, generationMs: 1000 });
    assert.deepEqual(averages.get('openai', 'gpt-4o-mini'), { ttftMs: 500, outputTokensPerSecond: 121, samples: 2 });
  });

  it('learns nothing about throughput from a single token or an instant stream', () => {
    const averages = new ModelPerformanceAverages();
    averages.record('openai', 'm', { ttftMs: 300, outputTokens: 1, generationMs: 50 });
    averages.record('openai', 'm', { ttftMs: 300, outputTokens: 40, generationMs: 0 });
    assert.equal(averages.get('openai', 'm')?.outputTokensPerSecond, null);
  });

  it('is seeded from the ledger, which live samples then move', async () => {
    const averages = new ModelPerformanceAverages();
    const history: PerformanceHistory = {
      performance: (sinceMs) => {
        assert.equal(sinceMs, 1234);
        return Promise.resolve([ledger('anthropic', 'haiku', 600, 80), ledger('openai', 'gpt-4o', null, null)]);
      },
    };
    await averages.seedFrom(history, 1234);
    assert.deepEqual(averages.get('anthropic', 'haiku'), { ttftMs: 600, outputTokensPerSecond: 80, samples: 0 });
    averages.record('anthropic', 'haiku', { ttftMs: 1600, outputTokens: 0, generationMs: 0 });
    assert.equal(averages.get('anthropic', 'haiku')?.ttftMs, 800);
    assert.equal(averages.get('nobody', 'nothing'), undefined);
  });

  it('keeps live samples when the ledger seed arrives after them', () => {
    const averages = new ModelPerformanceAverages();
    averages.record('openai', 'm', { ttftMs: 200, outputTokens: 0, generationMs: 0 });
    averages.seed([ledger('openai', 'm', 5000, 10)]);
    assert.equal(averages.get('openai', 'm')?.ttftMs, 200);
  });
});
