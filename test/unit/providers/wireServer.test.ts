// The wire servers themselves, with plain fetch: what other tests and the router benchmark rely
// on (scripting order, the default reply, recording, keys, JSON replies, a clean close).
import assert from 'node:assert/strict';
import { reply, startAnthropicWire, startOpenAIWire, type WireServer } from '../../support/wire/wireServer';
import { never } from './adapterHarness';

async function post(server: WireServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, type: response.headers.get('content-type'), headers: response.headers, text: await response.text() };
}

const dataLines = (text: string) => text.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6));

describe('test support: wire servers', () => {
  let server: WireServer;
  afterEach(async () => {
    await server?.close();
  });

  it('OpenAI: replies in FIFO order, then the default reply, and records each request', async () => {
    server = await startOpenAIWire();
    server.enqueue(reply.error(503, { headers: { 'retry-after': '1' } }), reply.text('Second', { chunks: 2 }));
    assert.equal(server.pending, 2);
    const first = await post(server, '/v1/chat/completions', { model: 'm', stream: true, messages: [] });
    assert.equal(first.status, 503);
    assert.equal(first.headers.get('retry-after'), '1');
    assert.deepEqual(JSON.parse(first.text), { error: { message: 'Scripted error 503', type: 'server_error', code: null, param: null } });
    const second = await post(server, '/v1/chat/completions', { model: 'm', stream: true, messages: [] });
    assert.match(second.type ?? '', /text\/event-stream/);
    const contents = dataLines(second.text).filter((line) => line !== '[DONE]').map((line) => JSON.parse(line).choices[0]?.delta?.content ?? '');
    assert.equal(contents.join(''), 'Second');
    assert.equal(dataLines(second.text).at(-1), '[DONE]');
    const third = await post(server, '/v1/chat/completions', { model: 'm', stream: true, messages: [] });
    assert.ok(third.text.includes('"content":"ok"'), 'the default reply');
    assert.equal(server.requests.length, 3);
    assert.equal(server.requests[1]?.json['model'], 'm');
    assert.equal(server.pending, 0);
  });

  it('OpenAI: a usage chunk with empty choices only when include_usage was asked', async () => {
    server = await startOpenAIWire();
    server.enqueue(reply.text('a', { usage: { input: 5, output: 1, cacheRead: 3 } }), reply.text('b'));
    const asked = await post(server, '/v1/chat/completions', { stream: true, stream_options: { include_usage: true } });
    const usageChunk = JSON.parse(dataLines(asked.text).at(-2) ?? '{}');
    assert.deepEqual(usageChunk.choices, []);
    assert.deepEqual(usageChunk.usage, { prompt_tokens: 8, completion_tokens: 1, total_tokens: 9, prompt_tokens_details: { cached_tokens: 3 } });
    const silent = await post(server, '/v1/chat/completions', { stream: true });
    assert.ok(!silent.text.includes('"usage"'));
  });

  it('OpenAI: stream false gets one chat.completion JSON body', async () => {
    server = await startOpenAIWire();
    server.enqueue(reply.text('Whole answer', { usage: { input: 4, output: 2 } }));
    const response = await post(server, '/v1/chat/completions', { model: 'm', stream: false });
    const body = JSON.parse(response.text);
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.choices[0].message.content, 'Whole answer');
    assert.equal(body.usage.prompt_tokens, 4);
  });

  it('Anthropic: accepts the key as x-api-key or Bearer, refuses others with its error shape', async () => {
    server = await startAnthropicWire({ apiKey: 'right-key' });
    assert.equal((await post(server, '/v1/messages', { stream: true }, { 'x-api-key': 'right-key' })).status, 200);
    assert.equal((await post(server, '/v1/messages', { stream: true }, { authorization: 'Bearer right-key' })).status, 200);
    const refused = await post(server, '/v1/messages', { stream: true }, { 'x-api-key': 'wrong' });
    assert.equal(refused.status, 401);
    assert.deepEqual(JSON.parse(refused.text), { type: 'error', error: { type: 'authentication_error', message: 'Invalid API key.' } });
  });

  it('Anthropic: the event sequence of a streamed message, usage in message_start and message_delta', async () => {
    server = await startAnthropicWire();
    server.enqueue(reply.text('Hi', { chunks: 1, usage: { input: 10, output: 4, cacheRead: 6, cacheWrite: 2 } }));
    const response = await post(server, '/v1/messages', { model: 'claude', stream: true });
    const events = response.text.split('\n').filter((line) => line.startsWith('event: ')).map((line) => line.slice(7));
    assert.deepEqual(events, ['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    const start = JSON.parse(dataLines(response.text)[0] ?? '{}');
    assert.deepEqual(start.message.usage, { input_tokens: 10, cache_creation_input_tokens: 2, cache_read_input_tokens: 6, output_tokens: 1 });
    const delta = JSON.parse(dataLines(response.text)[5] ?? '{}');
    assert.deepEqual(delta.usage, { output_tokens: 4 });
  });

  it('an unknown path gets a 404 in the format shape', async () => {
    server = await startOpenAIWire();
    const response = await post(server, '/v1/embeddings', {});
    assert.equal(response.status, 404);
    assert.match(JSON.parse(response.text).error.message, /No route POST \/v1\/embeddings/);
  });

  it('record: false keeps no requests (for benchmarks)', async () => {
    server = await startOpenAIWire({ record: false });
    await post(server, '/v1/chat/completions', { stream: true });
    assert.equal(server.requests.length, 0);
  });

  it('serves 50 concurrent default replies', async () => {
    server = await startOpenAIWire();
    server.setDefault(reply.text('fast', { chunks: 2 }));
    const responses = await Promise.all(Array.from({ length: 50 }, () => post(server, '/v1/chat/completions', { stream: true })));
    assert.ok(responses.every((response) => response.status === 200 && response.text.includes('[DONE]')));
    assert.equal(server.requests.length, 50);
  });

  it('close() ends a paused reply instead of waiting for it', async function () {
    this.timeout(5000);
    server = await startOpenAIWire();
    server.enqueue(reply.text('held', { pause: { afterChunks: 1, until: never() } }));
    const pending = fetch(server.url + '/v1/chat/completions', { method: 'POST', body: JSON.stringify({ stream: true }) }).then((response) => response.text());
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await server.close();
    await assert.rejects(pending);
  });
});
