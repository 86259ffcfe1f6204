// A catch-up without a position in the journal (an open, a journal another process replaced)
// reads it from the last record the main file holds, which the header records (unfoldedScan.ts):
// the records before it are kept only for restoring the backup. A restore still replays them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatonDatabase, journalPathOf } from '../../../src/storage/batonDatabase';
import { encodeHeader, scanJournal } from '../../../src/storage/journal';
import { scanUnfolded } from '../../../src/storage/unfoldedScan';
import { ledgerIds, openDatabase, reopenAndRead } from '../support/database';
import { wasmDir } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const NO_AUTO_COMPACTION = { compactAfterBytes: 1 << 30 };
/** Records of about 10 KB each, so that what an open reads of the journal shows in the bytes it read. */
const NOTE = 'n'.repeat(10_000);
const bytesRead = () => Number(/rchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);

const insertRow = (database: BatonDatabase, id: string) =>
  database.write((w) => w.run('INSERT INTO ledger (id, provider, model, at, request_id) VALUES (?, ?, ?, ?, ?)', [id, 'p', 'm', 1, NOTE]));

/** `folded` records written and folded in (kept in the journal for the backup), then `unfolded` more. */
async function journalWith(folded: number, unfolded: number): Promise<string> {
  const path = join(makeTempDir(), 'baton.db');
  const database = await openDatabase(path, NO_AUTO_COMPACTION);
  for (let i = 1; i <= folded; i++) await insertRow(database, `f${String(i).padStart(3, '0')}`);
  assert.equal((await database.compact())?.keptRecords, folded);
  for (let i = 1; i <= unfolded; i++) await insertRow(database, `u${i}`);
  await database.close();
  return path;
}

const idsOf = (folded: number, unfolded: number) =>
  [...Array.from({ length: folded }, (_, i) => `f${String(i + 1).padStart(3, '0')}`), ...Array.from({ length: unfolded }, (_, i) => `u${i + 1}`)].sort();

describe('catching up from the last folded record', () => {
  useTempDirs();

  it('scanUnfolded reads from the last record the main file holds, with the header', async () => {
    const path = await journalWith(30, 2);
    const whole = await scanJournal(journalPathOf(path));
    const mainSeq = whole.header?.mainSeq ?? -1;
    assert.equal(mainSeq, 30);
    const scan = await scanUnfolded(journalPathOf(path), mainSeq);
    assert.ok(scan);
    assert.deepEqual(scan.header, whole.header);
    assert.deepEqual(scan.frames.map((frame) => frame.seq), [30, 31, 32], 'the last folded record, then the two after it');
    assert.deepEqual(scan.frames, whole.frames.slice(-3), 'at the offsets the whole scan finds');
    assert.deepEqual(scan.records.map((record) => record.seq), [31, 32]);
    assert.equal(scan.validEnd, whole.validEnd);
    assert.deepEqual(scan.last, whole.last);
  });

  it('reads the whole journal for a state older than the main file, or a header that does not say where', async () => {
    const path = await journalWith(5, 1);
    assert.equal(await scanUnfolded(journalPathOf(path), 4), null, 'a restored backup needs the records before');
    const whole = await scanJournal(journalPathOf(path));
    const { lastFoldedAt: _omitted, ...older } = whole.header ?? { baseSeq: 0, mainSeq: 0 };
    writeFileSync(journalPathOf(path), Buffer.concat([encodeHeader(older), whole.bytes.subarray(whole.frames[1]?.at ?? 0, whole.validEnd)]));
    assert.equal(await scanUnfolded(journalPathOf(path), 5), null, 'a journal written before the header said');
    assert.deepEqual((await reopenAndRead(path)).ids, idsOf(5, 1));
  });

  it('an open does not read the folded records', async function () {
    if (!existsSync('/proc/self/io')) this.skip(); // the bytes a process read, as Linux counts them
    this.timeout(60_000);
    const path = await journalWith(300, 1);
    const journalBytes = readFileSync(journalPathOf(path)).length;
    assert.ok(journalBytes > 3_000_000, `the journal keeps 300 records of 10 KB (${journalBytes} bytes)`);
    const before = bytesRead();
    const database = await BatonDatabase.open({ path, wasmDir, ...NO_AUTO_COMPACTION });
    const opened = bytesRead() - before;
    try {
      assert.ok(opened < journalBytes / 4, `the open read ${opened} bytes; the journal has ${journalBytes}`);
      assert.deepEqual(await ledgerIds(database), idsOf(300, 1));
    } finally {
      await database.close();
    }
  });

  it('a damaged main file: the backup is restored and every record after it replayed, the folded ones included', async () => {
    const path = await journalWith(20, 3);
    const main = readFileSync(path);
    main.fill(0xff, 100, 4096); // page 1's schema
    writeFileSync(path, main);
    const reopened = await reopenAndRead(path);
    assert.equal(reopened.database.recovery?.restoredFrom, `${path}.bak`);
    assert.deepEqual(reopened.ids, idsOf(20, 3));
    await reopened.database.close();
  });

  it('another process that compacted meanwhile: a window catches up from the new journal\'s last folded record', async () => {
    const path = await journalWith(10, 0);
    const window = await openDatabase(path, NO_AUTO_COMPACTION);
    const other = await openDatabase(path, NO_AUTO_COMPACTION);
    await insertRow(other, 'o1');
    await other.compact();
    await insertRow(other, 'o2');
    assert.deepEqual(await ledgerIds(window), [...idsOf(10, 0), 'o1', 'o2'].sort());
    await insertRow(window, 'w1');
    assert.deepEqual(await ledgerIds(other), [...idsOf(10, 0), 'o1', 'o2', 'w1'].sort());
    await Promise.all([window.close(), other.close()]);
    assert.deepEqual((await reopenAndRead(path)).ids, [...idsOf(10, 0), 'o1', 'o2', 'w1'].sort());
  });
});
