// A corpus of damaged files, each with its expected outcome. A damaged main file is never
// overwritten: it is moved aside as `.corrupt-<time>`, byte-identical, and the backup restored
// with every change that backup + journal hold; without a usable backup Baton starts afresh.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReadOnlyDatabaseError } from '../../../src/storage/batonDatabase';
import { LATEST_SCHEMA_VERSION } from '../../../src/storage/migrations';
import { listDir, pseudoRandomBytes } from '../support/bytes';
import {
  type DatabaseFiles, MAIN_FILE_DAMAGE, compactedDatabase, pageSizeOf, placeFiles, withGarbageHeader, withTornTail, youngDatabase,
} from '../support/damagedCorpus';
import { independentSqlJs, insertLedgerRow, ledgerIds, openDatabase, reopenAndRead } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** After a recovery: a write works and a second open needs no recovery. */
async function assertUsableAfterwards(path: string, expectedIds: readonly string[]): Promise<void> {
  const database = await openDatabase(path);
  assert.equal(database.recovery, null, 'the second open finds a sound database');
  await insertLedgerRow(database, 'zz-after');
  await database.close();
  const reopened = await reopenAndRead(path);
  assert.deepEqual(reopened.ids, [...expectedIds, 'zz-after'].sort());
  assert.equal(reopened.integrity, 'ok');
}

