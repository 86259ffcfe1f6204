// The Baton database: sql.js in memory, made durable and shared by a journal. A write runs
// under a cross-process lock, first catching up with what other processes journaled, then
// appends its own statements to the journal and fdatasyncs before it is acknowledged. The
// main file is rewritten only by compaction, in the background (see compaction.ts).
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { BindParams, Database, SqlJsStatic, Statement } from 'sql.js';
import { writeFileAtomic } from './atomicFile';
import { type CompactionResult, compactInto, resetJournal } from './compaction';
import { type FrameMark, type JournalRecord, appendDurably, encodeRecord, journalState, scanJournal } from './journal';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from './migrations';
import { removeOrphanTemps } from './orphanFiles';
import { ProcessLock } from './processLock';
import { type RecoveryReport, loadSnapshot } from './recovery';
import { DatabaseDamagedError, copyAside, moveAside } from './snapshotFile';
import { type RecordedStatement, type SqlReader, type SqlWriter, readerOf, recordingWriterOf, runStatement } from './sqlAccess';
import { loadSqlJs } from './sqlJs';
import { WriteQueue } from './writeQueue';

export { DatabaseDamagedError };
export type { RecoveryReport } from './recovery';

export class ReadOnlyDatabaseError extends Error {
  constructor(readonly path: string, version: number) {
    super(`Baton's database at ${path} was written by a newer Baton (schema ${version}; this one knows ${LATEST_SCHEMA_VERSION}). It is open read-only: update Baton to make changes.`);
  }
}

export interface OpenDatabaseOptions {
  readonly path: string;
  /** Folder holding sql-wasm.wasm; defaults to the running bundle's folder. */
  readonly wasmDir?: string;
  readonly lockTimeoutMs?: number;
  /** Journal size that triggers a background compaction (bytes). */
  readonly compactAfterBytes?: number;
}

export const journalPathOf = (path: string) => `${path}.journal`;
export const backupPathOf = (path: string) => `${path}.bak`;

const SEQ_KEY = 'journal_seq';

export function storedSeq(db: Database): number {
  const exists = readerOf(db).one("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'baton_meta'");
  if (!exists) return 0;
  return Number(readerOf(db).one('SELECT value FROM baton_meta WHERE key = ?', [SEQ_KEY])?.value ?? 0);
}

export class BatonDatabase {
  private readonly queue = new WriteQueue();
  private appliedSeq: number;
  private journalIno = 0;
  private journalOffset = 0;
  /** The last frame applied, which must still end at `journalOffset` for the file to be the same. */
  private journalTail: FrameMark | null = null;
  private stale = false;
  private appendedSinceCompaction = 0;
  /** Where an unreadable journal was moved on open, if one was. */
  journalSetAside: string | null = null;
  /** Where a copy of a journal with unreadable bytes at its end was kept on open, if any. */
  journalTailSavedTo: string | null = null;
  private compacting: Promise<CompactionResult | null> | null = null;

  private constructor(
    readonly path: string,
    private readonly sql: SqlJsStatic,
    private db: Database,
    private readonly lock: ProcessLock,
    readonly readOnlyVersion: number | null,
    readonly recovery: RecoveryReport | null,
    private readonly compactAfterBytes: number,
  ) {
    this.appliedSeq = storedSeq(db);
  }

  static async open(options: OpenDatabaseOptions): Promise<BatonDatabase> {
    const sql = await loadSqlJs(options.wasmDir);
    await fs.mkdir(dirname(options.path), { recursive: true });
    const lock = new ProcessLock(`${options.path}.lock`, { timeoutMs: options.lockTimeoutMs });
    return lock.withLock(async () => {
      await removeOrphanTemps(options.path);
      const { db, existed, recovery } = await loadSnapshot(sql, options.path);
      const version = schemaVersion(db);
      const readOnly = version > LATEST_SCHEMA_VERSION ? version : null;
      const database = new BatonDatabase(options.path, sql, db, lock, readOnly, recovery, options.compactAfterBytes ?? 4 * 1024 * 1024);
      if (readOnly === null) await database.prepareForWrites(version, existed);
      else await database.catchUp();
      return database;
    });
  }

  get isReadOnly(): boolean {
    return this.readOnlyVersion !== null;
  }

  /** The sequence number of the last change applied in this process. */
  get sequence(): number {
    return this.appliedSeq;
  }

