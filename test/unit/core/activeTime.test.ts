// Idle-aware active time, the per-file activity buffer and the shared formatting helpers.
import assert from 'node:assert/strict';
import { NoRunningSessionError, SessionAlreadyRunningError, UserFacingError, errorMessage } from '../../../src/core/errors';
import { formatDuration, truncate } from '../../../src/core/format';
import { type ActiveTimeState, displayedActiveMs, isActiveAt, recordActivityAt } from '../../../src/core/sessions/activeTime';
import { FileActivityBuffer } from '../../../src/core/sessions/fileActivityBuffer';
import { MINUTE, SECOND } from '../support/fakeClock';

const IDLE = 5 * MINUTE;
const T0 = 1_000_000;

describe('activeTime', () => {
  const start: ActiveTimeState = { lastActivityAt: T0, pendingMs: 0 };

  it('counts a gap shorter than the idle threshold in full', () => {
    assert.deepEqual(recordActivityAt(start, T0 + 90 * SECOND, IDLE), { lastActivityAt: T0 + 90 * SECOND, pendingMs: 90 * SECOND });
  });

  it('counts a gap exactly as long as the idle threshold in full', () => {
    assert.equal(recordActivityAt(start, T0 + IDLE, IDLE).pendingMs, IDLE);
  });

  it('counts nothing of a gap one millisecond longer than the threshold, but moves the last activity', () => {
    assert.deepEqual(recordActivityAt(start, T0 + IDLE + 1, IDLE), { lastActivityAt: T0 + IDLE + 1, pendingMs: 0 });
  });

  it('adds gaps up across a sequence of events, skipping the idle one', () => {
    let state = start;
    for (const offset of [1 * MINUTE, 3 * MINUTE, 20 * MINUTE, 24 * MINUTE]) state = recordActivityAt(state, T0 + offset, IDLE);
    // 1m + 2m count, the 17m gap does not, the last 4m does.
    assert.equal(state.pendingMs, 7 * MINUTE);
    assert.equal(state.lastActivityAt, T0 + 24 * MINUTE);
  });

  it('ignores events at or before the last activity (clock going backwards)', () => {
    const later = recordActivityAt(start, T0 + MINUTE, IDLE);
    assert.equal(recordActivityAt(later, T0 + MINUTE, IDLE), later);
    assert.equal(recordActivityAt(later, T0, IDLE), later);
  });

  it('isActiveAt is true up to and including the idle threshold', () => {
    assert.equal(isActiveAt(T0, T0 + IDLE, IDLE), true);
    assert.equal(isActiveAt(T0, T0 + IDLE + 1, IDLE), false);
  });

  it('displayedActiveMs adds stored, pending and the running gap only while active', () => {
    const state = { lastActivityAt: T0, pendingMs: 2 * MINUTE };
    assert.equal(displayedActiveMs(10 * MINUTE, state, T0 + 3 * MINUTE, IDLE), 15 * MINUTE);
    assert.equal(displayedActiveMs(10 * MINUTE, state, T0 + IDLE + 1, IDLE), 12 * MINUTE);
    assert.equal(displayedActiveMs(10 * MINUTE, state, T0 - MINUTE, IDLE), 12 * MINUTE, 'never negative');
  });
});

describe('FileActivityBuffer', () => {
  it('counts edits and saves per path and keeps the latest time', () => {
    const buffer = new FileActivityBuffer();
    assert.equal(buffer.isEmpty, true);
    buffer.add('src/a.ts', 'edit', 10);
    buffer.add('src/a.ts', 'edit', 30);
    buffer.add('src/a.ts', 'save', 20);
    buffer.add('README.md', 'save', 5);
    assert.deepEqual(buffer.peek(), [
      { path: 'src/a.ts', edits: 2, saves: 1, lastAt: 30 },
      { path: 'README.md', edits: 0, saves: 1, lastAt: 5 },
    ]);
    assert.equal(buffer.isEmpty, false);
  });

  it('drain empties the buffer and restore merges deltas back', () => {
    const buffer = new FileActivityBuffer();
    buffer.add('a', 'edit', 10);
    const drained = buffer.drain();
    assert.equal(buffer.isEmpty, true);
    buffer.add('a', 'save', 40);
    buffer.restore(drained);
    assert.deepEqual(buffer.drain(), [{ path: 'a', edits: 1, saves: 1, lastAt: 40 }]);
  });
});

describe('format', () => {
  it('formatDuration shows seconds, minutes, and hours with padded minutes', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(45_999), '45s');
    assert.equal(formatDuration(12 * MINUTE + 30 * SECOND), '12m');
    assert.equal(formatDuration(65 * MINUTE), '1h 05m');
    assert.equal(formatDuration(-5_000), '0s');
  });

  it('truncate flattens whitespace and cuts on a word boundary', () => {
    assert.equal(truncate('  fix   the\nlogin  ', 40), 'fix the login');
    assert.equal(truncate('refactor the session tracker today', 20), 'refactor the…');
    assert.equal(truncate('abcdefghijklmnopqrstuvwxyz', 10), 'abcdefghi…');
    assert.ok(truncate('refactor the session tracker today', 20).length <= 20);
  });
});

describe('errors', () => {
  it('user-facing errors carry their class name and a message saying what to do', () => {
    const none = new NoRunningSessionError();
    assert.ok(none instanceof UserFacingError);
    assert.equal(none.name, 'NoRunningSessionError');
    assert.match(none.message, /No session is running.*Start one/);
    assert.equal(new SessionAlreadyRunningError('ship it').message, 'A session is already running ("ship it"). End it before starting another.');
    assert.equal(new SessionAlreadyRunningError('').message, 'A session is already running. End it before starting another.');
  });

  it('errorMessage handles non-Error values', () => {
    assert.equal(errorMessage(new Error('boom')), 'boom');
    assert.equal(errorMessage('plain'), 'plain');
    assert.equal(errorMessage(42), '42');
  });
});
