// Per-provider request and token rates (`limits.rpm`, `limits.tpm`): a request waits its turn
// here, in this process, instead of going out only to collect a 429.
//
// - Sliding window of 60 s: a grant counts for exactly 60 s after it was given.
// - Tokens of a request = its input tokens + its max output tokens, counted when granted. That
//   is what OpenAI's own limiter counts against TPM, so we stay under theirs.
// - Strict FIFO: a small request never overtakes a large one that waits (no starvation).
// - A request larger than tpm by itself could never fit: it goes when the window holds no
//   tokens, i.e. it gets the whole minute to itself, rather than wait forever.
// - A non-positive or missing limit means no limit. A provider without limits pays one Map
//   lookup per request (this runs on every request).
// - One timer per provider at most, armed for when the head of the queue can go.
import type { ProviderLimits, RouterConfig } from './routerConfig';
import { AbortError, type Timers } from './timers';

export const RATE_WINDOW_MS = 60_000;

const RESOLVED: Promise<void> = Promise.resolve();

interface Waiter {
  readonly tokens: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** The grants of the last minute and the queue of one provider. */
class ProviderWindow {
  private readonly grantAt: number[] = [];
  private readonly grantTokens: number[] = [];
  private head = 0;
  private tokensInWindow = 0;
  private readonly queue: Waiter[] = [];
  private cancelTimer: (() => void) | null = null;
  private timerDue = Infinity;

  constructor(
    private readonly timers: Timers,
    private rpm: number | undefined,
    private tpm: number | undefined,
  ) {}

  get waiting(): number {
    return this.queue.length;
  }

  setLimits(rpm: number | undefined, tpm: number | undefined): void {
    this.rpm = rpm;
    this.tpm = tpm;
    this.pump();
  }

  acquire(tokens: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    if (this.queue.length === 0) {
      const now = this.timers.now();
      this.expire(now);
      if (this.fits(tokens)) {
        this.grant(now, tokens);
        return RESOLVED;
      }
    }
    return this.enqueue(tokens, signal);
  }

  private enqueue(tokens: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { tokens, resolve, reject, signal, onAbort: () => this.abandon(waiter) };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queue.push(waiter);
      this.schedule(this.timers.now());
    });
  }

  private abandon(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    if (index < 0) return;
    this.queue.splice(index, 1);
    waiter.reject(new AbortError());
    // The request behind it may fit now.
    this.pump();
  }

  /** Lets go every waiter at the head that fits, then arms the timer for the next one. */
  private pump(): void {
    const now = this.timers.now();
    this.expire(now);
    for (let next = this.queue[0]; next && this.fits(next.tokens); next = this.queue[0]) {
      this.queue.shift();
      next.signal?.removeEventListener('abort', next.onAbort);
      this.grant(now, next.tokens);
      next.resolve();
    }
    this.schedule(now);
  }

  private schedule(now: number): void {
    const head = this.queue[0];
    if (!head) {
      this.disarm();
      return;
    }
    const due = this.readyAt(head.tokens, now);
    // An earlier timer is fine: it pumps, finds the head still waiting, and re-arms.
    if (this.cancelTimer && this.timerDue <= due) return;
    this.disarm();
    this.timerDue = due;
    this.cancelTimer = this.timers.setTimer(due - now, () => {
      this.cancelTimer = null;
      this.timerDue = Infinity;
      this.pump();
    });
  }

  private disarm(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.timerDue = Infinity;
  }

  private fits(tokens: number): boolean {
    if (this.rpm !== undefined && this.grantAt.length - this.head >= this.rpm) return false;
    if (this.tpm === undefined) return true;
    return tokens > this.tpm ? this.tokensInWindow === 0 : this.tokensInWindow + tokens <= this.tpm;
  }

  /** When a request of `tokens` fits, if nothing else is granted meanwhile. */
  private readyAt(tokens: number, now: number): number {
    let due = now;
    const count = this.grantAt.length - this.head;
    if (this.rpm !== undefined && count >= this.rpm) due = Math.max(due, this.expiryOf(this.head + count - this.rpm));
    if (this.tpm !== undefined) {
      // The tokens that may stay in the window for this request to fit.
      const allowed = tokens > this.tpm ? 0 : this.tpm - tokens;
      let left = this.tokensInWindow;
      for (let index = this.head; left > allowed && index < this.grantAt.length; index++) {
        left -= this.grantTokens[index] ?? 0;
        if (left <= allowed) due = Math.max(due, this.expiryOf(index));
      }
    }
    return due;
  }

  private expiryOf(index: number): number {
    return (this.grantAt[index] ?? 0) + RATE_WINDOW_MS;
  }

  private grant(now: number, tokens: number): void {
    this.grantAt.push(now);
    this.grantTokens.push(tokens);
    this.tokensInWindow += tokens;
  }

  private expire(now: number): void {
    while (this.head < this.grantAt.length && this.expiryOf(this.head) <= now) {
      this.tokensInWindow -= this.grantTokens[this.head] ?? 0;
      this.head++;
    }
    // Drop the expired prefix now and then, so the arrays hold about one minute of grants.
    if (this.head > 1024 && this.head * 2 > this.grantAt.length) {
      this.grantAt.splice(0, this.head);
      this.grantTokens.splice(0, this.head);
      this.head = 0;
    }
  }
}

function positive(limit: number | undefined): number | undefined {
  return limit !== undefined && limit > 0 ? limit : undefined;
}

export class RateLimiter {
  private readonly windows = new Map<string, ProviderWindow>();

  constructor(
    private readonly timers: Timers,
    limits: Readonly<Record<string, ProviderLimits | undefined>> = {},
  ) {
    for (const [providerId, providerLimits] of Object.entries(limits)) this.setLimits(providerId, providerLimits);
  }

  static fromConfig(config: Pick<RouterConfig, 'providers'>, timers: Timers): RateLimiter {
    return new RateLimiter(timers, Object.fromEntries(config.providers.map((provider) => [provider.id, provider.limits])));
  }

  /** Changes a provider's limits; the grants of the last minute keep counting. */
  setLimits(providerId: string, limits: ProviderLimits | undefined): void {
    const rpm = positive(limits?.rpm);
    const tpm = positive(limits?.tpm);
    const limited = rpm !== undefined || tpm !== undefined;
    const window = this.windows.get(providerId);
    // Lets the waiters go when the limits were lifted.
    window?.setLimits(rpm, tpm);
    if (!limited) this.windows.delete(providerId);
    else if (!window) this.windows.set(providerId, new ProviderWindow(this.timers, rpm, tpm));
  }

  /**
   * Resolves when a request of `tokens` (input + max output) may go to `providerId`. Rejects
   * with an AbortError when `signal` aborts first; the request then leaves the queue. For a
   * provider without limits it resolves at once without looking at the signal (the caller
   * checks its own signal before sending anyway).
   */
  acquire(providerId: string, tokens: number, signal?: AbortSignal): Promise<void> {
    const window = this.windows.get(providerId);
    return window ? window.acquire(tokens, signal) : RESOLVED;
  }

  /** Requests waiting for `providerId`. */
  waiting(providerId: string): number {
    return this.windows.get(providerId)?.waiting ?? 0;
  }
}
