// The journal a compaction prepares before it takes the lock (journalRewrite.ts): under the lock
// it is used only when the journal still starts with exactly the bytes read before, and what was
// appended since is added to it; records written by another process meanwhile are never lost.
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { storageFs } from '../../../src/storage/fileSystem';
import { encodeHeader, encodeRecord, scanJournal } from '../../../src/storage/journal';
import { type JournalRead, appendedSince } from '../../../src/storage/journalRewrite';
import { withFaults } from '../support/faultyFs';
import { insertLedgerRow, ledgerIds, openDatabase, reopenAndRead } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const JOURNAL_TEMP = /^\.baton\.db\.journal\.\d+\.\d+\.tmp$/;
const record = (seq: number) => encodeRecord({ seq, statements: [['INSERT INTO t VALUES (?)', [seq]]] });
const HEADER = encodeHeader({ baseSeq: 0, mainSeq: 2 });

describe('the journal a compaction prepares before the lock', () => {
  describe('appendedSince', () => {
    const before: JournalRead = { ino: 7, bytes: Buffer.concat([HEADER, record(1), record(2)]), lastSeq: 2 };

    it('returns the records appended after the bytes read, when those are unchanged', () => {
      const appended = Buffer.concat([record(3), record(4)]);
      const result = appendedSince(before, { ino: 7, bytes: Buffer.concat([before.bytes, appended]) });
      assert.deepEqual(result && { frames: result.frames.equals(appended), count: result.count }, { frames: true, count: 2 });
      assert.deepEqual(appendedSince(before, { ino: 7, bytes: before.bytes })?.count, 0, 'nothing appended');
    });

    it('refuses another file, a shorter one, or one whose bytes read before changed', () => {
      assert.equal(appendedSince(before, { ino: 8, bytes: before.bytes }), null, 'another inode: renamed into place since');
      assert.equal(appendedSince(before, { ino: 7, bytes: before.bytes.subarray(0, before.bytes.length - 1) }), null, 'truncated');
      // A record read before the lock, truncated by its writer (its fdatasync failed) and replaced by another of the same length.
      const replaced = Buffer.concat([HEADER, record(1), encodeRecord({ seq: 2, statements: [['INSERT INTO t VALUES (?)', [9]]] })]);
      assert.equal(replaced.length, before.bytes.length);
      assert.equal(appendedSince(before, { ino: 7, bytes: replaced }), null, 'changed bytes');
    });

    it('refuses a damaged or torn tail, and records that do not follow on', () => {
      const torn = record(3).subarray(0, 20);
      assert.equal(appendedSince(before, { ino: 7, bytes: Buffer.concat([before.bytes, torn]) }), null, 'torn');
      const damaged = Buffer.from(record(3));
      damaged.writeUInt8((damaged.at(-2) ?? 0) ^ 0xff, damaged.length - 2);
      assert.equal(appendedSince(before, { ino: 7, bytes: Buffer.concat([before.bytes, damaged]) }), null, 'damaged');
      assert.equal(appendedSince(before, { ino: 7, bytes: Buffer.concat([before.bytes, record(2)]) }), null, 'a sequence again');
      assert.equal(appendedSince(before, { ino: 7, bytes: Buffer.concat([before.bytes, HEADER]) }), null, 'a header in the middle');
    });
  });

  describe('a compaction while another process writes', () => {
    useTempDirs();
    let path: string;
    const original = { ...storageFs };
    afterEach(() => Object.assign(storageFs, original));
    beforeEach(() => {
      path = join(makeTempDir(), 'baton.db');
    });

    /** Runs `meanwhile` once, when the compaction fsyncs the journal it prepared: after its read, before its lock. */
    function beforeTheLock(meanwhile: () => Promise<unknown>): void {
      let ran = false;
      storageFs.open = (async (file: string, flags?: string | number, mode?: number) => {
        const handle = await original.open(file, flags, mode);
        if (!JOURNAL_TEMP.test(basename(file))) return handle;
        return new Proxy(handle, {
          get: (target, key) => {
            const value: unknown = Reflect.get(target, key);
            if (key === 'sync' && !ran) {
              ran = true;
              return async () => meanwhile().then(() => target.sync());
            }
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
          },
        });
      }) as typeof storageFs.open;
    }

    async function twoHandles(): Promise<[BatonDatabase, BatonDatabase]> {
      const compacting = await openDatabase(path, { compactAfterBytes: 1 << 30 });
      for (const id of ['a', 'b']) await insertLedgerRow(compacting, id);
      return [compacting, await openDatabase(path, { compactAfterBytes: 1 << 30 })];
    }

    it('keeps the records another process appended between the read and the lock', async () => {
      const [compacting, other] = await twoHandles();
      beforeTheLock(async () => {
        await insertLedgerRow(other, 'meanwhile-1');
        await insertLedgerRow(other, 'meanwhile-2');
      });
      const result = await compacting.compact();
      Object.assign(storageFs, original);
      // The journal keeps every record since its backup (the main file this compaction replaced):
      // the two read before the lock and the two appended after.
      assert.equal(result?.keptRecords, 4);
      const journal = await scanJournal(`${path}.journal`);
      assert.deepEqual(journal.damage, []);
      assert.equal(journal.records.length, 4);
      assert.deepEqual(readdirSync(join(path, '..')).filter((name) => JOURNAL_TEMP.test(name)), [], 'the prepared file was renamed into place');
      await insertLedgerRow(other, 'after');
      assert.deepEqual(await ledgerIds(compacting), ['a', 'after', 'b', 'meanwhile-1', 'meanwhile-2']);
      await Promise.all([compacting.close(), other.close()]);
      const reopened = await reopenAndRead(path);
      assert.deepEqual(reopened.ids, ['a', 'after', 'b', 'meanwhile-1', 'meanwhile-2']);
      await reopened.database.close();
    });

    it('a journal another process compacted meanwhile is read again whole, and this compaction stands down', async () => {
      const [compacting, other] = await twoHandles();
      beforeTheLock(async () => {
        await insertLedgerRow(other, 'meanwhile');
        await other.compact();
      });
      const mainBefore = statSync(path).ino;
      assert.equal(await compacting.compact(), null);
      Object.assign(storageFs, original);
      assert.notEqual(statSync(path).ino, mainBefore, 'the other compaction replaced the main file');
      assert.deepEqual(readdirSync(join(path, '..')).filter((name) => JOURNAL_TEMP.test(name)), [], 'the prepared file is removed');
      await Promise.all([compacting.close(), other.close()]);
      assert.deepEqual((await reopenAndRead(path)).ids, ['a', 'b', 'meanwhile']);
    });

    it('a failure adding the appended records: the compaction fails after the swap, and nothing is lost', async () => {
      const [compacting, other] = await twoHandles();
      beforeTheLock(() => insertLedgerRow(other, 'meanwhile'));
      await withFaults([{ call: 'datasync', target: JOURNAL_TEMP }], async (injector) => {
        await assert.rejects(compacting.compact(), /EIO: i\/o error, datasync/);
        assert.equal(injector.fired.length, 1);
      });
      Object.assign(storageFs, original);
      assert.deepEqual(readdirSync(join(path, '..')).filter((name) => JOURNAL_TEMP.test(name)), [], 'no temp file is left');
      await insertLedgerRow(compacting, 'after');
      await Promise.all([compacting.close(), other.close()]);
      const reopened = await reopenAndRead(path);
      assert.deepEqual(reopened.ids, ['a', 'after', 'b', 'meanwhile']);
      assert.equal(reopened.integrity, 'ok');
      await reopened.database.close();
    });
  });
});
