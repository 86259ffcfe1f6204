// Compaction counts the journal's changes that the main file lacks, whichever processes wrote
// them: a CLI that opens, writes once and exits compacts past the same threshold as a window
// that stays open (before, each process counted only its own appends, so CLI-only use never
// compacted and every open replayed a journal that kept growing). The check runs on open and
// after each write; the records the journal keeps for the backup never count.
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { journalPathOf } from '../../../src/storage/batonDatabase';
import { storageFs } from '../../../src/storage/fileSystem';
import { scanJournal, unfoldedBytes } from '../../../src/storage/journal';
import { runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { insertLedgerRow, ledgerIds, openDatabase, queryMainFile, reopenAndRead } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const NO_AUTO_COMPACTION = { compactAfterBytes: 1 << 30 };

/** Bytes of the journal's records after the header's main sequence: what a compaction would fold in. */
async function unfoldedOnDisk(path: string): Promise<number> {
  const scan = await scanJournal(journalPathOf(path));
  return unfoldedBytes(scan.frames, scan.header?.mainSeq ?? 0);
}

const mainIno = (path: string) => statSync(path).ino;

describe('compaction past a threshold shared by every process', () => {
  useTempDirs();
  let path: string;
  beforeEach(() => {
    path = join(makeTempDir(), 'baton.db');
  });

  it('one write per process (as the CLI does): the journal is folded in each time it passes the threshold', async () => {
    const threshold = 4 * 1024;
    const unfoldedAfterEach: number[] = [];
    let compactions = 0;
    let ino = 0;
    for (let i = 0; i < 60; i++) {
      const database = await openDatabase(path, { compactAfterBytes: threshold });
      ino ||= mainIno(path);
      await insertLedgerRow(database, `w${String(i).padStart(2, '0')}`);
      await database.close(); // waits for a compaction this write started
      if (mainIno(path) !== ino) compactions += 1;
      ino = mainIno(path);
      unfoldedAfterEach.push(await unfoldedOnDisk(path));
    }
    const perWrite = (await scanJournal(journalPathOf(path))).frames.at(-1)?.length ?? 0;
    assert.ok(compactions >= Math.floor((60 * perWrite) / threshold) - 1, `compacted ${compactions} times in 60 writes of ${perWrite} bytes`);
    assert.ok(Math.max(...unfoldedAfterEach) <= threshold + perWrite, `the unfolded journal stays under the threshold plus one write: ${Math.max(...unfoldedAfterEach)}`);
    const reopened = await reopenAndRead(path);
    assert.equal(reopened.ids.length, 60, 'nothing lost');
    assert.equal(reopened.integrity, 'ok');
    const journal = await scanJournal(journalPathOf(path));
    const unfoldedRecords = journal.records.filter((r) => r.seq > (journal.header?.mainSeq ?? 0)).length;
    assert.equal((await queryMainFile(path, 'SELECT count(*) AS n FROM ledger'))[0]?.n, 60 - unfoldedRecords, 'the main file holds everything but the unfolded tail');
  });

  it('a journal already past the threshold is folded in on open, in the background; close waits for it', async () => {
    const writer = await openDatabase(path, NO_AUTO_COMPACTION);
    for (let i = 0; i < 40; i++) await insertLedgerRow(writer, `w${i}`);
    await writer.close();
    const unfolded = await unfoldedOnDisk(path);
    const ino = mainIno(path);
    const database = await openDatabase(path, { compactAfterBytes: Math.floor(unfolded / 2) });
    assert.equal(database.unfoldedJournalBytes, unfolded, 'counted on open, from the journal on disk');
    assert.equal((await ledgerIds(database)).length, 40, 'reads are served while it runs');
    await database.close();
    assert.notEqual(mainIno(path), ino, 'the main file was rewritten');
    assert.equal(await unfoldedOnDisk(path), 0);
    assert.equal((await queryMainFile(path, 'SELECT count(*) AS n FROM ledger'))[0]?.n, 40);
  });

  it('the records kept for the backup do not count: no compaction right after one, however long the journal', async () => {
    const writer = await openDatabase(path, NO_AUTO_COMPACTION);
    for (let i = 0; i < 40; i++) await insertLedgerRow(writer, `w${i}`);
    await writer.compact();
    await writer.close();
    const journal = readFileSync(journalPathOf(path));
    const ino = mainIno(path);
    const database = await openDatabase(path, { compactAfterBytes: 1024 });
    assert.ok(journal.length > 4 * 1024, 'the journal still holds the backup generation');
    assert.equal(database.unfoldedJournalBytes, 0);
    await database.close();
    assert.equal(mainIno(path), ino, 'not compacted again');
    assert.deepEqual(readFileSync(journalPathOf(path)), journal);
  });

  it('appends by other processes count too: a long-lived process compacts once their records pass the threshold', async () => {
    const threshold = 4 * 1024;
    const window = await openDatabase(path, { compactAfterBytes: threshold });
    const ino = mainIno(path);
    const cli = await openDatabase(path, NO_AUTO_COMPACTION);
    for (let i = 0; i < 50; i++) await insertLedgerRow(cli, `cli${i}`);
    await cli.close();
    assert.ok((await unfoldedOnDisk(path)) > threshold);
    await insertLedgerRow(window, 'from-window'); // catches up first, counting the CLI's records
    await window.compact(); // waits for the one that write started
    assert.notEqual(mainIno(path), ino);
    const left = await unfoldedOnDisk(path);
    assert.ok(left < threshold, `left unfolded: ${left}`);
    await window.close();
  });

  describe('the CLI', function () {
    this.timeout(60_000);
    before(requireFreshCli);

    it('a command on a journal past the default threshold (4 MiB) folds it in before it exits; its output is as usual', async () => {
      const writer = await openDatabase(path, NO_AUTO_COMPACTION);
      const pad = 'p'.repeat(64 * 1024);
      for (let i = 0; i < 66; i++) await writer.write((w) => w.run('INSERT INTO ledger (id, provider, model, at, request_id) VALUES (?, ?, ?, ?, ?)', [`big${i}`, 'p', 'm', 0, pad]));
      await writer.close();
      assert.ok((await unfoldedOnDisk(path)) > 4 * 1024 * 1024);
      const ino = mainIno(path);
      const workspace = makeTempDir('baton-ws-');
      const out = await runCliOk(['session', 'start', '--db', path, '--workspace', workspace, '--goal', 'crossing']);
      assert.match(out, /^Started session \S+: crossing\n$/);
      assert.notEqual(mainIno(path), ino, 'compacted');
      assert.ok((await unfoldedOnDisk(path)) < 4 * 1024, 'only the command\'s own changes are left unfolded');
      assert.deepEqual(await queryMainFile(path, 'SELECT count(*) AS n FROM ledger'), [{ n: 66 }], 'the main file holds what the journal held');
      assert.deepEqual((await reopenAndRead(path)).ids.length, 66);
    });
  });
});

/**
 * Holds each compaction at the start of its snapshot temp file (after its snapshot was taken,
 * before it takes the lock) until the test releases it, in the order they arrive.
 */
function holdCompactions(): { arrived: () => number; release: () => void; restore: () => void } {
  const original = storageFs.open;
  const gates: (() => void)[] = [];
  let arrivedCount = 0;
  storageFs.open = (async (...args: Parameters<typeof storageFs.open>) => {
    if (String(args[0]).includes('.compact-')) {
      arrivedCount += 1;
      await new Promise<void>((resolve) => gates.push(resolve));
    }
    return original(...args);
  }) as typeof storageFs.open;
  return {
    arrived: () => arrivedCount,
    release: () => gates.shift()?.(),
    restore: () => {
      storageFs.open = original;
    },
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe('compactions started by the threshold in several processes at once', () => {
  useTempDirs();

  it('one that finds another process compacted after its snapshot gives way instead of rewriting the main file again', async () => {
    const path = join(makeTempDir(), 'baton.db');
    const setup = await openDatabase(path, NO_AUTO_COMPACTION);
    for (let i = 0; i < 10; i++) await insertLedgerRow(setup, `r${i}`);
    await setup.compact();
    await setup.close();
    const automatic = await openDatabase(path, { compactAfterBytes: 1 }); // its next write starts one
    const other = await openDatabase(path, NO_AUTO_COMPACTION);
    await insertLedgerRow(other, 'from-other'); // change 11
    const held = holdCompactions();
    try {
      const first = other.compact(); // snapshot of change 11, held
      await until(() => held.arrived() === 1);
      await insertLedgerRow(automatic, 'from-automatic'); // change 12: starts an automatic compaction
      const second = automatic.compact(); // the running automatic one
      await until(() => held.arrived() === 2);
      held.release();
      assert.equal((await first)?.seq, 11, 'the other process swaps in its snapshot first');
      held.release();
      assert.equal(await second, null, 'the automatic one, though its snapshot is newer, leaves it');
    } finally {
      held.restore();
    }
    assert.deepEqual(await queryMainFile(path, "SELECT value FROM baton_meta WHERE key = 'journal_seq'"), [{ value: 11 }]);
    await Promise.all([automatic.close(), other.close()]);
    assert.equal((await reopenAndRead(path)).ids.length, 12);
  });

  it('a compaction never rewrites a journal that was damaged after its snapshot: the next open copies and repairs it', async () => {
    const path = join(makeTempDir(), 'baton.db');
    const database = await openDatabase(path, NO_AUTO_COMPACTION);
    for (let i = 1; i <= 6; i++) await insertLedgerRow(database, `r${i}`);
    const held = holdCompactions();
    let damaged: Buffer;
    try {
      const compaction = database.compact();
      await until(() => held.arrived() === 1);
      const frame = (await scanJournal(journalPathOf(path))).frames.find((f) => f.seq === 3)!;
      damaged = readFileSync(journalPathOf(path));
      damaged.fill(0, frame.at + 20, frame.at + 24);
      writeFileSync(journalPathOf(path), damaged);
      held.release();
      assert.equal(await compaction, null);
    } finally {
      held.restore();
    }
    assert.deepEqual(readFileSync(journalPathOf(path)), damaged, 'the damaged journal is left for the repair');
    await database.close();
    const reopened = await openDatabase(path);
    assert.deepEqual(reopened.journalRecovery?.lost, [3]);
    assert.deepEqual(readFileSync(reopened.journalRecovery!.copy!), damaged);
    await reopened.close();
  });
});
