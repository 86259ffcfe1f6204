// A clock and an id source that tests move by hand.
import type { Clock, IdSource } from '../../../src/core/clock';

export class FakeClock implements Clock {
  constructor(private current = Date.UTC(2026, 10, 24, 9, 0, 0)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): number {
    this.current += ms;
    return this.current;
  }
}

export function sequentialIds(prefix = 'id'): IdSource {
  let n = 0;
  return { next: () => `${prefix}-${++n}` };
}

export const SECOND = 1_000;
export const MINUTE = 60_000;