  /** Runs `query` against the latest committed state of every process. */
  read<T>(query: (reader: SqlReader) => T): Promise<T> {
    return this.queue.run(async () => {
      await this.syncWithDisk();
      return query(readerOf(this.db));
    });
  }

  /** Runs `change` in one transaction; resolves once it is durable in the journal. */
  write<T>(change: (writer: SqlWriter) => T): Promise<T> {
    if (this.readOnlyVersion !== null) return Promise.reject(new ReadOnlyDatabaseError(this.path, this.readOnlyVersion));
    return this.queue.run(() => this.lock.withLock(() => this.commit(change)));
  }

  /** Applies what other processes wrote. Resolves true when anything changed. */
  refreshFromDisk(): Promise<boolean> {
    return this.queue.run(() => this.syncWithDisk());
  }

  /** Writes a consistent copy of the database to `target` (atomically, fsynced). */
  backupTo(target: string): Promise<void> {
    return this.queue.run(async () => {
      await this.syncWithDisk();
      await writeFileAtomic(target, this.exportBytes());
    });
  }

  /** Bytes on disk: the main file plus the journal. */
  async sizeOnDisk(): Promise<number> {
    const sizes = await Promise.all([this.path, journalPathOf(this.path)].map((p) => fs.stat(p).then((s) => s.size, () => 0)));
    return sizes.reduce((a, b) => a + b, 0);
  }

  /** Rewrites the main file from memory and trims the journal; normally runs by itself. */
  compact(): Promise<CompactionResult | null> {
    if (this.readOnlyVersion !== null) return Promise.reject(new ReadOnlyDatabaseError(this.path, this.readOnlyVersion));
    this.compacting ??= compactInto({
      path: this.path,
      lock: this.lock,
      // Caught up first: memory that is ahead of the disk (a failed append) must not become the main file.
      snapshot: () => this.queue.run(async () => {
        await this.syncWithDisk();
        return { bytes: this.exportBytes(), seq: this.appliedSeq };
      }),
      exclusive: (work) => this.queue.run(work),
    }).finally(() => {
      this.compacting = null;
      this.appendedSinceCompaction = 0;
    });
    return this.compacting;
  }

  async close(): Promise<void> {
    await this.compacting?.catch(() => null);
    await this.queue.idle();
    this.db.close();
  }

