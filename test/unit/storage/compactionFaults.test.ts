// Fault injection into compaction: whichever step fails (snapshot write or fsync, the new
// journal's write or fsync, backup link, rename over the main file, folder fsync, journal rename), the write that started the
// compaction stays acknowledged, reopening gives all the data, and a later compaction works.
// Twice: for a new database, which sql.js holds whole and exports, and for one opened on a main
// file Baton wrote, read block by block, whose image is written in pieces (mainFileImage.ts).
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { type Fault, type FsCall, withFaults } from '../support/faultyFs';
import { insertLedgerRow, ledgerIds, openDatabase, queryMainFile, reopenAndRead } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const BEFORE = ['before-0', 'before-1', 'before-2', 'before-3'];
const JOURNAL_TEMP = /^\.baton\.db\.journal\.\d+\.\d+\.tmp$/;

/** Waits for a running compaction, then runs one more, so that nothing is in flight. */
async function settle(database: BatonDatabase): Promise<void> {
  await database.compact().catch(() => null);
  await database.compact().catch(() => null);
}

interface Case {
  readonly step: string;
  /** `tempWrite`: how the snapshot is written, in one call (an export) or in pieces (an image). */
  readonly faults: (folder: string, tempWrite: FsCall) => Fault[];
  /** Whether the snapshot replaced the main file before the failure (or despite it). */
  readonly mainReplaced: boolean;
}

const folderSync = (nth: number) => (folder: string): Fault[] => [{ call: 'sync', target: new RegExp(`^${folder}$`), nth }];

const CASES: readonly Case[] = [
  { step: 'writing the snapshot temp file', faults: (_folder, tempWrite) => [{ call: tempWrite, target: /compact-/ }], mainReplaced: false },
  { step: 'fsyncing the snapshot temp file', faults: () => [{ call: 'sync', target: /compact-/ }], mainReplaced: false },
  { step: 'hard-linking the backup (a copy is made instead)', faults: () => [{ call: 'link' }], mainReplaced: true },
  { step: 'hard-linking and copying the backup', faults: () => [{ call: 'link' }, { call: 'copyFile' }], mainReplaced: false },
  { step: 'renaming the backup into place', faults: () => [{ call: 'rename', target: /-> baton\.db\.bak$/ }], mainReplaced: false },
  { step: 'renaming the snapshot over the main file', faults: () => [{ call: 'rename', target: /compact-.* -> baton\.db$/ }], mainReplaced: false },
  { step: 'fsyncing the folder after the rename', faults: folderSync(1), mainReplaced: true },
  // The new journal is written before the lock (journalRewrite.ts): a failure there stops the compaction before the swap.
  { step: 'opening the new journal', faults: () => [{ call: 'open', target: JOURNAL_TEMP }], mainReplaced: false },
  { step: 'writing the new journal', faults: () => [{ call: 'writeFile', target: JOURNAL_TEMP }], mainReplaced: false },
  { step: 'fsyncing the new journal', faults: () => [{ call: 'sync', target: JOURNAL_TEMP }], mainReplaced: false },
  { step: 'renaming the new journal into place', faults: () => [{ call: 'rename', target: /\.tmp -> baton\.db\.journal$/ }], mainReplaced: true },
  { step: 'fsyncing the folder after the journal rename', faults: folderSync(2), mainReplaced: true },
];

/** A new database, or one reopened on the main file its first compaction wrote (read block by block). */
async function prepared(path: string, paged: boolean, options: { compactAfterBytes: number }): Promise<BatonDatabase> {
  if (!paged) return openDatabase(path, options);
  const first = await openDatabase(path, { compactAfterBytes: 1 << 30 });
  await insertLedgerRow(first, 'first');
  await first.compact();
  await first.close();
  const database = await openDatabase(path, options);
  assert.equal(database.mainFileCheck, 'digest', 'opened on the recorded block sums');
  await database.read((r) => r.one('SELECT id FROM ledger LIMIT 1'));
  return database;
}

