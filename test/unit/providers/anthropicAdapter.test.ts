// The Anthropic adapter with the real `@anthropic-ai/sdk` against a local server speaking the
// messages wire format.
import assert from 'node:assert/strict';
import type { ChatMessage } from '../../../src/core/routing/streamEvent';
import { createProviderAdapter } from '../../../src/providers/adapterFactory';
import { reply, startAnthropicWire, type WireServer } from '../../support/wire/wireServer';
import { collect, failureOf, finishOf, foldedUsage, itClassifiesFailures, never, textEvents, textOf, usageEvents, watchUnhandledRejections } from './adapterHarness';

const KEY = 'sk-ant-api03-Hq7Lm2Np9Rt4Vw6Xz8Bc3Df5Gj';
const NOW = Date.parse('Tue, 01 Dec 2026 10:00:00 GMT');

function adapterFor(server: WireServer, apiKey: string | null = KEY) {
  return createProviderAdapter({ id: 'anthropic', kind: 'anthropic', models: [], baseUrl: server.baseUrl }, apiKey ?? undefined, { clock: () => NOW });
}

describe('providers: Anthropic adapter against the messages wire format', () => {
  watchUnhandledRejections();
  let server: WireServer;
  beforeEach(async () => {
    server = await startAnthropicWire();
  });
  afterEach(async () => {
    await server.close();
  });

  describe('a normal answer', () => {
    it('yields the text deltas in order and finishes', async () => {
      server.enqueue(reply.text('Hello from Claude.', { chunks: 3 }));
      const events = await collect(adapterFor(server));
      assert.deepEqual(textEvents(events), ['Hello ', 'from C', 'laude.']);
      assert.equal(finishOf(events), 'stop');
    });

    it('reports usage from message_start (input, cache read and write) and message_delta (cumulative output)', async () => {
      server.enqueue(reply.text('Cached answer', { usage: { input: 200, output: 42, cacheRead: 800, cacheWrite: 100 } }));
      const events = await collect(adapterFor(server));
      const usage = usageEvents(events);
      assert.equal(usage.length, 2);
      assert.deepEqual(usage[0]?.usage, { input: 200, output: 1, cacheRead: 800, cacheWrite: 100 }, 'message_start comes before any text');
      assert.equal(events[0]?.type, 'usage');
      assert.deepEqual(usage[1]?.usage, { output: 42 });
      assert.deepEqual(foldedUsage(events), { input: 200, output: 42, cacheRead: 800, cacheWrite: 100 });
    });

    it('takes input and cache figures from message_delta when it carries them', async () => {
      const rawDeltaUsage = { input_tokens: 210, cache_read_input_tokens: 790, cache_creation_input_tokens: 0, output_tokens: 7 };
      server.enqueue(reply.text('Delta', { usage: { input: 200, output: 7, cacheRead: 800 }, rawDeltaUsage }));
      assert.deepEqual(foldedUsage(await collect(adapterFor(server))), { input: 210, output: 7, cacheRead: 790, cacheWrite: 0 });
    });

    it('sends system messages as the system parameter, the key, one request', async () => {
      const messages: ChatMessage[] = [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Again?' },
      ];
      server.enqueue(reply.text('Bonjour.'));
      await collect(adapterFor(server), undefined, messages);
      assert.equal(server.requests.length, 1);
      const [request] = server.requests;
      assert.equal(request?.path, '/v1/messages');
      assert.equal(request?.json['system'], 'You are terse.\n\nAnswer in French.');
      assert.deepEqual(request?.json['messages'], [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Again?' },
      ]);
      assert.equal(request?.json['max_tokens'], 64);
      const headers = request?.headers ?? {};
      assert.ok(headers['x-api-key'] === KEY || headers['authorization'] === `Bearer ${KEY}`, JSON.stringify(headers));
    });

    it('a configured base URL ending in /v1 is not doubled', async () => {
      const adapter = createProviderAdapter({ id: 'a', kind: 'anthropic', models: [], baseUrl: `${server.url}/v1/` }, KEY);
      assert.equal(finishOf(await collect(adapter)), 'stop');
      assert.equal(server.requests[0]?.path, '/v1/messages');
    });

    it('a stream without usage finishes with no usage event', async () => {
      server.enqueue(reply.text('Bare', { withoutUsage: true }));
      const events = await collect(adapterFor(server));
      assert.equal(textOf(events), 'Bare');
      assert.equal(finishOf(events), 'stop');
      assert.equal(usageEvents(events).length, 0);
    });

    for (const [raw, mapped] of [['max_tokens', 'length'], ['stop_sequence', 'stop'], ['tool_use', 'tool-calls'], ['refusal', 'content-filter'], ['pause_turn', 'other']] as const) {
      it(`maps stop_reason "${raw}" to "${mapped}"`, async () => {
        server.enqueue(reply.text('Stop', { finishReason: raw }));
        assert.equal(finishOf(await collect(adapterFor(server))), mapped);
      });
    }
  });

  describe('failures: one error event, never a throw, no SDK retry', () => {
    const statuses = [
      [401, 'auth'],
      [403, 'auth'],
      [400, 'bad-request'],
      [413, 'bad-request'],
      [500, 'server'],
      [503, 'server'],
      [529, 'overloaded'],
    ] as const;
    const retryForms = [
      ['retry-after-ms', '250', 250],
      ['retry-after', '12', 12_000],
      ['retry-after', 'Tue, 01 Dec 2026 10:01:00 GMT', 60_000],
    ] as const;
    itClassifiesFailures(() => ({ server, adapter: () => adapterFor(server) }), statuses, retryForms);

    it('an overloaded_error event inside the stream is class overloaded, after the text before it', async () => {
      server.enqueue(reply.streamError('overloaded_error', 1, 'Partial answer'));
      const events = await collect(adapterFor(server));
      assert.equal(textOf(events), 'Parti', 'the first of three chunks of "Partial answer"');
      const failure = failureOf(events);
      assert.equal(failure.errorClass, 'overloaded');
      assert.equal(failure.status, undefined);
    });

    it('an in-stream error is classed by its type (rate_limit_error)', async () => {
      server.enqueue(reply.streamError('rate_limit_error', 0));
      assert.equal(failureOf(await collect(adapterFor(server))).errorClass, 'rate-limit');
    });

    it('a connection reset before any byte is class network', async () => {
      server.enqueue(reply.reset());
      assert.equal(failureOf(await collect(adapterFor(server))).errorClass, 'network');
      assert.equal(server.requests.length, 1);
    });

    it('an HTML page with 200 is class malformed', async () => {
      server.enqueue(reply.html());
      assert.equal(failureOf(await collect(adapterFor(server))).errorClass, 'malformed');
    });

    it('broken JSON in the event stream is class malformed', async () => {
      server.enqueue(reply.malformed({ afterChunks: 1, text: 'Fine' }));
      const events = await collect(adapterFor(server));
      assert.equal(textOf(events), 'Fine');
      assert.equal(failureOf(events).errorClass, 'malformed');
    });

    it('a body that is not SSE at all is class malformed', async () => {
      server.enqueue(reply.malformed({ form: 'not-sse' }));
      assert.equal(failureOf(await collect(adapterFor(server))).errorClass, 'malformed');
    });

    it('a stream cut mid-way keeps the text and the input usage, then reports class network', async () => {
      server.enqueue(reply.cut('Alpha beta gamma delta', 2, { chunks: 4, usage: { input: 30, output: 9 } }));
      const events = await collect(adapterFor(server));
      assert.deepEqual(textEvents(events), ['Alpha ', 'beta g']);
      assert.equal(foldedUsage(events).input, 30, 'input is known from message_start');
      assert.equal(failureOf(events).errorClass, 'network');
    });

    it('never puts the key in a failure message, even when the server echoes it', async () => {
      server.enqueue(reply.error(401, { message: `invalid x-api-key: ${KEY}` }));
      const failure = failureOf(await collect(adapterFor(server)));
      assert.equal(failure.errorClass, 'auth');
      assert.ok(!failure.message.includes(KEY), failure.message);
    });

    it('without a key, fails with auth and sends nothing (no credential files, no environment)', async () => {
      const saved = process.env['ANTHROPIC_API_KEY'];
      process.env['ANTHROPIC_API_KEY'] = 'sk-ant-api03-from-the-environment-0000';
      try {
        const failure = failureOf(await collect(adapterFor(server, null)));
        assert.equal(failure.errorClass, 'auth');
        assert.match(failure.message, /ANTHROPIC_API_KEY/);
        assert.equal(server.requests.length, 0);
      } finally {
        if (saved === undefined) delete process.env['ANTHROPIC_API_KEY'];
        else process.env['ANTHROPIC_API_KEY'] = saved;
      }
    });
  });

  describe('cancellation', () => {
    it('aborting mid-stream ends the stream promptly with class cancelled, keeping the text', async function () {
      this.timeout(5000);
      server.enqueue(reply.text('One two three four', { chunks: 4, pause: { afterChunks: 1, until: never() } }));
      const controller = new AbortController();
      const events = [];
      for await (const event of adapterFor(server).stream({ model: 'm', messages: [{ role: 'user', content: 'x' }], maxTokens: 5, signal: controller.signal })) {
        events.push(event);
        if (event.type === 'text') controller.abort();
      }
      assert.deepEqual(textEvents(events), ['One t']);
      assert.equal(failureOf(events).errorClass, 'cancelled');
    });

    it('aborting before the first byte ends with class cancelled', async function () {
      this.timeout(5000);
      server.enqueue(reply.text('Too late', { firstByteDelayMs: 60_000 }));
      const controller = new AbortController();
      const stream = collect(adapterFor(server), controller.signal);
      while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      assert.equal(failureOf(await stream).errorClass, 'cancelled');
    });
  });
});
