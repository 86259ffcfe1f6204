// The cold open's integrity check is skipped only for the exact main file Baton wrote: its
// journal records the file's SHA-256 at every compaction and reset. A main file that any other
// tool changed, or that changed on disk, does not match and gets the full check, so damage is
// still caught (the damaged-file corpus runs on both paths in damagedFiles.test.ts).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatonDatabase, journalPathOf } from '../../../src/storage/batonDatabase';
import { readJournalHeader } from '../../../src/storage/journal';
import { wasmDir } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function written(path: string): Promise<void> {
  const database = await BatonDatabase.open({ path, wasmDir });
  await database.write((w) => w.run("INSERT INTO baton_meta (key, value) VALUES ('digest-test', 'x')"));
  await database.compact();
  await database.close();
}

describe('main file digest', () => {
  useTempDirs();

  it('records the main file\'s digest when it is written, and trusts exactly that file on open', async () => {
    const path = join(makeTempDir(), 'baton.db');
    const created = await BatonDatabase.open({ path, wasmDir });
    assert.equal(created.mainFileCheck, null, 'a new database has no file to check');
    await created.close();
    assert.equal((await readJournalHeader(journalPathOf(path)))?.mainDigest, sha256(path), 'recorded at creation');
    await written(path);
    assert.equal((await readJournalHeader(journalPathOf(path)))?.mainDigest, sha256(path), 'recorded at compaction');
    const reopened = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.equal(reopened.mainFileCheck, 'digest');
      assert.equal(await reopened.read((r) => r.one("SELECT value FROM baton_meta WHERE key = 'digest-test'")?.value), 'x');
    } finally {
      await reopened.close();
    }
  });

  it('checks in full a main file another tool changed, and still opens it when it is sound', async () => {
    const path = join(makeTempDir(), 'baton.db');
    await written(path);
    execFileSync('/usr/bin/sqlite3', [path, "INSERT INTO baton_meta (key, value) VALUES ('from-sqlite3', 'y')"]);
    const database = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.equal(database.mainFileCheck, 'quick-check');
      assert.equal(await database.read((r) => r.one("SELECT value FROM baton_meta WHERE key = 'from-sqlite3'")?.value), 'y');
    } finally {
      await database.close();
    }
  });

  it('catches damage inside a page that only the full check sees, the digest no longer matching', async () => {
    const path = join(makeTempDir(), 'baton.db');
    await written(path);
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    // A b-tree page's header garbled (page 2): the SQLite header and the size stay valid.
    bytes.fill(0xff, pageSize, pageSize + 12);
    writeFileSync(path, bytes);
    const database = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.ok(database.recovery, 'the damaged file was moved aside and the backup restored');
      assert.match(database.recovery.reason, /integrity check failed|malformed|not a database/i);
    } finally {
      await database.close();
    }
  });
});
