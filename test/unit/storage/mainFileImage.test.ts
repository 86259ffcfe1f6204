// A compaction of a database read block by block writes the file from the old main file and the
// blocks SQLite wrote since (mainFileImage.ts), in pieces, instead of sql.js's export(). The new
// file must be exactly what an export gives, its recorded sums must be its own, any SQLite reader
// must find it sound, and damage in the old file must never be carried into it under fresh sums.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatonDatabase, journalPathOf } from '../../../src/storage/batonDatabase';
import { readJournalHeader } from '../../../src/storage/journal';
import { FLUSH_EVERY_BYTES } from '../../../src/storage/mainFileImage';
import { BLOCK_BYTES, mainSumsOf } from '../../../src/storage/mainFileDigest';
import { BytesSource, DescriptorSource, MainFileChangedError, PagedContents } from '../../../src/storage/pagedContents';
import { digestOf } from '../support/mainDigest';
import { wasmDir } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const ROWS = 9_000;
const VALUE = 'v'.repeat(1000);

/** About 10 MB (several chunks and flushes of the image), compacted: reopened, it is read block by block. */
async function largeDatabase(): Promise<string> {
  const path = join(makeTempDir(), 'baton.db');
  const database = await BatonDatabase.open({ path, wasmDir });
  await database.write((w) => {
    for (let i = 0; i < ROWS; i++) w.run('INSERT INTO baton_meta (key, value) VALUES (?, ?)', [`bulk-${String(i).padStart(5, '0')}`, VALUE]);
  });
  await database.compact();
  await database.close();
  assert.ok(statSync(path).size > 2 * FLUSH_EVERY_BYTES, 'the file spans several flushes');
  return path;
}

/** Changes spread over the file: rows removed in the middle, rows changed, rows added at the end (the file grows). */
async function changeThroughout(database: BatonDatabase): Promise<void> {
  await database.write((w) => w.run("DELETE FROM baton_meta WHERE key BETWEEN 'bulk-03000' AND 'bulk-03999'"));
  await database.write((w) => w.run("UPDATE baton_meta SET value = 'changed' WHERE key IN ('bulk-00001', 'bulk-06500', 'bulk-08999')"));
  await database.write((w) => {
    for (let i = 0; i < 2_000; i++) w.run('INSERT INTO baton_meta (key, value) VALUES (?, ?)', [`more-${i}`, VALUE.repeat(2)]);
  });
}

/**
 * The file without its header's change counter and the copy of it SQLite keeps beside (bytes
 * 24-27 and 92-95): SQLite moves them on as it runs transactions, and export() closes and reopens
 * the database, which itself moves them. Every other byte must be the same.
 */
function withoutCounters(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy.fill(0, 24, 28);
  copy.fill(0, 92, 96);
  return copy;
}

const sqlite3 = (path: string, sql: string) => execFileSync('/usr/bin/sqlite3', [path, sql], { encoding: 'utf8' }).trim();

