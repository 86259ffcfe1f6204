// When a process folds its journal into the main file: after its writes stop, and no more often
// than its share bound allows, so that a large database is not exported every time a window's
// session tracker writes.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { FoldSchedule } from '../../../src/storage/foldSchedule';

/** A fold that takes `ms`, recording when each one started. */
function slowFold(ms: number): { starts: number[]; fold: () => Promise<void> } {
  const starts: number[] = [];
  return { starts, fold: async () => { starts.push(performance.now()); await sleep(ms); } };
}

describe('FoldSchedule', () => {
  it('folds once, the idle time after the last write of a burst', async () => {
    const { starts, fold } = slowFold(1);
    const schedule = new FoldSchedule({ whenIdleMs: 40 }, fold);
    let lastWrite = 0;
    for (let i = 0; i < 5; i++) {
      schedule.afterWrite();
      lastWrite = performance.now();
      await sleep(5);
    }
    await sleep(150);
    assert.equal(starts.length, 1);
    // libuv's timers count whole milliseconds of a clock cached per loop turn: one may fire up to a
    // millisecond early by performance.now(), so 2 ms of slack (a fold timed from the first write would start 20 ms early).
    const waited = (starts[0] ?? 0) - lastWrite;
    assert.ok(waited >= 40 - 2, `the fold waits for the writes to stop (started ${waited.toFixed(1)} ms after the last)`);
  });

  it('spaces idle folds so that folding takes at most its share of the time', async () => {
    // A 30 ms fold at a 10% share: the next one starts no sooner than 300 ms after this one did.
    const { starts, fold } = slowFold(30);
    const schedule = new FoldSchedule({ whenIdleMs: 5, maxShare: 0.1 }, fold);
    schedule.afterWrite();
    await sleep(60);
    schedule.afterWrite();
    await sleep(150);
    assert.equal(starts.length, 1, 'the second burst is held back');
    await sleep(250);
    assert.equal(starts.length, 2, 'and folded once the spacing has passed');
    assert.ok((starts[1] ?? 0) - (starts[0] ?? 0) >= 290);
  });

  it('without a share bound, folds after every burst (the control)', async () => {
    const { starts, fold } = slowFold(30);
    const schedule = new FoldSchedule({ whenIdleMs: 5 }, fold);
    schedule.afterWrite();
    await sleep(60);
    schedule.afterWrite();
    await sleep(60);
    assert.equal(starts.length, 2);
  });

  it('on close, folds only when this process wrote, and only when asked to', async () => {
    const unwritten = slowFold(1);
    await new FoldSchedule({ onClose: true }, unwritten.fold).beforeClose();
    assert.equal(unwritten.starts.length, 0);
    const written = slowFold(1);
    const schedule = new FoldSchedule({ onClose: true, whenIdleMs: 10_000 }, written.fold);
    schedule.afterWrite();
    await schedule.beforeClose();
    assert.equal(written.starts.length, 1, 'the pending idle fold is replaced by the one on close');
    const idleOnly = slowFold(1);
    const windowSchedule = new FoldSchedule({ whenIdleMs: 10_000 }, idleOnly.fold);
    windowSchedule.afterWrite();
    await windowSchedule.beforeClose();
    assert.equal(idleOnly.starts.length, 0);
  });

  it('a failed fold is no unhandled rejection, and the next burst folds again', async () => {
    let calls = 0;
    const schedule = new FoldSchedule({ whenIdleMs: 5, maxShare: 0.5 }, () => {
      calls += 1;
      return Promise.reject(new Error('disk full'));
    });
    schedule.afterWrite();
    await sleep(30);
    schedule.afterWrite();
    await sleep(30);
    assert.equal(calls, 2);
  });
});