  private async commit<T>(change: (writer: SqlWriter) => T): Promise<T> {
    await this.catchUp();
    const statements: RecordedStatement[] = [];
    const seq = this.appliedSeq + 1;
    this.db.exec('BEGIN IMMEDIATE');
    let result: T;
    try {
      result = change(recordingWriterOf(this.db, statements));
      if (statements.length > 0) setSeq(this.db, seq);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    if (statements.length === 0) return result;
    const frame = encodeRecord({ seq, statements });
    try {
      await appendDurably(journalPathOf(this.path), frame, this.journalOffset);
    } catch (error) {
      this.stale = true; // memory is ahead of the disk: reload before anything else
      throw error;
    }
    this.appliedSeq = seq;
    this.journalTail = { at: this.journalOffset, head: frame.subarray(0, 12) };
    this.journalOffset += frame.length;
    // Count only what was appended since the last compaction: the journal keeps one
    // generation of older records for the backup, which must not trigger the next one.
    this.appendedSinceCompaction += frame.length;
    if (this.appendedSinceCompaction > this.compactAfterBytes) void this.compact().catch(() => null);
    return result;
  }

  /**
   * Applies what other processes journaled. The journal is read under the lock, so that only
   * records their writers have made durable are applied (a failed append is cut off again
   * before the lock is released); the lock is skipped while the journal is visibly unchanged.
   */
  private async syncWithDisk(): Promise<boolean> {
    if (!this.stale) {
      const state = await journalState(journalPathOf(this.path), this.journalTail);
      if (state === null || (state.ino === this.journalIno && state.size === this.journalOffset && state.lastIntact)) return false;
    }
    return this.lock.withLock(() => this.catchUp());
  }

  /** Under the lock: applies the journal's records newer than ours. */
  private async catchUp(afterReload = false): Promise<boolean> {
    if (this.stale && !afterReload) return this.reloadAll();
    const journal = journalPathOf(this.path);
    const state = await journalState(journal, this.journalTail);
    if (state === null) return false;
    const sameFile = state.ino === this.journalIno && state.size >= this.journalOffset && state.lastIntact;
    if (sameFile && state.size === this.journalOffset) return false;
    let scan = await scanJournal(journal, sameFile ? this.journalOffset : 0, this.appliedSeq);
    // Nothing parses at our offset: it is not a frame boundary in this file; start over.
    if (sameFile && scan.validEnd === this.journalOffset && scan.validEnd < scan.size) scan = await scanJournal(journal, 0, this.appliedSeq);
    const behind = scan.header !== null && scan.header.baseSeq > this.appliedSeq;
    const applied = behind ? null : this.applyAll(scan.records);
    if (applied === null) {
      if (afterReload) throw new DatabaseDamagedError(this.path, `the journal does not continue change ${this.appliedSeq}`);
      return this.reloadAll();
    }
    this.journalIno = scan.ino;
    this.journalOffset = scan.validEnd;
    if (scan.last !== null || scan.validEnd === 0) this.journalTail = scan.last;
    return applied > 0;
  }

  /**
   * Applies records newer than ours, in order, in one transaction with each distinct
   * statement prepared once (replaying thousands of records on open stays fast). Null when a
   * record is missing (a gap).
   */
  private applyAll(records: readonly JournalRecord[]): number | null {
    const pending = records.filter((record) => record.seq > this.appliedSeq);
    if (pending.some((record, i) => record.seq !== this.appliedSeq + 1 + i)) return null;
    const last = pending.at(-1);
    if (!last) return 0;
    const prepared = new Map<string, Statement>();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const record of pending) {
        for (const [sql, params] of record.statements) {
          const statement = prepared.get(sql) ?? prepared.set(sql, this.db.prepare(sql)).get(sql);
          statement?.run(params as BindParams);
        }
      }
      setSeq(this.db, last.seq);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw new Error(`Could not replay changes ${pending[0]?.seq}–${last.seq} of the journal: ${String(error)}`, { cause: error });
    } finally {
      for (const statement of prepared.values()) statement.free();
    }
    this.appliedSeq = last.seq;
    return pending.length;
  }

  private async reloadAll(): Promise<boolean> {
    const { db } = await loadSnapshot(this.sql, this.path, { recover: false });
    this.db.close();
    this.db = db;
    this.appliedSeq = storedSeq(db);
    this.journalIno = 0;
    this.journalOffset = 0;
    this.journalTail = null;
    this.stale = false;
    await this.catchUp(true);
    return true;
  }

  /**
   * Before the first write: replays the journal, then migrates (after a backup of an existing
   * file) and starts a fresh main file and journal where needed. Runs under the lock.
   */
  private async prepareForWrites(version: number, existed: boolean): Promise<void> {
    // Only the header and the readable length are needed here; catchUp() replays the records.
    const journal = await scanJournal(journalPathOf(this.path), 0, Number.MAX_SAFE_INTEGER);
    const usableJournal = journal.header !== null;
    if (journal.size > 0 && !usableJournal) this.journalSetAside = await moveAside(journalPathOf(this.path));
    // Bytes after the last readable record (a torn write, or damage) are cut off by the next
    // write: keep a copy first, so that nothing unreadable is ever overwritten unseen.
    if (usableJournal && journal.validEnd < journal.size) this.journalTailSavedTo = await copyAside(journalPathOf(this.path));
    if (usableJournal) await this.catchUp();
    if (existed && usableJournal && version >= LATEST_SCHEMA_VERSION) return;
    if (existed && version < LATEST_SCHEMA_VERSION) {
      // Before migrating: the file as it is, or, when a journal was replayed onto it, all of it.
      const backup = `${this.path}.bak-v${version}`;
      if (usableJournal) await writeFileAtomic(backup, this.exportBytes());
      else await fs.copyFile(this.path, backup);
    }
    migrate(this.db);
    this.appliedSeq = storedSeq(this.db);
    const bytes = this.exportBytes();
    await writeFileAtomic(this.path, bytes);
    await resetJournal(this.path, this.appliedSeq, bytes);
    this.journalIno = 0;
    this.journalOffset = 0;
    this.journalTail = null;
    await this.catchUp();
  }

  private exportBytes(): Uint8Array {
    const bytes = this.db.export();
    this.db.exec('PRAGMA foreign_keys = ON'); // older sql.js releases reset pragmas in export()
    return bytes;
  }
}

function setSeq(db: Database, seq: number): void {
  runStatement(db, 'INSERT INTO baton_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [SEQ_KEY, seq]);
}
