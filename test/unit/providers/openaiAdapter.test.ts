// The OpenAI adapter with the real `openai` SDK against a local server speaking the
// chat-completions wire format: what a user sees (text, usage, finish, one error) and what the
// server received (one request, the key, the body).
import assert from 'node:assert/strict';
import type { ProviderConfig } from '../../../src/core/routing/routerConfig';
import { createProviderAdapter } from '../../../src/providers/adapterFactory';
import { OpenAIAdapter } from '../../../src/providers/openaiAdapter';
import { resolveProvider } from '../../../src/providers/providerPresets';
import { reply, startOpenAIWire, type WireServer } from '../../support/wire/wireServer';
import { collect, failureOf, finishOf, foldedUsage, itClassifiesFailures, never, textEvents, textOf, usageEvents, watchUnhandledRejections } from './adapterHarness';

const KEY = 'sk-test-Zq8vN3kLmP4rT7wXyB2cD5fG';
const NOW = Date.parse('Tue, 01 Dec 2026 10:00:00 GMT');

/** `apiKey: null` for a provider without a key. */
function adapterFor(server: WireServer, config: Partial<ProviderConfig> = {}, apiKey: string | null = KEY) {
  const full: ProviderConfig = { id: 'openai', kind: 'openai', models: [], ...config, baseUrl: server.baseUrl };
  return createProviderAdapter(full, apiKey ?? undefined, { clock: () => NOW });
}

