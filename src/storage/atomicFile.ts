// Whole-file replacement that survives a crash at any point: the new bytes go to a temp file
// that is fsynced, renamed over the target, and the folder is fsynced so the rename is durable.
import { promises as fs, constants } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type StorageFs, storageFs, unlessMissing } from './fileSystem';

/** File system calls used by `writeFileAtomic`, injectable for fault-injection tests. */
export type AtomicFileOps = Pick<StorageFs, 'open' | 'rename' | 'unlink'>;

/** A temp file beside `path` that replaces it, in the form orphanFiles.ts recognises (the pid is its owner's). */
export function atomicTempOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

export async function writeFileAtomic(path: string, bytes: Uint8Array, ops: AtomicFileOps = storageFs): Promise<void> {
  const temp = atomicTempOf(path);
  const handle = await ops.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await ops.unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await ops.rename(temp, path);
  } catch (error) {
    await ops.unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await storageFs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Identity of a file's current content generation, to notice writes by other processes. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

export async function stampOf(path: string): Promise<FileStamp | null> {
  const st = await unlessMissing(() => fs.stat(path));
  return st && { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
}

export function sameStamp(a: FileStamp | null, b: FileStamp | null): boolean {
  return a === b || (a !== null && b !== null && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino);
}
