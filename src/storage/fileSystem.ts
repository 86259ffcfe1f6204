// The file system calls through which the storage engine changes files (journal appends, atomic
// replacement, compaction), gathered in one object so that fault-injection tests can wrap them.
import { promises as fs } from 'node:fs';

export interface StorageFs {
  open: typeof fs.open;
  rename: typeof fs.rename;
  link: typeof fs.link;
  unlink: typeof fs.unlink;
  copyFile: typeof fs.copyFile;
}

/** The real calls. Tests may replace a member and must put the original back. */
export const storageFs: StorageFs = {
  open: fs.open,
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