for (const paged of [false, true]) describe(`fault injection: compaction${paged ? ', database read block by block' : ''}`, () => {
  useTempDirs();
  let dir: string;
  let path: string;
  const FIRST = paged ? ['first'] : [];
  beforeEach(() => {
    dir = makeTempDir();
    path = join(dir, 'baton.db');
  });
  const openFresh = (file: string, options: { compactAfterBytes: number }) => prepared(file, paged, options);
  const tempWrite = paged ? 'write' : 'writeFile';

  it('a compaction without faults performs the steps the cases below break', async () => {
    const database = await openFresh(path, { compactAfterBytes: 1 });
    for (const id of BEFORE) await insertLedgerRow(database, id);
    await settle(database);
    const calls = await withFaults([], async (injector) => {
      await insertLedgerRow(database, 'trigger');
      await database.close();
      return injector.calls.map((call) => call.replace(basename(dir), 'FOLDER').replace(/\d+/g, 'N'));
    });
    const steps = calls.filter((call) => !/^(open|write|datasync|truncate) baton\.db\.journal$/.test(call)); // the write itself
    assert.deepEqual(steps, [
      'open .baton.db.compact-N-N.tmp',
      `${tempWrite} .baton.db.compact-N-N.tmp`,
      'sync .baton.db.compact-N-N.tmp',
      'open .baton.db.journal.N.N.tmp',
      'writeFile .baton.db.journal.N.N.tmp',
      'sync .baton.db.journal.N.N.tmp',
      'unlink baton.db.bak.N.tmp',
      'unlink baton.db.bak.N.old.tmp',
      'link baton.db -> baton.db.bak.N.tmp',
      'link baton.db.bak -> baton.db.bak.N.old.tmp',
      'rename baton.db.bak.N.tmp -> baton.db.bak',
      'rename .baton.db.compact-N-N.tmp -> baton.db',
      'open FOLDER',
      'sync FOLDER',
      'rename .baton.db.journal.N.N.tmp -> baton.db.journal',
      'open FOLDER',
      'sync FOLDER',
      'unlink .baton.db.compact-N-N.tmp',
      'unlink baton.db.bak.N.old.tmp',
    ]);
  });

  for (const { step, faults, mainReplaced } of CASES) {
    it(`a failure ${step}: the write is acknowledged and reopening gives all data`, async () => {
      const database = await openFresh(path, { compactAfterBytes: 1 });
      for (const id of BEFORE) await insertLedgerRow(database, id);
      await settle(database);
      const mainBefore = statSync(path).ino;
      await withFaults(faults(basename(dir), tempWrite), async (injector) => {
        await insertLedgerRow(database, 'trigger'); // resolves: acknowledged, whatever the compaction does
        await database.close(); // waits for the compaction the write started
        assert.equal(injector.fired.length, faults(basename(dir), tempWrite).length, `the fault fired; calls:\n${injector.calls.join('\n')}`);
      });
      assert.equal(statSync(path).ino !== mainBefore, mainReplaced, 'whether the main file was replaced');
      assert.deepEqual(readdirSync(dir).filter((name) => /compact-|\.journal\..*\.tmp$/.test(name)), [], 'no snapshot or journal temp file is left');

      const reopened = await reopenAndRead(path);
      assert.deepEqual(reopened.ids, [...FIRST, ...BEFORE, 'trigger'].sort());
      assert.equal(reopened.integrity, 'ok');
      assert.equal(reopened.database.recovery, null);
      assert.equal((await queryMainFile(path, 'PRAGMA integrity_check'))[0]?.integrity_check, 'ok', 'the main file alone is sound');

      const again = await openDatabase(path, { compactAfterBytes: 1 << 30 });
      await insertLedgerRow(again, 'after');
      assert.notEqual(await again.compact(), null, 'the next compaction completes');
      assert.deepEqual(await ledgerIds(again), [...FIRST, ...BEFORE, 'after', 'trigger'].sort());
      await again.close();
      assert.deepEqual((await reopenAndRead(path)).ids, [...FIRST, ...BEFORE, 'after', 'trigger'].sort());
    });
  }

  it('an explicit compact() rejects with the failure, and the database keeps working', async () => {
    const database = await openFresh(path, { compactAfterBytes: 1 << 30 });
    for (const id of BEFORE) await insertLedgerRow(database, id);
    await withFaults([{ call: 'rename', target: /compact-.* -> baton\.db$/ }], async () => {
      await assert.rejects(database.compact(), /EIO: i\/o error, rename .*\(injected\)/);
    });
    await insertLedgerRow(database, 'after');
    assert.deepEqual(await ledgerIds(database), [...FIRST, ...BEFORE, 'after'].sort());
    await database.close();
    assert.deepEqual((await reopenAndRead(path)).ids, [...FIRST, ...BEFORE, 'after'].sort());
  });
});