describe('providers: OpenAI adapter against the chat-completions wire format', () => {
  watchUnhandledRejections();
  let server: WireServer;
  beforeEach(async () => {
    server = await startOpenAIWire();
  });
  afterEach(async () => {
    await server.close();
  });

  describe('a normal answer', () => {
    it('yields the text deltas in order, then usage, then finish', async () => {
      server.enqueue(reply.text('Hello there, friend!', { chunks: 4, usage: { input: 12, output: 5 } }));
      const events = await collect(adapterFor(server));
      assert.deepEqual(textEvents(events), ['Hello', ' ther', 'e, fr', 'iend!']);
      assert.equal(finishOf(events), 'stop');
      assert.deepEqual(events.slice(-2).map((event) => event.type), ['usage', 'finish']);
    });

    it('takes cached tokens out of input: input = prompt_tokens - cached_tokens', async () => {
      const rawUsage = { prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050, prompt_tokens_details: { cached_tokens: 800 } };
      server.enqueue(reply.text('Cached.', { rawUsage }));
      const events = await collect(adapterFor(server));
      assert.deepEqual(foldedUsage(events), { input: 200, output: 50, cacheRead: 800, cacheWrite: 0 });
      assert.equal(usageEvents(events).length, 1);
      assert.equal(usageEvents(events)[0]?.costUsd, undefined, 'OpenAI reports no price');
    });

    it('asks for usage in the stream and sends the key as a Bearer token, once, without SDK retries', async () => {
      server.enqueue(reply.text('Hi'));
      await collect(adapterFor(server));
      assert.equal(server.requests.length, 1);
      const [request] = server.requests;
      assert.equal(request?.headers['authorization'], `Bearer ${KEY}`);
      assert.equal(request?.path, '/v1/chat/completions');
      assert.deepEqual(request?.json['stream_options'], { include_usage: true });
      assert.equal(request?.json['stream'], true);
      assert.equal(request?.json['max_completion_tokens'], 64, 'OpenAI models take max_completion_tokens');
      assert.deepEqual(request?.json['messages'], [{ role: 'user', content: 'Say hello.' }]);
    });

    it('a stream without usage finishes with no usage event', async () => {
      server.enqueue(reply.text('No usage here.', { withoutUsage: true }));
      const events = await collect(adapterFor(server));
      assert.equal(textOf(events), 'No usage here.');
      assert.equal(finishOf(events), 'stop');
      assert.equal(usageEvents(events).length, 0);
    });

    for (const [raw, mapped] of [['length', 'length'], ['content_filter', 'content-filter'], ['tool_calls', 'tool-calls'], ['eos', 'stop'], ['something_new', 'other']] as const) {
      it(`maps finish_reason "${raw}" to "${mapped}"`, async () => {
        server.enqueue(reply.text('Done', { finishReason: raw }));
        assert.equal(finishOf(await collect(adapterFor(server))), mapped);
      });
    }
  });

  describe('failures: one error event, never a throw, no SDK retry', () => {
    const statuses = [
      [401, 'auth'],
      [403, 'auth'],
      [400, 'bad-request'],
      [404, 'bad-request'],
      [409, 'server'],
      [422, 'bad-request'],
      [500, 'server'],
      [503, 'server'],
      [529, 'overloaded'],
    ] as const;
    const retryForms = [
      ['retry-after-ms', '1500', 1500],
      ['retry-after', '3', 3000],
      ['retry-after', 'Tue, 01 Dec 2026 10:00:30 GMT', 30_000],
    ] as const;
    itClassifiesFailures(() => ({ server, adapter: () => adapterFor(server) }), statuses, retryForms);

    it('a 429 without retry headers has no retryAfterMs', async () => {
      server.enqueue(reply.error(429));
      assert.equal(failureOf(await collect(adapterFor(server))).retryAfterMs, undefined);
    });

    it('a connection reset before any byte is class network', async () => {
      server.enqueue(reply.reset());
      const events = await collect(adapterFor(server));
      assert.equal(failureOf(events).errorClass, 'network');
      assert.equal(server.requests.length, 1);
    });

    it('a connection refused is class network', async () => {
      const url = server.baseUrl;
      await server.close();
      const adapter = createProviderAdapter({ id: 'openai', kind: 'openai', models: [], baseUrl: url }, KEY);
      const failure = failureOf(await collect(adapter));
      assert.equal(failure.errorClass, 'network');
      assert.match(failure.message, /ECONNREFUSED/);
      server = await startOpenAIWire();
    });

    it('an HTML page with 200 is class malformed', async () => {
      server.enqueue(reply.html());
      const failure = failureOf(await collect(adapterFor(server)));
      assert.equal(failure.errorClass, 'malformed');
      assert.match(failure.message, /text\/html/);
    });

    it('broken JSON in the event stream is class malformed, after the text that came before it', async () => {
      server.enqueue(reply.malformed({ afterChunks: 2, text: 'Good text' }));
      const events = await collect(adapterFor(server));
      assert.equal(textOf(events), 'Good text');
      assert.equal(failureOf(events).errorClass, 'malformed');
    });

    it('a body that is not SSE at all is class malformed', async () => {
      server.enqueue(reply.malformed({ form: 'not-sse' }));
      assert.equal(failureOf(await collect(adapterFor(server))).errorClass, 'malformed');
    });

    it('a stream cut mid-way keeps the text received, then reports class network', async () => {
      server.enqueue(reply.cut('One two three four', 2, { chunks: 4 }));
      const events = await collect(adapterFor(server));
      assert.deepEqual(textEvents(events), ['One t', 'wo th']);
      assert.equal(failureOf(events).errorClass, 'network');
    });

    it('a stream that ends cleanly without a finish reason is class network', async () => {
      server.enqueue(reply.text('Half an answ', { chunks: 3, endAfterChunks: 2 }));
      const events = await collect(adapterFor(server));
      assert.equal(textOf(events), 'Half an ');
      assert.equal(failureOf(events).errorClass, 'network');
    });

    it('an in-stream error with an HTTP code (OpenRouter) is classed by the code', async () => {
      server.enqueue(reply.text('Partial', { errorAfterChunks: { chunks: 1, type: 'provider_error', code: 429 } }));
      const events = await collect(adapterFor(server));
      assert.equal(failureOf(events).errorClass, 'rate-limit');
      assert.ok(textOf(events).length > 0);
    });

    it('never puts the key in a failure message, even when the server echoes it', async () => {
      server.enqueue(reply.error(401, { message: `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com.` }));
      const failure = failureOf(await collect(adapterFor(server)));
      assert.equal(failure.errorClass, 'auth');
      assert.ok(!failure.message.includes(KEY), failure.message);
      assert.ok(!failure.message.includes(KEY.slice(8)), failure.message);
      assert.match(failure.message, /Incorrect API key provided/);
    });
  });

  describe('cancellation', () => {
    it('aborting mid-stream ends the stream promptly with class cancelled, keeping the text', async function () {
      this.timeout(5000);
      server.enqueue(reply.text('First second third fourth', { chunks: 4, pause: { afterChunks: 2, until: never() } }));
      const controller = new AbortController();
      const events = [];
      for await (const event of adapterFor(server).stream({ model: 'm', messages: [{ role: 'user', content: 'x' }], maxTokens: 5, signal: controller.signal })) {
        events.push(event);
        if (textEvents(events).length === 2) controller.abort();
      }
      assert.deepEqual(textEvents(events), ['First s', 'econd t']);
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

    it('an already aborted signal sends nothing', async () => {
      const controller = new AbortController();
      controller.abort();
      assert.equal(failureOf(await collect(adapterFor(server), controller.signal)).errorClass, 'cancelled');
      assert.equal(server.requests.length, 0);
    });
  });

  describe('keys', () => {
    it('a provider that needs a key and has none fails with auth before sending anything', async () => {
      const failure = failureOf(await collect(adapterFor(server, {}, null)));
      assert.equal(failure.errorClass, 'auth');
      assert.match(failure.message, /OPENAI_API_KEY/);
      assert.equal(server.requests.length, 0);
    });

    it('a keyless local server gets no Authorization header, even with OPENAI_* variables set', async () => {
      const saved = { key: process.env['OPENAI_API_KEY'], org: process.env['OPENAI_ORG_ID'] };
      process.env['OPENAI_API_KEY'] = 'sk-env-must-not-leak-1234567890';
      process.env['OPENAI_ORG_ID'] = 'org-must-not-leak';
      try {
        server.enqueue(reply.text('Local answer'));
        const events = await collect(adapterFor(server, { id: 'local', kind: 'openai-compatible', preset: 'ollama' }, null));
        assert.equal(textOf(events), 'Local answer');
        const headers = server.requests[0]?.headers ?? {};
        assert.equal(headers['authorization'], undefined);
        assert.equal(headers['openai-organization'], undefined);
      } finally {
        restoreEnv('OPENAI_API_KEY', saved.key);
        restoreEnv('OPENAI_ORG_ID', saved.org);
      }
    });
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

describe('providers: OpenAI-compatible usage quirks', () => {
  watchUnhandledRejections();
  let server: WireServer;
  beforeEach(async () => {
    server = await startOpenAIWire();
  });
  afterEach(async () => {
    await server.close();
  });

  const compatible = (preset: string) => adapterFor(server, { id: preset, kind: 'openai-compatible', preset });

  it('DeepSeek: cache hits and misses from prompt_cache_hit_tokens / prompt_cache_miss_tokens', async () => {
    const rawUsage = { prompt_tokens: 1000, completion_tokens: 20, total_tokens: 1020, prompt_cache_hit_tokens: 600, prompt_cache_miss_tokens: 400 };
    server.enqueue(reply.text('Deep', { rawUsage }));
    assert.deepEqual(foldedUsage(await collect(compatible('deepseek'))), { input: 400, output: 20, cacheRead: 600, cacheWrite: 0 });
  });

  it('Groq: usage from x_groq.usage in the last chunk', async () => {
    server.enqueue(reply.text('Fast', { usageIn: 'x_groq', rawUsage: { prompt_tokens: 23, completion_tokens: 19, total_tokens: 42, queue_time: 0.07 } }));
    const events = await collect(compatible('groq'));
    assert.deepEqual(foldedUsage(events), { input: 23, output: 19, cacheRead: 0, cacheWrite: 0 });
    assert.equal(server.requests[0]?.json['max_tokens'], 64);
  });

  it('OpenRouter: asks for usage accounting and records its reported cost; cache writes leave input', async () => {
    const rawUsage = { prompt_tokens: 1000, completion_tokens: 10, total_tokens: 1010, cost: 0.00042, prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 50 } };
    server.enqueue(reply.text('Routed', { rawUsage }));
    const events = await collect(compatible('openrouter'));
    assert.deepEqual(server.requests[0]?.json['usage'], { include: true });
    const [usage] = usageEvents(events);
    assert.equal(usage?.costUsd, 0.00042);
    assert.deepEqual(usage?.usage, { input: 850, output: 10, cacheRead: 100, cacheWrite: 50 });
  });

  it('a `cost` field from a provider that does not report prices is not taken as one', async () => {
    server.enqueue(reply.text('x', { rawUsage: { prompt_tokens: 5, completion_tokens: 1, cost: 3 } }));
    assert.equal(usageEvents(await collect(compatible('together')))[0]?.costUsd, undefined);
  });

  it('xAI: reasoning tokens outside completion_tokens are added to output', async () => {
    const rawUsage = { prompt_tokens: 10120, completion_tokens: 1499, total_tokens: 14428, prompt_tokens_details: { cached_tokens: 128 }, completion_tokens_details: { reasoning_tokens: 2809 } };
    server.enqueue(reply.text('Grok', { rawUsage }));
    assert.deepEqual(foldedUsage(await collect(compatible('xai'))), { input: 9992, output: 4308, cacheRead: 128, cacheWrite: 0 });
  });

  it('OpenAI: reasoning tokens already inside completion_tokens are not added again', async () => {
    server.enqueue(reply.text('o', { rawUsage: { prompt_tokens: 100, completion_tokens: 500, total_tokens: 600, completion_tokens_details: { reasoning_tokens: 200 } } }));
    assert.equal(foldedUsage(await collect(adapterFor(server))).output, 500);
  });

  it('Perplexity: cumulative usage on every chunk gives one usage event, the last figures', async () => {
    server.enqueue(reply.text('Searched answer', { usageIn: 'every-chunk', rawUsage: { prompt_tokens: 10, completion_tokens: 7, total_tokens: 17 } }));
    const events = await collect(compatible('perplexity'));
    assert.equal(usageEvents(events).length, 1);
    assert.deepEqual(foldedUsage(events), { input: 10, output: 7, cacheRead: 0, cacheWrite: 0 });
  });

  it('Mistral: no stream_options (it answers 422), max_tokens, usage from the final chunk', async () => {
    server.enqueue(reply.text('Bonjour', { usageIn: 'final-chunk', usage: { input: 9, output: 2 } }));
    const events = await collect(compatible('mistral'));
    const body = server.requests[0]?.json ?? {};
    assert.equal('stream_options' in body, false);
    assert.equal(body['max_tokens'], 64);
    assert.equal('max_completion_tokens' in body, false);
    assert.deepEqual(foldedUsage(events), { input: 9, output: 2, cacheRead: 0, cacheWrite: 0 });
  });

  it('a bare base URL on a known host keeps that provider quirks', () => {
    const resolved = resolveProvider({ id: 'm', kind: 'openai-compatible', baseUrl: 'https://api.mistral.ai/v1', models: [] });
    assert.equal(resolved.preset, 'mistral');
    assert.equal(resolved.quirks.streamOptions, false);
  });

  it('builds the client lazily: constructing an adapter sends nothing and loads no SDK', () => {
    const adapter = new OpenAIAdapter({ providerId: 'p', baseUrl: server.baseUrl, apiKey: KEY, needsKey: true, quirks: resolveProvider({ id: 'p', kind: 'openai', models: [] }).quirks });
    assert.equal(adapter.providerId, 'p');
    assert.equal(server.requests.length, 0);
  });
});
