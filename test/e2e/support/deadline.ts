// Polling with a deadline: the harness never sleeps a fixed time waiting for something.

/** Thrown by a probe to stop waiting at once: the awaited thing can no longer happen. */
export class StopWaiting extends Error {
  override name = 'StopWaiting';
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Says what was awaited, for the error thrown at the deadline. */
  what: string;
}

/**
 * Calls `probe` until it returns a value other than `undefined`/`false`, and returns it.
 * Errors thrown by `probe` count as "not yet"; the last one is reported at the deadline.
 */
export async function waitUntil<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, options: WaitOptions): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (error instanceof StopWaiting) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${options.what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
