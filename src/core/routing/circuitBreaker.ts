// One circuit breaker per provider and model, so that a failing model is skipped at once
// instead of costing every request its retries and timeouts.
//
// closed: requests flow; outcomes are counted over a rolling window (60 s, in 10 buckets so the
//   memory stays fixed whatever the traffic). When at least `minimumRequests` outcomes are in
//   the window and failures / requests >= `failureRateThreshold`, it opens.
// open: every request is refused until `cooldownMs` has passed since it opened.
// half-open: exactly one request (the probe) goes through; the others are refused while it
//   runs. The probe's success closes the breaker (with a fresh window); its failure opens it
//   for another cool-down. A probe that ends without a verdict (cancelled, bad request) hands
//   the probe to the next request.
//
// What counts as a failure: outcomes that speak about the provider's health from here:
// network, timeout, server, overloaded, malformed (a proxy or portal in the way is as bad as a
// dead provider) and rate-limit (a model that answers half our requests with 429 is not
// available to us for now; LiteLLM cools deployments down on 429 for the same reason; when
// limits are configured the rate limiter already keeps us from causing them). Neutral, neither
// success nor failure: bad-request and cancelled (about the request or the user), auth (the
// AuthGate disables the whole provider) and unknown (possibly our own bug).
//
// Outcomes are reported through the permit that `acquire` returned; an outcome of a request
// that started before the breaker last changed state (a permit of an older generation) is
// ignored, so a slow request that began while closed cannot close a breaker that has opened.
import type { ErrorClass } from './streamEvent';
import type { Timers } from './timers';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  readonly windowMs: number;
  readonly failureRateThreshold: number;
  readonly minimumRequests: number;
  readonly cooldownMs: number;
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  windowMs: 60_000,
  failureRateThreshold: 0.5,
  minimumRequests: 5,
  cooldownMs: 30_000,
};

/** What "Show Providers" shows for one provider and model. */
export interface BreakerSnapshot {
  readonly provider: string;
  readonly model: string;
  readonly state: BreakerState;
  /** Failures and requests counted in the rolling window. */
  readonly failures: number;
  readonly requests: number;
  /** When it last opened; null while closed. */
  readonly openedAt: number | null;
  /** When the probe may go (open) or could go (half-open); null while closed. */
  readonly retryAt: number | null;
  /** How long until `retryAt`, from when the snapshot was taken; null while closed. */
  readonly retryInMs: number | null;
  readonly probeInFlight: boolean;
}

/** The right to send one request; report its outcome through `CircuitBreakers` exactly once. */
export interface BreakerPermit {
  readonly provider: string;
  readonly model: string;
  readonly probe: boolean;
  readonly generation: number;
}

const HEALTH_FAILURES: ReadonlySet<ErrorClass> = new Set<ErrorClass>(['network', 'timeout', 'server', 'overloaded', 'malformed', 'rate-limit']);

/** Whether a failure of this class counts against the breaker (see the header). */
export function countsAgainstHealth(errorClass: ErrorClass): boolean {
  return HEALTH_FAILURES.has(errorClass);
}

const BUCKETS = 10;

/** Failures and requests over a rolling window, in fixed buckets. */
class RollingCounts {
  private readonly bucketMs: number;
  private readonly epochs = new Array<number>(BUCKETS).fill(-Infinity);
  private readonly requests = new Array<number>(BUCKETS).fill(0);
  private readonly failures = new Array<number>(BUCKETS).fill(0);

  constructor(windowMs: number) {
    this.bucketMs = Math.max(1, windowMs / BUCKETS);
  }

  add(now: number, failed: boolean): void {
    const epoch = Math.floor(now / this.bucketMs);
    const slot = epoch % BUCKETS;
    if (this.epochs[slot] !== epoch) {
      this.epochs[slot] = epoch;
      this.requests[slot] = 0;
      this.failures[slot] = 0;
    }
    this.requests[slot] = (this.requests[slot] ?? 0) + 1;
    if (failed) this.failures[slot] = (this.failures[slot] ?? 0) + 1;
  }

  totals(now: number): { requests: number; failures: number } {
    const oldest = Math.floor(now / this.bucketMs) - BUCKETS + 1;
    let requests = 0;
    let failures = 0;
    for (let slot = 0; slot < BUCKETS; slot++) {
      if ((this.epochs[slot] ?? -Infinity) < oldest) continue;
      requests += this.requests[slot] ?? 0;
      failures += this.failures[slot] ?? 0;
    }
    return { requests, failures };
  }

  reset(): void {
    this.epochs.fill(-Infinity);
  }
}

class CircuitBreaker {
  private opened = false;
  private openedAt: number | null = null;
  private retryAt: number | null = null;
  private probeInFlight = false;
  private readonly counts: RollingCounts;
  generation = 0;

  constructor(private readonly options: BreakerOptions) {
    this.counts = new RollingCounts(options.windowMs);
  }

