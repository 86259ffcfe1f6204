// The journal a compaction leaves behind (the new main file's header and the records that file
// lacks), written and fsynced before the compaction takes the lock, from the journal as it was
// read then. Under the lock the journal is read again and compared byte for byte with that read
// (a comparison, where a scan checks every frame's sum); only what was appended since is scanned,
// and added to the prepared file, which is then renamed into place. Every write of this process
// and of the others waits for the lock, so what happens under it is kept to that. Any other
// journal (another inode, a shorter file, changed bytes, damage) makes the caller fall back to
// the full scan and rewrite under the lock.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { atomicTempOf, syncDirectory } from './atomicFile';
import { type StorageFs, storageFs } from './fileSystem';
import { type FullScan, type JournalHeader, decodeFrames, journalAfter } from './journal';

type FileHandle = Awaited<ReturnType<StorageFs['open']>>;

/** The journal as a compaction read it outside the lock. */
export interface JournalRead {
  readonly ino: number;
  /** Its valid frames, header first. */
  readonly bytes: Buffer;
  /** The sequence of its last record, or null when it holds none. */
  readonly lastSeq: number | null;
}

/** What a scan of the whole journal read, as a compaction keeps it to compare with later. */
export function journalReadOf(scan: FullScan): JournalRead {
  return { ino: scan.ino, bytes: scan.bytes.subarray(0, scan.validEnd), lastSeq: scan.frames.at(-1)?.seq ?? null };
}

/**
 * The journal's bytes and inode, as they are now; null when there is none. Read with direct calls,
 * under the lock: a read from the page cache, where each trip through libuv's pool (busy with
 * the compaction's own files) would keep every writer waiting longer.
 */
export function readJournalFile(path: string): { ino: number; bytes: Buffer } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const { size, ino } = fstatSync(fd);
    const bytes = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break; // shorter than its size said a moment ago: what is there
      read += n;
    }
    return { ino, bytes: bytes.subarray(0, read) };
  } finally {
    closeSync(fd);
  }
}

/**
 * What was appended after `before`, when the journal `now` still starts with exactly those
 * bytes and everything after them is sound records that follow on; else null.
 */
export function appendedSince(before: JournalRead, now: { ino: number; bytes: Buffer }): { frames: Buffer; count: number } | null {
  const prefix = before.bytes.length;
  if (now.ino !== before.ino || now.bytes.length < prefix || !now.bytes.subarray(0, prefix).equals(before.bytes)) return null;
  const tail = now.bytes.subarray(prefix);
  const decoded = decodeFrames(tail, 0, Number.MAX_SAFE_INTEGER);
  if (decoded.damage.length > 0 || decoded.validEnd !== tail.length) return null;
  let lastSeq = before.lastSeq ?? -1;
  for (const frame of decoded.frames) {
    if (frame.seq === null || frame.seq <= lastSeq) return null;
    lastSeq = frame.seq;
  }
  return { frames: tail, count: decoded.frames.length };
}

export class PreparedJournal {
  private installed = false;

  private constructor(
    private readonly journalPath: string,
    private readonly temp: string,
    private readonly handle: FileHandle,
    /** The records copied from the read, before any appended since. */
    readonly keptRecords: number,
    private readonly size: number,
  ) {}

  /** The new journal in a temp file, fsynced: `header`, then the records of `read` after `header.baseSeq`. */
  static async write(journalPath: string, read: JournalRead, header: JournalHeader): Promise<PreparedJournal> {
    const { bytes, count } = journalAfter(read.bytes, header);
    const temp = atomicTempOf(journalPath);
    const handle = await storageFs.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    const prepared = new PreparedJournal(journalPath, temp, handle, count, bytes.length);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (error) {
      await prepared.discard();
      throw error;
    }
    return prepared;
  }

  /** Under the lock: adds what was appended since the read, and replaces the journal with this file. */
  async install(appended: Buffer): Promise<void> {
    if (appended.length > 0) {
      const { bytesWritten } = await this.handle.write(appended, 0, appended.length, this.size);
      if (bytesWritten !== appended.length) throw new Error(`short write to ${this.temp}: ${bytesWritten} of ${appended.length} bytes (disk full?)`);
      await this.handle.datasync();
    }
    await this.handle.close();
    await storageFs.rename(this.temp, this.journalPath);
    this.installed = true;
    await syncDirectory(dirname(this.journalPath));
  }

  /** Removes the file unless it was installed; safe to call more than once. */
  async discard(): Promise<void> {
    if (this.installed) return;
    this.installed = true;
    await this.handle.close().catch(() => undefined);
    await storageFs.unlink(this.temp).catch(() => undefined);
  }
}
