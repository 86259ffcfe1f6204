// Cost arithmetic against hand-computed figures, per provider's usage semantics. The rule of
// thumb used in every comment: cost in nano-dollars = tokens x (USD per million tokens) x 1,000.
import assert from 'node:assert/strict';
import { costNanos, describeCost, formatUsd, nanosFromUsd } from '../../../src/core/costs/costMath';
import type { ModelPrice, TokenUsage } from '../../../src/core/costs/tokenUsage';

const GPT_4O_MINI: ModelPrice = { input: 0.15, output: 0.6, cacheRead: 0.075 };
const CLAUDE_HAIKU: ModelPrice = { input: 0.8, output: 4.0, cacheRead: 0.08, cacheWrite: 1.0 };
const DEEPSEEK_CHAT: ModelPrice = { input: 0.27, output: 1.1, cacheRead: 0.07 };

const usage = (input: number, output: number, cacheRead = 0, cacheWrite = 0): TokenUsage => ({ input, output, cacheRead, cacheWrite });

describe('cost math', () => {
  it('OpenAI: prompt_tokens 10,000 of which 8,000 cached bills 2,000 at input and 8,000 at the cached price', () => {
    // The adapter reports input = prompt_tokens - cached = 2,000 (TokenUsage excludes cache reads).
    //   2,000 x 0.15  x 1,000 =   300,000
    //   8,000 x 0.075 x 1,000 =   600,000
    //     500 x 0.60  x 1,000 =   300,000
    //                  total = 1,200,000 nanos = $0.0012
    assert.equal(costNanos(usage(2_000, 500, 8_000), GPT_4O_MINI), 1_200_000);
    // Had the cached tokens been billed at the full input price: 10,000 x 0.15 x 1,000 + 300,000 = 1,800,000.
    assert.equal(costNanos(usage(10_000, 500), GPT_4O_MINI), 1_800_000);
  });

  it('Anthropic: input_tokens excludes cache reads and writes, each has its own price', () => {
    // input_tokens 1,000, cache_creation_input_tokens 2,000, cache_read_input_tokens 10,000, output 300:
    //    1,000 x 0.80 x 1,000 =   800,000
    //    2,000 x 1.00 x 1,000 = 2,000,000
    //   10,000 x 0.08 x 1,000 =   800,000
    //      300 x 4.00 x 1,000 = 1,200,000
    //                   total = 4,800,000 nanos = $0.0048
    assert.equal(costNanos(usage(1_000, 300, 10_000, 2_000), CLAUDE_HAIKU), 4_800_000);
  });

  it('DeepSeek: prompt_cache_hit_tokens at the cache price, prompt_cache_miss_tokens at input', () => {
    // hit 6,000, miss 4,000, output 1,000:
    //   4,000 x 0.27 x 1,000 = 1,080,000
    //   6,000 x 0.07 x 1,000 =   420,000
    //   1,000 x 1.10 x 1,000 = 1,100,000
    //                  total = 2,600,000 nanos
    assert.equal(costNanos(usage(4_000, 1_000, 6_000), DEEPSEEK_CHAT), 2_600_000);
    // All miss: 10,000 x 0.27 x 1,000 + 1,100,000 = 2,700,000 + 1,100,000 = 3,800,000.
    assert.equal(costNanos(usage(10_000, 1_000), DEEPSEEK_CHAT), 3_800_000);
  });

  it('bills cache tokens at the input price when the price has no cache prices', () => {
    // 100 input + 50 read + 10 write = 160 tokens x 2 x 1,000 = 320,000; 10 output x 8 x 1,000 = 80,000.
    assert.equal(costNanos(usage(100, 10, 50, 10), { input: 2, output: 8 }), 400_000);
  });

  it('rounds once, at the end, half up', () => {
    // 1 input token at $0.0005/M = 0.5 nanos, 1 output token at $0.0005/M = 0.5 nanos: 1 nano in all
    // (rounding each part would give 2, truncating each would give 0).
    assert.equal(costNanos(usage(1, 1), { input: 0.0005, output: 0.0005 }), 1);
    // 3 tokens x 0.0005 = 1.5 nanos -> 2.
    assert.equal(costNanos(usage(3, 0), { input: 0.0005, output: 0 }), 2);
    // 1 token x 0.0004 = 0.4 nanos -> 0.
    assert.equal(costNanos(usage(1, 0), { input: 0.0004, output: 0 }), 0);
  });

  it('stays exact where floating point would not: 0.1 + 0.2 and very large counts', () => {
    // 1,000,000 tokens at 0.1 plus 1,000,000 at 0.2 = $0.3 = 300,000,000 nanos exactly.
    assert.equal(costNanos(usage(1_000_000, 1_000_000), { input: 0.1, output: 0.2 }), 300_000_000);
    // 3,000,000,000 tokens at $75/M: 3e9 x 75 x 1,000 = 225,000,000,000,000 nanos ($225,000).
    assert.equal(costNanos(usage(0, 3_000_000_000), { input: 15, output: 75 }), 225_000_000_000_000);
  });

  it('refuses token counts and prices that are not counts and prices', () => {
    assert.throws(() => costNanos(usage(1.5, 0), GPT_4O_MINI), /input tokens must be a non-negative integer/);
    assert.throws(() => costNanos(usage(-1, 0), GPT_4O_MINI), RangeError);
    assert.throws(() => costNanos(usage(1, 0), { input: Number.NaN, output: 1 }), /finite non-negative/);
  });

  it('converts USD amounts (budgets, reported costs) to nanos', () => {
    assert.equal(nanosFromUsd(5), 5_000_000_000);
    assert.equal(nanosFromUsd(0.000123), 123_000);
    assert.equal(nanosFromUsd(0.1 + 0.2), 300_000_000);
  });

  it('formats USD for people', () => {
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(1_230_000_000), '$1.23');
    assert.equal(formatUsd(1_005_000_000), '$1.01', 'half up on the integer, not toFixed on 1.005');
    assert.equal(formatUsd(1_234_567_890_000), '$1,234.57');
    assert.equal(formatUsd(10_000_000), '$0.01');
    assert.equal(formatUsd(123_000), '$0.000123');
    assert.equal(formatUsd(4_900_000), '$0.0049');
    assert.equal(formatUsd(1_200_000), '$0.0012');
    assert.equal(formatUsd(1), '$0.000000001');
    assert.equal(formatUsd(-1_230_000_000), '-$1.23');
  });

  it('describes a cost without a price as such, never as $0.00', () => {
    assert.equal(describeCost(null, 'unpriced'), 'unpriced');
    assert.equal(describeCost(null, 'subscription'), 'covered by subscription');
    assert.equal(describeCost(0, 'priced'), '$0.00');
    assert.equal(describeCost(1_200_000, 'priced'), '$0.0012');
  });
});
