// The chat view's number formats, in English with US separators (costs are in USD). Money
// arrives as integer nano-dollars and becomes dollars only here, when it is shown.

const NANOS_PER_USD = 1e9;
const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const subCent = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });
const integers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `$1.23`; below a cent with two significant digits (`$0.0042`). */
export function formatCost(nanos: number): string {
  const usd = nanos / NANOS_PER_USD;
  if (!Number.isFinite(usd)) return '—';
  if (usd === 0) return '$0.00';
  return Math.abs(usd) < 0.01 ? subCent.format(usd) : cents.format(usd);
}

/** A cost that is exact, or marked as estimated with `≈`. */
export const formatMaybeEstimated = (nanos: number, estimated: boolean): string =>
  estimated ? `≈ ${formatCost(nanos)}` : formatCost(nanos);

export const formatTokens = (count: number): string => integers.format(count);

/** `850 ms`, `2.4 s`. */
export function formatLatency(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
