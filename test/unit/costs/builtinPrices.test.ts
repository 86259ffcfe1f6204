// The built-in catalog over @pydantic/genai-prices: its entries match the package's data, and
// core's exact cost of a usage agrees with the package's own calcPrice (which takes the TOTAL
// input, cache tokens included, as input_tokens).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { costNanos } from '../../../src/core/costs/costMath';
import { priceForInput } from '../../../src/core/costs/pricing';
import type { TokenUsage } from '../../../src/core/costs/tokenUsage';
import { GENAI_PRICES_SOURCE, GENAI_PRICES_VERSION, GenaiPriceCatalog, catalogPriceOf } from '../../../src/providers/builtinPrices';
import { repoRoot } from '../support/paths';

const AT = Date.UTC(2026, 10, 24, 12);

function packageCostNanos(usage: TokenUsage, model: string, providerId: string, at = AT): number {
  const result = calcPrice(
    { input_tokens: usage.input + usage.cacheRead + usage.cacheWrite, cache_read_tokens: usage.cacheRead, cache_write_tokens: usage.cacheWrite, output_tokens: usage.output },
    model,
    { providerId, timestamp: new Date(at) },
  );
  assert.ok(result, `the package prices ${providerId}/${model}`);
  return result.total_price * 1e9;
}

const USAGES: TokenUsage[] = [
  { input: 1_000, output: 100, cacheRead: 0, cacheWrite: 0 },
  { input: 2_000, output: 500, cacheRead: 8_000, cacheWrite: 0 },
  { input: 1_000, output: 300, cacheRead: 10_000, cacheWrite: 2_000 },
  { input: 200_000, output: 1_000, cacheRead: 50_000, cacheWrite: 0 },
  { input: 7, output: 3, cacheRead: 0, cacheWrite: 0 },
];

describe('built-in prices (genai-prices)', () => {
  const catalog = new GenaiPriceCatalog();

  it('labels its data with the installed package version', () => {
    const installed = JSON.parse(readFileSync(join(repoRoot, 'node_modules', '@pydantic', 'genai-prices', 'package.json'), 'utf8')) as { version: string };
    assert.equal(GENAI_PRICES_VERSION, installed.version, 'update GENAI_PRICES_VERSION with the dependency');
    assert.equal(GENAI_PRICES_SOURCE, `genai-prices ${installed.version}`);
  });

  it("returns the package's figures for real models", () => {
    assert.deepEqual(catalog.lookup('openai', 'gpt-4o-mini', AT), {
      modelId: 'gpt-4o-mini', price: { input: 0.15, output: 0.6, cacheRead: 0.075 }, tiers: [], contextWindow: 128_000, source: GENAI_PRICES_SOURCE,
    });
    assert.deepEqual(catalog.lookup('anthropic', 'claude-3-5-haiku-latest', AT)?.price, { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 });
    assert.deepEqual(catalog.lookup('groq', 'llama-3.3-70b-versatile', AT)?.price, { input: 0.59, output: 0.79 });
    assert.deepEqual(catalog.lookup('anthropic', 'claude-sonnet-4-5', AT)?.tiers, [
      { aboveInputTokens: 200_000, price: { input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5 } },
    ]);
    assert.equal(catalog.lookup('openai', 'no-such-model', AT), null);
    assert.equal(catalog.lookup('no-such-provider', 'gpt-4o-mini', AT), null);
  });

  for (const [providerId, model] of [['openai', 'gpt-4o-mini'], ['anthropic', 'claude-3-5-haiku-latest'], ['anthropic', 'claude-sonnet-4-5'], ['deepseek', 'deepseek-chat'], ['google', 'gemini-2.5-pro'], ['openai', 'gpt-5']] as const) {
    it(`agrees with the package's calcPrice for ${providerId}/${model}`, () => {
      const entry = catalog.lookup(providerId, model, AT);
      assert.ok(entry);
      for (const usage of USAGES) {
        const ours = costNanos(usage, priceForInput({ kind: 'priced', price: entry.price, tiers: entry.tiers, origin: 'built-in', source: entry.source }, usage.input + usage.cacheRead + usage.cacheWrite));
        const theirs = packageCostNanos(usage, model, providerId);
        assert.ok(Math.abs(ours - theirs) < 1, `${JSON.stringify(usage)}: ours ${ours}, package ${theirs}`);
      }
    });
  }

  it('turns per-key tiers with different starts into whole-price tiers that bill as the package does', () => {
    const raw = {
      input_mtok: { base: 1, tiers: [{ start: 1_000, price: 3 }, { start: 100, price: 2 }] },
      output_mtok: { base: 10, tiers: [{ start: 500, price: 20 }] },
      cache_read_mtok: 0.5,
    };
    const entry = catalogPriceOf(raw, { id: 'tiered', context_window: undefined });
    assert.deepEqual(entry?.tiers, [
      { aboveInputTokens: 100, price: { input: 2, output: 10, cacheRead: 0.5 } },
      { aboveInputTokens: 500, price: { input: 2, output: 20, cacheRead: 0.5 } },
      { aboveInputTokens: 1_000, price: { input: 3, output: 20, cacheRead: 0.5 } },
    ]);
    const custom = { id: 'custom', name: 'Custom', api_pattern: '.*', models: [{ id: 'tiered', match: { equals: 'tiered' }, prices: raw }] };
    for (const total of [50, 100, 101, 500, 501, 1_000, 1_001, 5_000]) {
      const usage: TokenUsage = { input: total - Math.floor(total / 4), output: 40, cacheRead: Math.floor(total / 4), cacheWrite: 0 };
      const ours = costNanos(usage, priceForInput({ kind: 'priced', price: entry?.price ?? { input: 0, output: 0 }, tiers: entry?.tiers ?? [], origin: 'built-in', source: '' }, total));
      const result = calcPrice({ input_tokens: total, cache_read_tokens: usage.cacheRead, output_tokens: 40 }, 'tiered', { provider: custom });
      assert.ok(result);
      assert.ok(Math.abs(ours - result.total_price * 1e9) < 1, `total input ${total}: ours ${ours}, package ${result.total_price * 1e9}`);
    }
  });

  it('has no entry for a model priced by something other than input and output tokens', () => {
    assert.equal(catalogPriceOf({ input_mtok: 0.02 }, { id: 'embedding', context_window: undefined }), null);
  });
});
