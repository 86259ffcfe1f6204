// Alert marks on a real database: a mark key is granted to one claim only, whether the claims
// come from one handle, two handles in one process, or several processes at once (two windows
// and the CLI), so a budget alert is shown once per threshold and period.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ALERT_MARK_RETENTION_MS, AlertMarks } from '../../../src/storage/alertMarks';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { type FixtureBundle, bundleFixture, spawnLines } from '../support/childBundle';
import { openDatabase, queryFile } from '../support/database';
import { wasmDir } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 20, 12);

/** Migration 7 creates the table. */
function openMarked(path: string): Promise<BatonDatabase> {
  return openDatabase(path);
}

describe('alert marks', function () {
  this.timeout(180_000);
  useTempDirs();

  it('grants each key once: a second claim of the same keys gets nothing', async () => {
    const path = join(makeTempDir(), 'baton.db');
    const database = await openMarked(path);
    try {
      const marks = new AlertMarks(database);
      assert.deepEqual(await marks.claim(['budget:monthly|2026-12|0.8', 'account:a1|17|0.9'], NOW), ['budget:monthly|2026-12|0.8', 'account:a1|17|0.9']);
      assert.deepEqual(await marks.claim(['budget:monthly|2026-12|0.8', 'account:a1|17|0.9'], NOW + 1), []);
      assert.deepEqual(await marks.claim(['budget:monthly|2026-12|0.9', 'budget:monthly|2026-12|0.8', 'budget:monthly|2026-12|0.9'], NOW + 2), ['budget:monthly|2026-12|0.9'], 'only the new key, once');
      assert.deepEqual(await marks.claim(['budget:monthly|2027-01|0.8'], NOW + 3), ['budget:monthly|2027-01|0.8'], 'a new period is a new key');
      assert.deepEqual(await marks.claim([], NOW), []);
    } finally {
      await database.close();
    }
    const rows = await queryFile(path, 'SELECT key, at FROM alert_marks ORDER BY key');
    assert.deepEqual(rows.map((row) => [row.key, row.at]), [
      ['account:a1|17|0.9', NOW], ['budget:monthly|2026-12|0.8', NOW], ['budget:monthly|2026-12|0.9', NOW + 2], ['budget:monthly|2027-01|0.8', NOW + 3],
    ], 'durable, and a refused claim does not move the time of the mark');
  });

  it('journals nothing when every key is already marked', async () => {
    const database = await openMarked(join(makeTempDir(), 'baton.db'));
    try {
      const marks = new AlertMarks(database);
      await marks.claim(['k|p|0.8'], NOW);
      const sequence = database.sequence;
      assert.deepEqual(await marks.claim(['k|p|0.8'], NOW + 1), []);
      assert.equal(database.sequence, sequence);
    } finally {
      await database.close();
    }
  });

  it('deletes marks older than 400 days in the claiming write', async () => {
    const path = join(makeTempDir(), 'baton.db');
    const database = await openMarked(path);
    try {
      const marks = new AlertMarks(database);
      assert.equal(ALERT_MARK_RETENTION_MS, 400 * DAY);
      await marks.claim(['old|2025-10|0.8'], NOW - 401 * DAY);
      await marks.claim(['kept|2025-11|0.8'], NOW - 399 * DAY);
      assert.deepEqual(await marks.claim(['new|2026-12|0.8'], NOW), ['new|2026-12|0.8']);
    } finally {
      await database.close();
    }
    const rows = await queryFile(path, 'SELECT key FROM alert_marks ORDER BY key');
    assert.deepEqual(rows.map((row) => row.key), ['kept|2025-11|0.8', 'new|2026-12|0.8']);
  });

  it('two handles on one file claiming the same keys at once: each key goes to exactly one', async () => {
    const path = join(makeTempDir(), 'baton.db');
    const first = await openMarked(path);
    const second = await openDatabase(path);
    try {
      const [a, b] = [new AlertMarks(first), new AlertMarks(second)];
      const keys = Array.from({ length: 30 }, (_, i) => `k${i}|p|0.8`);
      const claims = await Promise.all(keys.flatMap((key, i) => [a.claim([key, keys[(i + 1) % keys.length] ?? key], NOW), b.claim([key], NOW)]));
      const granted = claims.flat();
      assert.deepEqual([...granted].sort(), [...keys].sort(), 'every key granted, none twice');
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  describe('across processes', () => {
    const PROCESSES = 4;
    const ROUNDS = 60;
    const KEYS = 3;
    let bundle: FixtureBundle;

    before(async () => {
      bundle = await bundleFixture('alertClaimer');
    });
    after(() => bundle.remove());

    it(`${PROCESSES} processes claiming the same keys at once: exactly one gets each key`, async () => {
      const path = join(makeTempDir(), 'baton.db');
      await (await openMarked(path)).close();
      const startAt = String(Date.now() + 1_500);
      const children = Array.from({ length: PROCESSES }, () => spawnLines(bundle.script, [path, wasmDir, String(ROUNDS), String(KEYS), startAt]));
      const results = await Promise.all(children.map((child) => child.exited));
      for (const [i, result] of results.entries()) assert.equal(result.code, 0, `process ${i} exited ${result.code}: ${result.stderr}`);
      for (const child of children) assert.ok(child.lines.includes('DONE'), 'every process finished');

      const granted = children.flatMap((child) => child.lines.filter((line) => line.startsWith('CLAIMED ')).map((line) => line.slice('CLAIMED '.length)));
      const expected = Array.from({ length: ROUNDS }, (_, round) => Array.from({ length: KEYS }, (_, i) => `r${round}-k${i}|p|0.8`)).flat();
      const twice = granted.filter((key, i) => granted.indexOf(key) !== i);
      const counts = children.map((child) => child.lines.filter((line) => line.startsWith('CLAIMED ')).length);
      assert.deepEqual(twice, [], `no key granted to two processes (granted per process: ${counts.join(', ')})`);
      assert.deepEqual([...granted].sort(), [...expected].sort(), 'every key granted to one process');
      const [stored] = await queryFile(path, 'SELECT count(*) AS n FROM alert_marks');
      assert.equal(stored?.n, ROUNDS * KEYS);
    });
  });
});