describe('damaged files: moved aside, backup restored, journal replayed', () => {
  useTempDirs();
  let compacted: DatabaseFiles;
  let young: DatabaseFiles;
  let dir: string;

  before(async function () {
    this.timeout(30_000);
    compacted = await compactedDatabase();
    young = await youngDatabase();
    assert.ok(compacted.main.length >= pageSizeOf(compacted.main) * 3, 'the main file spans several pages');
    assert.notDeepEqual(compacted.backup, compacted.main, 'backup and main file differ');
  });
  beforeEach(() => {
    dir = makeTempDir();
  });

  it('the undamaged files open without recovery (the checks do not reject everything)', async () => {
    const path = placeFiles(dir, compacted);
    const { ids, integrity, database } = await reopenAndRead(path);
    assert.deepEqual(ids, [...compacted.allIds].sort());
    assert.equal(integrity, 'ok');
    assert.equal(database.recovery, null);
    assert.equal(database.journalSetAside, null);
  });

  describe('a damaged main file, with a backup', () => {
    for (const { name, damage, reason } of MAIN_FILE_DAMAGE) {
      it(`${name}: moved aside, the backup restored, the journal replayed`, async () => {
        const bytes = damage(compacted.main);
        const path = placeFiles(dir, compacted);
        writeFileSync(path, bytes);
        const database = await openDatabase(path);
        const recovery = database.recovery;
        assert.ok(recovery, 'a recovery is reported');
        assert.match(recovery.reason, reason);
        assert.match(recovery.movedTo, new RegExp(`^${escape(path)}\\.corrupt-\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z$`));
        assert.deepEqual(readFileSync(recovery.movedTo), bytes, 'the damaged file is kept, byte-identical');
        assert.equal(recovery.restoredFrom, `${path}.bak`);
        assert.equal(recovery.journalMovedTo, null);
        assert.deepEqual(await ledgerIds(database), [...compacted.allIds].sort(), 'backup + journal hold every change');
        await database.close();
        await assertUsableAfterwards(path, compacted.allIds);
      });
    }

    it('never compacted: the backup is the empty schema, and the journal from change 0 replays everything', async () => {
      const path = placeFiles(dir, young);
      writeFileSync(path, pseudoRandomBytes(young.main.length, 'young'));
      const database = await openDatabase(path);
      assert.equal(database.recovery?.restoredFrom, `${path}.bak`);
      assert.deepEqual(await ledgerIds(database), [...young.allIds].sort());
      await database.close();
    });

    it('a missing main file (its journal still there): the backup restored, the journal replayed', async () => {
      const path = placeFiles(dir, compacted);
      rmSync(path);
      const database = await openDatabase(path);
      assert.deepEqual(database.recovery, { reason: 'the file is missing but its journal is not', movedTo: '(missing)', restoredFrom: `${path}.bak`, journalMovedTo: null });
      assert.deepEqual(await ledgerIds(database), [...compacted.allIds].sort());
      await database.close();
    });
  });

  describe('a damaged main file, without a usable backup', () => {
    it('no backup: a fresh database; the damaged file and the journal it cannot continue are kept aside', async () => {
      const path = placeFiles(dir, compacted, { backup: false });
      const damaged = pseudoRandomBytes(8192, 'no backup');
      writeFileSync(path, damaged);
      const database = await openDatabase(path);
      const recovery = database.recovery;
      assert.ok(recovery);
      assert.equal(recovery.restoredFrom, null);
      assert.deepEqual(readFileSync(recovery.movedTo), damaged);
      assert.ok(recovery.journalMovedTo, 'the journal starts after the lost backup: set aside');
      assert.match(recovery.journalMovedTo, new RegExp(`^${escape(path)}\\.journal\\.corrupt-`));
      assert.deepEqual(readFileSync(recovery.journalMovedTo), compacted.journal);
      assert.deepEqual(await ledgerIds(database), []);
      assert.equal(await database.read((db) => db.one('PRAGMA user_version')?.user_version), LATEST_SCHEMA_VERSION);
      await database.close();
      await assertUsableAfterwards(path, []);
    });

    it('a damaged backup is kept aside too (not replaced by the next backup), and Baton starts afresh', async () => {
      const path = placeFiles(dir, compacted);
      const badBackup = pseudoRandomBytes(4096, 'bad backup');
      writeFileSync(`${path}.bak`, badBackup);
      writeFileSync(path, Buffer.alloc(0));
      const database = await openDatabase(path);
      assert.equal(database.recovery?.restoredFrom, null);
      assert.match(database.recovery?.reason ?? '', /empty/);
      assert.deepEqual(await ledgerIds(database), []);
      await database.close();
      const kept = listDir(dir).filter((name) => name.includes('.corrupt-'));
      assert.deepEqual(kept.map((name) => name.replace(/corrupt-.*/, 'corrupt-*')), ['baton.db.bak.corrupt-*', 'baton.db.corrupt-*', 'baton.db.journal.corrupt-*']);
      assert.deepEqual(readFileSync(join(dir, kept.find((name) => name.startsWith('baton.db.bak.corrupt-'))!)), badBackup);
    });

    it('never compacted, damaged in place, the backup a hard link of it (so damaged too): rebuilt from the journal', async () => {
      const path = placeFiles(dir, young, { linkBackup: true });
      const damaged = pseudoRandomBytes(young.main.length, 'in place');
      writeFileSync(path, damaged); // same inode: the backup is damaged as well
      assert.deepEqual(readFileSync(`${path}.bak`), damaged);
      const database = await openDatabase(path);
      assert.equal(database.recovery?.restoredFrom, null);
      assert.equal(database.recovery?.journalMovedTo, null, 'a journal from change 0 is kept and replayed');
      assert.deepEqual(await ledgerIds(database), [...young.allIds].sort());
      await database.close();
      await assertUsableAfterwards(path, young.allIds);
    });
  });

  describe('a damaged journal, with a sound main file', () => {
    it('a torn tail (a crash mid-append): every complete record replayed, the tail cut off by the next write', async () => {
      const path = placeFiles(dir, compacted);
      writeFileSync(`${path}.journal`, withTornTail(compacted.journal));
      const database = await openDatabase(path);
      assert.equal(database.recovery, null);
      assert.equal(database.journalSetAside, null);
      assert.deepEqual(await ledgerIds(database), [...compacted.allIds].sort());
      await database.close();
      await assertUsableAfterwards(path, compacted.allIds);
      assert.ok(!(await reopenAndRead(path)).ids.includes('torn'));
    });

    it('a garbage header: the records after it recovered, a byte-identical copy kept, the main file kept', async () => {
      // Changed on purpose (journal damage recovery): the records after a damaged header used
      // to be set aside with it; they are read past the damage now, and reported.
      const path = placeFiles(dir, compacted);
      const journal = withGarbageHeader(compacted.journal);
      writeFileSync(`${path}.journal`, journal);
      const database = await openDatabase(path);
      assert.equal(database.recovery, null);
      assert.equal(database.journalSetAside, null);
      const report = database.journalRecovery;
      assert.ok(report?.copy);
      assert.match(report.copy, new RegExp(`^${escape(path)}\\.journal\\.corrupt-`));
      assert.deepEqual(readFileSync(report.copy), journal);
      const later = compacted.allIds.length - compacted.idsInMain.length;
      assert.deepEqual({ ...report, copy: null }, { recovered: later, unreadable: 0, unapplied: 0, lost: [], copy: null }, 'only the header was damaged');
      assert.deepEqual(await ledgerIds(database), [...compacted.allIds].sort(), 'the main file and the records after it');
      await database.close();
      await assertUsableAfterwards(path, compacted.allIds);
    });

    it('a journal with nothing readable: moved aside byte-identical, reported, the main file kept', async () => {
      const path = placeFiles(dir, compacted);
      const garbage = pseudoRandomBytes(compacted.journal.length, 'journal');
      writeFileSync(`${path}.journal`, garbage);
      const database = await openDatabase(path);
      assert.equal(database.recovery, null);
      assert.ok(database.journalSetAside);
      assert.match(database.journalSetAside, new RegExp(`^${escape(path)}\\.journal\\.corrupt-`));
      assert.deepEqual(readFileSync(database.journalSetAside), garbage);
      assert.deepEqual(database.journalRecovery, { recovered: 0, unreadable: 0, unapplied: 0, lost: [], copy: database.journalSetAside, movedAside: true });
      assert.deepEqual(await ledgerIds(database), [...compacted.idsInMain].sort(), 'what the main file holds');
      await database.close();
      await assertUsableAfterwards(path, compacted.idsInMain);
    });
  });

  it('a database from a newer Baton opens read-only: reads work, writes and compaction are refused, no byte changes', async () => {
    const SQL = await independentSqlJs();
    const newer = new SQL.Database(Buffer.from(compacted.main)); // sql.js writes into the array it is given
    newer.exec('PRAGMA user_version = 99');
    const path = placeFiles(dir, { ...compacted, main: Buffer.from(newer.export()) });
    newer.close();
    const before = listDir(dir).map((name) => [name, readFileSync(join(dir, name))] as const);
    const database = await openDatabase(path);
    assert.equal(database.isReadOnly, true);
    assert.equal(database.readOnlyVersion, 99);
    assert.deepEqual(await ledgerIds(database), [...compacted.allIds].sort(), 'the journal is read too');
    await assert.rejects(insertLedgerRow(database, 'refused'), (error: unknown) =>
      error instanceof ReadOnlyDatabaseError && /newer Baton \(schema 99; this one knows \d+\)\. It is open read-only/.test(error.message));
    await assert.rejects(database.compact(), ReadOnlyDatabaseError);
    await database.close();
    assert.deepEqual(listDir(dir).map((name) => [name, readFileSync(join(dir, name))] as const), before, 'the same files, byte for byte');
  });

  it('a file whose migration fails is left byte-identical, with a backup copy beside it', async () => {
    const SQL = await independentSqlJs();
    const db = new SQL.Database();
    db.exec('CREATE TABLE session_notes (x)');
    const bytes = Buffer.from(db.export());
    db.close();
    const path = join(dir, 'baton.db');
    writeFileSync(path, bytes);
    await assert.rejects(openDatabase(path), /could not upgrade its database to version 1/);
    assert.deepEqual(readFileSync(path), bytes);
    assert.deepEqual(readFileSync(`${path}.bak-v0`), bytes);
    assert.deepEqual(listDir(dir), ['baton.db', 'baton.db.bak-v0']);
    assert.equal(existsSync(`${path}.journal`), false);
  });
});
