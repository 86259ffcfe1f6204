// The circuit breaker per provider and model: closed -> open -> half-open -> closed or open.
import assert from 'node:assert/strict';
import { CircuitBreakers, type BreakerPermit } from '../../../src/core/routing/circuitBreaker';
import type { ErrorClass } from '../../../src/core/routing/streamEvent';
import { FakeTimers } from '../../support/fakeTimers';

const P = 'openai';
const M = 'gpt-4o-mini';

function setup(): { timers: FakeTimers; breakers: CircuitBreakers } {
  const timers = new FakeTimers(0);
  return { timers, breakers: new CircuitBreakers(timers) };
}

function permit(breakers: CircuitBreakers, provider = P, model = M): BreakerPermit {
  const granted = breakers.acquire(provider, model);
  assert.ok(granted, `${provider}/${model} should let a request through`);
  return granted;
}

function outcomes(breakers: CircuitBreakers, results: readonly (ErrorClass | 'ok')[]): void {
  for (const result of results) {
    const granted = permit(breakers);
    if (result === 'ok') breakers.succeeded(granted);
    else breakers.failed(granted, result);
  }
}

/** Opens the breaker of P/M with five straight failures. */
function trip(breakers: CircuitBreakers): void {
  outcomes(breakers, ['server', 'server', 'server', 'server', 'server']);
  assert.equal(breakers.snapshot(P, M).state, 'open');
}

describe('CircuitBreakers', () => {
  it('stays closed below the minimum number of requests, whatever their failure rate', () => {
    const { breakers } = setup();
    outcomes(breakers, ['server', 'network', 'timeout', 'overloaded']);
    assert.deepEqual(
      { state: breakers.snapshot(P, M).state, failures: breakers.snapshot(P, M).failures, requests: breakers.snapshot(P, M).requests },
      { state: 'closed', failures: 4, requests: 4 },
    );
  });

  it('opens when failures reach half of at least five requests, and refuses requests', () => {
    const { timers, breakers } = setup();
    outcomes(breakers, ['ok', 'ok', 'ok', 'server', 'server']);
    assert.equal(breakers.snapshot(P, M).state, 'closed', '2 of 5 is below 50%');
    outcomes(breakers, ['server']);
    const snapshot = breakers.snapshot(P, M);
    assert.deepEqual(snapshot, {
      provider: P,
      model: M,
      state: 'open',
      failures: 3,
      requests: 6,
      openedAt: timers.now(),
      retryAt: timers.now() + 30_000,
      retryInMs: 30_000,
      probeInFlight: false,
    });
    assert.equal(breakers.allows(P, M), false);
    assert.equal(breakers.acquire(P, M), null);
  });

  it('keeps each provider and model apart', () => {
    const { breakers } = setup();
    trip(breakers);
    assert.equal(breakers.allows(P, 'gpt-4o'), true);
    assert.equal(breakers.allows('anthropic', M), true);
    assert.deepEqual(
      breakers.snapshots().map((snapshot) => [snapshot.provider, snapshot.model, snapshot.state]),
      [[P, M, 'open']],
    );
  });

  it('forgets outcomes older than the rolling window', async () => {
    const { timers, breakers } = setup();
    outcomes(breakers, ['server', 'server', 'server', 'server']);
    await timers.advance(61_000);
    outcomes(breakers, ['server']);
    assert.deepEqual([breakers.snapshot(P, M).state, breakers.snapshot(P, M).requests], ['closed', 1]);
  });

  it('does not count bad requests, cancels, auth or unknown failures', () => {
    const { breakers } = setup();
    outcomes(breakers, ['bad-request', 'cancelled', 'auth', 'unknown', 'bad-request', 'cancelled']);
    assert.deepEqual([breakers.snapshot(P, M).failures, breakers.snapshot(P, M).requests], [0, 0]);
  });

  it('counts rate limits and malformed answers as failures', () => {
    const { breakers } = setup();
    outcomes(breakers, ['rate-limit', 'rate-limit', 'malformed', 'malformed', 'rate-limit']);
    assert.equal(breakers.snapshot(P, M).state, 'open');
  });

  it('goes half-open after the cool-down and lets exactly one probe through', async () => {
    const { timers, breakers } = setup();
    trip(breakers);
    await timers.advance(29_999);
    assert.equal(breakers.acquire(P, M), null, 'still cooling down');
    await timers.advance(1);
    assert.equal(breakers.snapshot(P, M).state, 'half-open');
    const probe = permit(breakers);
    assert.equal(probe.probe, true);
    assert.equal(breakers.acquire(P, M), null, 'a second request while the probe runs');
    assert.equal(breakers.allows(P, M), false);
    assert.equal(breakers.snapshot(P, M).probeInFlight, true);
  });

  it('closes on the probe success, with a fresh window', async () => {
    const { timers, breakers } = setup();
    trip(breakers);
    await timers.advance(30_000);
    breakers.succeeded(permit(breakers));
    const snapshot = breakers.snapshot(P, M);
    assert.deepEqual([snapshot.state, snapshot.failures, snapshot.requests, snapshot.openedAt, snapshot.retryAt], ['closed', 0, 0, null, null]);
    assert.equal(permit(breakers).probe, false);
  });

  it('re-opens for another cool-down on the probe failure', async () => {
    const { timers, breakers } = setup();
    trip(breakers);
    await timers.advance(30_000);
    breakers.failed(permit(breakers), 'timeout');
    const snapshot = breakers.snapshot(P, M);
    assert.deepEqual([snapshot.state, snapshot.openedAt, snapshot.retryAt], ['open', 30_000, 60_000]);
    await timers.advance(30_000);
    assert.equal(permit(breakers).probe, true);
  });

  it('hands the probe on when it ends without a verdict', async () => {
    const { timers, breakers } = setup();
    trip(breakers);
    await timers.advance(30_000);
    breakers.failed(permit(breakers), 'cancelled');
    assert.equal(breakers.snapshot(P, M).state, 'half-open');
    const next = permit(breakers);
    assert.equal(next.probe, true);
    breakers.release(next);
    assert.equal(permit(breakers).probe, true);
  });

  it('ignores late outcomes of requests that began before the breaker opened', async () => {
    const { timers, breakers } = setup();
    const slow = permit(breakers);
    trip(breakers);
    await timers.advance(30_000);
    breakers.succeeded(slow);
    assert.equal(breakers.snapshot(P, M).state, 'half-open', 'an old success must not close it');
    const probe = permit(breakers);
    breakers.failed(slow, 'server');
    breakers.succeeded(probe);
    assert.equal(breakers.snapshot(P, M).state, 'closed');
  });

  it('does not let an outcome from before the outage count in the fresh window after it', async () => {
    const { timers, breakers } = setup();
    const slow = permit(breakers);
    trip(breakers);
    await timers.advance(30_000);
    breakers.succeeded(permit(breakers));
    breakers.failed(slow, 'timeout');
    assert.deepEqual([breakers.snapshot(P, M).failures, breakers.snapshot(P, M).requests], [0, 0]);
  });
});
