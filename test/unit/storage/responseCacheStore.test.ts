// The response cache: the canonical request key, TTL, the entry cap with the oldest evicted,
// and entries shared with another process through the database.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { CachedResponse } from '../../../src/core/costs/ledgerPorts';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { canonicalJson, requestKey } from '../../../src/storage/requestKey';
import { ResponseCacheStore } from '../../../src/storage/responseCacheStore';
import { openDatabase } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const T0 = Date.UTC(2026, 10, 24, 12);
const LIMITS = { ttlMs: 60_000, maxEntries: 3 };

const response = (text: string, storedAt: number, costNanos: number | null = 1_200_000): CachedResponse => ({
  text, provider: 'openai', model: 'gpt-4o-mini', usage: { input: 10, output: 5, cacheRead: 2, cacheWrite: 0 }, costNanos, storedAt,
});

const REQUEST = { provider: 'openai', model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }], maxTokens: 100, temperature: 0 };

describe('request key', () => {
  it('is the SHA-256 of the canonical JSON: sorted keys, absent fields left out', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ z: true, y: null }, 'x'], c: undefined }), '{"a":[{"y":null,"z":true},"x"],"b":1}');
    const expected = createHash('sha256')
      .update('{"maxTokens":100,"messages":[{"content":"Hi","role":"user"}],"model":"gpt-4o-mini","provider":"openai","temperature":0,"version":"baton-response-cache-v1"}')
      .digest('hex');
    assert.equal(requestKey(REQUEST), expected);
  });

  it('does not depend on property order, and changes with anything that changes the answer', () => {
    const reordered = { temperature: 0, maxTokens: 100, messages: [{ content: 'Hi', role: 'user' as const }], model: 'gpt-4o-mini', provider: 'openai' };
    assert.equal(requestKey(reordered), requestKey(REQUEST));
    const keys = new Set([
      requestKey(REQUEST),
      requestKey({ ...REQUEST, temperature: undefined }),
      requestKey({ ...REQUEST, temperature: 0.5 }),
      requestKey({ ...REQUEST, maxTokens: 101 }),
      requestKey({ ...REQUEST, model: 'gpt-4o' }),
      requestKey({ ...REQUEST, provider: 'openrouter' }),
      requestKey({ ...REQUEST, messages: [{ role: 'system', content: 'Hi' }] }),
      requestKey({ ...REQUEST, messages: [...REQUEST.messages, { role: 'user', content: '' }] }),
    ]);
    assert.equal(keys.size, 8);
  });
});

describe('response cache store', () => {
  useTempDirs();
  let path: string;
  let database: BatonDatabase;
  let cache: ResponseCacheStore;

  beforeEach(async () => {
    path = join(makeTempDir(), 'baton.db');
    database = await openDatabase(path);
    cache = new ResponseCacheStore(database);
  });
  afterEach(() => database.close());

  it('returns what was stored until the TTL runs out', async () => {
    await cache.put('k1', response('answer', T0), LIMITS);
    assert.deepEqual(await cache.get('k1', T0 + 59_999), response('answer', T0));
    assert.equal(await cache.get('k1', T0 + 60_000), null);
    assert.equal(await cache.get('other', T0), null);
  });

  it('keeps an unpriced cost as null and counts the bytes of the text', async () => {
    await cache.put('k', response('Grüße 🎉', T0, null), LIMITS);
    assert.equal((await cache.get('k', T0))?.costNanos, null);
    // G r e and the space 1 byte each, ü and ß 2 each, the emoji 4: 12 bytes for 7 characters.
    assert.equal(await database.read((db) => db.one("SELECT bytes FROM response_cache WHERE key = 'k'")?.bytes), 12);
  });

  it('keeps at most maxEntries, evicting the oldest, and drops expired entries on the next put', async () => {
    for (let i = 0; i < 5; i++) await cache.put(`k${i}`, response(`answer ${i}`, T0 + i * 1_000), LIMITS);
    const keys = () => database.read((db) => db.all('SELECT key FROM response_cache ORDER BY key').map((row) => row.key));
    assert.deepEqual(await keys(), ['k2', 'k3', 'k4']);
    // Storing k2 again makes it the newest; the next put evicts k3 instead.
    await cache.put('k2', response('answer 2, again', T0 + 5_000), LIMITS);
    await cache.put('k5', response('answer 5', T0 + 6_000), LIMITS);
    assert.deepEqual(await keys(), ['k2', 'k4', 'k5']);
    assert.equal((await cache.get('k2', T0 + 6_000))?.text, 'answer 2, again');
    // Much later, a put first drops everything expired.
    await cache.put('late', response('late', T0 + 3_600_000), LIMITS);
    assert.deepEqual(await keys(), ['late']);
  });

  it('is shared with other processes through the database', async () => {
    await cache.put('shared', response('from window 1', T0), LIMITS);
    const other = await openDatabase(path);
    try {
      assert.equal((await new ResponseCacheStore(other).get('shared', T0 + 1))?.text, 'from window 1');
    } finally {
      await other.close();
    }
  });
});
