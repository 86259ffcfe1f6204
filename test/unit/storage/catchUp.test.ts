// How one process catches up with the others' journal records: only durable records are
// applied, a journal replaced underneath is noticed even when it reuses the inode and the size,
// a process that missed whole compactions reloads, and a compaction never snapshots a change
// whose append failed.
import assert from 'node:assert/strict';
import { linkSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { encodeRecord } from '../../../src/storage/journal';
import { LockTimeoutError } from '../../../src/storage/processLock';
import { withFaults } from '../support/faultyFs';
import { insertLedgerRow, ledgerIds, openDatabase, reopenAndRead } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const NO_AUTO_COMPACTION = { compactAfterBytes: 1 << 30 };
const INSERT = 'INSERT INTO ledger (id, provider, model, at, request_id) VALUES (?, ?, ?, ?, ?)';
const insertPadded = (database: BatonDatabase, id: string, pad: number) => database.write((db) => db.run(INSERT, [id, 'p', 'm', 0, 'x'.repeat(pad)]));
const frameLength = (seq: number, id: string, pad: number) => encodeRecord({ seq, statements: [[INSERT, [id, 'p', 'm', 0, 'x'.repeat(pad)]]] }).length;

describe('catching up with other processes', () => {
  useTempDirs();
  let path: string;
  let journal: string;
  beforeEach(() => {
    path = join(makeTempDir(), 'baton.db');
    journal = `${path}.journal`;
  });

  it('reports other processes’ changes that its own write or read applied first, once, so the views refresh', async () => {
    const a = await openDatabase(path, NO_AUTO_COMPACTION);
    const b = await openDatabase(path, NO_AUTO_COMPACTION);
    await insertPadded(b, 'from-b', 0);
    // A writes before its next poll: the write catches up with B's change, then commits its own.
    await insertPadded(a, 'from-a', 0);
    assert.equal(await a.refreshFromDisk(), true, 'the poll after the write reports B’s change');
    assert.equal(await a.refreshFromDisk(), false, 'and only once');
    await insertPadded(a, 'again-a', 0);
    assert.equal(await a.refreshFromDisk(), false, 'its own writes alone are not news');
    // A read catches up too (it must show the latest): the change is still reported to the poll.
    await insertPadded(b, 'from-b-2', 0);
    assert.ok((await ledgerIds(a)).includes('from-b-2'));
    assert.equal(await a.refreshFromDisk(), true, 'the poll after the read reports B’s change');
    await Promise.all([a.close(), b.close()]);
  });

  it('a journal replaced by a newer one with the same inode and size is not taken for the one already read', async () => {
    const a = await openDatabase(path, NO_AUTO_COMPACTION);
    const b = await openDatabase(path, NO_AUTO_COMPACTION);
    await insertPadded(b, 'r1', 0); // change 1
    await insertPadded(b, 'r2', 0); // change 2
    assert.equal(await a.refreshFromDisk(), true);
    const seenByA = statSync(journal);
    const pinned = `${journal}.pinned`;
    linkSync(journal, pinned); // keeps A's inode from being freed, so that it can be reused below

    await b.compact(); // journal: header {0, 2}, r1, r2
    // r3 is as long as r1 and r2 together, less what the next compaction's header adds (where its
    // last folded record starts: ',"folded":0'), so that after it (header {2, 3}, r3) the journal
    // has exactly the size A saw.
    const foldedField = Buffer.byteLength(',"folded":0');
    await insertPadded(b, 'r3', frameLength(1, 'r1', 0) + frameLength(2, 'r2', 0) - frameLength(3, 'r3', 0) - foldedField);
    await b.compact();
    assert.equal(statSync(journal).size, seenByA.size, 'the test setup gives the new journal the old size');
    // What a file system that reuses inode numbers does: the new journal gets A's old inode.
    writeFileSync(pinned, readFileSync(journal));
    renameSync(pinned, journal);
    assert.equal(statSync(journal).ino, seenByA.ino);

    assert.equal(await a.refreshFromDisk(), true, 'A notices the new journal');
    assert.deepEqual(await ledgerIds(a), ['r1', 'r2', 'r3']);
    await insertPadded(a, 'r4', 0);
    assert.deepEqual(await ledgerIds(b), ['r1', 'r2', 'r3', 'r4']);
    await Promise.all([a.close(), b.close()]);
    assert.deepEqual((await reopenAndRead(path)).ids, ['r1', 'r2', 'r3', 'r4'], 'no two changes got the same sequence number');
  });

  it('a record whose fdatasync has not finished is not applied by another process', async () => {
    const writer = await openDatabase(path, NO_AUTO_COMPACTION);
    const reader = await openDatabase(path, { ...NO_AUTO_COMPACTION, lockTimeoutMs: 200 });
    await insertLedgerRow(writer, 'a');
    assert.deepEqual(await ledgerIds(reader), ['a']);
    let release = () => undefined as void;
    const syncHangs = new Promise<void>((resolve) => (release = resolve));
    await withFaults([{ call: 'datasync', target: /^baton\.db\.journal$/, waitFor: syncHangs }], async (injector) => {
      const pending = insertLedgerRow(writer, 'pending');
      while (injector.fired.length === 0) await new Promise((resolve) => setImmediate(resolve));
      assert.ok(readFileSync(journal).includes('pending'), 'the record is in the file, not yet synced');
      // The reader must wait for the writer's lock rather than apply what is not yet durable.
      await assert.rejects(reader.refreshFromDisk(), LockTimeoutError);
      release(); // the fdatasync fails: the write is rejected and its record cut off
      await assert.rejects(pending, /EIO/);
    });
    await reader.refreshFromDisk();
    assert.deepEqual(await ledgerIds(reader), ['a']);
    await insertLedgerRow(reader, 'b');
    assert.deepEqual(await ledgerIds(writer), ['a', 'b']);
    await Promise.all([writer.close(), reader.close()]);
    assert.deepEqual((await reopenAndRead(path)).ids, ['a', 'b']);
  });

  it('a process that missed two compactions reloads the main file and goes on', async () => {
    const idle = await openDatabase(path, NO_AUTO_COMPACTION);
    const busy = await openDatabase(path, NO_AUTO_COMPACTION);
    await insertLedgerRow(busy, 'one');
    assert.deepEqual(await ledgerIds(idle), ['one']);
    for (const id of ['two', 'three']) {
      await insertLedgerRow(busy, id);
      await busy.compact();
    }
    await insertLedgerRow(busy, 'four');
    assert.equal(await idle.refreshFromDisk(), true);
    assert.deepEqual(await ledgerIds(idle), ['four', 'one', 'three', 'two']);
    await insertLedgerRow(idle, 'five');
    assert.deepEqual(await ledgerIds(busy), ['five', 'four', 'one', 'three', 'two']);
    await Promise.all([idle.close(), busy.close()]);
  });

  it('a compaction queued behind a failed append does not write the failed change into the main file', async () => {
    const database = await openDatabase(path, { compactAfterBytes: 1 }); // every write starts a compaction
    await insertLedgerRow(database, 'first');
    await database.compact().catch(() => null);
    await withFaults([{ call: 'datasync', target: /^baton\.db\.journal$/, nth: 2 }], async () => {
      // Queued together: 'a' starts a compaction, whose snapshot runs after 'b' failed.
      const [a, b] = await Promise.allSettled([insertLedgerRow(database, 'a'), insertLedgerRow(database, 'b')]);
      assert.equal(a.status, 'fulfilled');
      assert.equal(b.status, 'rejected');
      await database.compact().catch(() => null);
    });
    await insertLedgerRow(database, 'c');
    assert.deepEqual(await ledgerIds(database), ['a', 'c', 'first']);
    await database.close();
    assert.deepEqual((await reopenAndRead(path)).ids, ['a', 'c', 'first']);
  });
});
