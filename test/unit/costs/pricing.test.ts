// Which price applies (configuration, built-in catalog, subscription, none) and what a finished
// request cost, with hand-computed figures (nanos = tokens x USD per million x 1,000).
import assert from 'node:assert/strict';
import { type BuiltinPriceCatalog, type CatalogPrice, PriceBook, requestCost } from '../../../src/core/costs/pricing';
import type { TokenUsage } from '../../../src/core/costs/tokenUsage';
import type { ModelConfig, ProviderConfig, ProviderKind } from '../../../src/core/routing/routerConfig';
import { GENAI_PRICES_SOURCE, GenaiPriceCatalog } from '../../../src/providers/builtinPrices';

const AT = Date.UTC(2026, 10, 24, 12);
const usage = (input: number, output: number, cacheRead = 0, cacheWrite = 0): TokenUsage => ({ input, output, cacheRead, cacheWrite });

function provider(kind: ProviderKind, models: ModelConfig[] = [], id: string = kind): ProviderConfig {
  return { id, kind, models };
}

/** A catalog with one entry, that records what it was asked. */
function fakeCatalog(entry: CatalogPrice | null): BuiltinPriceCatalog & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    lookup: (providerId, modelId) => {
      asked.push(`${providerId}/${modelId}`);
      return entry;
    },
  };
}

const HAIKU_ENTRY: CatalogPrice = { modelId: 'claude-3-5-haiku-latest', price: { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 }, tiers: [], contextWindow: 200_000, source: 'test-catalog 1' };

