// The host's side of the ready handshake when a page never says `ready`. A webview whose scripts
// never load stays blank for good: seen in code-server, where the Chat view, resolved while the
// Session view was still loading, stayed empty until the window was reloaded (the log showed the
// view resolved, the page never answered). Setting the page's HTML again loads it anew. A hidden
// page is left alone until it is shown: VS Code may not load it meanwhile.

export const READY_WITHIN_MS = 10_000;
export const MAX_RELOADS = 2;

/** Runs `run` after `ms`; returns what cancels it. */
export type Schedule = (run: () => void, ms: number) => () => void;

const defaultSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export interface ReadyWatchdogOptions {
  /** Sets the page's HTML again; `attempt` counts from 1. */
  readonly reload: (attempt: number) => void;
  /** Called once when the last reload did not help either. */
  readonly giveUp: () => void;
  readonly visible: () => boolean;
  readonly withinMs?: number;
  readonly maxReloads?: number;
  readonly schedule?: Schedule;
}

export class ReadyWatchdog {
  private reloads = 0;
  private settled = false;
  private cancel: () => void = () => undefined;

  constructor(private readonly options: ReadyWatchdogOptions) {
    this.arm();
  }

  /** The page said `ready`: nothing more to watch. */
  ready(): void {
    this.stop();
  }

  dispose(): void {
    this.stop();
  }

  private stop(): void {
    this.settled = true;
    this.cancel();
  }

  private arm(): void {
    // A reload may dispose the page's host (a panel opened anew), and with it this watchdog.
    if (this.settled) return;
    const { withinMs = READY_WITHIN_MS, schedule = defaultSchedule } = this.options;
    this.cancel = schedule(() => this.check(), withinMs);
  }

  private check(): void {
    if (this.settled) return;
    const { reload, giveUp, visible, maxReloads = MAX_RELOADS } = this.options;
    if (!visible()) return this.arm();
    if (this.reloads >= maxReloads) {
      this.settled = true;
      return giveUp();
    }
    this.reloads += 1;
    reload(this.reloads);
    this.arm();
  }
}

/**
 * How many times in a row a page that did not load may be opened anew in a new frame (a panel
 * replaced, a view rebuilt): each new page has a watchdog of its own, so the owner counts.
 */
export class ReopenBudget {
  private used = 0;

  constructor(private readonly max = 2) {}

  /** True, and counted, while the budget lasts. */
  take(): boolean {
    if (this.used >= this.max) return false;
    this.used += 1;
    return true;
  }

  /** A page loaded: the next one that does not gets the whole budget again. */
  reset(): void {
    this.used = 0;
  }
}
