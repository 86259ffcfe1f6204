// A database path that names a file which is not Baton's (a text file, an image, a journal) is
// refused with "not a Baton database", and the file is never moved aside, replaced, or given
// companions. A damaged Baton database (its journal or backup beside it) keeps its recovery; an
// empty file with nothing beside it is a new database. The extension opens through the same
// BatonDatabase.open, so this holds there too.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotBatonDatabaseError } from '../../../src/storage/batonDatabase';
import { listDir, pseudoRandomBytes } from '../support/bytes';
import { compactedDatabase, placeFiles } from '../support/damagedCorpus';
import { insertLedgerRow, ledgerIds, openDatabase } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), pseudoRandomBytes(600, 'png')]);

const FOREIGN: readonly { name: string; bytes: Buffer; what: RegExp }[] = [
  { name: 'a text file', bytes: Buffer.from('# my notes\nremember to buy milk\n'.repeat(30)), what: /it is a text file, not an SQLite database/ },
  { name: 'a PNG image', bytes: PNG, what: /it is a PNG image/ },
  { name: 'random bytes', bytes: pseudoRandomBytes(8192, 'foreign'), what: /it is not an SQLite database/ },
  { name: 'a short file', bytes: Buffer.from('x'), what: /not an SQLite database/ },
  { name: "a Baton journal named instead of its database", bytes: Buffer.from('BTNJ\x19\x00\x00\x00 more bytes of a journal'), what: /it is a Baton journal, not the database it belongs to/ },
];

describe('a path that names a file which is not a Baton database', () => {
  useTempDirs();

  for (const { name, bytes, what } of FOREIGN) {
    it(`${name}: refused with "not a Baton database", the file untouched, nothing created beside it`, async () => {
      const dir = makeTempDir();
      const path = join(dir, 'notes.txt');
      writeFileSync(path, bytes);
      await assert.rejects(openDatabase(path), (error: unknown) => {
        assert.ok(error instanceof NotBatonDatabaseError, String(error));
        assert.match(error.message, /^\S+notes\.txt is not a Baton database \(/);
        assert.match(error.message, what);
        assert.match(error.message, /Baton left it untouched: pick the right database file, or a path where no file exists yet to start a new database\.$/);
        return true;
      });
      assert.deepEqual(readFileSync(path), bytes, 'byte for byte');
      assert.deepEqual(listDir(dir), ['notes.txt'], 'no lock, journal, backup or moved-aside copy');
    });
  }

  it('an empty file with nothing beside it is a new database', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'baton.db');
    writeFileSync(path, Buffer.alloc(0));
    const database = await openDatabase(path);
    assert.equal(database.recovery, null, 'no damage reported');
    await insertLedgerRow(database, 'first');
    assert.deepEqual(await ledgerIds(database), ['first']);
    await database.close();
    assert.deepEqual(listDir(dir), ['baton.db', 'baton.db.bak', 'baton.db.journal']);
  });

  it("a damaged Baton database (text over it, its journal and backup beside it) is recovered as before, not refused", async () => {
    const files = await compactedDatabase();
    const dir = makeTempDir();
    const path = placeFiles(dir, files);
    const text = Buffer.from('{"sessions": []}\n'.repeat(40));
    writeFileSync(path, text);
    const database = await openDatabase(path);
    assert.match(database.recovery?.reason ?? '', /not an SQLite database/);
    assert.deepEqual(readFileSync(database.recovery!.movedTo), text);
    assert.deepEqual(await ledgerIds(database), [...files.allIds].sort());
    await database.close();
  });

  it('a non-SQLite file with an unrelated ".bak" beside it (an editor backup) is still refused', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, '{"a": 1}\n');
    writeFileSync(`${path}.bak`, '{"a": 0}\n');
    await assert.rejects(openDatabase(path), /not a Baton database/);
    assert.deepEqual(listDir(dir), ['config.json', 'config.json.bak']);
  });
});
