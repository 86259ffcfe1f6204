// The daily cost rollup (per day, provider, model and workspace since schema 5) stays equal to
// the ledger it summarizes, through inserts, updates, deletes, journal replay in another
// process, and compaction.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import type { SqlReader } from '../../../src/storage/sqlAccess';
import { DAY_MS, costByDayAndProvider } from '../../../src/storage/costQueries';
import { openDatabase } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const T0 = Date.UTC(2026, 9, 1);

async function insert(db: BatonDatabase, id: string, at: number, provider: string, cost: number, workspace = 'ws'): Promise<void> {
  await db.write((w) => w.run('INSERT INTO ledger (id, workspace_id, provider, model, at, input_tokens, output_tokens, cost_nanos) VALUES (?, ?, ?, ?, ?, 10, 5, ?)', [id, workspace, provider, 'm', at, cost]));
}

async function fromLedger(db: BatonDatabase) {
  return db.read((r) => r.all(`SELECT at / ${DAY_MS} AS day, provider, count(*) AS requests, sum(cost_nanos) AS cost FROM ledger GROUP BY 1, 2 ORDER BY 1, 2`));
}

async function fromRollup(db: BatonDatabase) {
  return db.read((r) => r.all('SELECT day, provider, sum(requests) AS requests, sum(cost_nanos) AS cost FROM ledger_daily GROUP BY 1, 2 HAVING sum(requests) > 0 ORDER BY 1, 2'));
}

describe('daily cost rollup', () => {
  useTempDirs();

  it('follows inserts, updates and deletes, and the query reads it by day and provider', async () => {
    const db = await openDatabase(join(makeTempDir(), 'baton.db'));
    try {
      await insert(db, 'a', T0 + 1000, 'openai', 100);
      await insert(db, 'b', T0 + 2000, 'openai', 50);
      await insert(db, 'c', T0 + DAY_MS, 'anthropic', 70, 'other');
      await db.write((w) => w.run("UPDATE ledger SET cost_nanos = 60, provider = 'anthropic' WHERE id = 'b'"));
      await db.write((w) => w.run("DELETE FROM ledger WHERE id = 'a'"));
      assert.deepEqual(await fromRollup(db), await fromLedger(db));
      const all = await costByDayAndProvider(db, T0);
      assert.deepEqual(all.map((c) => [c.day, c.provider, c.requests, c.costNanos]), [['2026-10-01', 'anthropic', 1, 60], ['2026-10-02', 'anthropic', 1, 70]]);
      const one = await costByDayAndProvider(db, T0, 'other');
      assert.deepEqual(one.map((c) => c.costNanos), [70]);
      assert.deepEqual(await costByDayAndProvider(db, T0 + 2 * DAY_MS), []);
    } finally {
      await db.close();
    }
  });

  it('keeps per-model totals, savings and unpriced and subscription counts through updates and deletes', async () => {
    const query = (sql: string) => (r: SqlReader) => r.all(sql);
    const ROLLUP = `SELECT day, provider, model, sum(requests) AS requests, sum(cost_nanos) AS cost, sum(saved_nanos) AS saved,
      sum(unpriced_requests) AS unpriced, sum(subscription_requests) AS subscription FROM ledger_daily GROUP BY 1, 2, 3 HAVING sum(requests) > 0 ORDER BY 1, 2, 3`;
    const LEDGER = `SELECT at / ${DAY_MS} AS day, provider, model, count(*) AS requests, sum(cost_nanos) AS cost, sum(saved_nanos) AS saved,
      sum(pricing = 'unpriced') AS unpriced, sum(pricing = 'subscription') AS subscription FROM ledger GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
    const db = await openDatabase(join(makeTempDir(), 'baton.db'));
    try {
      await db.write((w) => {
        const insert = 'INSERT INTO ledger (id, provider, model, at, cost_nanos, saved_nanos, pricing) VALUES (?, ?, ?, ?, ?, ?, ?)';
        w.run(insert, ['a', 'openai', 'gpt-4o-mini', T0, 100, 0, 'priced']);
        w.run(insert, ['b', 'openai', 'gpt-4o', T0 + 1, 200, 50, 'priced']);
        w.run(insert, ['c', 'house', 'mystery', T0 + 2, 0, 0, 'unpriced']);
        w.run(insert, ['d', 'copilot', 'gpt-4o', T0 + DAY_MS, 0, 0, 'subscription']);
      });
      await db.write((w) => w.run("UPDATE ledger SET model = 'gpt-4o-mini', saved_nanos = 70 WHERE id = 'b'"));
      await db.write((w) => w.run("UPDATE ledger SET pricing = 'priced', cost_nanos = 5 WHERE id = 'c'"));
      await db.write((w) => w.run("DELETE FROM ledger WHERE id = 'd'"));
      const rollup = await db.read(query(ROLLUP));
      assert.deepEqual(rollup, await db.read(query(LEDGER)));
      assert.deepEqual(rollup.map((r) => [r.provider, r.model, r.requests, r.cost, r.saved, r.unpriced]), [['house', 'mystery', 1, 5, 0, 0], ['openai', 'gpt-4o-mini', 2, 300, 70, 0]]);
    } finally {
      await db.close();
    }
  });

  it('is rebuilt identically by journal replay and survives compaction', async () => {
    const path = join(makeTempDir(), 'baton.db');
    const writer = await openDatabase(path);
    for (let i = 0; i < 60; i++) await insert(writer, `r${i}`, T0 + i * 3_600_000, i % 2 ? 'openai' : 'local', i);
    const reader = await openDatabase(path);
    try {
      assert.deepEqual(await fromRollup(reader), await fromLedger(writer));
      await writer.compact();
      await insert(writer, 'late', T0, 'openai', 1000);
      await reader.refreshFromDisk();
      assert.deepEqual(await fromRollup(reader), await fromLedger(reader));
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
