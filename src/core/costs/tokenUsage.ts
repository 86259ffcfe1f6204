// Token counts and prices in one normalized form, whatever each provider reports.

/**
 * `input` counts only the input tokens billed at the plain input rate: cache reads and cache
 * writes are separate and never included in it. (OpenAI's `prompt_tokens` includes its cached
 * tokens, so an adapter subtracts them; Anthropic's `input_tokens` already excludes both.)
 */
export interface TokenUsage {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
}

export const ZERO_USAGE: TokenUsage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

export function totalInput(usage: TokenUsage): number {
  return usage.input + usage.cacheRead + usage.cacheWrite;
}

/** USD per million tokens. A missing cache price means cached tokens bill at `input`. */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
}

/** Where a price came from, shown to the user beside a cost. */
export type PriceOrigin = 'configuration' | 'built-in' | 'provider-reported';
