// Counts edits and saves per file in memory between two flushes, so that typing does not
// write to disk on every keystroke.
import type { FileActivityDelta } from './sessionRepository';

export class FileActivityBuffer {
  private readonly byPath = new Map<string, { edits: number; saves: number; lastAt: number }>();

  add(path: string, kind: 'edit' | 'save', at: number): void {
    const entry = this.byPath.get(path) ?? { edits: 0, saves: 0, lastAt: at };
    if (kind === 'edit') entry.edits += 1;
    else entry.saves += 1;
    entry.lastAt = Math.max(entry.lastAt, at);
    this.byPath.set(path, entry);
  }

  get isEmpty(): boolean {
    return this.byPath.size === 0;
  }

  /** Returns the buffered deltas and empties the buffer. */
  drain(): FileActivityDelta[] {
    const deltas = [...this.byPath].map(([path, e]) => ({ path, edits: e.edits, saves: e.saves, lastAt: e.lastAt }));
    this.byPath.clear();
    return deltas;
  }

  /** Puts deltas back after a failed flush, so nothing is lost. */
  restore(deltas: readonly FileActivityDelta[]): void {
    for (const d of deltas) {
      const entry = this.byPath.get(d.path) ?? { edits: 0, saves: 0, lastAt: d.lastAt };
      entry.edits += d.edits;
      entry.saves += d.saves;
      entry.lastAt = Math.max(entry.lastAt, d.lastAt);
      this.byPath.set(d.path, entry);
    }
  }

  /** Buffered deltas, without draining (for display). */
  peek(): FileActivityDelta[] {
    return [...this.byPath].map(([path, e]) => ({ path, edits: e.edits, saves: e.saves, lastAt: e.lastAt }));
  }
}
