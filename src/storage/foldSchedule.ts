// When the journal is folded into the main file besides the size threshold. The main file is
// what other SQLite readers see (sqlite3, DB Browser, a sync tool): a window folds a few
// seconds after its writes stop, and a CLI command that wrote folds before it exits, so that
// what a reader finds is never more than those few seconds behind. A fold that fails costs
// nothing: the changes are durable in the journal, and the next one tries again.
//
// A window writes every 30 s while a session runs (the tracker's flush), and a fold exports the
// whole database on the extension host: on a large database that is a quarter of a second each
// time. `maxShare` bounds the share of the window's time spent folding: the next idle fold waits
// until the last one's duration divided by that share has passed since it started, so a small
// database still folds 3 s after a burst, and a 30 MB one about once a minute.

export interface FoldOptions {
  /** Fold this long after this process's last write; absent: not on idle. */
  readonly whenIdleMs?: number;
  /** At most this share of the time is spent in idle folds (0.005: half a percent); absent: no bound. */
  readonly maxShare?: number;
  /** Fold on close when this process wrote anything. */
  readonly onClose?: boolean;
}

export class FoldSchedule {
  private timer: NodeJS.Timeout | undefined;
  private wrote = false;
  /** When the last idle fold started and how long it took (performance.now() milliseconds). */
  private last: { startedAt: number; ms: number } | null = null;

  constructor(
    private readonly options: FoldOptions,
    private readonly fold: () => Promise<unknown>,
  ) {}

  /** After each acknowledged write of this process. */
  afterWrite(): void {
    this.wrote = true;
    const idle = this.options.whenIdleMs;
    if (idle === undefined) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.foldTimed(), Math.max(idle, this.spacingLeft()));
    // A pending fold never keeps a process alive: close() folds what needs it.
    this.timer.unref();
  }

  /** Before the database closes: the fold a CLI command owes its readers. */
  async beforeClose(): Promise<void> {
    clearTimeout(this.timer);
    if (this.options.onClose && this.wrote) await this.fold().catch(() => null);
  }

  /** How long the share bound still holds the next fold back. */
  private spacingLeft(): number {
    const share = this.options.maxShare;
    if (share === undefined || share <= 0 || this.last === null) return 0;
    return this.last.startedAt + this.last.ms / share - performance.now();
  }

  private async foldTimed(): Promise<void> {
    const startedAt = performance.now();
    await this.fold().catch(() => null);
    this.last = { startedAt, ms: performance.now() - startedAt };
  }
}
