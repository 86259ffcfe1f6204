// When the router tries the same candidate again, and how long it waits first.
//
// Retryable: network, timeout, rate-limit (429), overloaded (529), server (408, 409, 5xx):
// failures that say "not now" rather than "never". Not retryable: auth (the key will not
// become valid by waiting), bad-request (the same request fails the same way), cancelled (the
// user asked to stop) and unknown (we cannot tell whether the provider already did the work
// and billed it; the router may still fall back to another candidate).
//
// Malformed (a 200 whose body is not the wire format) is retried ONCE per candidate: a cut or
// garbled SSE stream is usually transient, but a 200 HTML page is usually a captive portal or
// a proxy that will answer the same way again, so a second malformed answer moves on.
//
// The wait: the provider's own `retryAfterMs` when it sent one (already parsed from
// `retry-after-ms` / `retry-after`, see retryAfter.ts), otherwise exponential backoff with full
// jitter (a random wait in [0, base * 2^(n-1)]; spreads the retries of concurrent requests).
// Each wait is capped at 60 s and so is the total waited over one request (all candidates):
// when a wait would pass either cap we stop retrying rather than shorten it, because a
// provider that asked for 90 s answers a retry after 60 s with another 429.
import type { RoutingConfig } from './routerConfig';
import type { ErrorClass, ProviderFailure } from './streamEvent';

/** A float in [0, 1), as Math.random. Injected so tests fix the jitter. */
export type RandomSource = () => number;

export interface RetryPolicy {
  /** Attempts per candidate, the first included. */
  readonly maxAttempts: number;
  /** The backoff ceiling of the first retry; it doubles on each later one. */
  readonly baseDelayMs: number;
  /** The longest single wait. */
  readonly maxDelayMs: number;
  /** The most waited in total over one request. */
  readonly maxTotalWaitMs: number;
  readonly random: RandomSource;
}

export const DEFAULT_BASE_DELAY_MS = 500;
export const MAX_WAIT_MS = 60_000;

export function retryPolicyFrom(routing: Pick<RoutingConfig, 'maxAttempts'>, random: RandomSource = Math.random): RetryPolicy {
  return {
    maxAttempts: Math.max(1, Math.floor(routing.maxAttempts)),
    baseDelayMs: DEFAULT_BASE_DELAY_MS,
    maxDelayMs: MAX_WAIT_MS,
    maxTotalWaitMs: MAX_WAIT_MS,
    random,
  };
}

const RETRYABLE: ReadonlySet<ErrorClass> = new Set<ErrorClass>(['network', 'timeout', 'rate-limit', 'overloaded', 'server']);

/**
 * Whether the same candidate may be tried again after `attemptsMade` attempts ended in
 * `failure` (ignoring maxAttempts and the wait caps, which RetrySchedule adds).
 */
export function isRetryable(failure: Pick<ProviderFailure, 'errorClass'>, attemptsMade = 1): boolean {
  if (failure.errorClass === 'malformed') return attemptsMade <= 1;
  return RETRYABLE.has(failure.errorClass);
}

/** Whether the router may go on to the next candidate: anything but the caller's own cancel. */
export function canFallBack(failure: Pick<ProviderFailure, 'errorClass'>): boolean {
  return failure.errorClass !== 'cancelled';
}

/** Full-jitter backoff before retry number `retry` (1 = the first retry). */
export function backoffDelayMs(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(policy.random() * ceiling);
}

/**
 * The retry state of one request: create one per request and ask it after each failed
 * attempt. It keeps the total waited, which is capped across every candidate of the request.
 */
export class RetrySchedule {
  private waited = 0;

  constructor(private readonly policy: RetryPolicy) {}

  /** Milliseconds waited so far over this request. */
  get waitedMs(): number {
    return this.waited;
  }

  /**
   * The wait before trying the same candidate again, after `attemptsMade` attempts on it
   * (the last one ended in `failure`); null = do not retry it (fall back or give up).
   */
  nextDelay(failure: ProviderFailure, attemptsMade: number): number | null {
    if (attemptsMade >= this.policy.maxAttempts || !isRetryable(failure, attemptsMade)) return null;
    const wait = Math.max(0, failure.retryAfterMs ?? backoffDelayMs(this.policy, attemptsMade));
    if (wait > this.policy.maxDelayMs || this.waited + wait > this.policy.maxTotalWaitMs) return null;
    this.waited += wait;
    return wait;
  }
}
