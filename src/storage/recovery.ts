// Loads the main database file on open. A damaged file is moved aside (never overwritten) and
// the last good backup restored; the journal then replays every change made after it. The
// integrity check is skipped only for the exact file Baton last wrote (its journal's digest).
import { promises as fs } from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import { writeFileAtomic } from './atomicFile';
import { DatabaseNotWritableError } from './databaseFiles';
import type { LockNotWritableError } from './processLock';
import { readJournalHeader, scanJournal } from './journal';
import { migrate } from './schemaMigration';
import { type MainFile, openRecorded, readMainFile } from './mainFileRead';
import { MainFileChangedError } from './pagedContents';
import { DatabaseDamagedError, type MainFileCheck, hasBatonCompanion, moveAside, openVerified, readIfExists, refuseForeignFile } from './snapshotFile';

export interface RecoveryReport {
  readonly reason: string;
  /** Where the damaged file now is. */
  readonly movedTo: string;
  /** The backup that replaced it, or null when none was usable and Baton started afresh. */
  readonly restoredFrom: string | null;
  /** A journal that could not continue the restored state, moved aside too. */
  readonly journalMovedTo: string | null;
}

export interface LoadedSnapshot {
  readonly db: Database;
  /** How the main file was found sound; null for a new database or a restored backup. */
  readonly check: MainFileCheck | null;
  /** False for a brand-new database. */
  readonly existed: boolean;
  readonly recovery: RecoveryReport | null;
}

/**
 * Every live connection. The in-memory database is private to this process and dies with it:
 * SQLite's own rollback journal (created and deleted in sql.js's in-memory file system on every
 * commit, 0.3 ms of each write) is kept in memory instead, and the file lock taken once.
 * ROLLBACK still works; the exported file is the same.
 */
export function configure(db: Database): Database {
  db.exec('PRAGMA foreign_keys = ON; PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = MEMORY');
  return db;
}

/** The whole database in one array. export() closes and reopens it, and older sql.js releases reset the pragmas then. */
export function exportWhole(db: Database): Uint8Array {
  const bytes = db.export();
  configure(db);
  return bytes;
}

export interface LoadOptions {
  /** Restore the backup when the file is damaged (false: throw DatabaseDamagedError). */
  readonly recover?: boolean;
  /** Read and sum the whole file, not trusting the block sums the journal recorded (a block did not match them). */
  readonly checkAll?: boolean;
}

/**
 * Opens the main file. A file that is not Baton's (no SQLite header, no journal or backup of
 * Baton's beside it) is refused with NotBatonDatabaseError and left as it is. A missing file
 * without a journal, or an empty one with neither journal nor backup, is a new database. The
 * file Baton last wrote is opened on the block sums its journal recorded, read as needed; any
 * other is read whole for its digest, and checked in full when that is not the recorded one.
 */
export async function loadSnapshot(sql: SqlJsStatic, path: string, options: LoadOptions = {}): Promise<LoadedSnapshot> {
  await refuseForeignFile(path);
  const header = await readJournalHeader(`${path}.journal`);
  const { mainDigest: digest, mainSums: sums } = header ?? {};
  const recorded = !options.checkAll && digest && sums ? await openRecorded(path, { digest, sums }) : null;
  if (recorded) {
    try {
      return await openMain(sql, path, recorded, digest, { recover: false });
    } catch (error) {
      recorded.file.release();
      // A block that does not match its sum (damaged, or changed by another tool): read it all.
      if (!(error instanceof MainFileChangedError) && !(error instanceof DatabaseDamagedError)) throw error;
    }
  }
  const main = await readMainFile(path);
  try {
    return await openMain(sql, path, main, digest, options);
  } catch (error) {
    main?.file.release();
    throw error;
  }
}

