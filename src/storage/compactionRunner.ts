// When this process compacts: one compaction at a time, started by the journal's size, by a
// fold (foldSchedule.ts) or by hand. The rule travels to the snapshot step, where the database,
// caught up with the disk, decides whether there is still anything to do: `threshold` and
// `fold` give way to another process's compaction (every process counts the same journal, so
// several may start at once); `manual` always compacts; `recheck` rewrites a main file that
// holds every change but that Baton did not write last (it got the full check on open), so
// that its digest is recorded, and gives way like `fold`.
import { type CompactionInput, type CompactionResult, compactInto } from './compaction';

export type CompactionRule = 'threshold' | 'fold' | 'manual' | 'recheck';

export interface CompactionSource {
  readonly path: string;
  readonly lock: CompactionInput['lock'];
  readonly exclusive: NonNullable<CompactionInput['exclusive']>;
  /** The state to write, or null when the rule finds nothing to do (see compaction.ts). */
  snapshot(rule: CompactionRule): ReturnType<CompactionInput['snapshot']>;
  /** Under the lock: the journal has damage, so no compaction can fold it until a catch-up repairs it. */
  journalDamaged(): void;
  /** After each compaction, done (`result`, null when it stopped) or failed. */
  settled(result: CompactionResult | null, failed: boolean): void;
}

export class CompactionRunner {
  private running: Promise<CompactionResult | null> | null = null;

  constructor(private readonly source: CompactionSource) {}

  get isRunning(): boolean {
    return this.running !== null;
  }

  /** Starts one, or joins the one under way (whatever its rule). */
  start(rule: CompactionRule): Promise<CompactionResult | null> {
    const { path, lock, exclusive } = this.source;
    this.running ??= compactInto({ path, lock, exclusive, snapshot: () => this.source.snapshot(rule), journalDamaged: () => this.source.journalDamaged() })
      .then(
        (result) => {
          this.source.settled(result, false);
          return result;
        },
        (error: unknown) => {
          this.source.settled(null, true);
          throw error;
        },
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Resolves once the compaction under way, if any, has ended (failures included). */
  async settle(): Promise<void> {
    await this.running?.catch(() => null);
  }
}
