// Time for the router's policy (waits, cool-downs, rate windows, stream timeouts), behind a port
// so that tests drive it by hand (test/unit/support/fakeTimers.ts) and never sleep.

export interface Timers {
  /** Milliseconds since the Unix epoch (shown to the user as `openedAt`, `retryAt`). */
  now(): number;
  /** Runs `callback` once, `ms` from now. Returns a function that cancels it (idempotent). */
  setTimer(ms: number, callback: () => void): () => void;
}

/** The real clock and timers; globalThis works in the extension host, the CLI and a browser. */
export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimer(ms, callback) {
    const handle = globalThis.setTimeout(callback, Math.max(0, ms));
    return () => globalThis.clearTimeout(handle);
  },
};

/** Thrown (rejected with) when a wait ends because its AbortSignal fired. */
export class AbortError extends Error {
  constructor(message = 'The operation was cancelled.') {
    super(message);
    this.name = 'AbortError';
  }
}

/**
 * Waits `ms`. When `signal` aborts (before or during the wait) the promise rejects at once
 * with an AbortError and the timer is cancelled, so an aborted request never lingers.
 */
export function sleep(timers: Timers, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new AbortError());
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      cancel();
      reject(new AbortError());
    };
    const cancel = timers.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
