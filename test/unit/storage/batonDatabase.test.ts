// BatonDatabase: migrations, reopening, transactions, where writes go (journal beside the main
// file, folded in by compaction), and two handles (two processes) on one file. Damaged and
// newer-schema files are in damagedFiles.test.ts.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { journalPathOf } from '../../../src/storage/batonDatabase';
import { scanJournal } from '../../../src/storage/journal';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/storage/migrations';
import { migrate, schemaVersion } from '../../../src/storage/schemaMigration';
import { SessionStore } from '../../../src/storage/sessionStore';
import { listDir } from '../support/bytes';
import { independentSqlJs, insertLedgerRow, ledgerIds, openDatabase, queryFile, queryMainFile, reopenAndRead, userVersionOfFile } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { digestOf, sumsOf } from '../support/mainDigest';

/** The main file as journal headers record it (support/mainDigest.ts). */
const recorded = (bytes: Buffer) => ({ mainDigest: digestOf(bytes), mainSums: sumsOf(bytes) });

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
    it('a new file gets the latest schema, with a backup and an empty journal beside it', async () => {
      const database = await openDatabase(path);
      await database.close();
      assert.ok(LATEST_SCHEMA_VERSION >= 2);
      assert.equal(await userVersionOfFile(path), LATEST_SCHEMA_VERSION);
      assert.deepEqual(await queryMainFile(path, 'PRAGMA user_version'), [{ user_version: LATEST_SCHEMA_VERSION }], 'in the main file itself');
      const objects = (await queryFile(path, "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")).map((o) => `${o.type}:${o.name}`);
      for (const expected of [
        'index:session_notes_by_session', 'index:sessions_by_workspace', 'index:sessions_one_open_per_workspace',
        'table:session_files', 'table:session_notes', 'table:sessions', 'table:workspaces', // v1
        'table:baton_meta', 'table:ledger', 'index:ledger_by_time', 'index:ledger_by_workspace', // v2
      ]) {
        assert.ok(objects.includes(expected), `${expected} exists`);
      }
      assert.deepEqual(await queryFile(path, "SELECT value FROM baton_meta WHERE key = 'journal_seq'"), [{ value: 0 }]);
      assert.deepEqual(listDir(join(dir, 'nested')), ['baton.db', 'baton.db.bak', 'baton.db.journal'], 'no lock or temp file is left');
      const journal = await scanJournal(journalPathOf(path));
      assert.deepEqual({ header: journal.header, records: journal.records.length }, { header: { baseSeq: 0, mainSeq: 0, ...recorded(readFileSync(path)) }, records: 0 });
      assert.deepEqual(readFileSync(`${path}.bak`), readFileSync(path), 'the backup holds the same schema');
      assert.notEqual(statSync(`${path}.bak`).ino, statSync(path).ino, 'as a copy: damage to the main file in place cannot reach it');
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
      assert.equal(await userVersionOfFile(flat), LATEST_SCHEMA_VERSION);
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

  it('a write goes to the journal, not the main file, and compaction folds it in', async () => {
    const database = await openDatabase(path, { compactAfterBytes: 1 << 30 });
    const mainBefore = readFileSync(path);
    await new SessionStore(database).saveWorkspace(WS);
    assert.deepEqual(readFileSync(path), mainBefore, 'the main file is not rewritten per write');
    const journal = await scanJournal(journalPathOf(path));
    assert.deepEqual(journal.records.map((r) => r.seq), [1]);
    assert.equal(database.sequence, 1);
    assert.deepEqual(await queryMainFile(path, 'SELECT id FROM workspaces'), [], 'only in the journal so far');

    const result = await database.compact();
    assert.equal(result?.seq, 1);
    assert.deepEqual(await queryMainFile(path, 'SELECT id FROM workspaces'), [{ id: 'ws1' }]);
    assert.deepEqual(readFileSync(`${path}.bak`), mainBefore, 'the previous main file is the backup');
    const trimmed = await scanJournal(journalPathOf(path));
    // The new main file's digest, for the next open, and where its last record (1, right after the header) starts.
    assert.deepEqual(trimmed.header, { baseSeq: 0, mainSeq: 1, ...recorded(readFileSync(path)), lastFoldedAt: 0 });
    assert.deepEqual(trimmed.records.map((r) => r.seq), [1], 'the journal keeps what the backup lacks');
    assert.equal(await database.compact(), null, 'nothing new to fold in');
    await database.close();
    assert.deepEqual(await countWorkspaces(path), ['ws1']);
  });

  it('compacts by itself once the journal passes compactAfterBytes', async () => {
    const database = await openDatabase(path, { compactAfterBytes: 2_000 });
    for (let i = 0; i < 30; i++) await insertLedgerRow(database, `row-${String(i).padStart(2, '0')}`);
    await database.close(); // waits for a compaction in flight
    const journal = await scanJournal(journalPathOf(path));
    const mainSeq = journal.header?.mainSeq ?? 0;
    assert.ok(mainSeq > 0, 'the main file was rewritten');
    assert.deepEqual(await queryMainFile(path, 'SELECT count(*) AS n FROM ledger'), [{ n: mainSeq }], 'it holds the changes up to its sequence');
    assert.equal((await reopenAndRead(path)).ids.length, 30);
  });

  it('a burst of writes takes the lock file once, and closing lets it go at once', async () => {
    const database = await openDatabase(path);
    const lockPath = `${path}.lock`;
    const lockBorn: bigint[] = [];
    for (let i = 0; i < 5; i++) {
      await database.write((db) => {
        lockBorn.push(statSync(lockPath, { bigint: true }).birthtimeNs);
        db.run('INSERT INTO workspaces VALUES (?, ?, ?)', [`w${i}`, 'n', 'l']);
      });
    }
    assert.equal(new Set(lockBorn).size, 1, 'one lock file for the five writes');
    await database.close();
    assert.equal(existsSync(lockPath), false, 'no lock left for the next process to wait on');
    assert.deepEqual(await countWorkspaces(path), ['w0', 'w1', 'w2', 'w3', 'w4']);
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

    it('a main file deleted underneath: work goes on, and the next open restores it from backup and journal', async () => {
      const database = await openDatabase(path, { compactAfterBytes: 1 << 30 });
      await insertLedgerRow(database, 'before');
      rmSync(path);
      await insertLedgerRow(database, 'after');
      assert.deepEqual(await ledgerIds(database), ['after', 'before']);
      await database.close();
      const reopened = await reopenAndRead(path);
      assert.equal(reopened.database.recovery?.restoredFrom, `${path}.bak`);
      assert.deepEqual(reopened.ids, ['after', 'before']);
      assert.ok(statSync(path).size > 0);
    });
  });
});
