// Time and identity are injected so that core logic is deterministic under test.

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export interface IdSource {
  next(): string;
}

export const systemClock: Clock = { now: () => Date.now() };
