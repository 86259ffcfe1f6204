// What the router needs from storage: the ledger (one row per request), atomic budget
// reservations across processes, the response cache, and performance history.
import type { ErrorClass } from '../routing/streamEvent';
import type { StrategyName } from '../routing/routerConfig';
import type { TokenUsage } from './tokenUsage';

export interface AttemptRecord {
  readonly provider: string;
  readonly model: string;
  /** 'ok', 'error' (a failure before any content) or 'incomplete' (cut after content arrived). */
  readonly status: 'ok' | 'error' | 'incomplete';
  readonly errorClass?: ErrorClass;
  readonly error?: string;
  readonly httpStatus?: number;
}

export interface LedgerEntry {
  readonly id: string;
  readonly at: number;
  readonly workspaceId: string | null;
  readonly sessionId: string | null;
  readonly accountId: string | null;
  readonly provider: string;
  readonly model: string;
  readonly strategy: StrategyName;
  readonly attempts: readonly AttemptRecord[];
  readonly usage: TokenUsage;
  /** Integer nano-dollars (1e-9 USD) so sums stay exact; null = no known price (unpriced). */
  readonly costNanos: number | null;
  /** True when any figure was estimated (cut stream, no usage reported, estimated tokens). */
  readonly estimated: boolean;
  /** 'priced' normally; 'subscription' for models covered by a plan (vscode-lm); 'unpriced'. */
  readonly pricing: 'priced' | 'subscription' | 'unpriced';
  readonly status: 'ok' | 'incomplete' | 'error' | 'cancelled';
  readonly latencyMs: number;
  /** Null when no content arrived. */
  readonly ttftMs: number | null;
  readonly cacheHit: boolean;
  /** What a cache hit saved, nano-dollars (the cost of the original request). */
  readonly savedNanos: number;
  readonly fallbackUsed: boolean;
  readonly source: 'router' | string;
  /** JSON text: the candidates and why the winner won. */
  readonly decision: string;
  /** What the redaction choke point replaced, e.g. "2 × OpenAI key". Empty when nothing. */
  readonly redacted: string;
  /**
   * The unit prices the cost was computed from, JSON `{"input","output","cacheRead"?,"cacheWrite"?,"source"}`
   * in USD per million tokens; absent or '' when none applied (a reported cost, no price).
   */
  readonly prices?: string;
}

/** A budget that would be exceeded: shown to the user as is. */
export interface BudgetRefusal {
  /** e.g. "daily budget", "monthly budget for openai". */
  readonly budget: string;
  readonly limitNanos: number;
  /** Spent plus what other in-flight requests have reserved. */
  readonly spentNanos: number;
  /** The most this request may cost. */
  readonly requestMaxNanos: number;
  /** Set when the refusing limit is an account's (its window), not one of the router's budgets. */
  readonly account?: { readonly name: string; readonly resetsAt: number | null };
}

export interface ReservationRequest {
  readonly id: string;
  readonly provider: string;
  readonly maxNanos: number;
  readonly at: number;
  /** Periods the budgets are counted over (local days/months, from the Calendar port). */
  readonly dayStart: number;
  readonly monthStart: number;
  /** Limits to check, nano-dollars; undefined = no limit. */
  readonly limits: {
    readonly dailyNanos?: number;
    readonly monthlyNanos?: number;
    readonly providerDailyNanos?: number;
    readonly providerMonthlyNanos?: number;
  };
  /** A reservation left by a crashed process stops counting after this. */
  readonly expiresAt: number;
}

export type ReservationResult = { readonly ok: true } | { readonly ok: false; readonly refusal: BudgetRefusal };

export interface LedgerRepository {
  /**
   * Atomically across processes: check every limit (the budgets, and the window of the dollar
   * account the provider is charged to) against spent + reserved + max, then reserve.
   */
  reserve(request: ReservationRequest): Promise<ReservationResult>;
  /** Atomically: drop the reservation (if any) and write the ledger row. Durable on return. */
  settle(reservationId: string | null, entry: LedgerEntry): Promise<void>;
  /** Drops a reservation whose request never went out. */
  release(reservationId: string): Promise<void>;
}

export interface CachedResponse {
  readonly text: string;
  readonly provider: string;
  readonly model: string;
  readonly usage: TokenUsage;
  /** What the original request cost, nano-dollars (what a hit saves); null if unpriced. */
  readonly costNanos: number | null;
  readonly storedAt: number;
}

export interface ResponseCacheRepository {
  get(key: string, now: number): Promise<CachedResponse | null>;
  /** Keeps at most `maxEntries` (oldest go first) and drops entries older than the TTL. */
  put(key: string, entry: CachedResponse, limits: { readonly ttlMs: number; readonly maxEntries: number }): Promise<void>;
}

/** Per provider and model, from the ledger: seeds `fastest` and feeds `Show Providers`. */
export interface ModelPerformance {
  readonly provider: string;
  readonly model: string;
  readonly requests: number;
  readonly successes: number;
  readonly latencyP50Ms: number | null;
  readonly latencyP95Ms: number | null;
  readonly ttftP50Ms: number | null;
  readonly ttftP95Ms: number | null;
  /** Output tokens per second after the first token, median; null without data. */
  readonly outputTokensPerSecond: number | null;
}

export interface PerformanceHistory {
  /** Requests since `sinceMs`, source 'router' only. */
  performance(sinceMs: number): Promise<ModelPerformance[]>;
}

/** Local calendar periods (the user's time zone), for daily and monthly budgets. */
export interface Calendar {
  dayStart(atMs: number): number;
  monthStart(atMs: number): number;
}
