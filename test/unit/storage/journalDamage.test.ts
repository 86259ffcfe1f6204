// Damage inside the journal loses nothing that is still readable, and says so. The scan reads
// past damaged bytes to the next valid frame; every readable record newer than the state is
// applied in sequence order, each whole or not at all (one that needs a lost record is skipped
// and reported); the damaged journal is copied aside byte for byte; the report names exactly
// the changes that are missing; and the repaired files open cleanly afterwards, with every
// other open process reloading from them (a new journal epoch).
import assert from 'node:assert/strict';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { journalPathOf } from '../../../src/storage/batonDatabase';
import { type FrameInfo, encodeRecord, scanJournal } from '../../../src/storage/journal';
import { type JournalRecovery, describeJournalRecovery, formatSeqs, unreadableSeqs } from '../../../src/storage/journalRepair';
import { listDir } from '../support/bytes';
import { type FsCall, withFaults } from '../support/faultyFs';
import { independentSqlJs, insertLedgerRow, ledgerIds, openDatabase, reopenAndRead } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const NO_AUTO_COMPACTION = { compactAfterBytes: 1 << 30 };
const EVERY_CALL: readonly FsCall[] = ['open', 'rename', 'link', 'unlink', 'copyFile', 'write', 'writeFile', 'sync', 'datasync', 'truncate'];
const ids = (...seqs: number[]) => seqs.map((seq) => `r${seq}`);

/** The journal's record frames (not the header), in file order. */
async function recordFrames(path: string): Promise<FrameInfo[]> {
  return (await scanJournal(journalPathOf(path))).frames.filter((frame) => frame.seq !== null);
}

/** Overwrites `bytes` at `offset` of the journal, in place. */
function damageAt(path: string, offset: number, bytes: Buffer): Buffer {
  const journal = readFileSync(journalPathOf(path));
  bytes.copy(journal, offset);
  writeFileSync(journalPathOf(path), journal);
  return journal;
}

/** Record `seq`'s frame, by its sequence number. */
async function frameOf(path: string, seq: number): Promise<FrameInfo> {
  const frame = (await recordFrames(path)).find((f) => f.seq === seq);
  assert.ok(frame, `record ${seq} is in the journal`);
  return frame;
}

/** A database whose journal holds records 1–`count`, each inserting ledger row r<seq>. */
async function journalOf(count: number): Promise<string> {
  const path = join(makeTempDir(), 'baton.db');
  const database = await openDatabase(path, NO_AUTO_COMPACTION);
  for (let seq = 1; seq <= count; seq++) await insertLedgerRow(database, `r${seq}`);
  await database.close();
  assert.deepEqual((await recordFrames(path)).map((f) => f.seq), Array.from({ length: count }, (_, i) => i + 1));
  return path;
}

/** After the repair: a second open finds a sound journal, and a write keeps everything. */
async function assertRepaired(path: string, expected: readonly string[]): Promise<void> {
  const database = await openDatabase(path);
  assert.equal(database.journalRecovery, null, 'the second open finds a sound journal');
  await insertLedgerRow(database, 'zz-after');
  await database.close();
  const reopened = await reopenAndRead(path);
  assert.deepEqual(reopened.ids, [...expected, 'zz-after'].sort(), 'the write did not cut anything off');
  assert.equal(reopened.integrity, 'ok');
  assert.equal(reopened.database.journalRecovery, null);
  const scan = await scanJournal(journalPathOf(path));
  assert.deepEqual(scan.damage, [], 'no damaged bytes are left in the journal');
}

