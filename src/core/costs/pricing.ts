// Which price applies to a request, and what a finished request cost.
//
// Resolution, for (provider, model) at a time:
//   1. A model of the `vscode-lm` kind is covered by the user's subscription: never a price.
//   2. The configuration's prices win field by field. A configured field is flat (it applies
//      at every input size); a field the configuration leaves out comes from the built-in
//      catalog, tiers included. So `{ "input": 0.1, "output": 0.4 }` on a model the catalog
//      knows keeps the catalog's cache prices, and `{ "cacheWrite": 1 }` alone only changes
//      cache writes. The configuration alone prices a model only when it gives both `input`
//      and `output`; its missing cache prices then bill at `input` (see ModelPrice).
//   3. Without either: unpriced. Never $0: a cost nobody knows is shown as unknown.
// A cost the provider reports itself (OpenRouter's `usage.cost`) is taken as is.
import type { ProviderConfig } from '../routing/routerConfig';
import { costNanos, nanosFromUsd } from './costMath';
import type { ModelPrice, PriceOrigin, TokenUsage } from './tokenUsage';
import { totalInput } from './tokenUsage';

/** Prices that replace the base ones when a request's total input exceeds `aboveInputTokens`. */
export interface PriceTier {
  readonly aboveInputTokens: number;
  readonly price: ModelPrice;
}

/** One model's entry in the built-in catalog, at the time asked for. */
export interface CatalogPrice {
  /** The catalog's own id of the model it matched (may differ: "claude-3-5-haiku-latest"). */
  readonly modelId: string;
  readonly price: ModelPrice;
  /** Ascending by `aboveInputTokens`; the whole request bills at the highest tier it exceeds. */
  readonly tiers: readonly PriceTier[];
  readonly contextWindow?: number;
  /** Where the figures come from, with its version, e.g. "genai-prices 0.1.8". */
  readonly source: string;
}

/** The built-in price table (providers/builtinPrices.ts, over a dated pricing package). */
export interface BuiltinPriceCatalog {
  /** `providerId` is the catalog's provider id ("openai", "anthropic", "x-ai", ...). */
  lookup(providerId: string, modelId: string, atMs: number): CatalogPrice | null;
}

export type ModelPricing =
  | {
      readonly kind: 'priced';
      readonly price: ModelPrice;
      readonly tiers: readonly PriceTier[];
      /** 'configuration' as soon as one configured field is used. */
      readonly origin: PriceOrigin;
      /** e.g. "configuration", "genai-prices 0.1.8", "configuration + genai-prices 0.1.8". */
      readonly source: string;
    }
  | { readonly kind: 'subscription' }
  | { readonly kind: 'unpriced' };

export interface PriceQuery {
  readonly provider: ProviderConfig;
  readonly model: string;
  readonly atMs: number;
  /**
   * The catalog's id for this provider (from its preset). When left out, the `openai` and
   * `anthropic` kinds use their own names and other kinds have no built-in prices.
   */
  readonly pricingProviderId?: string | null;
  /** A server on this machine (Ollama, LM Studio): nothing is billed, so $0 is a known price. */
  readonly local?: boolean;
}

export type RequestCost =
  | { readonly pricing: 'priced'; readonly nanos: number; readonly origin: PriceOrigin }
  | { readonly pricing: 'subscription' | 'unpriced'; readonly nanos: null };

const PRICE_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite'] as const;
type PriceField = (typeof PRICE_FIELDS)[number];
type ConfiguredPrice = Partial<Record<PriceField, number>>;

function configuredPrice(provider: ProviderConfig, model: string): ConfiguredPrice {
  const entry = provider.models.find((candidate) => candidate.id === model);
  const price: ConfiguredPrice = {};
  for (const field of PRICE_FIELDS) {
    const value = entry?.[field];
    if (value !== undefined) price[field] = value;
  }
  return price;
}

/** `base` with every configured field put over it. */
function overlay(base: ModelPrice, configured: ConfiguredPrice): ModelPrice {
  return { ...base, ...configured };
}

export function pricingProviderIdOf(query: PriceQuery): string | null {
  if (query.pricingProviderId !== undefined) return query.pricingProviderId;
  const kind = query.provider.kind;
  return kind === 'openai' || kind === 'anthropic' ? kind : null;
}

export class PriceBook {
  constructor(private readonly catalog: BuiltinPriceCatalog | null) {}

  resolve(query: PriceQuery): ModelPricing {
    if (query.provider.kind === 'vscode-lm') return { kind: 'subscription' };
    const configured = configuredPrice(query.provider, query.model);
    if (query.local && (configured.input === undefined || configured.output === undefined)) {
      return { kind: 'priced', price: { input: 0, output: 0, ...configured }, tiers: [], origin: 'built-in', source: 'local model' };
    }
    const builtin = this.lookup(query);
    const hasConfigured = Object.keys(configured).length > 0;
    if (builtin) {
      return {
        kind: 'priced',
        price: overlay(builtin.price, configured),
        tiers: builtin.tiers.map((tier) => ({ aboveInputTokens: tier.aboveInputTokens, price: overlay(tier.price, configured) })),
        origin: hasConfigured ? 'configuration' : 'built-in',
        source: hasConfigured ? `configuration + ${builtin.source}` : builtin.source,
      };
    }
    if (configured.input === undefined || configured.output === undefined) return { kind: 'unpriced' };
    return { kind: 'priced', price: { ...configured, input: configured.input, output: configured.output }, tiers: [], origin: 'configuration', source: 'configuration' };
  }

  /** The configured context window, else the catalog's; null when neither knows it. */
  contextWindow(query: PriceQuery): number | null {
    const entry = query.provider.models.find((candidate) => candidate.id === query.model);
    return entry?.contextWindow ?? this.lookup(query)?.contextWindow ?? null;
  }

  private lookup(query: PriceQuery): CatalogPrice | null {
    const providerId = pricingProviderIdOf(query);
    if (providerId === null || this.catalog === null) return null;
    return this.catalog.lookup(providerId, query.model, query.atMs);
  }
}

/** The price that applies to a request with `inputTokens` of input, cache reads and writes included. */
export function priceForInput(pricing: Extract<ModelPricing, { kind: 'priced' }>, inputTokens: number): ModelPrice {
  let price = pricing.price;
  for (const tier of pricing.tiers) if (inputTokens > tier.aboveInputTokens) price = tier.price;
  return price;
}

/**
 * What a finished request cost. A cost the provider reported wins over the price table (it
 * knows discounts and routing we cannot see); a subscription or an unknown price has none.
 */
export function requestCost(pricing: ModelPricing, usage: TokenUsage, reportedCostUsd?: number): RequestCost {
  if (pricing.kind === 'subscription') return { pricing: 'subscription', nanos: null };
  if (reportedCostUsd !== undefined && Number.isFinite(reportedCostUsd) && reportedCostUsd >= 0) {
    return { pricing: 'priced', nanos: nanosFromUsd(reportedCostUsd), origin: 'provider-reported' };
  }
  if (pricing.kind === 'unpriced') return { pricing: 'unpriced', nanos: null };
  return { pricing: 'priced', nanos: costNanos(usage, priceForInput(pricing, totalInput(usage))), origin: pricing.origin };
}
