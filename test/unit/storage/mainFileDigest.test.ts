// The cold open's integrity check is skipped only for the exact main file Baton wrote: its
// journal records the file's CRC-32 and size at every compaction and reset. A main file that any other
// tool changed, or that changed on disk, does not match and gets the full check, so damage is
// still caught (the damaged-file corpus runs on both paths in damagedFiles.test.ts).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatonDatabase, journalPathOf } from '../../../src/storage/batonDatabase';
import { encodeHeader, readJournalHeader } from '../../../src/storage/journal';
import { readMainFile } from '../../../src/storage/mainFileRead';
import { wasmDir } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

/** The digest as the journal's header spells it, computed here from the file in one piece. */
function digestOf(path: string): string {
  const bytes = readFileSync(path);
  return `crc32:${crc32(bytes).toString(16).padStart(8, '0')}:${bytes.length}`;
}

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
    assert.equal((await readJournalHeader(journalPathOf(path)))?.mainDigest, digestOf(path), 'recorded at creation');
    await written(path);
    assert.equal((await readJournalHeader(journalPathOf(path)))?.mainDigest, digestOf(path), 'recorded at compaction');
    const reopened = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.equal(reopened.mainFileCheck, 'digest');
      assert.equal(await reopened.read((r) => r.one("SELECT value FROM baton_meta WHERE key = 'digest-test'")?.value), 'x');
    } finally {
      await reopened.close();
    }
  });

  it('checks in full a main file another tool changed, still opens it when it is sound, and rewrites it once so that the next open trusts it', async () => {
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
    assert.equal((await readJournalHeader(journalPathOf(path)))?.mainDigest, digestOf(path), 'the rewritten file\'s digest');
    const again = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.equal(again.mainFileCheck, 'digest');
      assert.equal(await again.read((r) => r.one("SELECT value FROM baton_meta WHERE key = 'from-sqlite3'")?.value), 'y', 'the other tool\'s change kept');
    } finally {
      await again.close();
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

  it('reads a file of several chunks with the digest of the whole, also when its size is no multiple of a chunk', async () => {
    const path = join(makeTempDir(), 'big.bin');
    for (const size of [0, 1, 4 * 2 ** 20, 9 * 2 ** 20 + 7]) {
      writeFileSync(path, randomBytes(size));
      const read = await readMainFile(path);
      assert.deepEqual(read?.bytes, readFileSync(path));
      assert.equal(read?.digest, digestOf(path), `${size} bytes`);
    }
    assert.equal(await readMainFile(join(makeTempDir(), 'missing.db')), null);
  });

  it('gives an older journal\'s SHA-256 no trust: that file gets the full check once', async () => {
    const path = join(makeTempDir(), 'baton.db');
    await written(path);
    const journal = readFileSync(journalPathOf(path));
    const header = await readJournalHeader(journalPathOf(path));
    assert.ok(header);
    const oldHeader = encodeHeader({ ...header, mainDigest: 'a'.repeat(64) });
    const oldLength = encodeHeader(header).length;
    writeFileSync(journalPathOf(path), Buffer.concat([oldHeader, journal.subarray(oldLength)]));
    assert.equal((await readJournalHeader(journalPathOf(path)))?.mainDigest, undefined);
    const database = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.equal(database.mainFileCheck, 'quick-check');
    } finally {
      await database.close();
    }
    const again = await BatonDatabase.open({ path, wasmDir });
    try {
      assert.equal(again.mainFileCheck, 'digest', 'once: the open rewrote it with the digest of this version');
    } finally {
      await again.close();
    }
  });
});
