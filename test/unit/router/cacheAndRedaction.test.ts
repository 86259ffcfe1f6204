// The response cache (opt-in; at temperature 0 by default) and the redaction choke point, through
// the whole router: what reaches the server, what the user is told, what the ledger keeps.
import assert from 'node:assert/strict';
import type { RoutingConfig } from '../../../src/core/routing/routerConfig';
import { reply } from '../../support/wire/wireServer';
import { SECRETS } from '../redaction/secretCorpus';
import { anthropicProvider, anthropicServer, config, makeHarness, openaiProvider, openaiServer, useRouterCleanup } from './routerHarness';

const CACHE: Partial<RoutingConfig> = { cache: { mode: 'temperature-0', ttlSeconds: 3600, maxEntries: 10 } };
const USAGE = { input: 200, output: 5, cacheRead: 800 };
const FIRST_COST = 30_000 + 3_000 + 60_000; // 200 x 150 + 5 x 600 + 800 x 75 nano-dollars

function secret(kind: string) {
  const found = SECRETS.find((sample) => sample.kind === kind);
  if (!found) throw new Error(`no ${kind} in the corpus`);
  return found;
}

describe('router: response cache', () => {
  useRouterCleanup();

  async function setUp(routing: Partial<RoutingConfig> = CACHE) {
    const server = await openaiServer();
    server.setDefault(reply.text('The cached answer.', { chunks: 3, usage: USAGE }));
    const h = await makeHarness(config([openaiProvider(server)], routing));
    return { h, server };
  }

  it('at temperature 0 the second identical request is served from the cache: $0, and it says what it saved', async () => {
    const { h, server } = await setUp();
    const { result: first } = await h.route({ prompt: 'What is 2 + 2?', temperature: 0 });
    assert.equal(first.cached, false);
    assert.equal(first.costUsd, FIRST_COST / 1e9);

    const { result: second, pieces } = await h.route({ prompt: 'What is 2 + 2?', temperature: 0 });
    assert.equal(server.requests.length, 1, 'the server saw one request');
    assert.equal(second.cached, true);
    assert.equal(second.text, 'The cached answer.');
    assert.deepEqual(pieces.join(''), 'The cached answer.', 'the answer is replayed to the observer');
    assert.equal(second.costUsd, 0);
    assert.equal(second.savedUsd, first.costUsd);
    assert.equal(second.provider, 'oa');

    const row = await h.row(second.id);
    assert.equal(row.cacheHit, true);
    assert.equal(row.costNanos, 0);
    assert.equal(row.savedNanos, FIRST_COST);
    assert.equal(row.status, 'ok');
    assert.equal((await h.row(first.id)).cacheHit, false);

    const report = await h.services.costs({ sinceMs: 0, untilMs: h.timers.now() + 86_400_000 });
    assert.equal(report.totalNanos, FIRST_COST, 'the hit added nothing to the bill');
    assert.equal(report.requests, 2);
    assert.equal(report.savedNanos, FIRST_COST);
  });

  it('at temperature 0.7 nothing is cached', async () => {
    const { h, server } = await setUp();
    await h.route({ prompt: 'Write a haiku.', temperature: 0.7 });
    const { result } = await h.route({ prompt: 'Write a haiku.', temperature: 0.7 });
    assert.equal(server.requests.length, 2);
    assert.equal(result.cached, false);
    assert.equal(result.costUsd, FIRST_COST / 1e9);
    assert.equal(server.requests[1]?.json['temperature'], 0.7);
  });

  it('without a temperature nothing is cached either', async () => {
    const { h, server } = await setUp();
    await h.route({ prompt: 'Hello' });
    await h.route({ prompt: 'Hello' });
    assert.equal(server.requests.length, 2);
  });

  it('a different prompt or max_tokens is a different key', async () => {
    const { h, server } = await setUp();
    await h.route({ prompt: 'One', temperature: 0 });
    await h.route({ prompt: 'Two', temperature: 0 });
    await h.route({ prompt: 'One', temperature: 0, maxTokens: 65 });
    assert.equal(server.requests.length, 3);
    await h.route({ prompt: 'Two', temperature: 0 });
    assert.equal(server.requests.length, 3);
  });

  it('an entry expires after its TTL', async () => {
    const { h, server } = await setUp();
    await h.route({ prompt: 'Expiring', temperature: 0 });
    await h.timers.advance(3_600_000 - 1);
    assert.equal((await h.route({ prompt: 'Expiring', temperature: 0 })).result.cached, true);
    await h.timers.advance(1);
    assert.equal((await h.route({ prompt: 'Expiring', temperature: 0 })).result.cached, false);
    assert.equal(server.requests.length, 2);
  });

  it('an incomplete answer is never cached', async () => {
    const { h, server } = await setUp();
    server.enqueue(reply.cut('Half of it and then', 2, { chunks: 4 }));
    assert.equal((await h.route({ prompt: 'Cut me', temperature: 0 })).result.status, 'incomplete');
    const { result } = await h.route({ prompt: 'Cut me', temperature: 0 });
    assert.equal(result.cached, false);
    assert.equal(result.text, 'The cached answer.');
    assert.equal(server.requests.length, 2);
  });

  it('a cache hit costs $0, so it needs no approval even when the request could cost more than the threshold', async () => {
    const { h, server } = await setUp({ ...CACHE, approvalThresholdUsd: 0.01 });
    const request = { prompt: 'Long answer please', temperature: 0, maxTokens: 100_000 }; // up to $0.06
    await h.route(request, { approve: async () => true });
    const { result } = await h.route(request); // no one to ask this time
    assert.equal(result.cached, true);
    assert.equal(result.costUsd, 0);
    assert.equal(server.requests.length, 1);
  });

  it("mode 'off' never caches, even at temperature 0", async () => {
    const { h, server } = await setUp({ cache: { mode: 'off', ttlSeconds: 3600, maxEntries: 10 } });
    await h.route({ prompt: 'Same', temperature: 0 });
    await h.route({ prompt: 'Same', temperature: 0 });
    assert.equal(server.requests.length, 2);
  });
});

