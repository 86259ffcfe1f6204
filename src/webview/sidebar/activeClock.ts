// Active time between host updates: the host measures `activeMs` at `asOf`, the webview
// counts on locally while the session is active.
import type { RunningSessionView } from '../../shared/viewState';

export class ActiveClock {
  private run: RunningSessionView | null = null;
  private since = 0;

  /**
   * Counting from `asOf` keeps a state that was built a while ago (e.g. re-sent after the
   * view was hidden) correct. If `asOf` lies in the future, the host's clock runs ahead of
   * ours (remote development), so count from when the state arrived instead.
   */
  set(run: RunningSessionView | null, receivedAt: number): void {
    this.run = run;
    const asOf = run ? Date.parse(run.asOf) : NaN;
    this.since = Number.isFinite(asOf) ? Math.min(asOf, receivedAt) : receivedAt;
  }

  get ticking(): boolean {
    return this.run?.isActive === true;
  }

  activeMs(now: number): number {
    if (!this.run) return 0;
    const base = Number.isFinite(this.run.activeMs) ? this.run.activeMs : 0;
    return this.run.isActive ? base + Math.max(0, now - this.since) : base;
  }
}
