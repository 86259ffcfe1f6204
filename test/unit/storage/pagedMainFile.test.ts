// The main file Baton last wrote is opened on the block sums its journal recorded and read as
// sql.js needs its pages (pagedContents.ts): an open reads a small part of a large file, and
// every block is still checked against what Baton wrote before SQLite sees it. Damage found
// later, or a change another program made in place, fails that one action with a message, and
// the next one checks the whole file and restores the backup if it is damaged, losing nothing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatonDatabase } from '../../../src/storage/batonDatabase';
import { BLOCK_BYTES, blockCountOf, sumBlocks } from '../../../src/storage/mainFileDigest';
import { BytesSource, MainFileChangedError, PagedContents, PagedMainFile } from '../../../src/storage/pagedContents';
import { wasmDir } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const ROWS = 12_000;
const VALUE = 'v'.repeat(1000);

/** Bytes this process has read through read system calls so far (Linux). */
const bytesRead = () => Number(/rchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);

/**
 * A database of about 13 MB, compacted twice, so that its journal records the sums and holds only
 * the small change made between the two (the journal keeps the changes since the backup).
 */
async function largeDatabase(): Promise<string> {
  const path = join(makeTempDir(), 'baton.db');
  const database = await BatonDatabase.open({ path, wasmDir });
  await database.write((w) => {
    for (let i = 0; i < ROWS; i++) w.run('INSERT INTO baton_meta (key, value) VALUES (?, ?)', [`bulk-${String(i).padStart(5, '0')}`, VALUE]);
  });
  await database.compact();
  await database.write((w) => w.run("INSERT INTO baton_meta (key, value) VALUES ('after-compaction', 1)"));
  await database.compact();
  await database.close();
  return path;
}

const countBulk = (database: BatonDatabase) => database.read((r) => r.one("SELECT count(*) AS n FROM baton_meta WHERE key LIKE 'bulk-%' AND value = ?", [VALUE])?.n);
const afterCompaction = (database: BatonDatabase) => database.read((r) => r.one("SELECT value FROM baton_meta WHERE key = 'after-compaction'")?.value);

/** A b-tree page in the middle of the file with its header garbled: SQLite's own check fails on it. */
function damageMiddlePage(path: string): void {
  const bytes = readFileSync(path);
  const pageSize = bytes.readUInt16BE(16);
  const page = Math.floor(bytes.length / pageSize / 2);
  bytes.fill(0xff, page * pageSize, page * pageSize + 12);
  writeFileSync(path, bytes);
}

