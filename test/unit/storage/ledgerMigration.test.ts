// Migration 4 -> 5: ledger rows written by v4 are kept with their figures (cached_tokens
// included) and read as priced router rows; the rebuilt daily rollup, now per model, equals
// the ledger, and so does the new hourly spend; the new tables exist; a copy of the v4 file
// is kept.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/storage/migrations';
import { LedgerStore } from '../../../src/storage/ledgerStore';
import { independentSqlJs, openDatabase, queryMainFile } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);
const V4_ROWS: [string, string, string, number, number, number, number, number][] = [
  // id, provider, model, at, input, output, cached, cost
  ['a', 'openai', 'gpt-4o-mini', T0 + 1_000, 10_000, 500, 8_000, 1_200_000],
  ['b', 'openai', 'gpt-4o', T0 + 2_000, 1_000, 100, 0, 3_500_000],
  ['c', 'openai', 'gpt-4o-mini', T0 + DAY, 2_000, 200, 0, 420_000],
  ['d', 'anthropic', 'claude-3-5-haiku-latest', T0 + DAY + 5, 1_000, 300, 12_000, 4_800_000],
];

const ROLLUP = `SELECT day, provider, model, workspace_id, requests, input_tokens, output_tokens, cached_tokens, cost_nanos, saved_nanos, unpriced_requests, subscription_requests
  FROM ledger_daily WHERE requests > 0 ORDER BY 1, 2, 3, 4`;
const FROM_LEDGER = `SELECT at / ${DAY} AS day, provider, model, COALESCE(workspace_id, '') AS workspace_id, count(*) AS requests, sum(input_tokens) AS input_tokens,
  sum(output_tokens) AS output_tokens, sum(cached_tokens) AS cached_tokens, sum(cost_nanos) AS cost_nanos, sum(saved_nanos) AS saved_nanos,
  sum(pricing = 'unpriced') AS unpriced_requests, sum(pricing = 'subscription') AS subscription_requests
  FROM ledger GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;

describe('migration 4 -> 5 (router ledger)', () => {
  useTempDirs();

  it('keeps v4 ledger rows, rebuilds the rollup per model, and adds the reservation and cache tables', async () => {
    assert.ok(MIGRATIONS.some((m) => m.version === 5));
    const path = join(makeTempDir(), 'baton.db');
    const SQL = await independentSqlJs();
    const v4 = new SQL.Database();
    for (const migration of MIGRATIONS.filter((m) => m.version <= 4)) v4.exec(`${migration.sql}; PRAGMA user_version = ${migration.version};`);
    for (const row of V4_ROWS) {
      v4.run("INSERT INTO ledger (id, workspace_id, provider, model, at, input_tokens, output_tokens, cached_tokens, cost_nanos) VALUES (?, 'ws', ?, ?, ?, ?, ?, ?, ?)", row);
    }
    writeFileSync(path, v4.export());
    v4.close();

    const database = await openDatabase(path);
    try {
      assert.equal(await database.read((db) => db.one('PRAGMA user_version')?.user_version), LATEST_SCHEMA_VERSION);
      assert.ok(existsSync(`${path}.bak-v4`));
      assert.deepEqual(await queryMainFile(`${path}.bak-v4`, 'SELECT count(*) AS n FROM ledger'), [{ n: 4 }]);

      const old = await new LedgerStore(database).get('a');
      assert.deepEqual(old && { ...old }, {
        id: 'a', at: T0 + 1_000, workspaceId: 'ws', sessionId: null, accountId: null, provider: 'openai', model: 'gpt-4o-mini', strategy: '', attempts: [],
        usage: { input: 10_000, output: 500, cacheRead: 0, cacheWrite: 0 }, costNanos: 1_200_000, estimated: false, pricing: 'priced', status: 'ok',
        latencyMs: 0, ttftMs: null, cacheHit: false, savedNanos: 0, fallbackUsed: false, source: 'router', decision: '', redacted: '',
      });
      // The old sum of cache tokens stays where v4 put it.
      assert.deepEqual(await database.read((db) => db.all('SELECT id, cached_tokens, latency_ms FROM ledger ORDER BY id')), [
        { id: 'a', cached_tokens: 8_000, latency_ms: null }, { id: 'b', cached_tokens: 0, latency_ms: null },
        { id: 'c', cached_tokens: 0, latency_ms: null }, { id: 'd', cached_tokens: 12_000, latency_ms: null },
      ]);

      const rollup = await database.read((db) => db.all(ROLLUP));
      assert.deepEqual(rollup, await database.read((db) => db.all(FROM_LEDGER)));
      assert.deepEqual(rollup.map((r) => [r.day, r.model, r.requests, r.cost_nanos]), [
        [T0 / DAY, 'gpt-4o', 1, 3_500_000], [T0 / DAY, 'gpt-4o-mini', 1, 1_200_000],
        [T0 / DAY + 1, 'claude-3-5-haiku-latest', 1, 4_800_000], [T0 / DAY + 1, 'gpt-4o-mini', 1, 420_000],
      ]);

      const tables = await database.read((db) => db.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('budget_reservations', 'response_cache') ORDER BY name"));
      assert.deepEqual(tables.map((t) => t.name), ['budget_reservations', 'response_cache']);
      // Later migrations add their own (ledger_rollup_*, migration 7): these are v5's.
      const triggers = await database.read((db) => db.all("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ledger' AND (name LIKE 'ledger_daily%' OR name LIKE 'ledger_hourly%') ORDER BY name"));
      assert.deepEqual(triggers.map((t) => t.name), ['ledger_daily_delete', 'ledger_daily_insert', 'ledger_daily_update', 'ledger_hourly_delete', 'ledger_hourly_insert', 'ledger_hourly_update']);
      // The hourly spend the budget checks read starts out equal to the ledger too.
      assert.deepEqual(
        await database.read((db) => db.all('SELECT hour, provider, cost_nanos FROM ledger_hourly ORDER BY 1, 2')),
        await database.read((db) => db.all('SELECT at / 3600000 AS hour, provider, sum(cost_nanos) AS cost_nanos FROM ledger GROUP BY 1, 2 ORDER BY 1, 2')),
      );
    } finally {
      await database.close();
    }
  });
});
