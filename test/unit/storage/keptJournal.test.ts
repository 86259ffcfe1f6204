// The journal a process keeps open between writes: it must notice every way another process
// can change the file at the path (appends, replacement by rename, rewrite in place), append
// only at the end it was told, and hold no descriptor once closed.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRecord } from '../../../src/storage/journal';
import { type JournalHandle, storageFs } from '../../../src/storage/fileSystem';
import { KeptJournal } from '../../../src/storage/keptJournal';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const frame = (seq: number) => encodeRecord({ seq, statements: [['INSERT INTO t VALUES (?)', [seq]]] });
const headOf = (at: number, bytes: Buffer) => ({ at, head: Buffer.from(bytes.subarray(0, 12)) });
const openDescriptors = () => readdirSync('/proc/self/fd').length;

describe('KeptJournal', () => {
  useTempDirs();
  let path: string;
  beforeEach(() => {
    path = join(makeTempDir(), 'baton.db.journal');
    writeFileSync(path, '');
  });

  it('appends where it is told, cutting a torn tail first, and reports the file as it is', async () => {
    const journal = new KeptJournal(path);
    const one = frame(1);
    await journal.append(one, 0);
    writeFileSync(path, Buffer.concat([one, Buffer.from('torn')]));
    const two = frame(2);
    await journal.append(two, one.length);
    assert.deepEqual(readFileSync(path), Buffer.concat([one, two]));
    const state = await journal.state(headOf(one.length, two));
    assert.equal(state?.size, one.length + two.length);
    assert.equal(state?.lastIntact, true);
    await journal.close();
  });

  it('sees a journal replaced by rename (compaction in another process), not the file it holds', async () => {
    const journal = new KeptJournal(path);
    await journal.append(frame(1), 0);
    const before = await journal.state(null);
    const replacement = Buffer.concat([frame(5), frame(6)]);
    writeFileSync(`${path}.tmp`, replacement);
    renameSync(`${path}.tmp`, path);
    const after = await journal.state(null);
    assert.notEqual(after?.ino, before?.ino);
    assert.equal(after?.size, replacement.length);
    await journal.append(frame(7), replacement.length);
    assert.equal(readFileSync(path).length, replacement.length + frame(7).length, 'appended to the new file');
    await journal.close();
  });

  it('sees a rewrite in place of the same size through the last frame read', async () => {
    const journal = new KeptJournal(path);
    const one = frame(1);
    await journal.append(one, 0);
    writeFileSync(path, frame(9)); // same length, same inode, other bytes
    const state = await journal.state(headOf(0, one));
    assert.equal(state?.size, one.length);
    assert.equal(state?.lastIntact, false);
    await journal.close();
  });

  it('is null for a missing journal and reopens one created later', async () => {
    const journal = new KeptJournal(path);
    await journal.append(frame(1), 0);
    renameSync(path, `${path}.aside`);
    assert.equal(await journal.state(null), null);
    await assert.rejects(journal.append(frame(2), 0), { code: 'ENOENT' });
    writeFileSync(path, '');
    await journal.append(frame(2), 0);
    assert.deepEqual(readFileSync(path), frame(2));
    await journal.close();
  });

  it('an append under the lock of its state() call uses what that call found: the torn tail is cut, and the file is not looked at again', async () => {
    const opener = storageFs.openJournal;
    let stats = 0;
    storageFs.openJournal = async (at, writable) => {
      const handle = await opener(at, writable);
      return Object.assign(Object.create(handle) as JournalHandle, { stat: () => ((stats += 1), handle.stat()) });
    };
    try {
      const journal = new KeptJournal(path);
      const one = frame(1);
      const torn = Buffer.alloc(frame(2).length * 2, 't'); // longer than the frame written over it
      writeFileSync(path, Buffer.concat([one, torn]));
      assert.equal((await journal.state(null))?.size, one.length + torn.length);
      const seenStats = stats;
      await journal.append(frame(2), one.length, true);
      assert.equal(stats, seenStats, 'no stat of its own');
      assert.deepEqual(readFileSync(path), Buffer.concat([one, frame(2)]));
      await journal.close();
    } finally {
      storageFs.openJournal = opener;
    }
  });

  it('uses what state() found for one append only: the next one looks at the path again', async () => {
    const journal = new KeptJournal(path);
    await journal.state(null);
    await journal.append(frame(1), 0, true);
    const replacement = frame(5);
    writeFileSync(`${path}.tmp`, replacement);
    renameSync(`${path}.tmp`, path);
    await journal.append(frame(6), replacement.length, true);
    assert.deepEqual(readFileSync(path), Buffer.concat([replacement, frame(6)]), 'appended to the file now at the path');
    await journal.close();
  });

  it('keeps one descriptor between writes, none after close, and none between uses where it must not keep it (Windows)', async () => {
    const base = openDescriptors();
    const kept = new KeptJournal(path);
    await kept.append(frame(1), 0);
    await kept.state(null);
    assert.equal(openDescriptors(), base + 1);
    await kept.close();
    assert.equal(openDescriptors(), base);
    const closedEachTime = new KeptJournal(path, false);
    await closedEachTime.append(frame(2), frame(1).length);
    assert.equal(openDescriptors(), base);
    assert.equal((await closedEachTime.state(null))?.size, frame(1).length + frame(2).length);
    assert.equal(openDescriptors(), base);
  });
});
