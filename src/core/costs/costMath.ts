// Exact cost arithmetic. Prices are USD per million tokens with a few decimals (0.075), costs
// are integer nano-dollars (1e-9 USD): every price is scaled to an integer of nano-dollars per
// million tokens, the products are summed exactly in BigInt, and the sum is divided and rounded
// once, half up. Rounding each part separately, or summing floats, drifts over many requests.
import type { ModelPrice, TokenUsage } from './tokenUsage';

export const NANOS_PER_USD = 1_000_000_000;
const TOKENS_PER_PRICE_UNIT = 1_000_000n;

/** A price in USD per million tokens as integer nano-dollars per million tokens. */
function scaledPrice(usdPerMillion: number): bigint {
  if (!Number.isFinite(usdPerMillion) || usdPerMillion < 0) throw new RangeError(`A price must be a finite non-negative number, not ${usdPerMillion}`);
  return BigInt(Math.round(usdPerMillion * NANOS_PER_USD));
}

function tokenCount(name: string, tokens: number): bigint {
  if (!Number.isSafeInteger(tokens) || tokens < 0) throw new RangeError(`${name} tokens must be a non-negative integer, not ${tokens}`);
  return BigInt(tokens);
}

/**
 * What `usage` costs at `price`, in integer nano-dollars. Cache reads bill at `cacheRead` and
 * cache writes at `cacheWrite`, each at `input` when the price has none (TokenUsage's `input`
 * excludes both, so no token is billed twice).
 */
export function costNanos(usage: TokenUsage, price: ModelPrice): number {
  const perMillion =
    tokenCount('input', usage.input) * scaledPrice(price.input) +
    tokenCount('output', usage.output) * scaledPrice(price.output) +
    tokenCount('cache read', usage.cacheRead) * scaledPrice(price.cacheRead ?? price.input) +
    tokenCount('cache write', usage.cacheWrite) * scaledPrice(price.cacheWrite ?? price.input);
  return Number((perMillion + TOKENS_PER_PRICE_UNIT / 2n) / TOKENS_PER_PRICE_UNIT);
}

/** A USD amount (a budget, a provider-reported cost) as integer nano-dollars. */
export function nanosFromUsd(usd: number): number {
  if (!Number.isFinite(usd)) throw new RangeError(`Not an amount of USD: ${usd}`);
  return Math.round(usd * NANOS_PER_USD);
}

export function usdFromNanos(nanos: number): number {
  return nanos / NANOS_PER_USD;
}

/**
 * USD for people: "$1.23" from a cent up (rounded half up on the integer nanos, so no float
 * surprises such as 1.005 -> 1.00), three significant digits below it ("$0.000123", "$0.0049"),
 * and "$0.00" for nothing.
 */
export function formatUsd(nanos: number): string {
  if (nanos < 0) return `-${formatUsd(-nanos)}`;
  if (nanos === 0) return '$0.00';
  if (nanos >= NANOS_PER_USD / 100) {
    const cents = Math.round(nanos / (NANOS_PER_USD / 100));
    const dollars = Math.floor(cents / 100).toLocaleString('en-US');
    return `$${dollars}.${String(cents % 100).padStart(2, '0')}`;
  }
  const usd = nanos / NANOS_PER_USD;
  const decimals = Math.min(9, 2 - Math.floor(Math.log10(usd)));
  return `$${usd.toFixed(decimals).replace(/0+$/, '')}`;
}

export type Pricing = 'priced' | 'subscription' | 'unpriced';

/** A cost as shown beside an answer or in a table: never "$0.00" for a cost nobody knows. */
export function describeCost(nanos: number | null, pricing: Pricing): string {
  if (pricing === 'subscription') return 'covered by subscription';
  if (pricing === 'unpriced' || nanos === null) return 'unpriced';
  return formatUsd(nanos);
}
