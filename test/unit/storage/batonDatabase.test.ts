// BatonDatabase: migrations, reopening, transactions, read-only newer files, and two handles
// (two processes) on one file.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseDamagedError, ReadOnlyDatabaseError } from '../../../src/storage/batonDatabase';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../../src/storage/migrations';
import { SessionStore } from '../../../src/storage/sessionStore';
import { listDir } from '../support/bytes';
import { independentSqlJs, openDatabase, queryFile, userVersionOfFile } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const WS = { id: 'ws1', name: 'one', location: '/one' };
const countWorkspaces = (path: string) => queryFile(path, 'SELECT id FROM workspaces ORDER BY id').then((rows) => rows.map((r) => r.id));

describe('BatonDatabase', () => {
  useTempDirs();
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = makeTempDir();
    path = join(dir, 'nested', 'baton.db');
  });

  describe('migrations', () => {
    it('a new file gets schema v1 with user_version 1', async () => {
      const database = await openDatabase(path);
      await database.close();
      assert.equal(LATEST_SCHEMA_VERSION, 1);
      assert.equal(await userVersionOfFile(path), 1);
      const objects = await queryFile(path, "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
      assert.deepEqual(objects.map((o) => `${o.type}:${o.name}`), [
        'index:session_notes_by_session',
        'index:sessions_by_workspace',
        'index:sessions_one_open_per_workspace',
        'table:session_files',
        'table:session_notes',
        'table:sessions',
        'table:workspaces',
      ]);
      assert.deepEqual(listDir(join(dir, 'nested')), ['baton.db'], 'no lock, temp or backup files are left');
    });

    it('backs up an older file before migrating it', async () => {
      const SQL = await independentSqlJs();
      const old = new SQL.Database();
      old.exec('CREATE TABLE legacy (x INTEGER); INSERT INTO legacy VALUES (7);');
      const oldBytes = old.export();
      old.close();
      rmSync(join(dir, 'nested'), { recursive: true, force: true });
      const flat = join(dir, 'old.db');
      writeFileSync(flat, oldBytes);
      const database = await openDatabase(flat);
      await database.close();
      assert.deepEqual(readFileSync(`${flat}.bak-v0`), Buffer.from(oldBytes));
      assert.equal(await userVersionOfFile(flat), 1);
      assert.deepEqual(await queryFile(flat, 'SELECT x FROM legacy'), [{ x: 7 }], 'existing data survives the migration');
    });

    it('migrate runs each migration once and rolls a failing one back', async () => {
      const SQL = await independentSqlJs();
      const fresh = new SQL.Database();
      assert.equal(migrate(fresh), MIGRATIONS.length);
      assert.equal(migrate(fresh), 0);
      fresh.close();

      const clash = new SQL.Database();
      clash.exec('CREATE TABLE session_notes (x)'); // makes migration 1 fail halfway
      assert.throws(() => migrate(clash), /could not upgrade its database to version 1/);
      assert.equal(schemaVersion(clash), 0);
      assert.deepEqual(clash.exec("SELECT name FROM sqlite_master WHERE name IN ('workspaces', 'sessions')"), []);
      clash.close();
    });
  });

  it('reopening keeps the data', async () => {
    const first = await openDatabase(path);
    await new SessionStore(first).saveWorkspace(WS);
    await first.close();
    const second = await openDatabase(path);
    assert.deepEqual(await second.read((db) => db.all('SELECT id, name, location FROM workspaces')), [{ ...WS }]);
    await second.close();
  });

  it('a write whose change throws rolls back and persists nothing', async () => {
    const database = await openDatabase(path);
    const before = readFileSync(path);
    const failure = new Error('change failed');
    await assert.rejects(
      database.write((db) => {
        db.run("INSERT INTO workspaces VALUES ('x', 'x', 'x')");
        throw failure;
      }),
      (error) => error === failure,
    );
    assert.deepEqual(await database.read((db) => db.all('SELECT id FROM workspaces')), []);
    assert.deepEqual(readFileSync(path), before, 'the file is untouched');
    await new SessionStore(database).saveWorkspace(WS);
    assert.deepEqual(await countWorkspaces(path), ['ws1'], 'the next write works: no transaction was left open');
    await database.close();
  });

  it('a file from a newer schema opens read-only and rejects writes without touching the file', async () => {
    const SQL = await independentSqlJs();
    const newer = new SQL.Database();
    newer.exec("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('kept'); PRAGMA user_version = 99;");
    const bytes = newer.export();
    newer.close();
    rmSync(join(dir, 'nested'), { recursive: true, force: true });
    const flat = join(dir, 'newer.db');
    writeFileSync(flat, bytes);

    const database = await openDatabase(flat);
    assert.equal(database.isReadOnly, true);
    assert.equal(database.readOnlyVersion, 99);
    assert.deepEqual(await database.read((db) => db.all('SELECT x FROM future')), [{ x: 'kept' }]);
    await assert.rejects(
      database.write((db) => db.run('DELETE FROM future')),
      (error: unknown) => error instanceof ReadOnlyDatabaseError && /newer Baton \(schema 99, this one knows 1\)/.test(error.message),
    );
    await assert.rejects(new SessionStore(database).saveWorkspace(WS), ReadOnlyDatabaseError);
    await database.close();
    assert.deepEqual(readFileSync(flat), Buffer.from(bytes));
    assert.deepEqual(listDir(dir), ['newer.db'], 'no backup, temp or lock file');
  });

  describe('two handles on one file (two processes)', () => {
    it('each sees the other\'s writes, and writes from both are kept', async () => {
      const a = await openDatabase(path);
      const b = await openDatabase(path);
      const storeA = new SessionStore(a);
      const storeB = new SessionStore(b);
      assert.equal(await b.refreshFromDisk(), false, 'nothing changed yet');
      await storeA.saveWorkspace({ id: 'from-a', name: 'a', location: '/a' });
      assert.equal(await b.refreshFromDisk(), true);
      assert.deepEqual(await b.read((db) => db.all('SELECT id FROM workspaces')), [{ id: 'from-a' }]);
      await storeB.saveWorkspace({ id: 'from-b', name: 'b', location: '/b' });
      await storeA.saveWorkspace({ id: 'from-a2', name: 'a2', location: '/a2' });
      assert.deepEqual(await a.read((db) => db.all('SELECT id FROM workspaces ORDER BY id')).then((r) => r.map((x) => x.id)), ['from-a', 'from-a2', 'from-b']);
      assert.deepEqual(await countWorkspaces(path), ['from-a', 'from-a2', 'from-b']);
      await Promise.all([a.close(), b.close()]);
    });

    it('concurrent writes through both handles lose nothing', async () => {
      const a = await openDatabase(path);
      const b = await openDatabase(path);
      const writes = Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).write((db) => db.run('INSERT INTO workspaces VALUES (?, ?, ?)', [`w${String(i).padStart(2, '0')}`, 'n', 'l'])),
      );
      await Promise.all(writes);
      const ids = await countWorkspaces(path);
      assert.equal(ids.length, 20);
      await Promise.all([a.close(), b.close()]);
    });

    it('a read after the file was deleted underneath reports a damaged database', async () => {
      const database = await openDatabase(path);
      rmSync(path);
      await assert.rejects(database.read(() => 1), (error: unknown) => error instanceof DatabaseDamagedError && /disappeared/.test(error.message));
      await database.close();
    });
  });
});
