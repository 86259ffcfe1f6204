// Nearest-rank percentiles (the value at rank ceil(p/100 · n)), as latency reports quote them:
// always one of the samples, never an interpolation between two.

/** Nearest-rank percentile of ascending samples; null without any. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | null {
  return sorted.length === 0 ? null : (sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null);
}

/** Nearest-rank percentile of unsorted samples; null without any. */
export function percentile(samples: readonly number[], p: number): number | null {
  return nearestRank(Float64Array.from(samples).sort(), p);
}
