// The circuit breaker through the whole router: after enough failures a model is skipped (its
// server sees nothing) and requests go to the other candidate; after the cool-down (fake time)
// exactly one probe goes through, and its outcome closes or re-opens the breaker.
import assert from 'node:assert/strict';
import { DEFAULT_BREAKER_OPTIONS } from '../../../src/core/routing/circuitBreaker';
import { reply } from '../../support/wire/wireServer';
import { MINI, config, makeHarness, openaiProvider, openaiServer, useRouterCleanup, waitUntil } from './routerHarness';

const { minimumRequests, cooldownMs } = DEFAULT_BREAKER_OPTIONS;

async function setUp() {
  const flaky = await openaiServer();
  const steady = await openaiServer();
  // One attempt per candidate, so each request is one outcome for the flaky model's breaker.
  const h = await makeHarness(config([openaiProvider(flaky), openaiProvider(steady, { id: 'oa2', models: [{ ...MINI, input: 1, output: 2 }] })], { maxAttempts: 1 }));
  steady.setDefault(reply.text('steady', { usage: { input: 10, output: 1 } }));
  return { h, flaky, steady };
}

interface Decision {
  readonly candidates: { provider: string; excluded?: string }[];
}

describe('router: circuit breaker', () => {
  useRouterCleanup();

  it('opens after enough failures, skips the model, and lets one probe through after the cool-down', async () => {
    const { h, flaky, steady } = await setUp();
    flaky.setDefault(reply.error(500));
    for (let i = 0; i < minimumRequests; i++) {
      const { result } = await h.route({});
      assert.equal(result.provider, 'oa2', `request ${i + 1} fell back`);
    }
    assert.equal(flaky.requests.length, minimumRequests);
    const [status] = await h.services.providers();
    assert.equal(status?.models[0]?.breaker.state, 'open');

    // Open: the flaky model is not even asked.
    const { result: skipped } = await h.route({});
    assert.equal(skipped.provider, 'oa2');
    assert.equal(skipped.fallbackUsed, false, 'the steady model is the first candidate now');
    assert.equal(flaky.requests.length, minimumRequests, 'no request while open');
    const decision = JSON.parse((await h.row(skipped.id)).decision) as Decision;
    assert.match(decision.candidates.find((c) => c.provider === 'oa')?.excluded ?? '', /circuit breaker open/);

    // Still open just before the cool-down ends.
    await h.timers.advance(cooldownMs - 1);
    await h.route({});
    assert.equal(flaky.requests.length, minimumRequests);

    // Half-open: one probe; it succeeds and closes the breaker.
    await h.timers.advance(1);
    flaky.setDefault(reply.text('recovered', { usage: { input: 10, output: 1 } }));
    const { result: probe } = await h.route({});
    assert.equal(probe.provider, 'oa');
    assert.equal(probe.text, 'recovered');
    assert.equal(flaky.requests.length, minimumRequests + 1);
    assert.equal((await h.services.providers())[0]?.models[0]?.breaker.state, 'closed');
    await h.route({});
    assert.equal(flaky.requests.length, minimumRequests + 2, 'closed again: requests flow');
    assert.equal(steady.requests.length, minimumRequests + 2);
  });

  it('a failed probe opens the breaker for another cool-down', async () => {
    const { h, flaky } = await setUp();
    flaky.setDefault(reply.error(503));
    for (let i = 0; i < minimumRequests; i++) await h.route({});
    await h.timers.advance(cooldownMs);
    const { result } = await h.route({});
    assert.equal(result.provider, 'oa2');
    assert.equal(flaky.requests.length, minimumRequests + 1, 'the probe went out and failed');
    await h.route({});
    assert.equal(flaky.requests.length, minimumRequests + 1, 'open again');
    await h.timers.advance(cooldownMs);
    flaky.setDefault(reply.text('ok now', { usage: { input: 1, output: 1 } }));
    assert.equal((await h.route({})).result.provider, 'oa');
  });

  it('while the probe is in flight, other requests do not go to the half-open model', async () => {
    const { h, flaky, steady } = await setUp();
    flaky.setDefault(reply.error(500));
    for (let i = 0; i < minimumRequests; i++) await h.route({});
    await h.timers.advance(cooldownMs);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    flaky.enqueue(reply.text('slow probe', { chunks: 2, usage: { input: 1, output: 1 }, pause: { afterChunks: 0, until: gate } }));
    const probe = h.route({});
    await waitUntil(() => flaky.requests.length === minimumRequests + 1, 'the probe');
    const before = steady.requests.length;
    const { result: other } = await h.route({});
    assert.equal(other.provider, 'oa2');
    assert.equal(flaky.requests.length, minimumRequests + 1, 'only one probe');
    assert.equal(steady.requests.length, before + 1);
    const decision = JSON.parse((await h.row(other.id)).decision) as Decision;
    assert.match(decision.candidates.find((c) => c.provider === 'oa')?.excluded ?? '', /half-open/);
    release();
    assert.equal((await probe).result.text, 'slow probe');
  });

  it('failures below the minimum number of requests do not open it', async () => {
    const { h, flaky } = await setUp();
    flaky.setDefault(reply.error(500));
    for (let i = 0; i < minimumRequests - 1; i++) await h.route({});
    flaky.setDefault(reply.text('fine', { usage: { input: 1, output: 1 } }));
    const { result } = await h.route({});
    assert.equal(result.provider, 'oa');
    assert.equal(flaky.requests.length, minimumRequests);
  });
});