describe('router: redaction before sending', () => {
  useRouterCleanup();

  it('an API key in the prompt reaches the server redacted, and the answer says so', async () => {
    const key = secret('openai-key');
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)]));
    const prompt = `Why does this fail?\n${key.text}\nIt says 401.`;
    const { result } = await h.route({ prompt });
    const messages = server.requests[0]?.json['messages'] as { role: string; content: string }[];
    assert.equal(messages.length, 1);
    assert.ok(!messages[0]?.content.includes(key.secret), 'the secret never left');
    assert.equal(messages[0]?.content, prompt.replace(key.secret, '[redacted: openai-key]'));
    assert.ok(!JSON.stringify(server.requests[0]?.json).includes(key.secret.slice(8, 40)));
    assert.deepEqual(result.redacted, ['1 openai-key']);
    const row = await h.row(result.id);
    assert.equal(row.redacted, '1 openai-key');
  });

  it('anthropic: secrets in the system prompt and the conversation are all redacted and counted', async () => {
    const anthropicKey = secret('anthropic-key');
    const github = secret('github-token');
    const server = await anthropicServer();
    const h = await makeHarness(config([anthropicProvider(server)]));
    const { result } = await h.route({
      messages: [
        { role: 'system', content: `Deploy notes: ${anthropicKey.text}` },
        { role: 'user', content: `Push with ${github.text} and ${github.text} again` },
      ],
    });
    const body = JSON.stringify(server.requests[0]?.json);
    assert.ok(!body.includes(anthropicKey.secret) && !body.includes(github.secret), body);
    assert.match(String(server.requests[0]?.json['system']), /\[redacted: anthropic-key\]/);
    assert.deepEqual([...result.redacted].sort(), ['1 anthropic-key', '2 github-token']);
  });

  it('a prompt without secrets is sent as written, and nothing is reported', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)]));
    const prompt = `commit ${'a1b2c3d4'.repeat(5)} broke the build; see request 3f2a9c1e-1b2c-4d5e-8f90-123456789abc`;
    const { result } = await h.route({ prompt });
    assert.deepEqual(server.requests[0]?.json['messages'], [{ role: 'user', content: prompt }]);
    assert.deepEqual(result.redacted, []);
    assert.equal((await h.row(result.id)).redacted, '');
  });
});
