// When the journal is folded into the main file besides the size threshold. The main file is
// what other SQLite readers see (sqlite3, DB Browser, a sync tool): a window folds a few
// seconds after its writes stop, and a CLI command that wrote folds before it exits, so that
// what a reader finds is never more than those few seconds behind. A fold that fails costs
// nothing: the changes are durable in the journal, and the next one tries again.

export interface FoldOptions {
  /** Fold this long after this process's last write; absent: not on idle. */
  readonly whenIdleMs?: number;
  /** Fold on close when this process wrote anything. */
  readonly onClose?: boolean;
}

export class FoldSchedule {
  private timer: NodeJS.Timeout | undefined;
  private wrote = false;

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
    this.timer = setTimeout(() => void this.fold().catch(() => null), idle);
    // A pending fold never keeps a process alive: close() folds what needs it.
    this.timer.unref();
  }

  /** Before the database closes: the fold a CLI command owes its readers. */
  async beforeClose(): Promise<void> {
    clearTimeout(this.timer);
    if (this.options.onClose && this.wrote) await this.fold().catch(() => null);
  }
}
