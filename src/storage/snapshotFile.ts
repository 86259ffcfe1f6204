// The main database file (the snapshot the journal starts from): reading it with checks,
// moving a damaged one aside, and restoring the last good backup.
import { constants, promises as fs } from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import { UserFacingError } from '../core/errors';
import { storageFs, unlessMissing } from './fileSystem';
import { PagedMainFile } from './pagedContents';

const SQLITE_HEADER = 'SQLite format 3\0';
const JOURNAL_MAGIC = 'BTNJ';

export class DatabaseDamagedError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`Baton's database at ${path} cannot be read (${reason}).`);
  }
}

/** A file that was never a Baton database (a text file, an image): refused, never moved or replaced. */
export class NotBatonDatabaseError extends UserFacingError {
  constructor(readonly path: string, readonly what: string) {
    super(`${path} is not a Baton database (${what}). Baton left it untouched: pick the right database file, or a path where no file exists yet to start a new database.`);
  }
}

async function readHead(path: string, length: number): Promise<Buffer | null> {
  const handle = await unlessMissing(() => fs.open(path, 'r'));
  if (!handle) return null;
  try {
    const head = Buffer.alloc(length);
    const { bytesRead } = await handle.read(head, 0, length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function describeForeign(head: Buffer): string {
  const starts = (magic: string) => head.subarray(0, magic.length).toString('latin1') === magic;
  if (starts('\x89PNG')) return 'it is a PNG image';
  if (starts('%PDF')) return 'it is a PDF document';
  if (starts('PK\x03\x04')) return 'it is a zip archive';
  if (starts('\x1f\x8b')) return 'it is a gzip archive';
  if (starts(JOURNAL_MAGIC)) return "it is a Baton journal, not the database it belongs to: name the file without '.journal'";
  const text = head.every((byte) => byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte !== 0x7f));
  return text ? 'it is a text file, not an SQLite database' : 'it is not an SQLite database';
}

/**
 * Whether the files Baton keeps beside a database are there and are Baton's: a journal that
 * starts with a frame, or an SQLite backup. They tell a damaged Baton database (recovered from
 * them) from some other file that a path names by mistake.
 */
export async function hasBatonCompanion(path: string): Promise<boolean> {
  const journal = await readHead(`${path}.journal`, JOURNAL_MAGIC.length);
  if (journal?.toString('latin1') === JOURNAL_MAGIC) return true;
  const backup = await readHead(`${path}.bak`, SQLITE_HEADER.length);
  return backup?.toString('latin1') === SQLITE_HEADER;
}

/**
 * Throws NotBatonDatabaseError when `path` is a non-empty file without the SQLite header and
 * without Baton's journal or backup beside it: not a Baton database, so nothing may be done to
 * it. A damaged Baton database (its companions are there) is left to recovery; a missing or
 * empty file is a new database.
 */
export async function refuseForeignFile(path: string): Promise<void> {
  const head = await readHead(path, 512);
  if (head === null || head.length === 0) return;
  if (head.subarray(0, SQLITE_HEADER.length).toString('latin1') === SQLITE_HEADER) return;
  if (await hasBatonCompanion(path)) return;
  throw new NotBatonDatabaseError(path, describeForeign(head));
}

export function readIfExists(path: string): Promise<Buffer | null> {
  return unlessMissing(() => fs.readFile(path));
}

/** How a main file was found sound on open: the digest Baton recorded, or the full check. */
export type MainFileCheck = 'digest' | 'quick-check';

/**
 * Opens `bytes` as a database after checking size, header and `PRAGMA quick_check`. The check
 * is skipped when the bytes' `digest` is `trustedDigest` (the one the journal recorded when
 * Baton wrote the file): they are the file Baton wrote whole and fsynced.
 */
export function openVerified(sql: SqlJsStatic, path: string, bytes: Uint8Array | PagedMainFile, digests: { digest?: string; trustedDigest?: string } = {}): { db: Database; check: MainFileCheck } {
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
    db = bytes instanceof PagedMainFile ? bytes.openIn(sql) : new sql.Database(bytes);
    if (digests.trustedDigest !== undefined && digests.digest === digests.trustedDigest) return { db, check: 'digest' };
    const verdict = String(db.exec('PRAGMA quick_check')[0]?.values[0]?.[0] ?? '');
    if (verdict !== 'ok') throw new DatabaseDamagedError(path, `integrity check failed: ${verdict.slice(0, 200)}`);
    return { db, check: 'quick-check' };
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

/**
 * Copies a file that is still in use but holds unreadable bytes, under a `.corrupt-` name, and
 * fsyncs the copy: the original is rewritten next, and the copy must survive a crash first.
 */
export async function copyAside(path: string, kind = 'corrupt'): Promise<string> {
  const stamp = `${path}.${kind}-${timestampForFileName()}`;
  let target = stamp;
  for (let n = 2; ; n++) {
    try {
      await storageFs.copyFile(path, target, constants.COPYFILE_EXCL); // never over an earlier copy
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n > 20) throw error;
      target = `${stamp}-${n}`;
    }
  }
  const handle = await storageFs.open(target, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  return target;
}
