// Which failures are retried, how long the router waits first, and the caps on waiting.
import assert from 'node:assert/strict';
import { retryAfterFromHeaders } from '../../../src/core/routing/retryAfter';
import { DEFAULT_ROUTING } from '../../../src/core/routing/routerConfig';
import {
  backoffDelayMs,
  canFallBack,
  isRetryable,
  retryPolicyFrom,
  RetrySchedule,
  type RandomSource,
  type RetryPolicy,
} from '../../../src/core/routing/retryPolicy';
import type { ErrorClass, ProviderFailure } from '../../../src/core/routing/streamEvent';
import { SeededRandom } from '../support/random';

const NOW = Date.UTC(2026, 10, 24, 9, 0, 0);

function failure(errorClass: ErrorClass, retryAfterMs?: number): ProviderFailure {
  return { errorClass, message: errorClass, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

function policy(random: RandomSource = () => 0.5, maxAttempts = 10): RetryPolicy {
  return retryPolicyFrom({ maxAttempts }, random);
}

function headers(values: Record<string, string>): (name: string) => string | undefined {
  return (name) => values[name];
}

describe('retryPolicy: what is retried', () => {
  for (const errorClass of ['network', 'timeout', 'rate-limit', 'overloaded', 'server'] as const) {
    it(`retries ${errorClass}`, () => assert.equal(isRetryable(failure(errorClass)), true));
  }

  for (const errorClass of ['auth', 'bad-request', 'cancelled', 'unknown'] as const) {
    it(`does not retry ${errorClass}`, () => {
      assert.equal(isRetryable(failure(errorClass)), false);
      assert.equal(new RetrySchedule(policy()).nextDelay(failure(errorClass, 100), 1), null, 'not even when the provider says when');
    });
  }

  it('retries a malformed answer once per candidate, not twice', () => {
    const schedule = new RetrySchedule(policy());
    assert.notEqual(schedule.nextDelay(failure('malformed'), 1), null);
    assert.equal(schedule.nextDelay(failure('malformed'), 2), null);
  });

  it('falls back to another candidate after anything but a cancel', () => {
    assert.equal(canFallBack(failure('auth')), true);
    assert.equal(canFallBack(failure('bad-request')), true);
    assert.equal(canFallBack(failure('cancelled')), false);
  });

  it('stops after maxAttempts attempts on a candidate', () => {
    const schedule = new RetrySchedule(retryPolicyFrom(DEFAULT_ROUTING, () => 0));
    assert.equal(DEFAULT_ROUTING.maxAttempts, 3);
    assert.equal(schedule.nextDelay(failure('server'), 1), 0);
    assert.equal(schedule.nextDelay(failure('server'), 2), 0);
    assert.equal(schedule.nextDelay(failure('server'), 3), null);
  });
});

describe('retryPolicy: the wait', () => {
  it('waits what retry-after-ms asks', () => {
    const wait = retryAfterFromHeaders(headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), NOW);
    assert.equal(new RetrySchedule(policy()).nextDelay(failure('rate-limit', wait), 1), 1500);
  });

  it('waits what retry-after asks in seconds', () => {
    const wait = retryAfterFromHeaders(headers({ 'retry-after': '7' }), NOW);
    assert.equal(new RetrySchedule(policy()).nextDelay(failure('rate-limit', wait), 1), 7000);
  });

  it('waits until the HTTP date retry-after names', () => {
    const wait = retryAfterFromHeaders(headers({ 'retry-after': new Date(NOW + 12_000).toUTCString() }), NOW);
    assert.equal(new RetrySchedule(policy()).nextDelay(failure('overloaded', wait), 1), 12_000);
  });

  it('retries at once when retry-after is zero or a date in the past', () => {
    const past = retryAfterFromHeaders(headers({ 'retry-after': new Date(NOW - 5000).toUTCString() }), NOW);
    assert.equal(new RetrySchedule(policy()).nextDelay(failure('rate-limit', past), 1), 0);
  });

  it('uses backoff when the provider says nothing', () => {
    assert.equal(new RetrySchedule(policy(() => 0.5)).nextDelay(failure('server'), 1), 250);
  });

  it('stops rather than wait when a single wait would pass 60 s', () => {
    // A larger total, so that the cap on one wait is the one that binds.
    const schedule = new RetrySchedule({ ...policy(), maxTotalWaitMs: 600_000 });
    assert.equal(schedule.nextDelay(failure('rate-limit', 60_001), 1), null);
    assert.equal(schedule.waitedMs, 0);
    assert.equal(new RetrySchedule(policy()).nextDelay(failure('rate-limit', 60_000), 1), 60_000);
  });

  it('stops when the total waited over the request would pass 60 s, across candidates', () => {
    const schedule = new RetrySchedule(policy());
    assert.equal(schedule.nextDelay(failure('rate-limit', 30_000), 1), 30_000);
    assert.equal(schedule.nextDelay(failure('rate-limit', 25_000), 1), 25_000, 'another candidate, same request');
    assert.equal(schedule.nextDelay(failure('rate-limit', 5_001), 2), null);
    assert.equal(schedule.nextDelay(failure('rate-limit', 5_000), 2), 5_000);
    assert.equal(schedule.waitedMs, 60_000);
  });
});

describe('retryPolicy: backoff', () => {
  it('doubles its ceiling with each retry, up to 60 s', () => {
    // The largest draw below 1 gives ceiling - 1.
    const ceilingOf = (retry: number): number => backoffDelayMs(policy(() => 1 - 2 ** -40), retry) + 1;
    assert.deepEqual([1, 2, 3, 4, 5, 7, 8, 30].map(ceilingOf), [500, 1000, 2000, 4000, 8000, 32_000, 60_000, 60_000]);
  });

  it('draws each wait with full jitter inside [0, ceiling)', () => {
    const random = new SeededRandom(7);
    const seeded = policy(() => random.next());
    const seen = new Set<number>();
    for (let retry = 1; retry <= 12; retry++) {
      const ceiling = Math.min(60_000, 500 * 2 ** (retry - 1));
      for (let draw = 0; draw < 200; draw++) {
        const wait = backoffDelayMs(seeded, retry);
        assert.ok(wait >= 0 && wait < ceiling, `retry ${retry}: ${wait} outside [0, ${ceiling})`);
        seen.add(wait);
      }
    }
    assert.ok(seen.size > 1000, 'the waits are spread, not fixed');
  });

  it('grows on average from one retry to the next', () => {
    const random = new SeededRandom(11);
    const seeded = policy(() => random.next());
    const mean = (retry: number): number => {
      let sum = 0;
      for (let i = 0; i < 500; i++) sum += backoffDelayMs(seeded, retry);
      return sum / 500;
    };
    const means = [1, 2, 3, 4].map(mean);
    for (let i = 1; i < means.length; i++) assert.ok((means[i] ?? 0) > (means[i - 1] ?? 0) * 1.5, `mean ${means.join(', ')}`);
  });
});
