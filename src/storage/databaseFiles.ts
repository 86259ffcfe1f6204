// The database's files, errors and options, and the replay of journal records into sql.js:
// what BatonDatabase builds on, kept apart so that the engine itself stays readable.
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { BindParams, Database, Statement } from 'sql.js';
import { UserFacingError } from '../core/errors';
import type { FoldOptions } from './foldSchedule';
import type { JournalRecord } from './journal';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { isNotWritable } from './processLock';
import { readerOf, runStatement } from './sqlAccess';

export class ReadOnlyDatabaseError extends Error {
  constructor(readonly path: string, version: number) {
    super(`Baton's database at ${path} was written by a newer Baton (schema ${version}; this one knows ${LATEST_SCHEMA_VERSION}). It is open read-only: update Baton to make changes.`);
  }
}

/** Changes cannot be saved: the database's folder (or file) is read-only or not ours to write. */
export class DatabaseNotWritableError extends UserFacingError {
  constructor(readonly path: string, readonly code: string, what: string, options?: { cause: unknown }) {
    super(`Baton cannot save changes to its database at ${path}: ${what} (${code}). Commands that only read still work; to make changes, make that writable, or use a database in a writable folder (--db PATH, BATON_DB, or the baton.databasePath setting).`);
    if (options) this.cause = options.cause;
  }
}

/** The compaction threshold, on the journal's bytes that the main file does not hold yet. */
export const DEFAULT_COMPACT_AFTER_BYTES = 4 * 1024 * 1024;

export interface OpenDatabaseOptions {
  readonly path: string;
  /** Folder holding sql-wasm.wasm; defaults to the running bundle's folder. */
  readonly wasmDir?: string;
  readonly lockTimeoutMs?: number;
  /**
   * Bytes of journal records not yet in the main file that trigger a background compaction,
   * checked on open and after each write (default DEFAULT_COMPACT_AFTER_BYTES).
   */
  readonly compactAfterBytes?: number;
  /**
   * When the journal is folded into the main file besides that threshold, so that any SQLite
   * reader of the main file finds every change (foldSchedule.ts). Off by default.
   */
  readonly fold?: FoldOptions;
  /**
   * Awaited between the statements of a new database's migrations, for a database made in the
   * background (writePathWarmup.ts) that must not hold the event loop for the whole schema.
   */
  readonly betweenMigrationSteps?: () => Promise<void>;
}

export const journalPathOf = (path: string) => `${path}.journal`;
export const backupPathOf = (path: string) => `${path}.bak`;

const SEQ_KEY = 'journal_seq';

export function storedSeq(db: Database): number {
  const exists = readerOf(db).one("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'baton_meta'");
  if (!exists) return 0;
  return Number(readerOf(db).one('SELECT value FROM baton_meta WHERE key = ?', [SEQ_KEY])?.value ?? 0);
}

export function setSeq(db: Database, seq: number): void {
  runStatement(db, 'INSERT INTO baton_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [SEQ_KEY, seq]);
}

/**
 * Applies the records newer than `appliedSeq`, in order, in one transaction with each distinct
 * statement prepared once (replaying thousands of records on open stays fast). Null when a
 * record is missing (a gap); otherwise how many were applied and the last sequence number.
 */
export function replayRecords(db: Database, appliedSeq: number, records: readonly JournalRecord[]): { count: number; lastSeq: number } | null {
  const pending = records.filter((record) => record.seq > appliedSeq);
  if (pending.some((record, i) => record.seq !== appliedSeq + 1 + i)) return null;
  const last = pending.at(-1);
  if (!last) return { count: 0, lastSeq: appliedSeq };
  const prepared = new Map<string, Statement>();
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const record of pending) {
      for (const [sql, params] of record.statements) {
        const statement = prepared.get(sql) ?? prepared.set(sql, db.prepare(sql)).get(sql);
        statement?.run(params as BindParams);
      }
    }
    setSeq(db, last.seq);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw new Error(`Could not replay changes ${pending[0]?.seq}–${last.seq} of the journal: ${String(error)}`, { cause: error });
  } finally {
    for (const statement of prepared.values()) statement.free();
  }
  return { count: pending.length, lastSeq: last.seq };
}

/** Creates the database's folder; one that cannot be created is said in words. */
export async function createFolderOf(path: string): Promise<void> {
  try {
    await fs.mkdir(dirname(path), { recursive: true });
  } catch (error) {
    if (isNotWritable(error)) throw new DatabaseNotWritableError(path, String(error.code), 'its folder cannot be created', { cause: error });
    throw error;
  }
}

/** Bytes on disk: the main file plus the journal. */
export async function sizeOnDiskOf(path: string): Promise<number> {
  const sizes = await Promise.all([path, journalPathOf(path)].map((p) => fs.stat(p).then((s) => s.size, () => 0)));
  return sizes.reduce((a, b) => a + b, 0);
}
