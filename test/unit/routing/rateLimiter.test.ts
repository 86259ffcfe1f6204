// Per-provider rpm and tpm: requests wait their turn, first in first out, in a 60 s window.
import assert from 'node:assert/strict';
import { RateLimiter } from '../../../src/core/routing/rateLimiter';
import { AbortError } from '../../../src/core/routing/timers';
import { FakeTimers, flushPromises } from '../../support/fakeTimers';

interface Tracked {
  readonly name: string;
  settled: 'pending' | 'granted' | 'aborted';
  at: number | null;
}

/** Starts an acquire and records when (fake time) it is granted. */
function track(limiter: RateLimiter, timers: FakeTimers, name: string, tokens: number, signal?: AbortSignal, log?: string[]): Tracked {
  const tracked: Tracked = { name, settled: 'pending', at: null };
  limiter.acquire('openai', tokens, signal).then(
    () => {
      tracked.settled = 'granted';
      tracked.at = timers.now();
      log?.push(name);
    },
    (error: unknown) => {
      assert.ok(error instanceof AbortError);
      tracked.settled = 'aborted';
    },
  );
  return tracked;
}

describe('RateLimiter', () => {
  it('lets everything through at once for a provider without limits', async () => {
    const timers = new FakeTimers(0);
    const limiter = RateLimiter.fromConfig({ providers: [{ id: 'openai', kind: 'openai', models: [] }] }, timers);
    const all = Array.from({ length: 1000 }, (_, i) => track(limiter, timers, `r${i}`, 1_000_000));
    await flushPromises();
    assert.ok(all.every((request) => request.settled === 'granted'));
    assert.equal(timers.pending, 0, 'no timer is involved');
  });

  it('holds the request past rpm until the oldest one leaves the 60 s window', async () => {
    const timers = new FakeTimers(0);
    const limiter = new RateLimiter(timers, { openai: { rpm: 2 } });
    const first = track(limiter, timers, 'a', 10);
    await timers.advance(10_000);
    const second = track(limiter, timers, 'b', 10);
    const third = track(limiter, timers, 'c', 10);
    await timers.advance(0);
    assert.deepEqual([first.at, second.at, third.settled], [0, 10_000, 'pending']);
    await timers.advance(49_999);
    assert.equal(third.settled, 'pending');
    await timers.advance(1);
    assert.equal(third.at, 60_000, 'as soon as the first grant is a minute old');
  });

  it('holds a request that would pass tpm until enough tokens leave the window', async () => {
    const timers = new FakeTimers(0);
    const limiter = new RateLimiter(timers, { openai: { tpm: 1000 } });
    track(limiter, timers, 'a', 600);
    await timers.advance(5_000);
    track(limiter, timers, 'b', 300);
    const big = track(limiter, timers, 'c', 500);
    await timers.advance(54_999);
    assert.equal(big.settled, 'pending', '600 + 300 + 500 > 1000');
    await timers.advance(1);
    assert.equal(big.at, 60_000, 'once the 600 leave, 300 + 500 fit');
  });

  it('serves waiters first in first out: a small request does not overtake a large one', async () => {
    const timers = new FakeTimers(0);
    const limiter = new RateLimiter(timers, { openai: { tpm: 1000 } });
    const log: string[] = [];
    track(limiter, timers, 'first', 900, undefined, log);
    const large = track(limiter, timers, 'large', 800, undefined, log);
    const small = track(limiter, timers, 'small', 50, undefined, log);
    await timers.advance(0);
    assert.deepEqual([large.settled, small.settled], ['pending', 'pending'], '50 would fit, but waits its turn');
    await timers.advance(60_000);
    assert.deepEqual(log, ['first', 'large', 'small']);
    assert.deepEqual([large.at, small.at], [60_000, 60_000]);
  });

  it('applies rpm and tpm together', async () => {
    const timers = new FakeTimers(0);
    const limiter = new RateLimiter(timers, { openai: { rpm: 3, tpm: 100 } });
    const requests = ['a', 'b', 'c', 'd'].map((name) => track(limiter, timers, name, 10));
    await timers.advance(0);
    assert.deepEqual(requests.map((request) => request.settled), ['granted', 'granted', 'granted', 'pending'], 'rpm binds');
    await timers.advance(60_000);
    const heavy = track(limiter, timers, 'e', 95);
    await timers.advance(0);
    assert.equal(heavy.settled, 'pending', 'tpm binds: 10 of d + 95 > 100');
    await timers.advance(60_000);
    assert.equal(heavy.at, 120_000);
  });

  it('lets a request larger than tpm alone go when the window holds no tokens', async () => {
    const timers = new FakeTimers(0);
    const limiter = new RateLimiter(timers, { openai: { tpm: 1000 } });
    const alone = track(limiter, timers, 'alone', 5000);
    await timers.advance(0);
    assert.equal(alone.at, 0, 'an empty window lets it through at once');
    const small = track(limiter, timers, 'small', 10);
    await timers.advance(30_000);
    const huge = track(limiter, timers, 'huge', 5000);
    await timers.advance(29_999);
    assert.equal(small.settled, 'pending', 'the window is full');
    await timers.advance(1);
    assert.deepEqual([small.at, huge.settled], [60_000, 'pending']);
    await timers.advance(60_000);
    assert.equal(huge.at, 120_000, 'once the small one left too');
  });

  it('removes an aborted waiter, rejects it, and lets the one behind it move up', async () => {
    const timers = new FakeTimers(0);
    const limiter = new RateLimiter(timers, { openai: { tpm: 1000 } });
    track(limiter, timers, 'first', 500);
    const controller = new AbortController();
    const blocked = track(limiter, timers, 'blocked', 900, controller.signal);
    const behind = track(limiter, timers, 'behind', 400);
    await timers.advance(0);
    assert.equal(limiter.waiting('openai'), 2);
    controller.abort();
    await flushPromises();
    assert.deepEqual([blocked.settled, behind.settled, behind.at], ['aborted', 'granted', 0]);
    assert.equal(limiter.waiting('openai'), 0);
    assert.equal(timers.pending, 0, 'no timer left armed for nobody');
  });

  it('rejects at once when the signal has already aborted', async () => {
    const timers = new FakeTimers(0);
    const limiter = new RateLimiter(timers, { openai: { rpm: 1 } });
    await assert.rejects(limiter.acquire('openai', 1, AbortSignal.abort()), AbortError);
  });

  it('lets the waiters go when the limits are lifted', async () => {
    const timers = new FakeTimers(0);
    const limiter = new RateLimiter(timers, { openai: { rpm: 1 } });
    track(limiter, timers, 'a', 1);
    const waiting = track(limiter, timers, 'b', 1);
    await timers.advance(0);
    limiter.setLimits('openai', {});
    await flushPromises();
    assert.equal(waiting.settled, 'granted');
    assert.equal(timers.pending, 0);
  });
});