describe('the main file read block by block', () => {
  useTempDirs();

  it('opens a large file reading a small part of it, and reads the rest as queries need it', async function () {
    if (!existsSync('/proc/self/io')) this.skip(); // the bytes a process read, as Linux counts them
    this.timeout(60_000);
    const path = await largeDatabase();
    const size = readFileSync(path).length;
    assert.ok(size > 12 * 2 ** 20, `the file is large (${size} bytes)`);
    assert.ok(readFileSync(`${path}.journal`).length < 100_000, 'the journal is small');
    const before = bytesRead();
    const database = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.equal(database.mainFileCheck, 'digest');
      assert.equal(await afterCompaction(database), 1);
      const opened = bytesRead() - before;
      assert.ok(opened < size / 8, `the open and a lookup read ${opened} of ${size} bytes`);
      assert.equal(await countBulk(database), ROWS, 'a query over everything reads it all, correctly');
    } finally {
      await database.close();
    }
  });

  it('catches damage in a block the open did not read when a query reads it, then restores the backup with every change', async function () {
    this.timeout(60_000);
    const path = await largeDatabase();
    damageMiddlePage(path);
    const database = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.equal(database.mainFileCheck, 'digest', 'the open itself did not read the damaged block');
      await assert.rejects(countBulk(database), (error: unknown) => error instanceof MainFileChangedError && /does not match what Baton wrote/.test(error.message));
      assert.equal(await countBulk(database), ROWS, 'the next action: the backup restored, the journal replayed');
      assert.equal(await afterCompaction(database), 1);
      assert.ok(readdirSync(join(path, '..')).some((name) => name.startsWith('baton.db.corrupt-')), 'the damaged file kept aside');
    } finally {
      await database.close();
    }
    const reopened = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.equal(await countBulk(reopened), ROWS);
    } finally {
      await reopened.close();
    }
  });

  it('refuses a block another program changed in place while Baton had the file open, then keeps that program\'s sound change', async function () {
    this.timeout(60_000);
    const path = await largeDatabase();
    const database = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.equal(await afterCompaction(database), 1);
      execFileSync('/usr/bin/sqlite3', [path, "UPDATE baton_meta SET value = 'x' WHERE key = 'bulk-06000'"]);
      await assert.rejects(countBulk(database), MainFileChangedError);
      assert.equal(await countBulk(database), ROWS - 1, 'read again whole: the other program\'s change, checked in full');
      assert.equal(await afterCompaction(database), 1, 'and Baton\'s own change after it, from the journal');
      assert.ok(!readdirSync(join(path, '..')).some((name) => name.includes('.corrupt-')), 'a sound file is not moved aside');
    } finally {
      await database.close();
    }
  });

  it('fails a write that meets a block another program changed, journals nothing of it, and makes the same write on the file read again', async function () {
    this.timeout(60_000);
    const path = await largeDatabase();
    const database = await BatonDatabase.open({ path, wasmDir });
    const rewrite = () => database.write((w) => w.run("UPDATE baton_meta SET value = 'baton' WHERE key = 'bulk-06000'"));
    try {
      assert.equal(await afterCompaction(database), 1);
      const sequence = database.sequence;
      execFileSync('/usr/bin/sqlite3', [path, "UPDATE baton_meta SET value = 'other' WHERE key = 'bulk-06000'"]);
      await assert.rejects(rewrite(), MainFileChangedError);
      assert.equal(database.sequence, sequence, 'nothing journaled');
      await rewrite();
      assert.equal(await database.read((r) => r.one("SELECT value FROM baton_meta WHERE key = 'bulk-06000'")?.value), 'baton');
    } finally {
      await database.close();
    }
    const reopened = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.equal(await reopened.read((r) => r.one("SELECT value FROM baton_meta WHERE key = 'bulk-06000'")?.value), 'baton', 'durable');
      assert.equal(await countBulk(reopened), ROWS - 1);
    } finally {
      await reopened.close();
    }
  });

  it('falls back to reading the whole file when the open itself meets a damaged block', async function () {
    this.timeout(60_000);
    const path = await largeDatabase();
    const bytes = readFileSync(path);
    bytes.fill(0xff, 100, 112); // inside page 1, which every open reads
    writeFileSync(path, bytes);
    const database = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.ok(database.recovery, 'found damaged by the full check, and restored');
      assert.equal(await countBulk(database), ROWS);
      assert.equal(await afterCompaction(database), 1);
    } finally {
      await database.close();
    }
    assert.ok(existsSync(path));
  });

  it('keeps writes beside the file, across block edges and past its end, and checks each block it reads', () => {
    const bytes = Buffer.alloc(BLOCK_BYTES * 3 + 100);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
    const sums = new Uint32Array(blockCountOf(bytes.length));
    sumBlocks(bytes, sums, 0);
    const file = new PagedMainFile('test.db', new BytesSource(bytes), bytes.length, sums);
    assert.deepEqual(Buffer.from(file.subarray(10, bytes.length + 500)), bytes.subarray(10), 'read to the end of the file, no further');
    const contents = new PagedContents('test.db', new BytesSource(bytes), bytes.length, sums);
    contents.set(Buffer.alloc(200, 7), BLOCK_BYTES - 100);
    contents.set(Buffer.alloc(50, 9), bytes.length + 10);
    const expected = Buffer.concat([bytes, Buffer.alloc(60)]);
    expected.fill(7, BLOCK_BYTES - 100, BLOCK_BYTES + 100);
    expected.fill(9, bytes.length + 10, bytes.length + 60);
    assert.deepEqual(Buffer.from(contents.subarray(0, expected.length)), expected);
    assert.deepEqual(bytes.subarray(BLOCK_BYTES - 100, BLOCK_BYTES), Buffer.alloc(100).map((_, i) => (BLOCK_BYTES - 100 + i) % 251), 'the file itself untouched');

    // Blocks read first, then written in part: the write lands on the block as read (kept in place).
    const readFirst = new PagedContents('test.db', new BytesSource(bytes), bytes.length, sums);
    assert.deepEqual(Buffer.from(readFirst.subarray(0, BLOCK_BYTES * 2)), bytes.subarray(0, BLOCK_BYTES * 2));
    readFirst.set(Buffer.alloc(200, 7), BLOCK_BYTES - 100);
    readFirst.set(Buffer.alloc(BLOCK_BYTES, 3), BLOCK_BYTES * 2);
    const afterRead = Buffer.from(bytes);
    afterRead.fill(7, BLOCK_BYTES - 100, BLOCK_BYTES + 100);
    afterRead.fill(3, BLOCK_BYTES * 2, BLOCK_BYTES * 3);
    assert.deepEqual(Buffer.from(readFirst.subarray(0, bytes.length)), afterRead);

    const changed = Buffer.from(bytes);
    changed.writeUInt8(changed.readUInt8(BLOCK_BYTES * 2 + 5) ^ 1, BLOCK_BYTES * 2 + 5);
    const other = new PagedContents('test.db', new BytesSource(changed), bytes.length, sums);
    assert.deepEqual(Buffer.from(other.subarray(0, BLOCK_BYTES * 2)), bytes.subarray(0, BLOCK_BYTES * 2), 'blocks that match are read');
    assert.throws(() => other.subarray(BLOCK_BYTES * 2, BLOCK_BYTES * 3), MainFileChangedError);
  });
});
