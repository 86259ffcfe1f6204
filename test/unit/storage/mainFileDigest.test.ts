// The cold open's integrity check is skipped only for the exact main file Baton wrote: its
// journal records the CRC-32 of each 4 KiB block, and their CRC-32 with the size, at every
// compaction and reset. A main file that any other tool changed, or that changed on disk, does
// not match and gets the full check, so damage is still caught (the damaged-file corpus runs on
// both paths in damagedFiles.test.ts; pagedMainFile.test.ts covers damage found block by block).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BatonDatabase, journalPathOf } from '../../../src/storage/batonDatabase';
import { encodeHeader, readJournalHeader } from '../../../src/storage/journal';
import { readMainFile } from '../../../src/storage/mainFileRead';
import { wasmDir } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { digestOf as digestOfBytes } from '../support/mainDigest';
import { MainFileChangedError } from '../../../src/storage/pagedContents';

/** The digest as the journal's header spells it, computed here from the file's bytes (support/mainDigest.ts). */
const digestOf = (path: string): string => digestOfBytes(readFileSync(path));

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

  for (const recorded of ['with the block sums', 'without the block sums (an older Baton\'s journal)']) {
    it(`catches damage inside a page that only the full check sees, the journal's header ${recorded}`, async () => {
      const path = join(makeTempDir(), 'baton.db');
      await written(path);
      if (recorded.startsWith('without')) {
        const journal = readFileSync(journalPathOf(path));
        const header = await readJournalHeader(journalPathOf(path));
        assert.ok(header?.mainDigest && header.mainSums);
        const withoutSums = encodeHeader({ baseSeq: header.baseSeq, mainSeq: header.mainSeq, mainDigest: header.mainDigest });
        writeFileSync(journalPathOf(path), Buffer.concat([withoutSums, journal.subarray(encodeHeader(header).length)]));
      }
      const bytes = readFileSync(path);
      const pageSize = bytes.readUInt16BE(16);
      // A b-tree page's header garbled (page 2): the SQLite header and the size stay valid.
      bytes.fill(0xff, pageSize, pageSize + 12);
      writeFileSync(path, bytes);
      const database = await BatonDatabase.open({ path, wasmDir });
      try {
        if (!database.recovery) {
          // Opened on the recorded sums without reading that page: the first query that reads it is refused.
          assert.equal(database.mainFileCheck, 'digest');
          await assert.rejects(database.read((r) => r.all('PRAGMA quick_check')), MainFileChangedError);
          assert.equal(await database.read((r) => r.all('PRAGMA quick_check')[0]?.quick_check), 'ok', 'the next action restored the backup');
          assert.ok(readdirSync(dirname(path)).some((name) => name.startsWith('baton.db.corrupt-')));
          return;
        }
        assert.ok(recorded.startsWith('without'), 'with the sums, the open reads page 2 only when a query needs it');
        assert.match(database.recovery.reason, /integrity check failed|malformed|not a database/i);
      } finally {
        await database.close();
      }
    });
  }

  it('sums a file of several chunks to the digest of the whole, also when its size is no multiple of a chunk or a block', async () => {
    const path = join(makeTempDir(), 'big.bin');
    for (const size of [0, 1, 4095, 4097, 1024 * 1024, 9 * 2 ** 20 + 7]) {
      writeFileSync(path, randomBytes(size));
      const read = await readMainFile(path);
      try {
        assert.equal(read?.digest, digestOf(path), `${size} bytes`);
        assert.deepEqual(Buffer.from(read?.file.subarray(0, size) ?? []), readFileSync(path), 'the bytes, read block by block');
      } finally {
        read?.file.release();
      }
    }
    assert.equal(await readMainFile(join(makeTempDir(), 'missing.db')), null);
  });

  for (const [older, digest] of [['a SHA-256', 'a'.repeat(64)], ['a CRC-32 of the whole file', 'crc32:0badf00d:8192']]) {
    it(`gives an older journal's digest (${older}) no trust: that file gets the full check once`, async () => {
      const path = join(makeTempDir(), 'baton.db');
      await written(path);
      const journal = readFileSync(journalPathOf(path));
      const header = await readJournalHeader(journalPathOf(path));
      assert.ok(header?.mainSums, 'this version records the block sums');
      const oldHeader = encodeHeader({ baseSeq: header.baseSeq, mainSeq: header.mainSeq, mainDigest: digest });
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
  }
});
