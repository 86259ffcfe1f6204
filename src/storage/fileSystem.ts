// The file system calls through which the storage engine changes files (journal appends, atomic
// replacement, compaction), gathered in one object so that fault-injection tests can wrap them.
import { closeSync, fstatSync, ftruncateSync, openSync, promises as fs, readSync, writeSync } from 'node:fs';
import { syncData } from './diskSync';

/**
 * The journal as a write keeps it: the calls of one acknowledged write, in the order a write
 * makes them. Promise-shaped so that tests can wrap and fail each one like a FileHandle's.
 */
export interface JournalHandle {
  stat(): Promise<{ size: number; ino: number }>;
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  write(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export interface StorageFs {
  open: typeof fs.open;
  /** The journal for reading and appending (`writable`: 'r+', else 'r'); never creates it. */
  openJournal: (path: string, writable: boolean) => Promise<JournalHandle>;
  rename: typeof fs.rename;
  link: typeof fs.link;
  unlink: typeof fs.unlink;
  copyFile: typeof fs.copyFile;
}

/**
 * The journal's descriptor with direct system calls: a stat, a 12-byte read and an append are
 * page-cache work of a few microseconds, where each trip through libuv's thread pool costs about
 * fifty. The fdatasync, which waits for the disk, runs where diskSync.ts says: on this thread
 * while the disk answers fast, in the pool while it does not, so a slow disk never holds the
 * extension host.
 */
class DirectJournalHandle implements JournalHandle {
  constructor(private readonly fd: number) {}

  async stat(): Promise<{ size: number; ino: number }> {
    const { size, ino } = fstatSync(this.fd);
    return { size, ino };
  }

  async read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    return { bytesRead: readSync(this.fd, buffer, offset, length, position) };
  }

  async write(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesWritten: number }> {
    return { bytesWritten: writeSync(this.fd, buffer, offset, length, position) };
  }

  datasync(): Promise<void> {
    return syncData(this.fd);
  }

  async truncate(length: number): Promise<void> {
    ftruncateSync(this.fd, length);
  }

  async close(): Promise<void> {
    closeSync(this.fd);
  }
}

/** The real calls. Tests may replace a member and must put the original back. */
export const storageFs: StorageFs = {
  open: fs.open,
  openJournal: async (path, writable) => new DirectJournalHandle(openSync(path, writable ? 'r+' : 'r')),
  rename: fs.rename,
  link: fs.link,
  unlink: fs.unlink,
  copyFile: fs.copyFile,
};

/** The result of `work`, or null when the file it opens or reads does not exist. */
export async function unlessMissing<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