describe('price book', () => {
  const catalog = new GenaiPriceCatalog();
  const book = new PriceBook(catalog);

  it('prices a model from the built-in catalog, with the catalog named as the source', () => {
    const pricing = book.resolve({ provider: provider('anthropic'), model: 'claude-3-5-haiku-latest', atMs: AT });
    assert.deepEqual(pricing, { kind: 'priced', price: { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 }, tiers: [], origin: 'built-in', source: GENAI_PRICES_SOURCE });
    // Anthropic with cache write and read, at the example prices:
    //   1,000 x 0.80 + 2,000 x 1.00 + 10,000 x 0.08 + 300 x 4.00 = 800 + 2,000 + 800 + 1,200 = 4,800 micro-USD = 4,800,000 nanos.
    assert.deepEqual(requestCost(pricing, usage(1_000, 300, 10_000, 2_000)), { pricing: 'priced', nanos: 4_800_000, origin: 'built-in' });
  });

  it('lets the configuration win field by field, keeping the catalog for the fields it leaves out', () => {
    const configured = provider('openai', [{ id: 'gpt-4o-mini', input: 0.2, output: 0.8 }]);
    const pricing = book.resolve({ provider: configured, model: 'gpt-4o-mini', atMs: AT });
    assert.deepEqual(pricing, {
      kind: 'priced', price: { input: 0.2, output: 0.8, cacheRead: 0.075 }, tiers: [], origin: 'configuration', source: `configuration + ${GENAI_PRICES_SOURCE}`,
    });
    // prompt 10,000 of which 8,000 cached, 500 out: 2,000 x 0.2 + 8,000 x 0.075 + 500 x 0.8 = 400 + 600 + 400 = 1,400 micro-USD.
    assert.equal(requestCost(pricing, usage(2_000, 500, 8_000)).nanos, 1_400_000);
    const cacheOnly = provider('openai', [{ id: 'gpt-4o-mini', cacheRead: 0.01 }]);
    assert.deepEqual(book.resolve({ provider: cacheOnly, model: 'gpt-4o-mini', atMs: AT }), {
      kind: 'priced', price: { input: 0.15, output: 0.6, cacheRead: 0.01 }, tiers: [], origin: 'configuration', source: `configuration + ${GENAI_PRICES_SOURCE}`,
    });
  });

  it('prices a model the catalog does not know from the configuration alone, only with input and output', () => {
    const own = provider('openai-compatible', [{ id: 'house-model', input: 1, output: 2 }, { id: 'half-priced', cacheRead: 0.1 }], 'house');
    const pricing = book.resolve({ provider: own, model: 'house-model', atMs: AT });
    assert.deepEqual(pricing, { kind: 'priced', price: { input: 1, output: 2 }, tiers: [], origin: 'configuration', source: 'configuration' });
    // No cache price configured: 100 cached tokens bill at input. (900 + 100) x 1 + 100 x 2 = 1,200 micro-USD.
    assert.equal(requestCost(pricing, usage(900, 100, 100)).nanos, 1_200_000);
    assert.deepEqual(book.resolve({ provider: own, model: 'half-priced', atMs: AT }), { kind: 'unpriced' });
  });

  it('records an unknown model as unpriced: a null cost, never $0', () => {
    const pricing = book.resolve({ provider: provider('openai'), model: 'gpt-does-not-exist', atMs: AT });
    assert.deepEqual(pricing, { kind: 'unpriced' });
    const cost = requestCost(pricing, usage(1_000, 1_000));
    assert.deepEqual(cost, { pricing: 'unpriced', nanos: null });
    assert.notEqual(cost.nanos, 0);
  });

  it('records a vscode-lm model as covered by the subscription, whatever prices are configured', () => {
    const lm = provider('vscode-lm', [{ id: 'copilot-gpt-4o', input: 2.5, output: 10 }]);
    const pricing = book.resolve({ provider: lm, model: 'copilot-gpt-4o', atMs: AT });
    assert.deepEqual(pricing, { kind: 'subscription' });
    assert.deepEqual(requestCost(pricing, usage(5_000, 500)), { pricing: 'subscription', nanos: null });
  });

  it("takes OpenRouter's reported cost as is, over the table and even without one", () => {
    const openrouter = provider('openai-compatible', [], 'openrouter');
    const priced = book.resolve({ provider: openrouter, model: 'openai/gpt-4o-mini', atMs: AT, pricingProviderId: 'openrouter' });
    assert.equal(priced.kind, 'priced');
    // usage.cost 0.00123 USD -> 1,230,000 nanos, whatever the table says (it would say 1,000 x 0.15 = 150,000).
    assert.deepEqual(requestCost(priced, usage(1_000, 0), 0.00123), { pricing: 'priced', nanos: 1_230_000, origin: 'provider-reported' });
    const unknown = book.resolve({ provider: openrouter, model: 'someone/new-model', atMs: AT, pricingProviderId: 'openrouter' });
    assert.deepEqual(requestCost(unknown, usage(1_000, 0), 0.0004), { pricing: 'priced', nanos: 400_000, origin: 'provider-reported' });
    assert.deepEqual(requestCost(unknown, usage(1_000, 0), 0), { pricing: 'priced', nanos: 0, origin: 'provider-reported' }, 'a reported $0 (a free model) is a price');
  });

  it('asks the catalog under the pricing provider id; openai-compatible without one has no built-in price', () => {
    const fake = fakeCatalog(HAIKU_ENTRY);
    const fakeBook = new PriceBook(fake);
    assert.equal(fakeBook.resolve({ provider: provider('anthropic', [], 'work-anthropic'), model: 'claude-3-5-haiku-latest', atMs: AT }).kind, 'priced');
    assert.equal(fakeBook.resolve({ provider: provider('openai-compatible', [], 'groq'), model: 'x', atMs: AT }).kind, 'unpriced');
    assert.equal(fakeBook.resolve({ provider: provider('openai-compatible', [], 'groq'), model: 'y', atMs: AT, pricingProviderId: 'groq' }).kind, 'priced');
    assert.deepEqual(fake.asked, ['anthropic/claude-3-5-haiku-latest', 'groq/y']);
    assert.deepEqual(new PriceBook(null).resolve({ provider: provider('openai'), model: 'gpt-4o-mini', atMs: AT }), { kind: 'unpriced' });
  });

  it('DeepSeek: peak and off-peak prices by the time of the request, cache hits and misses', () => {
    const deepseek = provider('openai-compatible', [], 'deepseek');
    const at = (hour: number) => Date.UTC(2026, 10, 24, hour);
    const peak = book.resolve({ provider: deepseek, model: 'deepseek-chat', atMs: at(12), pricingProviderId: 'deepseek' });
    const offPeak = book.resolve({ provider: deepseek, model: 'deepseek-chat', atMs: at(20), pricingProviderId: 'deepseek' });
    assert.equal(peak.kind === 'priced' && peak.price.input, 0.27);
    assert.equal(offPeak.kind === 'priced' && offPeak.price.input, 0.135);
    // hit 6,000, miss 4,000, output 1,000:
    //   peak (0.27 / 0.07 / 1.10):     4,000 x 0.27 + 6,000 x 0.07 + 1,000 x 1.10 = 1,080 + 420 + 1,100 = 2,600 micro-USD
    //   off-peak (0.135/0.035/0.55):   4,000 x 0.135 + 6,000 x 0.035 + 1,000 x 0.55 = 540 + 210 + 550 = 1,300 micro-USD
    assert.equal(requestCost(peak, usage(4_000, 1_000, 6_000)).nanos, 2_600_000);
    assert.equal(requestCost(offPeak, usage(4_000, 1_000, 6_000)).nanos, 1_300_000);
    // All miss at peak: 10,000 x 0.27 + 1,100 = 3,800 micro-USD.
    assert.equal(requestCost(peak, usage(10_000, 1_000)).nanos, 3_800_000);
  });

  it('bills a tiered model at the tier its whole input (cache included) exceeds', () => {
    const anthropic = provider('anthropic');
    const pricing = book.resolve({ provider: anthropic, model: 'claude-sonnet-4-5', atMs: AT });
    assert.equal(pricing.kind, 'priced');
    // Base 3 / 15 / 0.30 read / 3.75 write; above 200,000 input tokens 6 / 22.5 / 0.60 / 7.50.
    // 150,000 input + 50,000 cache read = 200,000: not above the start, base prices:
    //   150,000 x 3 + 50,000 x 0.3 + 1,000 x 15 = 450,000 + 15,000 + 15,000 = 480,000 micro-USD
    assert.equal(requestCost(pricing, usage(150_000, 1_000, 50_000)).nanos, 480_000_000);
    // 200,000 input + 50,000 cache read = 250,000: every token at the upper tier:
    //   200,000 x 6 + 50,000 x 0.6 + 1,000 x 22.5 = 1,200,000 + 30,000 + 22,500 = 1,252,500 micro-USD
    assert.equal(requestCost(pricing, usage(200_000, 1_000, 50_000)).nanos, 1_252_500_000);
    // With a configured output price, output is flat at every size, the rest still tiered:
    //   200,000 x 6 + 50,000 x 0.6 + 1,000 x 10 = 1,240,000 micro-USD
    const configured = book.resolve({ provider: provider('anthropic', [{ id: 'claude-sonnet-4-5', output: 10 }]), model: 'claude-sonnet-4-5', atMs: AT });
    assert.equal(requestCost(configured, usage(200_000, 1_000, 50_000)).nanos, 1_240_000_000);
  });

  it('takes the context window from the configuration, then the catalog', () => {
    assert.equal(book.contextWindow({ provider: provider('openai'), model: 'gpt-4o-mini', atMs: AT }), 128_000);
    assert.equal(book.contextWindow({ provider: provider('openai', [{ id: 'gpt-4o-mini', contextWindow: 64_000 }]), model: 'gpt-4o-mini', atMs: AT }), 64_000);
    assert.equal(book.contextWindow({ provider: provider('openai'), model: 'gpt-does-not-exist', atMs: AT }), null);
  });
});

