// The main database file (the snapshot the journal starts from): reading it with checks,
// moving a damaged one aside, and restoring the last good backup.
import { promises as fs } from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import { storageFs } from './fileSystem';

const SQLITE_HEADER = 'SQLite format 3\0';

export class DatabaseDamagedError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`Baton's database at ${path} cannot be read (${reason}).`);
  }
}

export async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Opens `bytes` as a database after checking size, header and `PRAGMA quick_check`. */
export function openVerified(sql: SqlJsStatic, path: string, bytes: Uint8Array): Database {
  if (bytes.length < 512) throw new DatabaseDamagedError(path, bytes.length === 0 ? 'the file is empty' : `only ${bytes.length} bytes`);
  if (Buffer.from(bytes.subarray(0, 16)).toString('latin1') !== SQLITE_HEADER) {
    throw new DatabaseDamagedError(path, 'not an SQLite database');
  }
  const pageSize = Buffer.from(bytes.subarray(16, 18)).readUInt16BE(0);
  const pages = Buffer.from(bytes.subarray(28, 32)).readUInt32BE(0);
  const expected = (pageSize === 1 ? 65536 : pageSize) * pages;
  if (pages > 0 && bytes.length < expected) throw new DatabaseDamagedError(path, `truncated: ${bytes.length} of ${expected} bytes`);
  let db: Database | undefined;
  try {
    db = new sql.Database(bytes);
    const verdict = String(db.exec('PRAGMA quick_check')[0]?.values[0]?.[0] ?? '');
    if (verdict !== 'ok') throw new DatabaseDamagedError(path, `integrity check failed: ${verdict.slice(0, 200)}`);
    return db;
  } catch (error) {
    db?.close();
    throw error instanceof DatabaseDamagedError ? error : new DatabaseDamagedError(path, String(error));
  }
}

export function timestampForFileName(now: Date = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** Renames a damaged file out of the way, never deleting it. Returns where it went. */
export async function moveAside(path: string, kind = 'corrupt'): Promise<string> {
  const target = `${path}.${kind}-${timestampForFileName()}`;
  await fs.rename(path, target);
  return target;
}

/** Copies a file that is still in use but holds unreadable bytes, under a `.corrupt-` name. */
export async function copyAside(path: string, kind = 'corrupt'): Promise<string> {
  const target = `${path}.${kind}-${timestampForFileName()}`;
  await storageFs.copyFile(path, target);
  return target;
}