describe('journal damage: readable records are recovered and the loss reported', () => {
  useTempDirs();

  it('four zero bytes inside record 4 of 8: records 5–8 are recovered, change 4 is reported lost, a copy is kept', async () => {
    const path = await journalOf(8);
    const frame = await frameOf(path, 4);
    const damaged = damageAt(path, frame.at + Math.floor(frame.length / 2), Buffer.alloc(4));
    const database = await openDatabase(path);
    const report = database.journalRecovery;
    assert.ok(report?.copy, 'reported, with a copy');
    assert.deepEqual(readFileSync(report.copy), damaged, 'the copy is the damaged journal, byte for byte');
    assert.deepEqual(report, { recovered: 4, unreadable: 1, unapplied: 0, lost: [4], copy: report.copy });
    assert.deepEqual(await ledgerIds(database), ids(1, 2, 3, 5, 6, 7, 8));
    assert.equal(database.sequence, 8);
    assert.match(describeJournalRecovery(report), /^Baton's journal was damaged: 4 changes after the damage were recovered, 1 could not be read; missing now: change 4; the damaged journal was kept at \S+baton\.db\.journal\.corrupt-\S+\.$/);
    await insertLedgerRow(database, 'r9');
    await database.close();
    assert.deepEqual((await reopenAndRead(path)).ids, ids(1, 2, 3, 5, 6, 7, 8, 9), 'the next write overwrote nothing');
    await assertRepaired(path, ids(1, 2, 3, 5, 6, 7, 8, 9));
    assert.deepEqual(listDir(join(path, '..')).filter((name) => name.includes('.corrupt-')), [report.copy.split('/').at(-1)], 'one copy, kept');
  });

  it('a journal cut 100 bytes short: the last acknowledged write cannot be read, and that is reported, with a copy', async () => {
    const path = await journalOf(8);
    const size = readFileSync(journalPathOf(path)).length;
    truncateSync(journalPathOf(path), size - 100);
    const cut = readFileSync(journalPathOf(path));
    const database = await openDatabase(path);
    const report = database.journalRecovery;
    assert.ok(report?.copy);
    assert.deepEqual(readFileSync(report.copy), cut);
    assert.deepEqual(report, { recovered: 0, unreadable: 1, unapplied: 0, lost: [8], copy: report.copy, atEnd: true });
    assert.match(describeJournalRecovery(report), /^Baton's journal was damaged at its end \(a write cut short by a crash, a full disk or a truncated copy\): 0 changes after the damage were recovered, 1 could not be read; missing now: change 8;/);
    assert.deepEqual(await ledgerIds(database), ids(1, 2, 3, 4, 5, 6, 7));
    await database.close();
    await assertRepaired(path, ids(1, 2, 3, 4, 5, 6, 7));
  });

  it('a damaged length field (the frame seems to run past the end): the scan resynchronises on record 5', async () => {
    const path = await journalOf(8);
    const frame = await frameOf(path, 4);
    damageAt(path, frame.at + 4, Buffer.from([0xff, 0xff, 0xff, 0x7f]));
    const database = await openDatabase(path);
    assert.deepEqual({ ...database.journalRecovery, copy: null }, { recovered: 4, unreadable: 1, unapplied: 0, lost: [4], copy: null });
    assert.deepEqual(await ledgerIds(database), ids(1, 2, 3, 5, 6, 7, 8));
    await database.close();
    await assertRepaired(path, ids(1, 2, 3, 5, 6, 7, 8));
  });

  it('garbage over records 3–5: exactly changes 3, 4 and 5 are reported lost, 6–8 recovered', async () => {
    const path = await journalOf(8);
    const from = await frameOf(path, 3);
    const to = await frameOf(path, 5);
    damageAt(path, from.at + 5, Buffer.alloc(to.at + to.length - from.at - 10, 0x41));
    const database = await openDatabase(path);
    const report = database.journalRecovery;
    assert.deepEqual({ ...report, copy: null }, { recovered: 3, unreadable: 3, unapplied: 0, lost: [3, 4, 5], copy: null });
    assert.match(describeJournalRecovery(report!), /missing now: changes 3–5;/);
    assert.deepEqual(await ledgerIds(database), ids(1, 2, 6, 7, 8));
    await database.close();
    await assertRepaired(path, ids(1, 2, 6, 7, 8));
  });

  it('a record that depends on the lost one (a note on a session it created) is skipped whole and reported; later ones apply', async () => {
    const path = join(makeTempDir(), 'baton.db');
    const database = await openDatabase(path, NO_AUTO_COMPACTION);
    await database.write((w) => w.run("INSERT INTO workspaces (id, name, location) VALUES ('w', 'w', '/w')")); // 1
    await database.write((w) => w.run("INSERT INTO sessions (id, workspace_id, started_at, last_activity_at) VALUES ('s1', 'w', 1, 1)")); // 2: lost
    await database.write((w) => {
      w.run("INSERT INTO session_notes (id, session_id, text, at) VALUES ('n1', 's1', 'needs s1', 2)"); // 3: needs 2
      w.run("INSERT INTO ledger (id, provider, model, at) VALUES ('with-note', 'p', 'm', 2)");
    });
    await insertLedgerRow(database, 'independent'); // 4
    await database.close();
    const frame = await frameOf(path, 2);
    damageAt(path, frame.at + 20, Buffer.alloc(4));

    const reopened = await openDatabase(path);
    const report = reopened.journalRecovery;
    assert.deepEqual({ ...report, copy: null }, { recovered: 1, unreadable: 1, unapplied: 1, lost: [2, 3], copy: null });
    assert.match(describeJournalRecovery(report!), /1 change after the damage was recovered, 1 could not be read, 1 could not be applied without a lost change; missing now: changes 2 and 3;/);
    assert.deepEqual(await ledgerIds(reopened), ['independent'], 'record 3 is all or nothing: its ledger row went with its note');
    assert.deepEqual(await reopened.read((r) => r.all('SELECT id FROM session_notes')), []);
    assert.equal(await reopened.read((r) => r.one('PRAGMA foreign_key_check')), undefined);
    await reopened.close();
    await assertRepaired(path, ['independent']);
  });

  it('damage to records already in the main file: the next compaction finds it, the catch-up after it repairs; nothing is missing, and the report says so', async () => {
    const path = await journalOf(6);
    const database = await openDatabase(path, NO_AUTO_COMPACTION);
    assert.equal((await database.compact())?.seq, 6);
    await insertLedgerRow(database, 'r7');
    await insertLedgerRow(database, 'r8');
    await database.close();
    // The journal keeps records 1–6 for the backup, then 7 and 8.
    const frame = await frameOf(path, 3);
    damageAt(path, frame.at + 30, Buffer.alloc(4));
    const reopened = await openDatabase(path, NO_AUTO_COMPACTION);
    assert.equal(reopened.journalRecovery, null, 'an open reads from the last record the main file holds (6)');
    assert.deepEqual(await ledgerIds(reopened), ids(1, 2, 3, 4, 5, 6, 7, 8));
    const reports: JournalRecovery[] = [];
    reopened.onJournalRecovery((recovery) => reports.push(recovery));
    assert.equal(await reopened.compact(), null, 'no compaction folds a damaged journal');
    assert.deepEqual(await ledgerIds(reopened), ids(1, 2, 3, 4, 5, 6, 7, 8), 'read after the catch-up that repaired');
    const [report] = reports;
    assert.ok(report && reports.length === 1, 'one repair, reported');
    assert.equal(reopened.journalRecovery, report);
    assert.deepEqual({ ...report, copy: null }, { recovered: 0, unreadable: 1, unapplied: 0, lost: [], copy: null });
    assert.match(describeJournalRecovery(report), /nothing is missing \(what could not be read was already in the main file\)/);
    await insertLedgerRow(reopened, 'r9');
    assert.equal((await reopened.compact())?.seq, 9, 'the repaired journal folds again');
    await reopened.close();
    await assertRepaired(path, ids(1, 2, 3, 4, 5, 6, 7, 8, 9));
  });

  it('a record whose text holds a whole encoded frame is not taken for a frame when the scan resynchronises', async () => {
    const path = join(makeTempDir(), 'baton.db');
    const database = await openDatabase(path, NO_AUTO_COMPACTION);
    const fake = encodeRecord({ seq: 1000, statements: [['DELETE FROM ledger', []]] }).toString('latin1');
    for (let seq = 1; seq <= 3; seq++) await insertLedgerRow(database, `r${seq}`);
    await database.write((w) => w.run('INSERT INTO ledger (id, provider, model, at, request_id) VALUES (?, ?, ?, ?, ?)', ['r4', 'p', 'm', 1, `before ${fake} after`]));
    for (let seq = 5; seq <= 6; seq++) await insertLedgerRow(database, `r${seq}`);
    await database.close();
    assert.ok(readFileSync(journalPathOf(path)).includes('BTNJ', (await frameOf(path, 4)).at + 4), 'the magic is in record 4');
    damageAt(path, (await frameOf(path, 4)).at + 14, Buffer.alloc(4)); // before the fake frame
    const reopened = await openDatabase(path);
    assert.deepEqual({ ...reopened.journalRecovery, copy: null }, { recovered: 2, unreadable: 1, unapplied: 0, lost: [4], copy: null });
    assert.deepEqual(await ledgerIds(reopened), ids(1, 2, 3, 5, 6), 'the fake DELETE did not run');
    await reopened.close();
  });

  it('another process open during the repair reloads (new epoch): it does not keep the lost change, and both go on', async () => {
    const path = await journalOf(8);
    const other = await openDatabase(path, NO_AUTO_COMPACTION);
    assert.deepEqual(await ledgerIds(other), ids(1, 2, 3, 4, 5, 6, 7, 8), 'read while the journal was sound');
    const frame = await frameOf(path, 4);
    damageAt(path, frame.at + 20, Buffer.alloc(4));
    const repairing = await openDatabase(path, NO_AUTO_COMPACTION);
    assert.deepEqual(repairing.journalRecovery?.lost, [4]);
    assert.deepEqual(await ledgerIds(other), ids(1, 2, 3, 5, 6, 7, 8), 'the other process dropped change 4 too');
    await insertLedgerRow(other, 'from-other');
    await insertLedgerRow(repairing, 'from-repairing');
    const expected = [...ids(1, 2, 3, 5, 6, 7, 8), 'from-other', 'from-repairing'].sort();
    assert.deepEqual(await ledgerIds(other), expected);
    assert.deepEqual(await ledgerIds(repairing), expected);
    assert.equal(other.journalRecovery, null, 'the other process found no damage itself');
    await Promise.all([other.close(), repairing.close()]);
    assert.deepEqual((await reopenAndRead(path)).ids, expected);
  });

  it('damage met by a running process when it catches up: repaired there, reported to its listeners', async () => {
    const path = await journalOf(4);
    const reader = await openDatabase(path, NO_AUTO_COMPACTION);
    const writer = await openDatabase(path, NO_AUTO_COMPACTION);
    assert.deepEqual(await ledgerIds(reader), ids(1, 2, 3, 4));
    for (let seq = 5; seq <= 8; seq++) await insertLedgerRow(writer, `r${seq}`);
    await writer.close();
    const frame = await frameOf(path, 6);
    damageAt(path, frame.at + 20, Buffer.alloc(4));
    const heard: unknown[] = [];
    reader.onJournalRecovery((report) => heard.push({ ...report, copy: typeof report.copy }));
    assert.equal(await reader.refreshFromDisk(), true);
    assert.deepEqual(heard, [{ recovered: 2, unreadable: 1, unapplied: 0, lost: [6], copy: 'string' }]);
    assert.deepEqual(await ledgerIds(reader), ids(1, 2, 3, 4, 5, 7, 8));
    await reader.close();
    await assertRepaired(path, ids(1, 2, 3, 4, 5, 7, 8));
  });

  it('a read-only database (newer schema) recovers in memory only: reported without a copy, no byte changes', async () => {
    const path = await journalOf(6);
    const SQL = await independentSqlJs();
    const newer = new SQL.Database(readFileSync(path));
    newer.exec('PRAGMA user_version = 99');
    writeFileSync(path, newer.export());
    newer.close();
    const frame = await frameOf(path, 2);
    const journal = damageAt(path, frame.at + 20, Buffer.alloc(4));
    const files = () => listDir(join(path, '..')).map((name) => [name, readFileSync(join(path, '..', name))] as const);
    const before = files();
    const database = await openDatabase(path);
    assert.equal(database.isReadOnly, true);
    assert.deepEqual(database.journalRecovery, { recovered: 4, unreadable: 1, unapplied: 0, lost: [2], copy: null });
    assert.match(describeJournalRecovery(database.journalRecovery!), /no copy of it was kept, as the database is open read-only, and the journal was left as it is\.$/);
    assert.deepEqual(await ledgerIds(database), ids(1, 3, 4, 5, 6));
    await database.close();
    assert.deepEqual(files(), before, 'the same files, byte for byte');
    assert.deepEqual(readFileSync(journalPathOf(path)), journal);
  });

  describe('what could not be read, from the scan', () => {
    const frame = (seq: number | null, at: number) => ({ at, length: 10, seq });
    it('gaps between readable records are exact; a damaged end counts its frame starts, at least one', () => {
      const header = { baseSeq: 0, mainSeq: 0 };
      const frames = [frame(null, 0), frame(1, 10), frame(2, 20), frame(5, 40)];
      assert.deepEqual(unreadableSeqs({ header, frames, damage: [{ at: 30, end: 40, frameStarts: 2 }], validEnd: 50 }, 0), [3, 4]);
      const sound = [frame(null, 0), frame(1, 10), frame(2, 20), frame(3, 30), frame(4, 40)];
      assert.deepEqual(unreadableSeqs({ header, frames: sound, damage: [{ at: 50, end: 90, frameStarts: 0 }], validEnd: 50 }, 0), [5]);
      assert.deepEqual(unreadableSeqs({ header, frames: sound, damage: [{ at: 50, end: 90, frameStarts: 3 }], validEnd: 50 }, 0), [5, 6, 7]);
      assert.deepEqual(unreadableSeqs({ header, frames, damage: [{ at: 30, end: 40, frameStarts: 1 }, { at: 50, end: 60, frameStarts: 1 }], validEnd: 50 }, 0), [3, 4, 6]);
      // Without the header, the state the records apply to is the start.
      assert.deepEqual(unreadableSeqs({ header: null, frames: [frame(7, 40), frame(8, 50)], damage: [{ at: 0, end: 40, frameStarts: 1 }], validEnd: 60 }, 4), [5, 6]);
      assert.deepEqual(unreadableSeqs({ header: null, frames: [frame(3, 40)], damage: [{ at: 0, end: 40, frameStarts: 1 }], validEnd: 50 }, 9), []);
    });
    it('sequence numbers are listed as ranges', () => {
      assert.equal(formatSeqs([4]), '4');
      assert.equal(formatSeqs([4, 7]), '4 and 7');
      assert.equal(formatSeqs([4, 5]), '4 and 5');
      assert.equal(formatSeqs([2, 3, 4, 9, 11, 12]), '2–4, 9, 11 and 12');
    });
  });
});

describe('journal damage: a failure at any step of the repair', () => {
  useTempDirs();

  it('failing each file operation of the repair in turn: the next open still recovers every readable change, and a byte-identical copy exists', async () => {
    const outcomes: string[] = [];
    for (let nth = 1; ; nth++) {
      const path = await journalOf(8);
      const frame = await frameOf(path, 4);
      const damaged = damageAt(path, frame.at + 20, Buffer.alloc(4));
      const fired = await withFaults([{ call: EVERY_CALL, nth }], async (injector) => {
        const outcome = await openDatabase(path).then(async (database) => {
          await database.close();
          return 'opened';
        }, (error: unknown) => `open failed: ${String(error).slice(0, 60)}`);
        return { call: injector.fired[0], outcome };
      });
      if (fired.call === undefined) break;
      outcomes.push(`#${nth} ${fired.call.replace(/\d+/g, 'N')}: ${fired.outcome}`);
      await (await openDatabase(path)).close(); // repairs what the failure left
      const reopened = await reopenAndRead(path);
      assert.deepEqual(reopened.ids, ids(1, 2, 3, 5, 6, 7, 8), `#${nth} ${fired.call}: every readable change`);
      assert.equal(reopened.integrity, 'ok');
      const dir = join(path, '..');
      const copies = listDir(dir).filter((name) => name.startsWith('baton.db.journal.corrupt-'));
      assert.ok(copies.some((name) => readFileSync(join(dir, name)).equals(damaged)), `#${nth} ${fired.call}: a whole copy of the damaged journal was kept (${copies.join(', ')})`);
      assert.equal(reopened.database.journalRecovery, null, `#${nth}: the open after the failure repaired it, or the failing one did`);
    }
    process.stdout.write(`      repair steps failed in turn: ${outcomes.length} (${outcomes.filter((o) => o.endsWith('opened')).length} of them still opened)\n`);
    assert.ok(outcomes.length >= 10, `every step of the repair was failed once:\n${outcomes.join('\n')}`);
  });
});
