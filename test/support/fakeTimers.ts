// Deterministic timers for the router's policy: time moves only when a test calls `advance`.
// Due callbacks run in order of due time (then of creation), and between two callbacks the
// pending promise continuations run, so async code woken by one timer can schedule or cancel
// the next before it is considered.
import type { Timers } from '../../src/core/routing/timers';

interface ScheduledTimer {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

/** Lets every queued promise continuation (and what those queue in turn) run. */
export function flushPromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FakeTimers implements Timers {
  private scheduled: ScheduledTimer[] = [];
  private nextId = 1;

  constructor(private current = Date.UTC(2026, 10, 24, 9, 0, 0)) {}

  now(): number {
    return this.current;
  }

  setTimer(ms: number, callback: () => void): () => void {
    const timer: ScheduledTimer = { id: this.nextId++, due: this.current + Math.max(0, ms), callback };
    this.scheduled.push(timer);
    return () => {
      this.scheduled = this.scheduled.filter((other) => other.id !== timer.id);
    };
  }

  /** Timers not yet run nor cancelled. */
  get pending(): number {
    return this.scheduled.length;
  }

  /** When the next timer is due, or null when none is scheduled. */
  nextDue(): number | null {
    return this.earliest()?.due ?? null;
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await flushPromises();
    for (let timer = this.earliest(); timer && timer.due <= target; timer = this.earliest()) {
      this.scheduled = this.scheduled.filter((other) => other.id !== timer.id);
      this.current = Math.max(this.current, timer.due);
      timer.callback();
      await flushPromises();
    }
    this.current = target;
    await flushPromises();
  }

  private earliest(): ScheduledTimer | undefined {
    let best: ScheduledTimer | undefined;
    for (const timer of this.scheduled) {
      if (!best || timer.due < best.due || (timer.due === best.due && timer.id < best.id)) best = timer;
    }
    return best;
  }
}
