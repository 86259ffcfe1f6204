// Performance history from the ledger: requests and successes per model (failed attempts that
// fell back count against their own model), p50/p95 latency and time to first token, median
// output speed; cache hits, other sources, cancellations and older rows left out.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { percentile } from '../../../src/core/costs/percentile';
import { LedgerStore } from '../../../src/storage/ledgerStore';
import { openDatabase } from '../support/database';
import { ledgerEntry } from '../support/ledgerEntries';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const SINCE = Date.UTC(2026, 10, 1);

describe('ledger performance history', () => {
  useTempDirs();
  let database: BatonDatabase;
  let store: LedgerStore;

  beforeEach(async () => {
    database = await openDatabase(join(makeTempDir(), 'baton.db'));
    store = new LedgerStore(database);
  });
  afterEach(() => database.close());

  it('takes nearest-rank percentiles', () => {
    assert.equal(percentile([], 50), null);
    assert.equal(percentile([5], 95), 5);
    assert.equal(percentile([40, 10, 30, 20], 50), 20);
    assert.equal(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 95), 19);
  });

  it('summarizes each provider and model from the router rows since a time', async () => {
    // gpt-4o-mini: 10 ok requests, latency 100..1000 ms, ttft 50 each, 95 output tokens.
    for (let i = 1; i <= 10; i++) {
      await store.settle(null, ledgerEntry({ at: SINCE + i, latencyMs: i * 100, ttftMs: 50, usage: { input: 10, output: 95, cacheRead: 0, cacheWrite: 0 } }));
    }
    // claude failed twice with a 529 before openai answered: two requests, no success, for claude.
    await store.settle(null, ledgerEntry({
      at: SINCE + 20, fallbackUsed: true, latencyMs: 2_000, ttftMs: 1_050, usage: { input: 10, output: 950, cacheRead: 0, cacheWrite: 0 },
      attempts: [
        { provider: 'anthropic', model: 'claude', status: 'error', errorClass: 'overloaded', httpStatus: 529 },
        { provider: 'anthropic', model: 'claude', status: 'error', errorClass: 'overloaded', httpStatus: 529 },
        { provider: 'openai', model: 'gpt-4o-mini', status: 'ok' },
      ],
    }));
    // Left out: a cache hit, another source, a row before `since`. A cancelled request counts nowhere.
    await store.settle(null, ledgerEntry({ at: SINCE + 30, cacheHit: true, latencyMs: 1 }));
    await store.settle(null, ledgerEntry({ at: SINCE + 31, source: 'claude-code', provider: 'anthropic', model: 'claude', latencyMs: 1 }));
    await store.settle(null, ledgerEntry({ at: SINCE - 1, latencyMs: 99_999 }));
    await store.settle(null, ledgerEntry({ at: SINCE + 32, status: 'cancelled', attempts: [{ provider: 'openai', model: 'gpt-4o-mini', status: 'error', errorClass: 'cancelled' }] }));

    const history = await store.performance(SINCE);
    // gpt-4o-mini latencies 100..1000 and 2000 (11 samples): p50 = 6th = 600, p95 = 11th = 2000.
    // ttft: ten 50s and one 1050: p50 50, p95 1050.
    // speed: 95 tokens over (i x 100 - 50) ms for i = 1..10, and 950 over 950 ms = 1000/s; sorted:
    //   100, 111.8, 126.7, 146.2, 172.7, 211.1, 271.4, 380, 633.3, 1000, 1900 -> 6th = 95 / 0.45 s = 211.1 tokens/s.
    assert.deepEqual(history, [
      { provider: 'anthropic', model: 'claude', requests: 2, successes: 0, latencyP50Ms: null, latencyP95Ms: null, ttftP50Ms: null, ttftP95Ms: null, outputTokensPerSecond: null },
      { provider: 'openai', model: 'gpt-4o-mini', requests: 11, successes: 11, latencyP50Ms: 600, latencyP95Ms: 2_000, ttftP50Ms: 50, ttftP95Ms: 1_050, outputTokensPerSecond: (95 * 1000) / 450 },
    ]);
  });

  it('reads rows written before v5 (no attempts, no latency) as one request each, without timings', async () => {
    await database.write((db) => {
      db.run("INSERT INTO ledger (id, provider, model, at, status) VALUES ('old-ok', 'openai', 'gpt-4', ?, 'ok')", [SINCE + 1]);
      db.run("INSERT INTO ledger (id, provider, model, at, status) VALUES ('old-error', 'openai', 'gpt-4', ?, 'error')", [SINCE + 2]);
    });
    assert.deepEqual(await store.performance(SINCE), [
      { provider: 'openai', model: 'gpt-4', requests: 2, successes: 1, latencyP50Ms: null, latencyP95Ms: null, ttftP50Ms: null, ttftP95Ms: null, outputTokensPerSecond: null },
    ]);
  });
});
