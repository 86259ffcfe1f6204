// What the router is built from (ports, filled in by app/) and what it keeps between requests.
import type { IdSource } from '../clock';
import type { Calendar, LedgerRepository, PerformanceHistory, ResponseCacheRepository } from '../costs/ledgerPorts';
import type { PriceBook } from '../costs/pricing';
import type { AuthGate } from './authGate';
import type { CircuitBreakers } from './circuitBreaker';
import type { ModelPerformanceAverages } from './modelPerformance';
import type { ProviderConnections } from './providerConnections';
import type { RedactionMemo } from '../redaction/redactionMemo';
import type { RateLimiter } from './rateLimiter';
import type { RandomSource } from './retryPolicy';
import type { ProviderConfig, RouterConfig } from './routerConfig';
import type { ChatMessage } from './streamEvent';
import type { Timers } from './timers';

export interface CacheKeyParts {
  readonly provider: string;
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  readonly temperature?: number;
}

export interface RouterDependencies {
  /** The current configuration (throws RouterConfigError when the user's JSON is wrong). */
  readonly config: () => RouterConfig;
  readonly connections: ProviderConnections;
  readonly prices: PriceBook;
  /** The price table's id for a provider (from its preset), null when it has none. */
  readonly pricingProviderId: (provider: ProviderConfig) => string | null;
  /** A provider served on this machine (its preset says so): free, not unpriced. */
  readonly isLocal?: (provider: ProviderConfig) => boolean;
  readonly ledger: LedgerRepository;
  readonly cache: ResponseCacheRepository;
  readonly cacheKey: (parts: CacheKeyParts) => string;
  readonly history: PerformanceHistory;
  readonly calendar: Calendar;
  readonly timers: Timers;
  readonly ids: IdSource;
  /** o200k token count; loaded lazily, used only off the hot path. */
  readonly countTokens: (text: string) => number;
  readonly random?: RandomSource;
  /**
   * True when requests to the provider may be charged to a dollar account in the pool: they
   * reserve their maximum cost even without a budget (the store picks the account and checks it).
   */
  readonly chargesAccount?: (provider: string) => Promise<boolean>;
  /** After each ledger row is written: views showing costs refresh. */
  readonly onSettled?: () => void;
}

/** Shared by every request of one process: what the router learns outlives a request. */
export interface RouterState {
  readonly breakers: CircuitBreakers;
  readonly authGate: AuthGate;
  readonly rateLimiter: RateLimiter;
  readonly performance: ModelPerformanceAverages;
  /** Recent prompts' redactions: a conversation's history is checked once, not every turn. */
  readonly redactions: RedactionMemo;
}
