// Migration 7 and the costs panel's reads: the rollup per local day, source, provider, model,
// workspace, account and session stays equal to the ledger it summarizes (inserts, agent
// upserts, updates, deletes, rows from before v7 given local days by migration 9); the single-request lookups return what the
// ledger holds, inside the period and the filter, in the order the tables need.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CostsReads, NO_FILTER } from '../../../src/core/costs/costsPorts';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { CostsStore } from '../../../src/storage/costsReadModel';
import { LedgerStore } from '../../../src/storage/ledgerStore';
import { MIGRATIONS } from '../../../src/storage/migrations';
import { spendSummary } from '../../../src/storage/spendSummary';
import { UsageStore } from '../../../src/storage/usageStore';
import { independentSqlJs, openDatabase } from '../support/database';
import { ledgerEntry } from '../support/ledgerEntries';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const DAY = 86_400_000;
const HOUR = 3_600_000;
// 2026-11-24 (day 20416) at 20:00 UTC, which is already 2026-11-25 at UTC+10.
const T0 = Date.UTC(2026, 10, 24, 20);
const D24 = Date.UTC(2026, 10, 24) / DAY;
/** A writer ten hours east of UTC. */
const plusTen = (at: number) => Math.floor((at + 10 * HOUR) / DAY);

const SUMS = `count(*) AS requests, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cached_tokens) AS cached_tokens,
  sum(cost_nanos) AS cost_nanos, sum(saved_nanos) AS saved_nanos, sum(estimated <> 0) AS estimated_requests, sum(pricing = 'unpriced') AS unpriced_requests,
  sum(pricing = 'subscription') AS subscription_requests, sum(status = 'ok') AS ok_requests, sum(status = 'cancelled') AS cancelled_requests,
  sum(fallback_used <> 0) AS fallback_requests, sum(cache_hit <> 0) AS cache_hits`;
const FROM_LEDGER = `SELECT COALESCE(local_day, at / ${DAY}) AS day, source, provider, model, COALESCE(workspace_id, '') AS workspace_id,
  COALESCE(account_id, '') AS account_id, COALESCE(session_id, '') AS session_id, ${SUMS} FROM ledger GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`;
const ROLLUP = `SELECT day, source, provider, model, workspace_id, account_id, session_id, requests, input_tokens, output_tokens, cached_tokens, cost_nanos,
  saved_nanos, estimated_requests, unpriced_requests, subscription_requests, ok_requests, cancelled_requests, fallback_requests, cache_hits
  FROM ledger_rollup WHERE requests > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7`;