describe('local models (Ollama, LM Studio)', () => {
  it('prices a model served on this machine at a known $0, not as unpriced', () => {
    const book = new PriceBook(fakeCatalog(null));
    const local = { ...provider('openai-compatible', [{ id: 'llama3.2' }]), preset: 'ollama' };
    const pricing = book.resolve({ provider: local, model: 'llama3.2', atMs: AT, local: true });
    assert.equal(pricing.kind, 'priced');
    assert.deepEqual(requestCost(pricing, usage(1_000, 500)), { pricing: 'priced', nanos: 0, origin: 'built-in' });
  });

  it('lets configured prices win for a local model too (electricity, a shared GPU)', () => {
    const book = new PriceBook(fakeCatalog(null));
    const local = provider('openai-compatible', [{ id: 'llama3.2', input: 0.01, output: 0.02 }]);
    const pricing = book.resolve({ provider: local, model: 'llama3.2', atMs: AT, local: true });
    // 1,000,000 × 0.01 + 500,000 × 0.02 = $0.01 + $0.01 = 20,000,000 nanos.
    assert.deepEqual(requestCost(pricing, usage(1_000_000, 500_000)), { pricing: 'priced', nanos: 20_000_000, origin: 'configuration' });
  });

  it('keeps a remote model without any price unpriced', () => {
    const book = new PriceBook(fakeCatalog(null));
    const pricing = book.resolve({ provider: provider('openai-compatible', [{ id: 'mystery' }]), model: 'mystery', atMs: AT, local: false });
    assert.equal(pricing.kind, 'unpriced');
  });
});
