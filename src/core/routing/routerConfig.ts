// The router's configuration: the same JSON in the settings (`baton.providers`,
// `baton.routing`, `baton.budgets`) and in the CLI's `--config` file. Parsed and checked by
// routerConfigParser.ts; everything past the parser may trust these types.

export type ProviderKind = 'openai' | 'anthropic' | 'openai-compatible' | 'vscode-lm';
export type Capability = 'tools' | 'vision';
export type StrategyName = 'explicit' | 'cheapest' | 'fastest' | 'capability';

export interface ModelConfig {
  readonly id: string;
  /** USD per million tokens; when given they override the built-in price table. */
  readonly input?: number;
  readonly output?: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
  readonly contextWindow?: number;
  readonly capabilities?: readonly Capability[];
}

export interface ProviderLimits {
  /** Requests per minute. */
  readonly rpm?: number;
  /** Tokens (input + max output) per minute. */
  readonly tpm?: number;
}

export interface ProviderConfig {
  readonly id: string;
  readonly kind: ProviderKind;
  /** openai-compatible only: a preset name (groq, mistral, …, ollama, lmstudio). */
  readonly preset?: string;
  readonly baseUrl?: string;
  /** The environment variable the CLI reads the key from. The extension uses SecretStorage. */
  readonly apiKeyEnv?: string;
  readonly models: readonly ModelConfig[];
  readonly limits?: ProviderLimits;
}

export interface CacheConfig {
  /** 'temperature-0' (default): cache only requests at temperature 0. */
  readonly mode: 'off' | 'temperature-0' | 'always';
  readonly ttlSeconds: number;
  readonly maxEntries: number;
}

export interface RoutingConfig {
  readonly strategy: StrategyName;
  readonly fallback: boolean;
  readonly approvalThresholdUsd: number;
  /** The longest wait for the first token of an answer. */
  readonly firstTokenTimeoutMs: number;
  /** The longest silence between two chunks once the answer streams. */
  readonly chunkTimeoutMs: number;
  /** Attempts per candidate, the first included. */
  readonly maxAttempts: number;
  readonly cache: CacheConfig;
}

export interface BudgetLimits {
  readonly dailyUsd?: number;
  readonly monthlyUsd?: number;
}

export interface BudgetConfig extends BudgetLimits {
  readonly perProvider: Readonly<Record<string, BudgetLimits>>;
}

export interface RouterConfig {
  readonly providers: readonly ProviderConfig[];
  readonly routing: RoutingConfig;
  readonly budgets: BudgetConfig;
}

export const DEFAULT_ROUTING: RoutingConfig = {
  strategy: 'cheapest',
  fallback: true,
  approvalThresholdUsd: 0.5,
  firstTokenTimeoutMs: 60_000,
  chunkTimeoutMs: 30_000,
  maxAttempts: 3,
  cache: { mode: 'temperature-0', ttlSeconds: 86_400, maxEntries: 500 },
};
