// How long a provider asked us to wait, from its response headers: `retry-after-ms` first
// (OpenAI and Anthropic send it), then `retry-after` as seconds or as an HTTP date.

/** Reads one header by lower-case name; null when absent. */
export type HeaderLookup = (name: string) => string | null | undefined;

/** Milliseconds to wait, or undefined when the headers say nothing usable. Never negative. */
export function retryAfterFromHeaders(header: HeaderLookup, nowMs: number): number | undefined {
  const milliseconds = parseNumber(header('retry-after-ms'));
  if (milliseconds !== undefined) return Math.max(0, milliseconds);
  const value = header('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = parseNumber(value);
  if (seconds !== undefined) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function parseNumber(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}