/** The store's reads, each in a read of its own, as the tests call them one at a time. */
type AsyncReads = { [K in keyof CostsReads]: CostsReads[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never };

function readsOf(store: CostsStore): AsyncReads {
  return new Proxy({} as AsyncReads, {
    get: (_, name: keyof CostsReads) => (...args: unknown[]) => store.read((reads) => (reads[name] as (...a: unknown[]) => unknown)(...args)),
  });
}

async function assertRollupMatches(database: BatonDatabase): Promise<void> {
  const [rollup, ledger] = await database.read((db) => [db.all(ROLLUP), db.all(FROM_LEDGER)]);
  assert.deepEqual(rollup, ledger);
}

describe('costs store (migration 7)', () => {
  useTempDirs();
  let database: BatonDatabase;
  let ledger: LedgerStore;
  let costs: AsyncReads;

  beforeEach(async () => {
    database = await openDatabase(join(makeTempDir(), 'baton.db'));
    ledger = new LedgerStore(database, undefined, plusTen);
    costs = readsOf(new CostsStore(database, (day) => day * DAY - 10 * HOUR));
  });
  afterEach(() => database.close());

  it('files each row under the local day its writer gave, and keeps the rollup equal to the ledger', async () => {
    await ledger.settle(null, ledgerEntry({ id: 'a', at: T0, costNanos: 100, sessionId: 's1', accountId: 'acc' }));
    await ledger.settle(null, ledgerEntry({ id: 'b', at: T0 + HOUR, costNanos: 50, fallbackUsed: true, status: 'incomplete', estimated: true }));
    // The same key as b: every count of the rollup row adds up, not only the first request's.
    await ledger.settle(null, ledgerEntry({ id: 'b2', at: T0 + 2 * HOUR, costNanos: 5, fallbackUsed: true, status: 'cancelled', estimated: true, cacheHit: true, savedNanos: 9 }));
    await ledger.settle(null, ledgerEntry({ id: 'b3', at: T0 + 3 * HOUR, costNanos: null, pricing: 'unpriced', status: 'ok' }));
    await ledger.settle(null, ledgerEntry({ id: 'c', at: T0, costNanos: null, pricing: 'unpriced', model: 'mystery', status: 'cancelled' }));
    await ledger.settle(null, ledgerEntry({ id: 'd', at: T0, costNanos: null, pricing: 'subscription', provider: 'vscode-lm', cacheHit: true, savedNanos: 7 }));
    const usage = new UsageStore(database, () => 1_000, plusTen);
    const record = { source: 'claude-code' as const, key: 'm1', at: T0 - 12 * HOUR, model: 'claude-sonnet-4', inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, reportedCostUsd: null, cwd: null };
    await usage.importBatch({ source: 'claude-code', records: [record], rateLimits: [], skipped: 0, cursors: [] });
    // The agent's streaming copy grows: the upsert moves its tokens and cost in the rollup.
    await usage.importBatch({ source: 'claude-code', records: [{ ...record, outputTokens: 500 }], rateLimits: [], skipped: 0, cursors: [] });
    await assertRollupMatches(database);

    const days = await database.read((db) => db.all('SELECT id, local_day FROM ledger ORDER BY id'));
    assert.deepEqual(Object.fromEntries(days.map((row) => [row.id, row.local_day])), { a: D24 + 1, b: D24 + 1, b2: D24 + 1, b3: D24 + 1, c: D24 + 1, d: D24 + 1, 'claude-code:m1': D24 },
      'the +10h writer counts 20:00 UTC as the next day, and 08:00 UTC as the same');

    await database.write((db) => db.run("UPDATE ledger SET cost_nanos = 75, session_id = 's2', source = 'codex' WHERE id = 'b'"));
    await database.write((db) => db.run("DELETE FROM ledger WHERE id = 'a'"));
    await assertRollupMatches(database);
    const rows = await costs.rollup({ from: D24, to: D24 + 1 }, NO_FILTER);
    assert.equal(rows.reduce((sum, row) => sum + row.requests, 0), 6);
    assert.equal(rows.find((row) => row.sessionId === 's2')?.costNanos, 75);
    assert.deepEqual((await costs.rollup({ from: D24, to: D24 + 1 }, { ...NO_FILTER, source: 'codex' })).map((row) => row.sessionId), ['s2']);
  });

  it('gives rows written before migration 7 the local day of the machine that upgrades (migration 9), rollup included', async () => {
    const path = join(makeTempDir(), 'v6.db');
    const SQL = await independentSqlJs();
    const v6 = new SQL.Database();
    for (const migration of MIGRATIONS.filter((m) => m.version <= 6)) v6.exec(`${migration.sql}; PRAGMA user_version = ${migration.version};`);
    v6.run("INSERT INTO ledger (id, workspace_id, provider, model, at, input_tokens, output_tokens, cost_nanos, source) VALUES ('x', 'ws', 'openai', 'm', ?, 10, 5, 40, 'router')", [T0]);
    v6.run("INSERT INTO ledger (id, workspace_id, provider, model, at, input_tokens, output_tokens, cost_nanos, source, fallback_used) VALUES ('y', NULL, 'openai', 'm', ?, 1, 1, 2, 'router', 1)", [T0 + DAY]);
    writeFileSync(path, v6.export());
    v6.close();
    // Upgraded on a machine ten hours east of UTC (no DST in Brisbane): 20:00 UTC is the next day there.
    const zone = process.env.TZ;
    process.env.TZ = 'Australia/Brisbane';
    const migrated = await openDatabase(path).finally(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });
    try {
      await assertRollupMatches(migrated);
      const days = await migrated.read((db) => db.all('SELECT id, local_day FROM ledger ORDER BY id'));
      assert.deepEqual(days, [{ id: 'x', local_day: plusTen(T0) }, { id: 'y', local_day: plusTen(T0 + DAY) }]);
      const rows = await readsOf(new CostsStore(migrated)).rollup({ from: D24, to: D24 + 2 }, NO_FILTER);
      assert.deepEqual(rows.map((row) => [row.day, row.workspaceId, row.costNanos, row.fallbackRequests]), [[D24 + 1, 'ws', 40, 0], [D24 + 2, null, 2, 1]]);
    } finally {
      await migrated.close();
    }
  });

  it('lists the dearest priced requests of the period and filter, dearest first', async () => {
    const costsOf = [5, 90, 40, 70, 10];
    for (const [i, nanos] of costsOf.entries()) await ledger.settle(null, ledgerEntry({ id: `r${i}`, at: T0 + i * HOUR, costNanos: nanos, provider: i === 3 ? 'anthropic' : 'openai' }));
    await ledger.settle(null, ledgerEntry({ id: 'old', at: T0 - 3 * DAY, costNanos: 1_000 }));
    await ledger.settle(null, ledgerEntry({ id: 'free', at: T0, costNanos: null, pricing: 'unpriced' }));
    const period = { from: D24 + 1, to: D24 + 1 };
    assert.deepEqual((await costs.dearest(period, NO_FILTER, 3)).map((r) => r.id), ['r1', 'r3', 'r2']);
    assert.deepEqual((await costs.dearest(period, { ...NO_FILTER, provider: 'openai' }, 10)).map((r) => r.id), ['r1', 'r2', 'r4', 'r0']);
    assert.deepEqual((await costs.dearest({ from: D24 - 3, to: D24 + 1 }, NO_FILTER, 1)).map((r) => r.id), ['old']);
  });

  it('finds the median cost of a model (odd and even counts) and the requests above a multiple of it', async () => {
    for (const [i, nanos] of [10, 30, 20, 1_000].entries()) await ledger.settle(null, ledgerEntry({ id: `m${i}`, at: T0 + i, costNanos: nanos }));
    for (const [i, nanos] of [7, 3, 5].entries()) await ledger.settle(null, ledgerEntry({ id: `h${i}`, at: T0 + i, costNanos: nanos, model: 'haiku', provider: 'anthropic' }));
    await ledger.settle(null, ledgerEntry({ id: 'u', at: T0, costNanos: null, pricing: 'unpriced' }));
    const medians = await costs.medianCosts([{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'anthropic', model: 'haiku' }, { provider: 'x', model: 'none' }]);
    // 10, 20, 30, 1000 -> (20 + 30) / 2 = 25; 3, 5, 7 -> 5; the unpriced row is not a $0 sample.
    assert.deepEqual([...medians], [['openai/gpt-4o-mini', 25], ['anthropic/haiku', 5]]);
    const above = await costs.costlierThan({ provider: 'openai', model: 'gpt-4o-mini' }, 250, { from: D24 + 1, to: D24 + 1 }, NO_FILTER, 10);
    assert.deepEqual(above.map((r) => [r.id, r.costNanos]), [['m3', 1_000]]);
  });

  it('reads a provider\'s latest router latencies in the period, and its fallbacks of a day', async () => {
    for (let i = 0; i < 6; i++) await ledger.settle(null, ledgerEntry({ id: `l${i}`, at: T0 + i * 1000, latencyMs: 100 * (i + 1), ttftMs: i === 0 ? null : 10 * i, fallbackUsed: i % 2 === 0 }));
    await ledger.settle(null, ledgerEntry({ id: 'agent', at: T0 + 10_000, latencyMs: 9, source: 'codex' }));
    const samples = await costs.latencies('openai', { from: D24 + 1, to: D24 + 1 }, 4);
    assert.deepEqual(samples, { latencyMs: [600, 500, 400, 300], ttftMs: [50, 40, 30, 20] });
    assert.deepEqual((await costs.fallbacks('openai', D24 + 1, NO_FILTER, 10)).map((r) => r.id), ['l4', 'l2', 'l0']);
    assert.deepEqual((await costs.latencies('openai', { from: D24, to: D24 }, 4)).latencyMs, [], 'nothing on the day before');
  });

  it('sums today, the month and the router\'s month for the sidebar\'s costs card', async () => {
    await ledger.settle(null, ledgerEntry({ id: 't1', at: T0, costNanos: 100 })); // local day D24 + 1
    await ledger.settle(null, ledgerEntry({ id: 't2', at: T0 + HOUR, costNanos: 20, source: 'codex', provider: 'codex' }));
    await ledger.settle(null, ledgerEntry({ id: 'y1', at: T0 - DAY, costNanos: 7 }));
    await ledger.settle(null, ledgerEntry({ id: 'old', at: T0 - 40 * DAY, costNanos: 1_000 }));
    assert.deepEqual(await spendSummary(database, D24 + 1, D24 - 10), { todayNanos: 120, monthNanos: 127, routerMonthNanos: 107 });
  });

  it('returns requests in the order asked, whole entries with their prices, and changes its version on every write', async () => {
    await ledger.settle(null, ledgerEntry({ id: 'p', at: T0, prices: '{"input":0.15,"output":0.6,"source":"genai-prices"}' }));
    await ledger.settle(null, ledgerEntry({ id: 'q', at: T0 + 1 }));
    assert.deepEqual((await costs.requests(['q', 'missing', 'p'])).map((r) => r.id), ['q', 'p']);
    assert.equal((await costs.entry('p'))?.prices, '{"input":0.15,"output":0.6,"source":"genai-prices"}');
    assert.equal(await costs.entry('nope'), null);
    assert.deepEqual((await costs.entries({ from: D24 + 1, to: D24 + 1 }, NO_FILTER)).map((e) => e.id), ['p', 'q']);
    const before = await costs.version();
    await ledger.settle(null, ledgerEntry({ id: 'r', at: T0 + 2 }));
    assert.notEqual(await costs.version(), before);
    assert.equal(await costs.hasAny(), true);
  });
});
