// Several real processes on one database: 4 x 2,000 writes lose nothing, read-modify-write
// increments stay exact, a reservation against a limit never overshoots, and one process sees
// another's write within 2 s through refreshFromDisk.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { journalPathOf } from '../../../src/storage/batonDatabase';
import { scanJournal } from '../../../src/storage/journal';
import { type FixtureBundle, bundleFixture, spawnLines } from '../support/childBundle';
import { integrityOf, openDatabase, queryFile } from '../support/database';
import { wasmDir } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const PROCESSES = 4;
const WRITES_EACH = 2_000;

async function runWriters(script: string, argsFor: (index: number) => string[]): Promise<string[][]> {
  const children = Array.from({ length: PROCESSES }, (_, index) => spawnLines(script, argsFor(index)));
  const results = await Promise.all(children.map((child) => child.exited));
  for (const [index, result] of results.entries()) {
    assert.equal(result.code, 0, `writer ${index} exited ${result.code} ${result.signal ?? ''}: ${result.stderr}`);
  }
  return children.map((child) => child.lines);
}

describe('concurrent processes on one database', function () {
  this.timeout(180_000);
  useTempDirs();
  let bundle: FixtureBundle;
  let path: string;

  before(async () => {
    bundle = await bundleFixture('concurrentWriter');
  });
  after(() => bundle.remove());
  beforeEach(() => {
    path = join(makeTempDir(), 'baton.db');
  });

  it(`${PROCESSES} processes x ${WRITES_EACH} writes keep every row, and read-modify-write increments are exact`, async () => {
    await runWriters(bundle.script, (i) => ['rows', path, wasmDir, `p${i}`, String(WRITES_EACH)]);
    const total = PROCESSES * WRITES_EACH;
    const [rows] = await queryFile(path, "SELECT count(*) AS n, count(DISTINCT id) AS ids FROM ledger WHERE provider = 'rows'");
    assert.deepEqual(rows, { n: total, ids: total });
    for (let i = 0; i < PROCESSES; i++) {
      const [mine] = await queryFile(path, 'SELECT count(*) AS n, min(at) AS first, max(at) AS last FROM ledger WHERE id LIKE ?', [`p${i}-%`]);
      assert.deepEqual(mine, { n: WRITES_EACH, first: 0, last: WRITES_EACH - 1 }, `process p${i}`);
    }
    const counters = await queryFile(path, "SELECT key, value FROM baton_meta WHERE key IN ('rmw_counter', 'sql_counter') ORDER BY key");
    assert.deepEqual(counters, [{ key: 'rmw_counter', value: total }, { key: 'sql_counter', value: total }]);
    assert.equal(await integrityOf(path), 'ok');
    assert.deepEqual(await queryFile(path, "SELECT value FROM baton_meta WHERE key = 'journal_seq'"), [{ value: total }], 'one sequence number per write');
    // The writers compacted along the way (64 KB threshold): the main file holds most of the changes.
    const header = (await scanJournal(journalPathOf(path))).header;
    assert.ok(header && header.mainSeq > total / 2, `the journal starts after a compaction: ${JSON.stringify(header)}`);
  });

  it('a reservation checked and made inside one write never exceeds its limit', async () => {
    const LIMIT = 37;
    const ATTEMPTS = 40;
    const outputs = await runWriters(bundle.script, (i) => ['reserve', path, wasmDir, `r${i}`, String(ATTEMPTS), String(LIMIT)]);
    const granted = outputs.map((lines) => Number(/^GRANTED (\d+)$/.exec(lines.find((l) => l.startsWith('GRANTED')) ?? '')?.[1]));
    assert.ok(granted.every(Number.isInteger), `every writer reports: ${JSON.stringify(outputs)}`);
    assert.equal(granted.reduce((a, b) => a + b, 0), LIMIT, `grants per process: ${granted.join(', ')}`);
    assert.deepEqual(await queryFile(path, "SELECT count(*) AS n FROM ledger WHERE provider = 'reserve'"), [{ n: LIMIT }]);
  });

  it('a process sees a write made by another process within 2 s, through refreshFromDisk', async () => {
    const database = await openDatabase(path);
    try {
      assert.equal(await database.refreshFromDisk(), false);
      let onAck: (at: number) => void = () => undefined;
      const acked = new Promise<number>((resolve) => (onAck = resolve));
      const writer = spawnLines(bundle.script, ['mark', path, wasmDir, 'marker-1'], (line) => line === 'ACK' && onAck(Date.now()));
      const ackedAt = await Promise.race([acked, writer.exited.then((r) => Promise.reject(new Error(`the writer exited before its ACK: ${r.stderr}`)))]);
      const deadline = ackedAt + 2_000;
      let refreshed = false;
      let seen = false;
      while (!seen && Date.now() < deadline) {
        refreshed = (await database.refreshFromDisk()) || refreshed;
        seen = (await database.read((db) => db.one("SELECT 1 AS x FROM ledger WHERE id = 'marker-1'"))) !== undefined;
        if (!seen) await new Promise((resolve) => setImmediate(resolve));
      }
      assert.ok(seen, "the other process's write was not visible within 2 s of its acknowledgement");
      assert.ok(refreshed, 'refreshFromDisk reported the change');
      await writer.exited;
    } finally {
      await database.close();
    }
  });
});
