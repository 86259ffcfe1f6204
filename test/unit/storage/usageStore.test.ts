// Agent usage into the ledger: a request counted once whatever copies of it arrive (the
// largest kept), a batch's records and cursors saved together, the running session of the
// agent's folder credited, prices estimated only where the agent reported none, and none of it
// counted against the router's budgets.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AgentUsageRecord } from '../../../src/core/accounts/agentUsage';
import type { UsageBatch } from '../../../src/core/accounts/usagePorts';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { LedgerStore } from '../../../src/storage/ledgerStore';
import { UsageStore } from '../../../src/storage/usageStore';
import { openDatabase } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const T = Date.UTC(2026, 10, 24, 12);
const record = (key: string, overrides: Partial<AgentUsageRecord> = {}): AgentUsageRecord => ({
  source: 'claude-code', key, at: T, model: 'claude-sonnet-4-5', inputTokens: 10, outputTokens: 100, cacheReadTokens: 1_000, cacheWriteTokens: 0,
  reportedCostUsd: null, cwd: null, ...overrides,
});
const batch = (records: AgentUsageRecord[], overrides: Partial<UsageBatch> = {}): UsageBatch => ({ source: 'claude-code', records, rateLimits: [], skipped: 0, cursors: [], ...overrides });

describe('usage store', () => {
  useTempDirs();
  let database: BatonDatabase;
  let store: UsageStore;

  beforeEach(async () => {
    database = await openDatabase(join(makeTempDir(), 'baton.db'));
    store = new UsageStore(database, (r) => (r.model === 'unknown-model' ? null : (r.inputTokens + r.outputTokens) * 1_000));
  });
  afterEach(() => database.close());

  const rows = () => database.read((db) => db.all('SELECT id, output_tokens, cost_nanos, pricing, estimated, provider, source, session_id FROM ledger ORDER BY id'));

  it('counts a request once, keeping its largest copy, within a batch and across batches', async () => {
    assert.deepEqual(await store.importBatch(batch([record('m1', { outputTokens: 1 }), record('m1', { outputTokens: 50 }), record('m2')])), { added: 2, grown: 0 });
    assert.deepEqual(await store.importBatch(batch([record('m1', { outputTokens: 80 }), record('m2', { outputTokens: 3 })])), { added: 0, grown: 1 });
    assert.deepEqual(await store.importBatch(batch([record('m1', { outputTokens: 80 }), record('m2')])), { added: 0, grown: 0 }, 'a re-scan adds nothing');
    assert.deepEqual((await rows()).map((r) => [r.id, r.output_tokens]), [['claude-code:m1', 80], ['claude-code:m2', 100]]);
    const [daily] = await database.read((db) => db.all('SELECT requests, output_tokens FROM ledger_daily'));
    assert.deepEqual(daily, { requests: 2, output_tokens: 180 }, 'the daily totals follow the replacement');
  });

  it('keeps a reported cost, estimates a missing one from the price table, and marks an unknown model unpriced', async () => {
    await store.importBatch(batch([record('a', { reportedCostUsd: 0.25 }), record('b'), record('c', { model: 'unknown-model' })]));
    assert.deepEqual((await rows()).map((r) => [r.id, r.cost_nanos, r.pricing, r.estimated]), [
      ['claude-code:a', 250_000_000, 'priced', 0], ['claude-code:b', 110_000, 'priced', 1], ['claude-code:c', 0, 'unpriced', 1],
    ]);
  });

  it('saves cursors and rate limits in the same write, and reads the cursors back per source', async () => {
    const cursor = { path: '/logs/a.jsonl', source: 'codex' as const, offset: 120, size: 130, mtimeMs: 5.5, ino: 42 };
    await store.importBatch(batch([], { source: 'codex', cursors: [cursor], rateLimits: [{ source: 'codex', window: 'rolling-5h', usedPercent: 42, resetsAt: T + 1, observedAt: T }] }));
    await store.importBatch(batch([], { source: 'codex', cursors: [{ ...cursor, offset: 130 }] }));
    assert.deepEqual([...(await store.cursors('codex')).values()], [{ ...cursor, offset: 130 }]);
    assert.equal((await store.cursors('claude-code')).size, 0);
    assert.deepEqual(await database.read((db) => db.all('SELECT used_percent FROM agent_rate_limits')), [{ used_percent: 42 }]);
  });

  it("credits the session running in the agent's folder at the request's time", async () => {
    await database.write((db) => {
      db.run("INSERT INTO workspaces VALUES ('w1', 'shop', '/home/me/shop'), ('w2', 'blog', '/home/me/blog')");
      db.run(`INSERT INTO sessions (id, workspace_id, started_at, ended_at, last_activity_at) VALUES ('s1', 'w1', ${T - 1000}, NULL, ${T}), ('s2', 'w2', ${T - 1000}, ${T + 10}, ${T})`);
    });
    await store.importBatch(batch([
      record('in-shop', { cwd: '/home/me/shop/src' }), record('in-blog', { cwd: '/home/me/blog' }), record('elsewhere', { cwd: '/tmp/x' }),
      record('no-folder'), record('before', { at: T - 5000, cwd: '/home/me/shop' }), record('prefix-only', { cwd: '/home/me/shopping' }),
    ]));
    assert.deepEqual(Object.fromEntries((await rows()).map((r) => [r.id, r.session_id])), {
      'claude-code:in-shop': 's1', 'claude-code:in-blog': 's2', 'claude-code:elsewhere': null, 'claude-code:no-folder': null, 'claude-code:before': null, 'claude-code:prefix-only': null,
    });
  });

  it("is shown under the agent's name and not counted against the router's budgets", async () => {
    await store.importBatch(batch([record('big', { reportedCostUsd: 100 })]));
    assert.deepEqual((await rows()).map((r) => [r.provider, r.source]), [['claude-code', 'claude-code']]);
    const result = await new LedgerStore(database).reserve({ id: 'r', provider: 'openai', maxNanos: 1, at: T, dayStart: T - 3_600_000, monthStart: T - 86_400_000, limits: { dailyNanos: 10 }, expiresAt: T + 1 });
    assert.deepEqual(result, { ok: true });
  });
});
