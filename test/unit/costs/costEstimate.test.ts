// Estimates before a call: input tokens (exact only with the model's own tokenizer), the
// expected cost with a typical answer, and the maximum with max_tokens of output.
import assert from 'node:assert/strict';
import { countChatTokens, estimateCost, estimateFromTokens } from '../../../src/core/costs/costEstimate';
import type { ModelPricing } from '../../../src/core/costs/pricing';
import type { ChatMessage } from '../../../src/core/routing/streamEvent';
import { tokenCounter } from '../../../src/providers/tokenCounter';

const GPT_4O_MINI: ModelPricing = { kind: 'priced', price: { input: 0.15, output: 0.6, cacheRead: 0.075 }, tiers: [], origin: 'built-in', source: 'test' };
const CLAUDE_HAIKU: ModelPricing = { kind: 'priced', price: { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 }, tiers: [], origin: 'built-in', source: 'test' };

/** One token per word: easy to count by hand. */
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Explain the journal in three words please' },
];

describe('cost estimate', () => {
  it("counts a chat in OpenAI's format: 3 per message, the role, the content, 3 for the reply", () => {
    // system: 3 + 1 + 3 = 7; user: 3 + 1 + 7 = 11; reply: 3. Total 21.
    assert.equal(countChatTokens(MESSAGES, words), 21);
  });

  it('with the real o200k tokenizer, counts a short chat as OpenAI bills it', () => {
    // "Hello" is 1 token in o200k, "user" 1: 3 + 1 + 1 + 3 = 8 (the cookbook's count for this chat).
    assert.equal(countChatTokens([{ role: 'user', content: 'Hello' }], tokenCounter()), 8);
  });

  it('expected = input + min(maxTokens, 500) of output; max = input + maxTokens, exact only when the caller says so', () => {
    const estimate = estimateCost({ messages: MESSAGES, maxTokens: 4_000, pricing: GPT_4O_MINI, countTokens: words, tokenizerMatchesModel: true });
    // input 21 tokens x 0.15 = 3.15 micro-USD = 3,150 nanos
    // expected: + 500 x 0.60 = 300 micro-USD -> 303,150 nanos
    // max:      + 4,000 x 0.60 = 2,400 micro-USD -> 2,403,150 nanos
    assert.deepEqual(estimate, { inputTokens: 21, exact: true, typicalOutputTokens: 500, maxOutputTokens: 4_000, pricing: 'priced', expectedNanos: 303_150, maxNanos: 2_403_150 });
    const small = estimateCost({ messages: MESSAGES, maxTokens: 100, pricing: GPT_4O_MINI, countTokens: words, tokenizerMatchesModel: false });
    // maxTokens below 500: expected and max are the same, 3,150 + 100 x 600 = 63,150.
    assert.deepEqual([small.exact, small.typicalOutputTokens, small.expectedNanos, small.maxNanos], [false, 100, 63_150, 63_150]);
  });

  it('prices every input token at the cache-write price for the maximum when that is dearer', () => {
    const estimate = estimateFromTokens(10_000, false, 1_000, CLAUDE_HAIKU);
    // expected: 10,000 x 0.80 + 500 x 4 = 8,000 + 2,000 = 10,000 micro-USD
    // max:      10,000 x 1.00 + 1,000 x 4 = 10,000 + 4,000 = 14,000 micro-USD
    assert.deepEqual([estimate.expectedNanos, estimate.maxNanos], [10_000_000, 14_000_000]);
  });

  it('uses the tier the input falls in', () => {
    const tiered: ModelPricing = { ...GPT_4O_MINI, tiers: [{ aboveInputTokens: 1_000, price: { input: 1, output: 2 } }] };
    // 2,000 input > 1,000: 2,000 x 1 + 100 x 2 = 2,200 micro-USD for both.
    assert.deepEqual([estimateFromTokens(2_000, true, 100, tiered).maxNanos], [2_200_000]);
  });

  it('has no amounts without a price (unpriced, subscription): null, not 0', () => {
    for (const pricing of [{ kind: 'unpriced' }, { kind: 'subscription' }] as const) {
      const estimate = estimateFromTokens(1_000, true, 1_000, pricing);
      assert.deepEqual([estimate.pricing, estimate.expectedNanos, estimate.maxNanos], [pricing.kind, null, null]);
    }
  });
});
