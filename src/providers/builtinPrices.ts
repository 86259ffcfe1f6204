// The built-in price table: @pydantic/genai-prices, a maintained and dated pricing package
// (cache and tiered prices, price changes by date and time of day), loaded from its own bundle
// when a price is first needed. Its prices are converted to core's shape here; the cost itself
// is computed by core's exact integer arithmetic (core/costs/costMath.ts).
import type { BuiltinPriceCatalog, CatalogPrice, PriceTier } from '../core/costs/pricing';
import type { ModelPrice } from '../core/costs/tokenUsage';
import { loadLazyBundle } from './lazyBundle';

type GenaiPrices = typeof import('./sdk/genaiPrices');
type Provider = NonNullable<ReturnType<GenaiPrices['findProvider']>>;
type ModelInfo = Provider['models'][number];
type RawPrice = NonNullable<ReturnType<GenaiPrices['calcPrice']>>['model_price'][string];
type RawPrices = Readonly<Record<string, RawPrice>>;

/**
 * The package version, as the data's date label shown beside built-in prices. Kept in step
 * with package.json by test/unit/costs/builtinPrices.test.ts (the bundle cannot read it).
 */
export const GENAI_PRICES_VERSION = '0.1.8';
export const GENAI_PRICES_SOURCE = `genai-prices ${GENAI_PRICES_VERSION}`;

/** The package's keys for the four prices core knows; other units (audio, searches) are not used. */
const KEYS: Readonly<Record<keyof ModelPrice, string>> = {
  input: 'input_mtok',
  output: 'output_mtok',
  cacheRead: 'cache_read_mtok',
  cacheWrite: 'cache_write_mtok',
};

type TieredValue = Extract<RawPrice, object>;

function isTiered(value: RawPrice): value is TieredValue {
  return typeof value === 'object' && value !== null && typeof value.base === 'number' && Array.isArray(value.tiers);
}

/** The price per million tokens of one key for a request whose total input exceeds `above` (null: base). */
function valueAbove(value: RawPrice, above: number | null): number | undefined {
  if (typeof value === 'number') return value;
  if (!isTiered(value)) return undefined;
  let price = value.base;
  // The package selects a tier when the total input is greater than its start.
  for (const tier of [...value.tiers].sort((a, b) => a.start - b.start)) if (above !== null && above >= tier.start) price = tier.price;
  return price;
}

function modelPriceAbove(raw: RawPrices, above: number | null): ModelPrice | null {
  const input = valueAbove(raw[KEYS.input], above);
  const output = valueAbove(raw[KEYS.output], above);
  if (input === undefined || output === undefined) return null; // not a chat model's price (images, embeddings)
  const cacheRead = valueAbove(raw[KEYS.cacheRead], above);
  const cacheWrite = valueAbove(raw[KEYS.cacheWrite], above);
  return { input, output, ...(cacheRead === undefined ? {} : { cacheRead }), ...(cacheWrite === undefined ? {} : { cacheWrite }) };
}

/**
 * The package's per-key tiers as whole-price tiers: one per distinct start, each with every
 * key's price for inputs above that start, so that core picks one price for the request.
 */
export function catalogPriceOf(raw: RawPrices, model: Pick<ModelInfo, 'id' | 'context_window'>): CatalogPrice | null {
  const base = modelPriceAbove(raw, null);
  if (base === null) return null;
  const starts = new Set<number>();
  for (const key of Object.values(KEYS)) {
    const value = raw[key];
    if (isTiered(value)) for (const tier of value.tiers) starts.add(tier.start);
  }
  const tiers: PriceTier[] = [...starts].sort((a, b) => a - b).flatMap((start) => {
    const price = modelPriceAbove(raw, start);
    return price ? [{ aboveInputTokens: start, price }] : [];
  });
  return { modelId: model.id, price: base, tiers, ...(model.context_window === undefined ? {} : { contextWindow: model.context_window }), source: GENAI_PRICES_SOURCE };
}

interface Match {
  readonly provider: Provider;
  readonly model: ModelInfo;
  /** Set when the model's price does not depend on the date or time of day. */
  readonly fixed: CatalogPrice | null;
}

const ZERO_USAGE = { input_tokens: 0, output_tokens: 0 };

export class GenaiPriceCatalog implements BuiltinPriceCatalog {
  /** Per provider and model id: the matched model (null: the package does not know it). */
  private readonly matches = new Map<string, Match | null>();

  constructor(private readonly load: () => GenaiPrices = () => loadLazyBundle<GenaiPrices>('genai-prices.js', 'genaiPrices')) {}

  lookup(providerId: string, modelId: string, atMs: number): CatalogPrice | null {
    const key = `${providerId}\u0000${modelId}`;
    let match = this.matches.get(key);
    if (match === undefined) {
      match = this.match(providerId, modelId, atMs);
      this.matches.set(key, match);
    }
    if (match === null) return null;
    return match.fixed ?? this.priceAt(match, modelId, atMs);
  }

  /** The full search over the catalog runs once per model (a tenth of a millisecond or more). */
  private match(providerId: string, modelId: string, atMs: number): Match | null {
    const found = this.load().calcPrice(ZERO_USAGE, modelId, { providerId, timestamp: new Date(atMs) });
    if (!found) return null;
    const fixed = Array.isArray(found.model.prices) ? null : catalogPriceOf(found.model_price, found.model);
    if (!Array.isArray(found.model.prices) && fixed === null) return null;
    return { provider: found.provider, model: found.model, fixed };
  }

  /** Dated or time-of-day prices: the package picks the one in force, from this model alone. */
  private priceAt(match: Match, modelId: string, atMs: number): CatalogPrice | null {
    const provider = { ...match.provider, models: [match.model], fallback_model_providers: [] };
    const found = this.load().calcPrice(ZERO_USAGE, modelId, { provider, timestamp: new Date(atMs) });
    return found ? catalogPriceOf(found.model_price, found.model) : null;
  }
}
