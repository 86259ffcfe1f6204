import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { readAttempt } from '../../../src/core/routing/attemptStream';
import { inputSize, utf8LengthBound } from '../../../src/core/routing/inputSize';
import { accountFor } from '../../../src/core/routing/requestSettlement';
import type { ModelPricing } from '../../../src/core/costs/pricing';
import type { StreamEvent } from '../../../src/core/routing/streamEvent';
import { tokenCounter } from '../../../src/providers/tokenCounter';

// gpt-4o-mini as configured in the issue: $0.15 in, $0.60 out, $0.075 cached, per million.
const PRICED: ModelPricing = { kind: 'priced', price: { input: 0.15, output: 0.6, cacheRead: 0.075 }, tiers: [], origin: 'configuration', source: 'configuration' };

async function* events(...list: StreamEvent[]): AsyncIterable<StreamEvent> {
  for (const event of list) yield event;
}

let tick = 0;
const clock = () => (tick += 10);

describe('reading an attempt and accounting for it', () => {
  it('passes text on in order and keeps the last usage reported of each field', async () => {
    const seen: string[] = [];
    const result = await readAttempt(
      events(
        { type: 'usage', usage: { input: 10, output: 1, cacheRead: 5 } },
        { type: 'text', text: 'Hel' },
        { type: 'text', text: 'lo' },
        { type: 'usage', usage: { output: 7 } },
        { type: 'finish', reason: 'stop' },
      ),
      clock,
      (text) => seen.push(text),
    );
    assert.deepEqual(seen, ['Hel', 'lo']);
    assert.equal(result.text, 'Hello');
    assert.deepEqual(result.usage, { input: 10, output: 7, cacheRead: 5 });
    assert.equal(result.failure, undefined);
    assert.equal(result.ttftMs, 10);
  });

  it('treats a stream that just stops, without a finish, as broken', async () => {
    const result = await readAttempt(events({ type: 'text', text: 'partial' }), clock, () => undefined);
    assert.equal(result.failure?.errorClass, 'network');
    assert.equal(result.text, 'partial');
  });

  it('turns an adapter that throws into a failure instead of a rejection', async () => {
    async function* throwing(): AsyncIterable<StreamEvent> {
      yield { type: 'text', text: 'a' };
      throw new Error('socket hang up');
    }
    const result = await readAttempt(throwing(), clock, () => undefined);
    assert.equal(result.failure?.errorClass, 'unknown');
    assert.match(result.failure?.message ?? '', /socket hang up/);
  });

  it('prices a finished answer exactly from the reported usage, cache reads at their own rate', async () => {
    const result = await readAttempt(events({ type: 'text', text: 'ok' }, { type: 'usage', usage: { input: 2_000, output: 500, cacheRead: 8_000, cacheWrite: 0 } }, { type: 'finish', reason: 'stop' }), clock, () => undefined);
    const accounting = accountFor({ result, pricing: PRICED, countInput: () => assert.fail('not needed'), countText: () => assert.fail('not needed') });
    // 2,000 × 0.15 + 500 × 0.60 + 8,000 × 0.075 = 300 + 300 + 600 = 1,200 micro-dollars = 1,200,000 nanos.
    assert.deepEqual(accounting.cost, { pricing: 'priced', nanos: 1_200_000, origin: 'configuration' });
    assert.equal(accounting.estimated, false);
  });

  it('never records a cut stream as $0: what arrived is counted and marked estimated', async () => {
    const count = tokenCounter();
    const received = 'The answer starts here and then the connection';
    const result = await readAttempt(events({ type: 'text', text: received }, { type: 'error', failure: { errorClass: 'network', message: 'reset' } }), clock, () => undefined);
    const accounting = accountFor({ result, pricing: PRICED, countInput: () => 1_000, countText: count });
    assert.equal(accounting.estimated, true);
    assert.equal(accounting.usage.input, 1_000);
    assert.equal(accounting.usage.output, count(received));
    assert.ok(accounting.usage.output > 0);
    // 1,000 × 0.15 + output × 0.60 micro-dollars.
    assert.equal(accounting.cost.nanos, 150_000 + accounting.usage.output * 600);
  });

  it('keeps the input the provider confirmed before the cut (Anthropic sends it first)', async () => {
    const result = await readAttempt(events({ type: 'usage', usage: { input: 4_000, cacheRead: 100, output: 1 } }, { type: 'text', text: 'Hi' }), clock, () => undefined);
    const accounting = accountFor({ result, pricing: PRICED, countInput: () => assert.fail('the provider said'), countText: () => 1 });
    assert.deepEqual(accounting.usage, { input: 4_000, output: 1, cacheRead: 100, cacheWrite: 0 });
    assert.equal(accounting.estimated, true);
  });

  it('records an unpriced model as unpriced, never as $0', async () => {
    const result = await readAttempt(events({ type: 'text', text: 'x' }, { type: 'usage', usage: { input: 1, output: 1 } }, { type: 'finish', reason: 'stop' }), clock, () => undefined);
    const accounting = accountFor({ result, pricing: { kind: 'unpriced' }, countInput: () => 0, countText: () => 0 });
    assert.deepEqual(accounting.cost, { pricing: 'unpriced', nanos: null });
  });
});

describe('input size without a tokenizer', () => {
  it('bounds the UTF-8 byte count from above, exactly for ASCII', () => {
    for (const text of ['abc', 'é', '€', '😀', 'mixed é € 😀 text']) {
      const bytes = new TextEncoder().encode(text).length;
      const bound = utf8LengthBound(text);
      assert.ok(bound >= bytes && bound <= bytes * 2, `${text}: ${bound} for ${bytes} bytes`);
    }
    assert.equal(utf8LengthBound('plain ascii\n'), 12);
  });

  it('bounds the real token count from above, also for non-English text and code', () => {
    const count = tokenCounter();
    const samples = ['plain English words in a sentence', 'const x = await fetch(url); // 42', '日本語のテキストです。', 'emoji 😀😀😀 and ümlauts', ' '.repeat(500)];
    for (const text of samples) {
      const size = inputSize([{ role: 'user', content: text }]);
      assert.ok(size.upperBound >= count(text), `${JSON.stringify(text)}: bound ${size.upperBound} < ${count(text)}`);
    }
  });
});
