// A database written by the foundation's release (schema v1) opened by the current code: the
// data is kept, the schema is brought up to date, and a byte-identical copy of the v1 file is
// kept beside it as `.bak-v1` before anything changes.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeHeader, encodeRecord } from '../../../src/storage/journal';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/storage/migrations';
import { SessionStore } from '../../../src/storage/sessionStore';
import { V1_CONTENT, V1_T0, makeV1Database } from '../../fixtures/v1Database';
import { listDir } from '../support/bytes';
import { independentSqlJs, openDatabase, queryMainFile } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const INSERT_LEDGER = "INSERT INTO ledger (id, provider, model, at) VALUES (?, 'p', 'm', 1)";

describe('migration from a v1 database', () => {
  useTempDirs();
  let dir: string;
  let path: string;
  let original: Buffer;

  beforeEach(async () => {
    dir = makeTempDir();
    path = join(dir, 'baton.db');
    original = Buffer.from(makeV1Database(await independentSqlJs()));
    writeFileSync(path, original);
  });

  it('the generated file is a v1 database (the fixture itself)', async () => {
    assert.deepEqual(await queryMainFile(path, 'PRAGMA user_version'), [{ user_version: 1 }]);
    const tables = await queryMainFile(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    assert.deepEqual(tables.map((t) => t.name), ['session_files', 'session_notes', 'sessions', 'workspaces']);
  });

  it('keeps every session, note and file, reaches the latest schema, and keeps .bak-v1 byte-identical', async () => {
    assert.ok(LATEST_SCHEMA_VERSION >= 2);
    const database = await openDatabase(path);
    assert.equal(database.recovery, null);
    const store = new SessionStore(database);
    const ended = await store.getDetail(V1_CONTENT.ended.id);
    assert.deepEqual(ended && { ...ended, notes: ended.notes.map((n) => n.text), files: ended.files.map((f) => `${f.path}:${f.edits}/${f.saves}`) }, {
      id: 'sess-ended',
      workspaceId: 'ws-v1',
      goal: 'ship the foundation',
      startedAt: V1_T0,
      endedAt: V1_T0 + 3_600_000,
      lastActivityAt: V1_T0 + 3_500_000,
      activeMs: 2_400_000,
      gitStart: { branch: 'main', head: 'a'.repeat(40) },
      gitEnd: { branch: 'main', head: 'b'.repeat(40) },
      summary: 'done: skeleton, tracker, storage',
      notes: ['sql.js pinned to 1.16.0', 'unicode survives: Grüße, 日本語, emoji 🎉'],
      files: ['src/storage/sessionStore.ts:12/3', 'README.md:2/1'],
    });
    const open = await store.findOpen('ws-v1');
    assert.equal(open?.id, 'sess-open');
    assert.equal(open?.gitStart?.branch, 'feature/handoff');
    assert.deepEqual((await store.getDetail('sess-open'))?.notes.map((n) => n.text), ['remember the journal']);
    assert.deepEqual((await store.listRecent('ws-v1', 10)).map((s) => s.id), ['sess-open', 'sess-ended']);

    // The new tables work (the ledger, schema 2; reservations and the response cache, schema 5),
    // and writes after the migration go through the journal as usual.
    assert.ok(LATEST_SCHEMA_VERSION >= 5);
    await database.write((db) => db.run("INSERT INTO ledger (id, provider, model, at) VALUES ('l1', 'openai', 'gpt', 1)"));
    await database.write((db) => db.run("INSERT INTO budget_reservations (id, provider, max_nanos, at, expires_at) VALUES ('r1', 'openai', 5, 1, 2)"));
    await database.write((db) => db.run("INSERT INTO response_cache (key, text, provider, model, usage, stored_at, expires_at, bytes) VALUES ('k', 't', 'p', 'm', '{}', 1, 2, 1)"));
    await store.addNote({ id: 'note-4', sessionId: 'sess-open', text: 'after the upgrade', at: V1_T0 + 7_400_000 });
    await database.close();

    assert.deepEqual(readFileSync(`${path}.bak-v1`), original, '.bak-v1 is the untouched v1 file');
    assert.deepEqual(await queryMainFile(path, 'PRAGMA user_version'), [{ user_version: LATEST_SCHEMA_VERSION }], 'the main file itself was migrated');
    assert.deepEqual(await queryMainFile(path, "SELECT value FROM baton_meta WHERE key = 'journal_seq'"), [{ value: 0 }]);
    assert.deepEqual(listDir(dir), ['baton.db', 'baton.db.bak', 'baton.db.bak-v1', 'baton.db.journal']);

    const again = await openDatabase(path);
    assert.equal(await again.read((db) => db.one("SELECT count(*) AS n FROM session_notes")?.n), 4);
    assert.equal(await again.read((db) => db.one('SELECT count(*) AS n FROM ledger')?.n), 1);
    await again.close();
    assert.deepEqual(readFileSync(`${path}.bak-v1`), original, 'a second open does not touch .bak-v1');
    assert.deepEqual(listDir(dir), ['baton.db', 'baton.db.bak', 'baton.db.bak-v1', 'baton.db.journal'], 'and makes no second copy');
  });

  it('a journaled database of an older schema is backed up with its journal applied', async function () {
    if (LATEST_SCHEMA_VERSION <= 2) this.skip(); // needs a schema after the journal's first (2)
    const SQL = await independentSqlJs();
    const v2 = new SQL.Database();
    for (const migration of MIGRATIONS.filter((m) => m.version <= 2)) v2.exec(`${migration.sql}; PRAGMA user_version = ${migration.version};`);
    v2.run(INSERT_LEDGER, ['in-main']);
    v2.run("UPDATE baton_meta SET value = 1 WHERE key = 'journal_seq'");
    writeFileSync(path, v2.export());
    v2.close();
    writeFileSync(`${path}.journal`, Buffer.concat([encodeHeader({ baseSeq: 1, mainSeq: 1 }), encodeRecord({ seq: 2, statements: [[INSERT_LEDGER, ['in-journal']]] })]));

    const database = await openDatabase(path);
    assert.deepEqual(await database.read((db) => db.all('SELECT id FROM ledger ORDER BY id')), [{ id: 'in-journal' }, { id: 'in-main' }]);
    assert.equal(await database.read((db) => db.one('PRAGMA user_version')?.user_version), LATEST_SCHEMA_VERSION);
    await database.close();
    assert.deepEqual(await queryMainFile(`${path}.bak-v2`, 'PRAGMA user_version'), [{ user_version: 2 }]);
    assert.deepEqual(await queryMainFile(`${path}.bak-v2`, 'SELECT id FROM ledger ORDER BY id'), [{ id: 'in-journal' }, { id: 'in-main' }], 'the backup includes the journaled change');
  });

  it('a v1 file opened by two processes at once is migrated once', async () => {
    const [a, b] = await Promise.all([openDatabase(path), openDatabase(path)]);
    await a.write((db) => db.run("INSERT INTO ledger (id, provider, model, at) VALUES ('from-a', 'p', 'm', 1)"));
    await b.write((db) => db.run("INSERT INTO ledger (id, provider, model, at) VALUES ('from-b', 'p', 'm', 1)"));
    assert.deepEqual(await a.read((db) => db.all('SELECT id FROM ledger ORDER BY id')), [{ id: 'from-a' }, { id: 'from-b' }]);
    assert.equal(await b.read((db) => db.one('SELECT count(*) AS n FROM sessions')?.n), 2);
    await Promise.all([a.close(), b.close()]);
    assert.deepEqual(readFileSync(`${path}.bak-v1`), original);
  });
});
