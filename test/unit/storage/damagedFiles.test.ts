// A file Baton cannot read is never overwritten: open() rejects with DatabaseDamagedError
// and leaves the file byte-identical, with nothing else created next to it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseDamagedError } from '../../../src/storage/batonDatabase';
import { SessionStore } from '../../../src/storage/sessionStore';
import { listDir, pseudoRandomBytes } from '../support/bytes';
import { independentSqlJs, openDatabase } from '../support/database';
import { makeTempDir, removeTempDirs, useTempDirs } from '../support/tempDirs';

describe('damaged database files', () => {
  useTempDirs();
  let valid: Buffer;

  before(async () => {
    const path = join(makeTempDir(), 'valid.db');
    const database = await openDatabase(path);
    const store = new SessionStore(database);
    for (let i = 0; i < 40; i++) await store.saveWorkspace({ id: `ws-${i}`, name: 'x'.repeat(200), location: `/w/${i}` });
    await database.close();
    valid = readFileSync(path);
    removeTempDirs();
    assert.ok(valid.length >= 4096 * 3, `the valid file should span several pages, has ${valid.length} bytes`);
  });

  const cases: { name: string; bytes: () => Buffer; reason: RegExp }[] = [
    { name: 'an empty (0 byte) file', bytes: () => Buffer.alloc(0), reason: /only 0 bytes/ },
    { name: 'a file truncated to 50 bytes', bytes: () => valid.subarray(0, 50), reason: /only 50 bytes/ },
    { name: 'random bytes', bytes: () => pseudoRandomBytes(8192, 'random'), reason: /not an SQLite file/ },
    { name: 'a wrong header', bytes: () => Buffer.concat([Buffer.from('SQLite format 4\0', 'latin1'), valid.subarray(16)]), reason: /not an SQLite file/ },
    { name: 'a text file', bytes: () => Buffer.from('{"sessions": []}\n'.repeat(20)), reason: /not an SQLite file/ },
    {
      name: 'a valid header followed by garbage pages',
      bytes: () => Buffer.concat([valid.subarray(0, 100), pseudoRandomBytes(valid.length - 100, 'pages')]),
      reason: /malformed|integrity check/,
    },
    {
      name: 'a valid first page followed by garbage pages',
      bytes: () => Buffer.concat([valid.subarray(0, 4096), pseudoRandomBytes(valid.length - 4096, 'later pages')]),
      reason: /malformed|integrity check/,
    },
    { name: 'a file truncated in the middle of its pages', bytes: () => valid.subarray(0, 4096 * 2 + 100), reason: /malformed|integrity check/ },
  ];

  for (const { name, bytes, reason } of cases) {
    it(`rejects ${name} and leaves it byte-identical`, async () => {
      const dir = makeTempDir();
      const path = join(dir, 'baton.db');
      const damaged = bytes();
      writeFileSync(path, damaged);
      await assert.rejects(openDatabase(path), (error: unknown) => {
        assert.ok(error instanceof DatabaseDamagedError, `expected DatabaseDamagedError, got ${String(error)}`);
        assert.match(error.message, reason);
        assert.match(error.message, /left untouched/);
        assert.equal(error.path, path);
        return true;
      });
      assert.deepEqual(readFileSync(path), damaged);
      assert.deepEqual(listDir(dir), ['baton.db'], 'no backup, temp or lock file is left');
    });
  }

  it('a file whose migration fails is left byte-identical (a backup is kept beside it)', async () => {
    const SQL = await independentSqlJs();
    const db = new SQL.Database();
    db.exec('CREATE TABLE session_notes (x)');
    const bytes = db.export();
    db.close();
    const dir = makeTempDir();
    const path = join(dir, 'baton.db');
    writeFileSync(path, bytes);
    await assert.rejects(openDatabase(path), /could not upgrade its database to version 1/);
    assert.deepEqual(readFileSync(path), Buffer.from(bytes));
    assert.deepEqual(listDir(dir), ['baton.db', 'baton.db.bak-v0']);
  });

  it('a valid file still opens (the checks above are not rejecting everything)', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'baton.db');
    writeFileSync(path, valid);
    const database = await openDatabase(path);
    assert.equal(await database.read((db) => db.one('SELECT count(*) AS n FROM workspaces')?.n), 40);
    await database.close();
  });
});
