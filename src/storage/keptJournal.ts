// The journal as this process keeps it open between writes. A write used to open, stat and close
// the journal twice (to see whether another process appended, then to append); here the
// descriptor stays open and the path is checked with one stat. The kept descriptor pins its
// inode, so a path that still shows that inode is this very file: compaction and repair replace
// the journal by rename, which gives the path another inode, and the next check reopens it.
// On Windows a file held open blocks another process's rename over it, so there the descriptor
// is closed after each use (still with the direct calls of DirectJournalHandle).
import { statSync } from 'node:fs';
import { type JournalHandle, type StorageFs, storageFs, unlessMissing } from './fileSystem';
import type { FrameMark } from './journal';
import type { JournalFileState } from './journalCursor';
import { isNotWritable } from './processLock';

const FRAME_HEAD = 12;

interface OpenJournal {
  readonly handle: JournalHandle;
  /** The opener it came through: a handle from another (a test's fault injector came or went) is reopened. */
  readonly opener: StorageFs['openJournal'];
  readonly ino: number;
  readonly writable: boolean;
}

/** The inode at `path`, or null when nothing is there. */
function inoAt(path: string): number | null {
  return statSync(path, { throwIfNoEntry: false })?.ino ?? null;
}

export class KeptJournal {
  private kept: OpenJournal | null = null;
  /** The file and size the last state() found; an append that says it still holds that call's lock uses them (see append). */
  private seen: { readonly ino: number; readonly size: number } | null = null;

  constructor(private readonly path: string, private readonly keepOpen = process.platform !== 'win32') {}

  /** The journal's inode and size, and whether the frame `last` is still where it was read; null when there is none. */
  async state(last: FrameMark | null): Promise<JournalFileState | null> {
    this.seen = null;
    const file = await this.fileAtPath(false);
    if (!file) return null;
    try {
      const { size } = await file.handle.stat();
      this.seen = { ino: file.ino, size };
      if (last === null) return { ino: file.ino, size, lastIntact: true };
      // Its own array: one shared by every call would be read and compared across an await.
      const head = Buffer.alloc(FRAME_HEAD);
      const { bytesRead } = await file.handle.read(head, 0, FRAME_HEAD, last.at);
      return { ino: file.ino, size, lastIntact: bytesRead === FRAME_HEAD && head.equals(last.head) };
    } catch (error) {
      await this.drop();
      throw error;
    } finally {
      await this.release();
    }
  }

  /**
   * Appends one frame at `validEnd` and waits until it is on disk; cuts a torn tail off first.
   * When the write or the sync fails, the frame is cut off again, so that a write reported as
   * failed does not reappear later (callers hold the lock: no other process read it meanwhile).
   * `sameHold`: the caller still holds the lock under which it called state() last, and wrote
   * nothing to the journal since. The file and size that call found are then still the journal's
   * (every process changes it only under the lock), and are used without looking again: two
   * stat calls less per write, 2.7 KB less garbage.
   */
  async append(frame: Buffer, validEnd: number, sameHold = false): Promise<void> {
    const seen = sameHold ? this.seen : null;
    this.seen = null;
    const file = (seen && this.keptFor(seen.ino, true)) ?? (await this.fileAtPath(true));
    if (!file) throw Object.assign(new Error(`ENOENT: no such file, open '${this.path}'`), { code: 'ENOENT' });
    const { handle } = file;
    try {
      const size = seen && seen.ino === file.ino ? seen.size : (await handle.stat()).size;
      if (size !== validEnd) await handle.truncate(validEnd);
      try {
        const { bytesWritten } = await handle.write(frame, 0, frame.length, validEnd);
        if (bytesWritten !== frame.length) throw new Error(`short write to ${this.path}: ${bytesWritten} of ${frame.length} bytes (disk full?)`);
        await handle.datasync();
      } catch (error) {
        await handle.truncate(validEnd).catch(() => undefined);
        throw error;
      }
    } catch (error) {
      // After a failed call the descriptor is not trusted again: the next write opens afresh.
      await this.drop();
      throw error;
    } finally {
      await this.release();
    }
  }

  async close(): Promise<void> {
    await this.drop();
  }

  /** The open journal that is the one at the path now (opened when it is not); null when there is none. */
  private async fileAtPath(writable: boolean): Promise<OpenJournal | null> {
    const ino = inoAt(this.path);
    const kept = this.keptFor(ino, writable);
    if (kept) return kept;
    await this.drop();
    if (ino === null) return null;
    const opened = await unlessMissing(() => this.open(writable));
    this.kept = opened;
    return opened;
  }

  /** The kept descriptor when it is of the file with this inode, opened through today's opener, and writable when that is needed. */
  private keptFor(ino: number | null, writable: boolean): OpenJournal | null {
    const kept = this.kept;
    return kept !== null && kept.ino === ino && kept.opener === storageFs.openJournal && (kept.writable || !writable) ? kept : null;
  }

  /** Read-write when possible: a reader on a read-only folder opens it read-only. */
  private async open(writable: boolean): Promise<OpenJournal> {
    const opener = storageFs.openJournal;
    let handle: JournalHandle;
    let canWrite = true;
    try {
      handle = await opener(this.path, true);
    } catch (error) {
      if (writable || !isNotWritable(error)) throw error;
      handle = await opener(this.path, false);
      canWrite = false;
    }
    const { ino } = await handle.stat();
    return { handle, opener, ino, writable: canWrite };
  }

  private async release(): Promise<void> {
    if (!this.keepOpen) await this.drop();
  }

  private async drop(): Promise<void> {
    const kept = this.kept;
    this.kept = null;
    this.seen = null;
    await kept?.handle.close().catch(() => undefined);
  }
}
