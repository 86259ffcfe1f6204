// Retries through the whole router: the wait each retry-after form asks for (on fake time), the
// statuses worth another try, and a refused key that disables its provider until the key changes.
import assert from 'node:assert/strict';
import { RouteFailedError } from '../../../src/core/routing/routeRequest';
import { reply } from '../../support/wire/wireServer';
import { MINI, OPENAI_KEY, config, makeHarness, openaiProvider, openaiServer, rejectionOf, useRouterCleanup } from './routerHarness';

describe('router: retries against the wire server', () => {
  useRouterCleanup();

  const forms: readonly [string, string, number][] = [
    ['retry-after-ms', '1500', 1500],
    ['retry-after', '3', 3000],
  ];
  for (const [header, value, expected] of forms) {
    it(`429 with ${header}: ${value} waits ${expected} ms, then the retry answers`, async () => {
      const server = await openaiServer();
      const h = await makeHarness(config([openaiProvider(server)]));
      server.enqueue(reply.error(429, { headers: { [header]: value } }), reply.text('After the wait', { usage: { input: 10, output: 3 } }));
      const { result, waits, notices } = await h.route({});
      assert.equal(result.text, 'After the wait');
      assert.equal(server.requests.length, 2, 'one 429, one retry');
      assert.deepEqual(waits, [expected]);
      assert.match(notices[0] ?? '', /oa\/wire-mini: .*429.*retrying in \d+\.\d s \(attempt 2 of 3\)/);
      const row = await h.row(result.id);
      assert.equal(row.status, 'ok');
      assert.deepEqual(
        row.attempts.map((attempt) => [attempt.provider, attempt.model, attempt.status, attempt.errorClass, attempt.httpStatus]),
        [
          ['oa', MINI.id, 'error', 'rate-limit', 429],
          ['oa', MINI.id, 'ok', undefined, undefined],
        ],
      );
      assert.equal(row.fallbackUsed, false);
      // Latency and time to first token count from the request, the wait included.
      assert.equal(row.latencyMs, expected);
      assert.equal(row.ttftMs, expected);
      assert.equal(result.ttftMs, expected);
    });
  }

  it('429 with retry-after as an HTTP date waits until that date', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)]));
    // The adapter reads the date against the real clock; five seconds from now, to the second.
    const date = new Date(Date.now() + 5_000).toUTCString();
    server.enqueue(reply.error(429, { headers: { 'retry-after': date } }), reply.text('Dated', { usage: { input: 10, output: 1 } }));
    const { result, waits } = await h.route({});
    assert.equal(result.text, 'Dated');
    assert.equal(server.requests.length, 2);
    const wait = waits[0] ?? -1;
    assert.ok(wait > 3_000 && wait <= 5_000, `waited ${wait} ms for a date ~5 s ahead`);
    assert.deepEqual((await h.row(result.id)).attempts.map((attempt) => attempt.status), ['error', 'ok']);
  });

  it('500, 503 and 529 are each retried, and every attempt is in the ledger row', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)], { maxAttempts: 4 }));
    server.enqueue(reply.error(500), reply.error(503), reply.error(529), reply.text('Fourth time lucky', { usage: { input: 10, output: 4 } }));
    const { result, waits } = await h.route({});
    assert.equal(result.text, 'Fourth time lucky');
    assert.equal(server.requests.length, 4);
    assert.equal(waits.length, 3);
    // Full-jitter backoff from 500 ms, doubling: each wait below its ceiling.
    waits.forEach((wait, index) => assert.ok(wait >= 0 && wait < 500 * 2 ** index, `wait ${index + 1}: ${wait} ms`));
    const row = await h.row(result.id);
    assert.deepEqual(
      row.attempts.map((attempt) => [attempt.status, attempt.errorClass, attempt.httpStatus]),
      [
        ['error', 'server', 500],
        ['error', 'server', 503],
        ['error', 'overloaded', 529],
        ['ok', undefined, undefined],
      ],
    );
    assert.equal(row.status, 'ok');
    assert.equal(row.estimated, false);
  });

  it('a provider asking for more than 60 s is not waited for: the next candidate answers at once', async () => {
    const busy = await openaiServer();
    const other = await openaiServer();
    const h = await makeHarness(config([openaiProvider(busy), openaiProvider(other, { id: 'oa2', models: [{ ...MINI, input: 1, output: 2 }] })]));
    busy.enqueue(reply.error(429, { headers: { 'retry-after': '90' } }));
    other.enqueue(reply.text('No waiting', { usage: { input: 10, output: 2 } }));
    const { result, waits } = await h.route({});
    assert.equal(result.provider, 'oa2');
    assert.deepEqual(waits, []);
    assert.equal(busy.requests.length, 1);
    assert.equal(result.latencyMs, 0);
  });

  it('the waits of one request are capped at 60 s in total', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)]));
    server.enqueue(reply.error(429, { headers: { 'retry-after': '40' } }), reply.error(429, { headers: { 'retry-after': '40' } }), reply.text('too late'));
    const error = await rejectionOf(h.route({}));
    assert.ok(error instanceof RouteFailedError, String(error));
    assert.equal(server.requests.length, 2, 'waited 40 s once; a second 40 s would pass 60 s');
  });

  it('gives up after maxAttempts and says what happened to each attempt', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)], { maxAttempts: 2 }));
    server.enqueue(reply.error(503), reply.error(503), reply.text('never reached'));
    const error = await rejectionOf(h.route({}));
    assert.ok(error instanceof RouteFailedError, String(error));
    assert.match(error.message, /No provider answered\. oa\/wire-mini: .*503/);
    assert.equal(server.requests.length, 2);
    assert.equal(error.attempts.length, 2);
    const rows = await h.database.read((db) => db.all('SELECT status, cost_nanos, attempts FROM ledger'));
    assert.equal(rows.length, 1, 'a failed request leaves one row too');
    assert.equal(rows[0]?.status, 'error');
    assert.equal(rows[0]?.cost_nanos, 0);
  });

  it('the messages a user reads about failures are punctuated as sentences', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)], { maxAttempts: 2 }));
    server.enqueue(reply.reset(), reply.reset());
    const notices: string[] = [];
    const error = await rejectionOf(h.route({}, { onNotice: (notice) => notices.push(notice) }));
    assert.ok(error instanceof RouteFailedError, String(error));
    assert.equal(notices.length, 1, 'one retry notice');
    assert.match(error.message, /could not reach the server/);
    assert.doesNotMatch(error.message, /\.\.|\.;/, error.message);
    for (const notice of notices) assert.doesNotMatch(notice, /\.\.|\.;|\.\)/, notice);
  });

  it('a 401 is not retried; the provider stays disabled (nothing sent) until its key changes', async () => {
    const server = await openaiServer({ apiKey: OPENAI_KEY });
    const h = await makeHarness(config([openaiProvider(server)]));
    h.keys.keys.set('oa', 'a-wrong-key-for-this-test');

    const first = await rejectionOf(h.route({}));
    assert.ok(first instanceof RouteFailedError, String(first));
    assert.equal(server.requests.length, 1, 'a refused key is not retried');
    assert.deepEqual(first.attempts.map((attempt) => [attempt.status, attempt.errorClass, attempt.httpStatus]), [['error', 'auth', 401]]);
    assert.doesNotMatch(first.message, /a-wrong-key-for-this-test/, 'the key never shows in a message');

    const second = await rejectionOf(h.route({}));
    assert.match(second.message, /API key refused/);
    assert.equal(server.requests.length, 1, 'the disabled provider is not asked again');
    const [status] = await h.services.providers();
    assert.ok(status?.disabled, 'Show Providers says the provider is disabled');

    // The user sets the right key: the extension forgets its connections.
    h.keys.keys.set('oa', OPENAI_KEY);
    h.services.connections.invalidate();
    server.enqueue(reply.text('Welcome back', { usage: { input: 10, output: 2 } }));
    const { result } = await h.route({});
    assert.equal(result.text, 'Welcome back');
    assert.equal(server.requests.length, 2);
    assert.equal((await h.services.providers())[0]?.disabled, null);
  });

  it('a 401 on the first provider falls back to the next one at once', async () => {
    const refusing = await openaiServer({ apiKey: OPENAI_KEY });
    const other = await openaiServer();
    const h = await makeHarness(config([openaiProvider(refusing, { id: 'oa' }), openaiProvider(other, { id: 'oa2', models: [{ ...MINI, input: 1, output: 2 }] })]));
    h.keys.keys.set('oa', 'another-wrong-key');
    other.enqueue(reply.text('From the second', { usage: { input: 5, output: 3 } }));
    const { result } = await h.route({});
    assert.equal(result.provider, 'oa2');
    assert.equal(result.fallbackUsed, true);
    assert.equal(refusing.requests.length, 1);
    assert.equal(other.requests.length, 1);
  });
});
