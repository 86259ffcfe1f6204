// Where this process stands in the shared journal: the file (inode) it read, how far, the last
// frame it applied (which must still be there for the file to be the same one), the epoch and
// main sequence of the journal's header at the last full scan, and how many bytes of records
// the main file does not hold yet. BatonDatabase asks it whether the journal moved, and tells it
// what it read and appended.
import type { FrameMark, JournalScan } from './journal';
import { epochOf, unfoldedBytes } from './journal';

export interface JournalFileState {
  readonly ino: number;
  readonly size: number;
  readonly lastIntact: boolean;
}

export class JournalCursor {
  ino = 0;
  offset = 0;
  /** The last frame applied, which must still end at `offset` for the file to be the same. */
  tail: FrameMark | null = null;
  /** The epoch of the journal this state was read from; null until the next full scan adopts one. */
  epoch: string | null = null;
  /** The main file's sequence according to the journal's header, at the last full scan. */
  mainSeq = 0;
  /**
   * Bytes of the journal's records that the main file does not hold yet, whoever appended them
   * (a full scan counts them, appends and catch-ups add to it). The journal also keeps one
   * generation of older records for the backup; those do not count.
   */
  unfolded = 0;
  /**
   * The next catch-up reads the whole journal (and so repairs any damage): a compaction met damage
   * in records that catch-ups skip (unfoldedScan.ts).
   */
  wholeScanDue = false;

  /** The journal is visibly the one read, and no longer. */
  isUnchanged(state: JournalFileState): boolean {
    return state.ino === this.ino && state.size === this.offset && state.lastIntact;
  }

  /** The journal is the one read, possibly longer: reading on from `offset` continues it. */
  continues(state: JournalFileState): boolean {
    return state.ino === this.ino && state.size >= this.offset && state.lastIntact;
  }

  /** After applying `scan` (`whole`: read from the start, header included). */
  adopt(scan: JournalScan & { ino: number }, whole: boolean, appliedSeq: number): void {
    this.ino = scan.ino;
    this.offset = scan.validEnd;
    if (scan.last !== null || scan.validEnd === 0) this.tail = scan.last;
    if (whole) {
      this.epoch = epochOf(scan.header);
      this.mainSeq = scan.header?.mainSeq ?? 0;
      this.unfolded = unfoldedBytes(scan.frames, scan.header?.mainSeq ?? appliedSeq);
    } else {
      this.unfolded += unfoldedBytes(scan.frames, -1);
    }
  }

  /** After this process appended `frame` at `offset`. */
  appended(frame: Buffer): void {
    this.tail = { at: this.offset, head: frame.subarray(0, 12) };
    this.offset += frame.length;
    this.unfolded += frame.length;
  }

  /** A compaction met damage that catch-ups did not read: the next one reads the file whole, and so repairs it. */
  readWholeNext(): void {
    this.reset();
    this.wholeScanDue = true;
  }

  /** Forget the file: the next catch-up reads the journal again (from its last folded record, when it can). */
  reset(): void {
    this.ino = 0;
    this.offset = 0;
    this.tail = null;
    this.epoch = null;
  }
}
