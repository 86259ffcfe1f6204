// SessionTracker across restarts and windows: recovery of a session a crash left open, a
// failed flush, and two trackers (two windows, each with its own database handle) on one file.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SessionAlreadyRunningError } from '../../../src/core/errors';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { openStore, queryFile } from '../support/database';
import { FakeClock, MINUTE, sequentialIds } from '../support/fakeClock';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { InstrumentedRepository, makeTracker } from '../support/tracker';

describe('SessionTracker (restarts and windows)', () => {
  useTempDirs();
  let path: string;
  let handles: BatonDatabase[];

  beforeEach(() => {
    path = join(makeTempDir(), 'baton.db');
    handles = [];
  });
  afterEach(async () => {
    for (const handle of handles) await handle.close();
  });

  /** Each call is one window: its own BatonDatabase on the shared file. */
  async function window(clock: FakeClock, name: string, settings = {}) {
    const { database, store } = await openStore(path);
    handles.push(database);
    return { store, ...makeTracker({ repo: store, clock, ids: sequentialIds(name), settings }) };
  }

  const sessionRows = () => queryFile(path, 'SELECT id, ended_at, last_activity_at, active_ms, summary, head_end FROM sessions ORDER BY started_at');

  describe('restore', () => {
    async function crashedSession(clock: FakeClock) {
      const before = await window(clock, 'before');
      const session = await before.tracker.start('left open');
      clock.advance(4 * MINUTE);
      before.tracker.recordActivity({ kind: 'edit', path: 'a.ts' });
      await before.tracker.flush();
      return { session, lastActivityAt: clock.now() }; // the window "crashes": no end()
    }

    it('closes a session abandoned longer than auto-end, at its last activity', async () => {
      const clock = new FakeClock();
      const { session, lastActivityAt } = await crashedSession(clock);
      clock.advance(30 * MINUTE + 1);
      const after = await window(clock, 'after');
      const outcome = await after.tracker.restore();
      assert.equal(outcome.resumed, null);
      assert.equal(outcome.closed?.id, session.id);
      assert.equal(after.tracker.running, null);
      assert.deepEqual(await sessionRows(), [
        { id: session.id, ended_at: lastActivityAt, last_activity_at: lastActivityAt, active_ms: 4 * MINUTE, summary: null, head_end: null },
      ]);
    });

    it('resumes a recent session and keeps counting from its last activity', async () => {
      const clock = new FakeClock();
      const { session } = await crashedSession(clock);
      clock.advance(2 * MINUTE);
      const after = await window(clock, 'after');
      const outcome = await after.tracker.restore();
      assert.deepEqual({ closed: outcome.closed, resumed: outcome.resumed?.id }, { closed: null, resumed: session.id });
      assert.equal(after.tracker.running?.id, session.id);
      after.tracker.recordActivity({ kind: 'edit', path: 'a.ts' });
      await after.tracker.flush();
      assert.equal((await sessionRows())[0]?.active_ms, 6 * MINUTE);
      assert.equal((await sessionRows())[0]?.ended_at, null);
    });

    it('resumes even an old session when asked not to close abandoned ones, or when auto-end is off', async () => {
      const clock = new FakeClock();
      const { session } = await crashedSession(clock);
      clock.advance(5 * 60 * MINUTE);
      const keep = await window(clock, 'keep');
      assert.equal((await keep.tracker.restore({ closeAbandoned: false })).resumed?.id, session.id);
      const noAutoEnd = await window(clock, 'noauto', { autoEndMs: 0 });
      assert.equal((await noAutoEnd.tracker.restore()).resumed?.id, session.id);
      assert.equal((await sessionRows())[0]?.ended_at, null);
    });

    it('reports nothing when no session is open', async () => {
      const fresh = await window(new FakeClock(), 'fresh');
      assert.deepEqual(await fresh.tracker.restore(), { closed: null, resumed: null });
    });
  });

  it('a failed flush keeps buffered activity and the next flush stores all of it', async () => {
    const clock = new FakeClock();
    const { store } = await window(clock, 'w');
    const repo = new InstrumentedRepository(store);
    const { tracker } = makeTracker({ repo, clock });
    await tracker.start('flaky disk');
    clock.advance(2 * MINUTE);
    tracker.recordActivity({ kind: 'edit', path: 'a.ts' });
    tracker.recordActivity({ kind: 'save', path: 'a.ts' });
    repo.failNextRecordProgress = 1;
    await assert.rejects(tracker.flush(), /disk full/);
    assert.deepEqual(await sessionRows().then((rows) => rows.map((r) => r.active_ms)), [0]);
    assert.deepEqual(tracker.pendingFiles().map((f) => [f.path, f.edits, f.saves]), [['a.ts', 1, 1]]);
    assert.equal(tracker.activeMsNow(), 2 * MINUTE);

    clock.advance(1 * MINUTE);
    tracker.recordActivity({ kind: 'edit', path: 'a.ts' });
    await tracker.flush();
    assert.equal((await sessionRows())[0]?.active_ms, 3 * MINUTE);
    assert.deepEqual(await queryFile(path, 'SELECT path, edits, saves FROM session_files'), [{ path: 'a.ts', edits: 2, saves: 1 }]);
    assert.equal(repo.recordProgressCalls, 2);
  });

  describe('two windows on one database file', () => {
    it('never create two open sessions, even when both start at once', async () => {
      const clock = new FakeClock();
      const [a, b] = await Promise.all([window(clock, 'a'), window(clock, 'b')]);
      const results = await Promise.allSettled([a.tracker.start('from a'), b.tracker.start('from b')]);
      const fulfilled = results.filter((r) => r.status === 'fulfilled');
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.equal(fulfilled.length, 1);
      assert.equal(rejected.length, 1);
      assert.ok(rejected[0]?.reason instanceof SessionAlreadyRunningError, String(rejected[0]?.reason));
      const rows = await sessionRows();
      assert.equal(rows.length, 1);
      assert.equal(a.tracker.running?.id, rows[0]?.id, 'the loser adopts the winner session');
      assert.equal(b.tracker.running?.id, rows[0]?.id);
    });

    it('add up their active time deltas into the shared session', async () => {
      const clock = new FakeClock();
      const a = await window(clock, 'a');
      const b = await window(clock, 'b');
      const session = await a.tracker.start('pairing');
      await assert.rejects(b.tracker.start('again'), SessionAlreadyRunningError);
      assert.equal(b.tracker.running?.id, session.id);
      clock.advance(2 * MINUTE);
      a.tracker.recordActivity({ kind: 'edit', path: 'a.ts' });
      clock.advance(1 * MINUTE);
      b.tracker.recordActivity({ kind: 'edit', path: 'a.ts' });
      b.tracker.recordActivity({ kind: 'save', path: 'b.ts' });
      await Promise.all([a.tracker.flush(), b.tracker.flush()]);
      await a.tracker.refresh();
      const [row] = await sessionRows();
      assert.equal(row?.active_ms, 2 * MINUTE + 3 * MINUTE);
      assert.deepEqual(await queryFile(path, 'SELECT path, edits, saves FROM session_files ORDER BY path'), [
        { path: 'a.ts', edits: 2, saves: 0 },
        { path: 'b.ts', edits: 0, saves: 1 },
      ]);
      assert.equal(a.tracker.running?.activeMs, 2 * MINUTE + 3 * MINUTE, 'refresh shows the combined total');
    });

    it('refresh picks up a session ended or started in the other window', async () => {
      const clock = new FakeClock();
      const a = await window(clock, 'a');
      const b = await window(clock, 'b');
      const first = await a.tracker.start('first');
      await b.tracker.refresh();
      assert.equal(b.tracker.running?.id, first.id);
      clock.advance(MINUTE);
      await a.tracker.end('done in a');
      await b.tracker.refresh();
      assert.equal(b.tracker.running?.id, undefined, 'no session runs any more');
      const second = await a.tracker.start('second');
      await b.tracker.refresh();
      assert.equal(b.tracker.running?.id, second.id);
    });

    it('a window flushing after the session ended elsewhere drops out without changing it', async () => {
      const clock = new FakeClock();
      const a = await window(clock, 'a');
      const b = await window(clock, 'b');
      await a.tracker.start('s');
      await b.tracker.refresh();
      clock.advance(MINUTE);
      const ended = await a.tracker.end();
      clock.advance(MINUTE);
      b.tracker.recordActivity({ kind: 'edit', path: 'late.ts' });
      await b.tracker.flush();
      assert.equal(b.tracker.running, null);
      const [row] = await sessionRows();
      assert.deepEqual({ ended: row?.ended_at, active: row?.active_ms }, { ended: ended.endedAt, active: ended.activeMs });
      assert.equal((await queryFile(path, 'SELECT count(*) AS n FROM session_files'))[0]?.n, 0);
    });

    it('endIfIdle in an idle window does not end a session the other window keeps active', async () => {
      const clock = new FakeClock();
      const a = await window(clock, 'a');
      const b = await window(clock, 'b');
      await a.tracker.start('shared');
      await b.tracker.refresh();
      for (let i = 0; i < 8; i++) {
        clock.advance(4 * MINUTE);
        b.tracker.recordActivity({ kind: 'edit', path: 'b.ts' });
        await b.tracker.flush();
      }
      clock.advance(MINUTE);
      assert.equal(await a.tracker.endIfIdle(), null);
      const [row] = await sessionRows();
      assert.equal(row?.ended_at, null);
      assert.equal(a.tracker.running?.id, row?.id);
      clock.advance(31 * MINUTE);
      const ended = await a.tracker.endIfIdle();
      assert.equal(ended?.endedAt, clock.now() - 31 * MINUTE - MINUTE, 'ends at the last activity seen in any window');
    });
  });
});
