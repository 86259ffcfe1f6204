// SessionTracker in one window: start, activity, flush, notes, end, auto-start and auto-end,
// over a real SessionStore. Stored rows are read back from the file with a separate sql.js.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { NoRunningSessionError, SessionAlreadyRunningError } from '../../../src/core/errors';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import type { SessionStore } from '../../../src/storage/sessionStore';
import { openStore, queryFile } from '../support/database';
import { MINUTE, SECOND } from '../support/fakeClock';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { FakeGitHead, InstrumentedRepository, WORKSPACE, makeTracker } from '../support/tracker';

const HEAD_A = 'a'.repeat(40);
const HEAD_B = 'b'.repeat(40);

describe('SessionTracker (one window)', () => {
  useTempDirs();
  let path: string;
  let database: BatonDatabase;
  let store: SessionStore;

  beforeEach(async () => {
    path = join(makeTempDir(), 'baton.db');
    ({ database, store } = await openStore(path));
  });
  afterEach(() => database.close());

  const sessionRows = () => queryFile(path, 'SELECT * FROM sessions ORDER BY started_at');
  const fileRows = () => queryFile(path, 'SELECT path, edits, saves, last_at FROM session_files ORDER BY path');

  it('start stores the session with its goal, start time, workspace and git head', async () => {
    const git = new FakeGitHead({ branch: 'main', head: HEAD_A });
    const { tracker, clock } = makeTracker({ repo: store, git });
    const session = await tracker.start('  fix the login  ');
    assert.equal(session.goal, 'fix the login');
    assert.equal(tracker.running?.id, session.id);
    const [row, ...rest] = await sessionRows();
    assert.equal(rest.length, 0);
    assert.deepEqual(
      { id: row?.id, ws: row?.workspace_id, goal: row?.goal, started: row?.started_at, ended: row?.ended_at, branch: row?.branch_start, head: row?.head_start },
      { id: session.id, ws: WORKSPACE.id, goal: 'fix the login', started: clock.now(), ended: null, branch: 'main', head: HEAD_A },
    );
    assert.deepEqual(await queryFile(path, 'SELECT id, name, location FROM workspaces'), [{ ...WORKSPACE }]);
  });

  it('starting while a session runs throws SessionAlreadyRunningError and stores nothing new', async () => {
    const { tracker } = makeTracker({ repo: store });
    await tracker.start('first');
    await assert.rejects(tracker.start('second'), (error: unknown) => error instanceof SessionAlreadyRunningError && /"first"/.test(error.message));
    assert.deepEqual((await sessionRows()).map((r) => r.goal), ['first']);
  });

  it('flush persists active time without idle gaps, and edits and saves per file', async () => {
    const { tracker, clock } = makeTracker({ repo: store });
    await tracker.start('work');
    clock.advance(1 * MINUTE);
    tracker.recordActivity({ kind: 'edit', path: 'src/a.ts' });
    clock.advance(1 * MINUTE);
    tracker.recordActivity({ kind: 'save', path: 'src/a.ts' });
    clock.advance(8 * MINUTE); // idle: longer than 5 minutes, counts nothing
    tracker.recordActivity({ kind: 'edit', path: 'src/b.ts' });
    clock.advance(1 * MINUTE);
    tracker.recordActivity({ kind: 'edit', path: 'src/b.ts' });
    tracker.recordActivity({ kind: 'selection', path: 'src/c.ts' });
    assert.equal((await sessionRows())[0]?.active_ms, 0, 'nothing is written before flush');

    await tracker.flush();
    const [row] = await sessionRows();
    assert.equal(row?.active_ms, 3 * MINUTE);
    assert.equal(row?.last_activity_at, clock.now());
    assert.deepEqual(await fileRows(), [
      { path: 'src/a.ts', edits: 1, saves: 1, last_at: clock.now() - 9 * MINUTE },
      { path: 'src/b.ts', edits: 2, saves: 0, last_at: clock.now() },
    ]);
    assert.equal(tracker.activeMsNow(), 3 * MINUTE);
    clock.advance(30 * SECOND);
    assert.equal(tracker.activeMsNow(), 3 * MINUTE + 30 * SECOND, 'the running gap shows while active');
    assert.equal(tracker.isActiveNow(), true);
  });

  it('a second flush adds only the new delta, and a flush with nothing new writes nothing', async () => {
    const repo = new InstrumentedRepository(store);
    const { tracker, clock } = makeTracker({ repo });
    await tracker.start('work');
    clock.advance(2 * MINUTE);
    tracker.recordActivity({ kind: 'edit', path: 'a.ts' });
    await tracker.flush();
    clock.advance(1 * MINUTE);
    tracker.recordActivity({ kind: 'edit', path: 'a.ts' });
    await tracker.flush();
    await tracker.flush();
    assert.equal(repo.recordProgressCalls, 2);
    assert.equal((await sessionRows())[0]?.active_ms, 3 * MINUTE);
    assert.deepEqual((await fileRows()).map((f) => [f.path, f.edits]), [['a.ts', 2]]);
  });

  it('addNote stores trimmed text at the current time and counts as activity', async () => {
    const { tracker, clock } = makeTracker({ repo: store });
    const session = await tracker.start('notes');
    clock.advance(2 * MINUTE);
    const note = await tracker.addNote('  tried the cache; too slow  ');
    assert.equal(note.text, 'tried the cache; too slow');
    assert.deepEqual(await queryFile(path, 'SELECT session_id, text, at FROM session_notes'), [
      { session_id: session.id, text: 'tried the cache; too slow', at: clock.now() },
    ]);
    assert.equal((await sessionRows())[0]?.active_ms, 2 * MINUTE);
  });

  it('end stores end time, summary, git head at end and the last active stretch', async () => {
    const git = new FakeGitHead({ branch: 'main', head: HEAD_A });
    const { tracker, clock } = makeTracker({ repo: store, git });
    await tracker.start('ship');
    clock.advance(3 * MINUTE);
    tracker.recordActivity({ kind: 'edit', path: 'a.ts' });
    git.current = { branch: 'feature', head: HEAD_B };
    clock.advance(1 * MINUTE);
    const ended = await tracker.end('  merged the fix ');
    assert.equal(tracker.running, null);
    assert.deepEqual(ended.gitStart, { branch: 'main', head: HEAD_A });
    assert.deepEqual(ended.gitEnd, { branch: 'feature', head: HEAD_B });
    const [row] = await sessionRows();
    assert.deepEqual(
      { ended: row?.ended_at, summary: row?.summary, active: row?.active_ms, branch: row?.branch_end, head: row?.head_end },
      { ended: clock.now(), summary: 'merged the fix', active: 4 * MINUTE, branch: 'feature', head: HEAD_B },
    );
    const [detail] = await store.listRecent(WORKSPACE.id, 5);
    assert.equal(detail?.summary, 'merged the fix');
    assert.deepEqual(detail?.files.map((f) => f.path), ['a.ts']);
  });

  it('end without a summary stores null; a detached or missing git head is kept as such', async () => {
    const git = new FakeGitHead(null);
    const { tracker } = makeTracker({ repo: store, git });
    await tracker.start('');
    git.current = { branch: null, head: HEAD_B };
    const ended = await tracker.end('   ');
    assert.equal(ended.summary, null);
    assert.equal(ended.gitStart, null);
    assert.deepEqual(ended.gitEnd, { branch: null, head: HEAD_B });
  });

  it('note and end with no running session throw NoRunningSessionError', async () => {
    const { tracker } = makeTracker({ repo: store });
    await assert.rejects(tracker.addNote('x'), NoRunningSessionError);
    await assert.rejects(tracker.end(), NoRunningSessionError);
    await tracker.start('once');
    await tracker.end();
    await assert.rejects(tracker.end(), NoRunningSessionError);
    assert.equal((await queryFile(path, 'SELECT count(*) AS n FROM session_notes'))[0]?.n, 0);
  });

  it('asks to auto-start only on an edit, only when enabled, and only with no session running', async () => {
    const off = makeTracker({ repo: store });
    assert.equal(off.tracker.recordActivity({ kind: 'edit', path: 'a.ts' }), false);
    const { tracker, setSettings } = makeTracker({ repo: store, settings: { autoStart: true } });
    assert.equal(tracker.recordActivity({ kind: 'save', path: 'a.ts' }), false);
    assert.equal(tracker.recordActivity({ kind: 'selection' }), false);
    assert.equal(tracker.recordActivity({ kind: 'focus' }), false);
    assert.equal(tracker.recordActivity({ kind: 'edit', path: 'a.ts' }), true);
    await tracker.start('');
    assert.equal(tracker.recordActivity({ kind: 'edit', path: 'a.ts' }), false);
    await tracker.end();
    setSettings({ autoStart: false });
    assert.equal(tracker.recordActivity({ kind: 'edit', path: 'a.ts' }), false);
  });

  it('endIfIdle ends the session at its last activity once idle past the auto-end window', async () => {
    const { tracker, clock } = makeTracker({ repo: store, settings: { autoEndMs: 30 * MINUTE } });
    await tracker.start('idle');
    clock.advance(2 * MINUTE);
    tracker.recordActivity({ kind: 'edit', path: 'a.ts' });
    const lastActivity = clock.now();
    clock.advance(30 * MINUTE);
    assert.equal(await tracker.endIfIdle(), null, 'exactly the window is not past it');
    assert.notEqual(tracker.running, null);
    clock.advance(1);
    const ended = await tracker.endIfIdle();
    assert.equal(ended?.endedAt, lastActivity);
    assert.equal(tracker.running, null);
    const [row] = await sessionRows();
    assert.deepEqual({ ended: row?.ended_at, active: row?.active_ms }, { ended: lastActivity, active: 2 * MINUTE });
    assert.deepEqual((await fileRows()).map((f) => f.path), ['a.ts'], 'pending file activity is flushed first');
  });

  it('endIfIdle never ends a session when auto-end is 0', async () => {
    const { tracker, clock } = makeTracker({ repo: store, settings: { autoEndMs: 0 } });
    await tracker.start('forever');
    clock.advance(24 * 60 * MINUTE);
    assert.equal(await tracker.endIfIdle(), null);
    assert.equal((await sessionRows())[0]?.ended_at, null);
  });
});
