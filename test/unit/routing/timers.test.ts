// The Timers port: sleep and its abort, and the fake timers the router's tests rely on.
import assert from 'node:assert/strict';
import { AbortError, sleep, systemTimers } from '../../../src/core/routing/timers';
import { FakeTimers } from '../../support/fakeTimers';

describe('sleep', () => {
  it('resolves once the time has passed, not before', async () => {
    const timers = new FakeTimers();
    let done = false;
    void sleep(timers, 1000).then(() => (done = true));
    await timers.advance(999);
    assert.equal(done, false);
    await timers.advance(1);
    assert.equal(done, true);
  });

  it('rejects with an AbortError as soon as the signal aborts, and cancels its timer', async () => {
    const timers = new FakeTimers();
    const controller = new AbortController();
    const waiting = sleep(timers, 60_000, controller.signal);
    assert.equal(timers.pending, 1);
    controller.abort();
    await assert.rejects(waiting, AbortError);
    assert.equal(timers.pending, 0);
  });

  it('rejects at once when the signal has already aborted', async () => {
    const timers = new FakeTimers();
    await assert.rejects(sleep(timers, 10, AbortSignal.abort()), AbortError);
    assert.equal(timers.pending, 0);
  });

  it('the system timers run real timeouts and cancel them', async () => {
    let cancelledRan = false;
    const cancel = systemTimers.setTimer(0, () => (cancelledRan = true));
    cancel();
    // Same delay, scheduled after: Node runs it after the cancelled one would have run.
    await new Promise<void>((resolve) => systemTimers.setTimer(0, resolve));
    assert.equal(cancelledRan, false);
  });
});

describe('FakeTimers', () => {
  it('runs due callbacks in due order, then creation order, and moves now to each', async () => {
    const timers = new FakeTimers(0);
    const seen: string[] = [];
    timers.setTimer(20, () => seen.push(`b@${timers.now()}`));
    timers.setTimer(10, () => seen.push(`a@${timers.now()}`));
    timers.setTimer(20, () => seen.push(`c@${timers.now()}`));
    timers.setTimer(31, () => seen.push('late'));
    await timers.advance(30);
    assert.deepEqual(seen, ['a@10', 'b@20', 'c@20']);
    assert.equal(timers.now(), 30);
  });

  it('lets promise continuations run between callbacks, so a woken task can schedule the next timer', async () => {
    const timers = new FakeTimers(0);
    const wakes: number[] = [];
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(timers, 100);
        wakes.push(timers.now());
      }
    })();
    await timers.advance(300);
    assert.deepEqual(wakes, [100, 200, 300]);
  });
});