/** Opens a file read by readMainFile or openRecorded; on success the database holds it until it closes. */
async function openMain(sql: SqlJsStatic, path: string, main: MainFile | null, trusted: string | undefined, options: LoadOptions): Promise<LoadedSnapshot> {
  const journalExists = await fs.stat(`${path}.journal`).then(() => true, () => false);
  const fresh = main === null ? !journalExists : main.file.length === 0 && !journalExists && !(await hasBatonCompanion(path));
  if (fresh) {
    main?.file.release();
    return { db: configure(new sql.Database()), existed: false, recovery: null, check: null };
  }
  try {
    if (main === null) throw new DatabaseDamagedError(path, 'the file is missing but its journal is not');
    // The file Baton last wrote, by the digest its journal recorded, needs no integrity check.
    const { db, check } = openVerified(sql, path, main.file, { digest: main.digest, trustedDigest: trusted });
    try {
      return { db: configure(db), existed: true, recovery: null, check };
    } catch (error) {
      db.close();
      throw error;
    }
  } catch (error) {
    if (!(error instanceof DatabaseDamagedError) || options.recover === false) throw error;
    main?.file.release();
    return { ...(await restoreBackup(sql, path, error)), existed: true, check: null };
  }
}

async function restoreBackup(sql: SqlJsStatic, path: string, damage: DatabaseDamagedError) {
  const movedTo = (await readIfExists(path)) === null ? '(missing)' : await moveAside(path);
  const backupPath = `${path}.bak`;
  const backup = await readIfExists(backupPath);
  let db: Database | null = null;
  if (backup) {
    try {
      db = openVerified(sql, backupPath, backup).db;
    } catch {
      await moveAside(backupPath); // unreadable too: kept, never replaced by the next backup
    }
    if (db) await writeFileAtomic(path, backup);
  }
  const restoredFrom = db ? backupPath : null;
  const journalMovedTo = await setAsideUnusableJournal(path, db === null);
  if (db === null) {
    // A journal that starts at change 0 replays onto an empty database of the current schema.
    db = new sql.Database();
    migrate(db);
    await writeFileAtomic(path, db.export());
  }
  const recovery: RecoveryReport = { reason: damage.reason, movedTo, restoredFrom, journalMovedTo };
  return { db: configure(db), recovery };
}

/** Without a backup, a journal that starts after change 0 cannot be replayed onto a new file. */
async function setAsideUnusableJournal(path: string, startingAfresh: boolean): Promise<string | null> {
  const journal = `${path}.journal`;
  const scan = await scanJournal(journal);
  if (scan.size === 0) return null;
  // Readable records after a damaged header are still usable (the catch-up recovers them).
  const firstSeq = scan.frames.find((frame) => frame.seq !== null)?.seq ?? null;
  const baseSeq = scan.header?.baseSeq ?? (firstSeq === null ? null : firstSeq - 1);
  const usable = baseSeq !== null && (!startingAfresh || baseSeq === 0);
  return usable ? null : moveAside(journal);
}

/** What recovery did, for the message to the user. */
export function describeRestore(recovery: RecoveryReport): string {
  if (recovery.restoredFrom) return `the last good backup was restored from ${recovery.restoredFrom}, with the journal's later changes`;
  if (!recovery.journalMovedTo) return 'no usable backup was found, so the data was rebuilt from the journal';
  return `no usable backup was found, so Baton started a new database (the journal was kept at ${recovery.journalMovedTo})`;
}

/**
 * The files of a folder that cannot be written, read as they are: damage cannot be repaired
 * there, and a database that does not exist yet cannot be created, each said with what to do.
 */
export async function loadUnwritable(sql: SqlJsStatic, path: string, cause: LockNotWritableError): Promise<LoadedSnapshot> {
  let loaded: LoadedSnapshot;
  try {
    loaded = await loadSnapshot(sql, path, { recover: false });
  } catch (error) {
    if (!(error instanceof DatabaseDamagedError)) throw error;
    throw new DatabaseDamagedError(path, `${error.reason}; its folder is not writable (${cause.code}), so Baton cannot repair it there: copy the files to a writable folder and open that copy`);
  }
  if (!loaded.existed) {
    loaded.db.close();
    throw new DatabaseNotWritableError(path, cause.code, 'there is no database there yet, and its folder is not writable to create one', { cause });
  }
  return loaded;
}
