// Idle-aware active time. A gap between two activity events counts in full when it is at most
// the idle threshold and not at all when it is longer: time away from the keyboard is not work.

export interface ActiveTimeState {
  readonly lastActivityAt: number;
  /** Active time measured but not yet persisted. */
  readonly pendingMs: number;
}

export function recordActivityAt(state: ActiveTimeState, at: number, idleMs: number): ActiveTimeState {
  if (at <= state.lastActivityAt) return state;
  const gap = at - state.lastActivityAt;
  return { lastActivityAt: at, pendingMs: state.pendingMs + (gap <= idleMs ? gap : 0) };
}

/** True while the latest activity is recent enough for the running gap to count. */
export function isActiveAt(lastActivityAt: number, now: number, idleMs: number): boolean {
  return now - lastActivityAt <= idleMs;
}

/** Active time as shown to the user: stored + pending, plus the running gap while active. */
export function displayedActiveMs(storedMs: number, state: ActiveTimeState, now: number, idleMs: number): number {
  const running = isActiveAt(state.lastActivityAt, now, idleMs) ? Math.max(0, now - state.lastActivityAt) : 0;
  return storedMs + state.pendingMs + running;
}