  state(now: number): BreakerState {
    if (!this.opened) return 'closed';
    return this.retryAt !== null && now >= this.retryAt ? 'half-open' : 'open';
  }

  allows(now: number): boolean {
    const state = this.state(now);
    return state === 'closed' || (state === 'half-open' && !this.probeInFlight);
  }

  /** Null when refused; otherwise whether the request is the half-open probe. */
  acquire(now: number): { probe: boolean } | null {
    if (!this.allows(now)) return null;
    if (this.state(now) === 'closed') return { probe: false };
    this.probeInFlight = true;
    return { probe: true };
  }

  succeeded(probe: boolean, now: number): void {
    if (probe) {
      this.close();
      return;
    }
    if (!this.opened) this.counts.add(now, false);
  }

  failed(probe: boolean, now: number): void {
    if (probe) {
      this.open(now);
      return;
    }
    if (this.opened) return;
    this.counts.add(now, true);
    const { requests, failures } = this.counts.totals(now);
    if (requests >= this.options.minimumRequests && failures / requests >= this.options.failureRateThreshold) this.open(now);
  }

  /** A probe ended without a verdict: the next request may probe. */
  released(probe: boolean): void {
    if (probe) this.probeInFlight = false;
  }

  snapshot(provider: string, model: string, now: number): BreakerSnapshot {
    const { requests, failures } = this.counts.totals(now);
    const state = this.state(now);
    const retryInMs = this.retryAt === null ? null : Math.max(0, this.retryAt - now);
    return { provider, model, state, failures, requests, openedAt: this.openedAt, retryAt: this.retryAt, retryInMs, probeInFlight: this.probeInFlight };
  }

  private open(now: number): void {
    this.opened = true;
    this.openedAt = now;
    this.retryAt = now + this.options.cooldownMs;
    this.probeInFlight = false;
    this.generation++;
  }

  private close(): void {
    this.opened = false;
    this.openedAt = null;
    this.retryAt = null;
    this.probeInFlight = false;
    this.counts.reset();
    this.generation++;
  }
}

/** The breakers of every provider and model, created on first use. */
export class CircuitBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly options: BreakerOptions;

  constructor(
    private readonly timers: Pick<Timers, 'now'>,
    options: Partial<BreakerOptions> = {},
  ) {
    this.options = { ...DEFAULT_BREAKER_OPTIONS, ...options };
  }

  /** Whether `acquire` would succeed now. No side effect: for ranking candidates. */
  allows(provider: string, model: string): boolean {
    return this.breakers.get(breakerKey(provider, model))?.allows(this.timers.now()) ?? true;
  }

  /** The right to send one request now, or null when the breaker refuses it. */
  acquire(provider: string, model: string): BreakerPermit | null {
    const breaker = this.breakerFor(provider, model);
    const granted = breaker.acquire(this.timers.now());
    return granted && { provider, model, probe: granted.probe, generation: breaker.generation };
  }

  /** The request answered. */
  succeeded(permit: BreakerPermit): void {
    this.current(permit)?.succeeded(permit.probe, this.timers.now());
  }

  /** The request failed; only classes that speak about the provider's health count. */
  failed(permit: BreakerPermit, errorClass: ErrorClass): void {
    const breaker = this.current(permit);
    if (!breaker) return;
    if (countsAgainstHealth(errorClass)) breaker.failed(permit.probe, this.timers.now());
    else breaker.released(permit.probe);
  }

  /** The request ended without saying anything about the provider (or never went out). */
  release(permit: BreakerPermit): void {
    this.current(permit)?.released(permit.probe);
  }

  snapshot(provider: string, model: string): BreakerSnapshot {
    const breaker = this.breakers.get(breakerKey(provider, model)) ?? new CircuitBreaker(this.options);
    return breaker.snapshot(provider, model, this.timers.now());
  }

  /** Every breaker used so far, for "Show Providers". */
  snapshots(): BreakerSnapshot[] {
    const now = this.timers.now();
    return [...this.breakers].map(([key, breaker]) => {
      const [provider = '', model = ''] = key.split(KEY_SEPARATOR);
      return breaker.snapshot(provider, model, now);
    });
  }

  private breakerFor(provider: string, model: string): CircuitBreaker {
    const key = breakerKey(provider, model);
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker(this.options);
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  /** The permit's breaker, unless it changed state since the permit was given. */
  private current(permit: BreakerPermit): CircuitBreaker | undefined {
    const breaker = this.breakers.get(breakerKey(permit.provider, permit.model));
    return breaker && breaker.generation === permit.generation ? breaker : undefined;
  }
}

// Provider ids and model ids never hold a NUL.
const KEY_SEPARATOR = '\u0000';

function breakerKey(provider: string, model: string): string {
  return provider + KEY_SEPARATOR + model;
}
