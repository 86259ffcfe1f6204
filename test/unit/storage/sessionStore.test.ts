// SessionStore's own guarantees, below the tracker: one open session per workspace, deltas
// that add up, ended sessions that stay ended, and listing newest first.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Session } from '../../../src/core/sessions/session';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { resolveDatabasePath, vsCodeGlobalStorageDir } from '../../../src/storage/databaseLocation';
import type { SessionStore } from '../../../src/storage/sessionStore';
import { openStore, queryFile } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const T0 = Date.UTC(2026, 0, 1);
const WS = { id: 'ws-a', name: 'a', location: '/a' };

function session(id: string, startedAt: number, workspaceId = WS.id): Session {
  return { id, workspaceId, goal: `goal ${id}`, startedAt, endedAt: null, lastActivityAt: startedAt, activeMs: 0, gitStart: { branch: 'main', head: null }, gitEnd: null, summary: null };
}

describe('SessionStore', () => {
  useTempDirs();
  let path: string;
  let database: BatonDatabase;
  let store: SessionStore;
  beforeEach(async () => {
    path = join(makeTempDir(), 'baton.db');
    ({ database, store } = await openStore(path));
    await store.saveWorkspace(WS);
  });
  afterEach(() => database.close());

  it('createUnlessOpen returns the already open session instead of creating a second', async () => {
    assert.equal((await store.createUnlessOpen(session('s1', T0))).id, 's1');
    assert.equal((await store.createUnlessOpen(session('s2', T0 + 1))).id, 's1');
    assert.equal((await store.createUnlessOpen(session('other', T0, 'ws-b'))).id, 'other', 'other workspaces are independent');
    assert.deepEqual(await queryFile(path, 'SELECT id FROM sessions ORDER BY id'), [{ id: 'other' }, { id: 's1' }]);
  });

  it('the schema itself refuses a second open session in a workspace', async () => {
    await store.createUnlessOpen(session('s1', T0));
    await assert.rejects(
      database.write((db) => db.run("INSERT INTO sessions (id, workspace_id, started_at, last_activity_at) VALUES ('s2', 'ws-a', 1, 1)")),
      /UNIQUE constraint failed/,
    );
  });

  it('recordProgress adds deltas, keeps the latest activity time and merges file counts', async () => {
    await store.createUnlessOpen(session('s1', T0));
    await store.recordProgress('s1', { activeMsDelta: 1500.4, lastActivityAt: T0 + 10, files: [{ path: 'a', edits: 2, saves: 0, lastAt: T0 + 10 }] });
    const after = await store.recordProgress('s1', { activeMsDelta: 500, lastActivityAt: T0 + 5, files: [{ path: 'a', edits: 1, saves: 1, lastAt: T0 + 5 }] });
    assert.deepEqual({ active: after?.activeMs, last: after?.lastActivityAt }, { active: 2000, last: T0 + 10 });
    assert.deepEqual(await queryFile(path, 'SELECT path, edits, saves, last_at FROM session_files'), [{ path: 'a', edits: 3, saves: 1, last_at: T0 + 10 }]);
    await store.recordProgress('s1', { activeMsDelta: -99, lastActivityAt: T0 + 11, files: [] });
    assert.equal((await store.getDetail('s1'))?.activeMs, 2000, 'a negative delta is ignored');
  });

  it('an ended session stays ended: no progress, no second end, end never before start', async () => {
    await store.createUnlessOpen(session('s1', T0));
    const ended = await store.end('s1', { endedAt: T0 - 1000, summary: 'done', gitEnd: { branch: null, head: 'c'.repeat(40) } });
    assert.equal(ended?.endedAt, T0, 'clamped to the start');
    assert.deepEqual(ended?.gitEnd, { branch: null, head: 'c'.repeat(40) });
    const progress = await store.recordProgress('s1', { activeMsDelta: 999, lastActivityAt: T0 + 5, files: [{ path: 'x', edits: 1, saves: 0, lastAt: T0 }] });
    assert.equal(progress?.activeMs, 0);
    assert.equal(await store.end('s1', { endedAt: T0 + 9, summary: 'again', gitEnd: null }), null);
    assert.deepEqual(await queryFile(path, 'SELECT ended_at, summary FROM sessions'), [{ ended_at: T0, summary: 'done' }]);
    assert.equal(await store.findOpen(WS.id), null);
    assert.equal(await store.recordProgress('missing', { activeMsDelta: 1, lastActivityAt: 1, files: [] }), null);
  });

  it('listRecent returns newest first with notes in order and files by recency', async () => {
    await store.createUnlessOpen(session('old', T0));
    await store.addNote({ id: 'n2', sessionId: 'old', text: 'second', at: T0 + 2 });
    await store.addNote({ id: 'n1', sessionId: 'old', text: 'first', at: T0 + 1 });
    await store.end('old', { endedAt: T0 + 3, summary: null, gitEnd: null });
    await store.createUnlessOpen(session('new', T0 + 100));
    await store.recordProgress('new', {
      activeMsDelta: 0,
      lastActivityAt: T0 + 200,
      files: [{ path: 'older.ts', edits: 1, saves: 0, lastAt: T0 + 150 }, { path: 'newer.ts', edits: 0, saves: 1, lastAt: T0 + 200 }],
    });
    const list = await store.listRecent(WS.id, 10);
    assert.deepEqual(list.map((s) => s.id), ['new', 'old']);
    assert.deepEqual(list[1]?.notes.map((n) => n.text), ['first', 'second']);
    assert.deepEqual(list[0]?.files.map((f) => f.path), ['newer.ts', 'older.ts']);
    assert.deepEqual((await store.listRecent(WS.id, 1)).map((s) => s.id), ['new']);
    assert.deepEqual(await store.listRecent('nobody', 10), []);
  });
});

describe('databaseLocation', () => {
  it('uses --db, then BATON_DB, then VS Code\'s global storage for Baton', () => {
    assert.equal(resolveDatabasePath('/flag.db', { BATON_DB: '/env.db' }), '/flag.db');
    assert.equal(resolveDatabasePath(undefined, { BATON_DB: '/env.db' }), '/env.db');
    if (process.platform === 'linux') {
      assert.equal(resolveDatabasePath(undefined, { XDG_CONFIG_HOME: '/cfg' }), '/cfg/Code/User/globalStorage/baton-dev.baton/baton.db');
      assert.equal(vsCodeGlobalStorageDir({ XDG_CONFIG_HOME: '/cfg' }), '/cfg/Code/User/globalStorage/baton-dev.baton');
    }
  });
});