describe('the image a compaction writes of a database read block by block', () => {
  useTempDirs();

  it('is the file sql.js exports (every byte but the change counters), with its own sums recorded, and sound for the sqlite3 command line', async function () {
    this.timeout(120_000);
    const path = await largeDatabase();
    const database = await BatonDatabase.open({ path, wasmDir });
    const exported = join(makeTempDir(), 'exported.db');
    try {
      assert.equal(database.mainFileCheck, 'digest', 'opened on the recorded sums, read block by block');
      await changeThroughout(database);
      await database.backupTo(exported); // sql.js's export() of the same state
      assert.notEqual(await database.compact(), null);
    } finally {
      await database.close();
    }
    const written = readFileSync(path);
    assert.ok(withoutCounters(written).equals(withoutCounters(readFileSync(exported))), 'the new main file is the exported database');
    const header = await readJournalHeader(journalPathOf(path));
    assert.equal(header?.mainDigest, digestOf(written), 'the journal records the new file\'s own digest');
    assert.equal(sqlite3(path, 'PRAGMA integrity_check'), 'ok');
    assert.equal(sqlite3(path, "SELECT count(*) FROM baton_meta WHERE key LIKE 'bulk-%'"), String(ROWS - 1000));
    assert.equal(sqlite3(path, "SELECT count(*) FROM baton_meta WHERE value = 'changed'"), '3');
    assert.equal(sqlite3(path, "SELECT count(*) FROM baton_meta WHERE key LIKE 'more-%'"), '2000');
    const reopened = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.equal(reopened.mainFileCheck, 'digest', 'the next open trusts the new file on its recorded sums');
    } finally {
      await reopened.close();
    }
  });

  it('refuses to carry damage in a block no query read into a new file; the next action restores the backup, losing nothing', async function () {
    this.timeout(120_000);
    const path = await largeDatabase();
    const bytes = readFileSync(path);
    const middle = Math.floor(bytes.length / 4096 / 2) * 4096;
    bytes.fill(0xff, middle, middle + 12); // a b-tree page's header garbled: SQLite's own check fails on it
    writeFileSync(path, bytes);
    const backup = readFileSync(`${path}.bak`);
    const database = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.equal(database.mainFileCheck, 'digest', 'the open did not read the damaged block');
      await database.write((w) => w.run("INSERT INTO baton_meta (key, value) VALUES ('written-after-open', 1)"));
      await assert.rejects(database.compact(), MainFileChangedError);
      assert.ok(readFileSync(path).equals(bytes), 'the main file is as it was');
      assert.ok(readFileSync(`${path}.bak`).equals(backup), 'the backup is as it was');
      assert.deepEqual(readdirSync(join(path, '..')).filter((name) => name.includes('compact-')), [], 'no temp file is left');
      const count = await database.read((r) => r.one("SELECT count(*) AS n FROM baton_meta WHERE key LIKE 'bulk-%' AND value = ?", [VALUE])?.n);
      assert.equal(count, ROWS, 'the next action checked the file whole and restored the backup');
      assert.equal(await database.read((r) => r.one("SELECT value FROM baton_meta WHERE key = 'written-after-open'")?.value), 1, 'with the write made before');
      assert.notEqual(await database.compact(), null, 'and compacts again');
    } finally {
      await database.close();
    }
    assert.equal(sqlite3(path, 'PRAGMA integrity_check'), 'ok');
  });

  it('keeps the old file open for a compaction still writing it after the database let go of it', () => {
    const dir = makeTempDir();
    const file = join(dir, 'main');
    writeFileSync(file, 'abcdef');
    const source = new DescriptorSource(openSync(file, 'r'));
    source.hold(); // a compaction's image
    source.close(); // the database closes
    const into = new Uint8Array(3);
    assert.equal(source.read(into, 3), 3);
    assert.equal(Buffer.from(into).toString(), 'def', 'still readable by the image');
    source.close(); // the image lets go
    assert.throws(() => source.read(into, 0), /already closed/);
    closeSync(openSync(file, 'r')); // the number was given back to the system, not leaked
  });

  it('holds the written blocks as they were when the compaction began while SQLite goes on changing them', () => {
    const bytes = new Uint8Array(3 * BLOCK_BYTES).fill(1);
    const contents = new PagedContents('test.db', new BytesSource(bytes), bytes.length, mainSumsOf(bytes).sums);
    contents.set(new Uint8Array(BLOCK_BYTES).fill(2), BLOCK_BYTES);
    const state = contents.state();
    contents.set(new Uint8Array(10).fill(3), BLOCK_BYTES);
    contents.set(new Uint8Array(10).fill(4), BLOCK_BYTES + 10);
    assert.deepEqual([...new Set(state.written.get(1))], [2], 'the image keeps the block as it was');
    assert.deepEqual([...contents.subarray(BLOCK_BYTES, BLOCK_BYTES + 30)], [...Array(10).fill(3), ...Array(10).fill(4), ...Array(10).fill(2)], 'SQLite sees its own writes');
    state.source.close();
  });

  it('writes the database as it was when a compaction began, while writes go on changing the same blocks', async function () {
    this.timeout(120_000);
    const path = await largeDatabase();
    const database = await BatonDatabase.open({ path, wasmDir });
    try {
      await changeThroughout(database);
      let settled = false;
      const compaction = database.compact().finally(() => (settled = true));
      let during = 0;
      while (!settled) {
        await database.write((w) => w.run("UPDATE baton_meta SET value = ? WHERE key IN ('bulk-00001', 'more-1999')", [`during-${during}`]));
        await database.write((w) => w.run('INSERT INTO baton_meta (key, value) VALUES (?, 1)', [`during-${during}`]));
        during += 1;
      }
      assert.notEqual(await compaction, null);
      assert.ok(during > 0, 'writes ran while the compaction wrote its file');
    } finally {
      await database.close();
    }
    assert.equal(sqlite3(path, 'PRAGMA integrity_check'), 'ok');
    const reopened = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.equal(reopened.recovery, null, 'the journal replays onto the new file without a conflict');
      const rows = await reopened.read((r) => r.all("SELECT key, value FROM baton_meta WHERE key LIKE 'during-%' OR key IN ('bulk-00001', 'more-1999') ORDER BY key"));
      const last = rows.filter((row) => String(row.key).startsWith('during-')).length - 1;
      assert.deepEqual(rows.filter((row) => !String(row.key).startsWith('during-')).map((row) => row.value), [`during-${last}`, `during-${last}`], 'every write made during the compaction is there');
    } finally {
      await reopened.close();
    }
  });
});
