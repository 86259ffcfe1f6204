// The Baton database: sql.js on the main file (read as pages are needed, pagedContents.ts), made
// durable and shared by a journal. A write runs under a cross-process lock, first catching up with
// what other processes journaled, then appends its statements to the journal and fdatasyncs
// before it is acknowledged. Only compaction rewrites the main file (compaction.ts; when:
// compactionRunner.ts, foldSchedule.ts). A damaged journal is read past its damage and repaired
// (journalRepair.ts). A folder that cannot be written opens read-only, without the lock.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import { writeFileAtomic } from './atomicFile';
import {
  DEFAULT_COMPACT_AFTER_BYTES, DatabaseNotWritableError, type OpenDatabaseOptions, ReadOnlyDatabaseError, createFolderOf, journalPathOf, replayRecords, setSeq, sizeOnDiskOf, storedSeq,
} from './databaseFiles';
import { type CompactionResult, resetJournal } from './compaction';
import { type CompactionRule, CompactionRunner } from './compactionRunner';
import { type JournalRecord, type JournalScan, encodeRecord, epochOf } from './journal';
import { catchUpScan } from './unfoldedScan';
import { type JournalRecovery, applyReadable, setAsideUnreadableJournal } from './journalRepair';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { migrate, migrateStepwise, schemaVersion } from './schemaMigration';
import { removeOrphanTemps } from './orphanFiles';
import { LockNotWritableError, ProcessLock, isNotWritable } from './processLock';
import { type RecoveryReport, exportWhole, loadSnapshot, loadUnwritable } from './recovery';
import { DatabaseDamagedError, type MainFileCheck, NotBatonDatabaseError, copyAside, refuseForeignFile } from './snapshotFile';
import { type RecordedStatement, type SqlReader, type SqlWriter, readerOf, recordingWriterOf } from './sqlAccess';
import { loadSqlJs } from './sqlJs';
import { WriteQueue } from './writeQueue';
import { JournalCursor } from './journalCursor';
import { KeptJournal } from './keptJournal';
import { MainFileChangedError, readChangedFile } from './pagedContents';
import { mainImageOf } from './mainFileImage';
import { type FoldOptions, FoldSchedule } from './foldSchedule';

export { DatabaseDamagedError, NotBatonDatabaseError };
export type { RecoveryReport } from './recovery';
export { type JournalRecovery, describeJournalRecovery } from './journalRepair';
export { DEFAULT_COMPACT_AFTER_BYTES, DatabaseNotWritableError, type OpenDatabaseOptions, ReadOnlyDatabaseError, backupPathOf, journalPathOf, storedSeq } from './databaseFiles';

type Locker = Pick<ProcessLock, 'withLock' | 'releaseKept'>;

/** Where the folder cannot be written, no process can write either, so reads need no lock. */
const NO_LOCK: Locker = { withLock: (work) => work(), releaseKept: () => undefined };
/** A burst of writes keeps the lock file this long at most (processLock.ts). */
const WRITE_BURST_MS = 1_000;

export class BatonDatabase {
  private readonly queue = new WriteQueue();
  private appliedSeq: number;
  private readonly cursor = new JournalCursor();
  private readonly journal: KeptJournal;
  private stale = false;
  /** Other processes' changes were applied (by any catch-up) since the last refreshFromDisk. */
  private othersApplied = false;
  /** How the main file was found sound on open (the recorded digest, or the full check); null when new or restored. */
  mainFileCheck: MainFileCheck | null = null;
  /** Where an unreadable journal was moved on open, if one was. */
  journalSetAside: string | null = null;
  /** What the last repair of a damaged journal recovered and lost; null when none was needed. */
  journalRecovery: JournalRecovery | null = null;
  private readonly recoveryListeners = new Set<(recovery: JournalRecovery) => void>();
  private readonly folds: FoldSchedule;
  private readonly compactions: CompactionRunner;

  private constructor(
    readonly path: string,
    private readonly sql: SqlJsStatic,
    private db: Database,
    private readonly lock: Locker,
    readonly readOnlyVersion: number | null,
    readonly recovery: RecoveryReport | null,
    private readonly compactAfterBytes: number,
    /** Why nothing can be written here (the folder is read-only), or null when it can. */
    readonly notWritable: DatabaseNotWritableError | null = null,
    fold: FoldOptions = {},
  ) {
    this.appliedSeq = storedSeq(db);
    this.journal = new KeptJournal(journalPathOf(path));
    this.folds = new FoldSchedule(fold, () => (this.isReadOnly ? Promise.resolve(null) : this.startCompaction('fold')));
    this.compactions = new CompactionRunner({
      path,
      lock,
      exclusive: (work) => this.queue.run(work),
      snapshot: (rule) => this.compactionSnapshot(rule),
      journalDamaged: () => this.cursor.readWholeNext(),
      // Changes appended meanwhile are counted again by the next full scan; a failure waits for another threshold.
      settled: (result, failed) => {
        if (result || failed) this.cursor.unfolded = 0;
      },
    });
  }

  static async open(options: OpenDatabaseOptions): Promise<BatonDatabase> {
    const sql = await loadSqlJs(options.wasmDir);
    // Before anything is created beside it: a file that is not Baton's is refused untouched.
    await refuseForeignFile(options.path);
    await createFolderOf(options.path);
    const lock = new ProcessLock(`${options.path}.lock`, { timeoutMs: options.lockTimeoutMs, burstMs: WRITE_BURST_MS });
    let database: BatonDatabase;
    try {
      database = await lock.withLock(() => BatonDatabase.load(sql, options, lock, false))
        // A block of the main file did not match the sums its journal recorded: read it all, once.
        .catch((error: unknown) => (error instanceof MainFileChangedError ? lock.withLock(() => BatonDatabase.load(sql, options, lock, true)) : Promise.reject(error)));
    } catch (error) {
      lock.releaseKept(); // a failed open leaves nothing for the next one to wait on
      if (!(error instanceof LockNotWritableError)) throw error;
      database = await BatonDatabase.openUnwritable(sql, options.path, options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES, error);
    }
    database.compactIfDue(true);
    return database;
  }

  /** Under the lock: the main file loaded, the journal replayed, the schema migrated. */
  private static async load(sql: SqlJsStatic, options: OpenDatabaseOptions, lock: Locker, checkAll: boolean): Promise<BatonDatabase> {
    await removeOrphanTemps(options.path);
    const { db, existed, recovery, check } = await loadSnapshot(sql, options.path, { checkAll });
    let opened: BatonDatabase | undefined;
    try {
      const version = schemaVersion(db);
      const readOnly = version > LATEST_SCHEMA_VERSION ? version : null;
      opened = new BatonDatabase(options.path, sql, db, lock, readOnly, recovery, options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES, null, options.fold);
      opened.mainFileCheck = check;
      await (readOnly === null ? opened.prepareForWrites(version, existed, options.betweenMigrationSteps) : opened.catchUp());
      return opened;
    } catch (error) {
      (opened?.db ?? db).close();
      await opened?.journal.close();
      throw error;
    }
  }

  /**
   * The folder cannot be written (a read-only mount, another user's folder): not even the lock
   * can be created, and no Baton process can change the files, so they are read without it.
   * Nothing is moved, repaired or migrated on disk; an older schema is upgraded in memory only.
   */
  private static async openUnwritable(sql: SqlJsStatic, path: string, compactAfterBytes: number, cause: LockNotWritableError): Promise<BatonDatabase> {
    const notWritable = new DatabaseNotWritableError(path, cause.code, 'its folder is not writable', { cause });
    const loaded = await loadUnwritable(sql, path, cause);
    const version = schemaVersion(loaded.db);
    const readOnly = version > LATEST_SCHEMA_VERSION ? version : null;
    const database = new BatonDatabase(path, sql, loaded.db, NO_LOCK, readOnly, null, compactAfterBytes, notWritable);
    await database.catchUp();
    if (version < LATEST_SCHEMA_VERSION) migrate(database.db);
    return database;
  }

  /** True when writes are refused: a newer schema, or a folder that cannot be written. */
  get isReadOnly(): boolean {
    return this.readOnlyVersion !== null || this.notWritable !== null;
  }

  /** Bytes of journal records that the next compaction folds into the main file. */
  get unfoldedJournalBytes(): number {
    return this.cursor.unfolded;
  }

  /** Called after each later repair of a damaged journal (the one found on open is `journalRecovery`). */
  onJournalRecovery(listener: (recovery: JournalRecovery) => void): () => void {
    this.recoveryListeners.add(listener);
    return () => this.recoveryListeners.delete(listener);
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
    if (this.notWritable) return Promise.reject(this.notWritable);
    return this.queue.run(() => this.lock.withLock(() => this.commit(change)));
  }

  /** Applies what other processes wrote. True when anything of theirs was applied (by anything here) since the last call. */
  refreshFromDisk(): Promise<boolean> {
    return this.queue.run(async () => {
      await this.syncWithDisk();
      const applied = this.othersApplied;
      this.othersApplied = false;
      return applied;
    });
  }

  /** Writes a consistent copy of the database to `target` (atomically, fsynced). */
  backupTo(target: string): Promise<void> {
    return this.queue.run(async () => {
      await this.syncWithDisk();
      await writeFileAtomic(target, exportWhole(this.db));
    });
  }

  /** Bytes on disk: the main file plus the journal. */
  sizeOnDisk(): Promise<number> {
    return sizeOnDiskOf(this.path);
  }

  /** Rewrites the main file from memory and trims the journal; normally runs by itself. */
  compact(): Promise<CompactionResult | null> {
    return this.startCompaction('manual');
  }

  /** Folds the journal into the main file now (`baton db checkpoint`), after any compaction under way; null when nothing was missing. */
  async checkpoint(): Promise<CompactionResult | null> {
    await this.compactions.settle();
    return this.startCompaction('fold');
  }

  /**
   * Compacts in the background once the journal holds more than the threshold of changes the main
   * file lacks; on open too, for a journal grown by CLI commands (`close()` waits for it). On open,
   * a main file that needed the full check (another tool or an older Baton wrote it last) is
   * rewritten once, with its digest, so that the next opens skip the check.
   */
  private compactIfDue(opened = false): void {
    const rewrite = opened && this.mainFileCheck === 'quick-check';
    if (this.isReadOnly || this.compactions.isRunning || (!rewrite && this.cursor.unfolded <= this.compactAfterBytes)) return;
    void this.startCompaction(rewrite ? 'recheck' : 'threshold').catch(() => null);
  }

  private startCompaction(rule: CompactionRule): Promise<CompactionResult | null> {
    if (this.readOnlyVersion !== null) return Promise.reject(new ReadOnlyDatabaseError(this.path, this.readOnlyVersion));
    if (this.notWritable) return Promise.reject(this.notWritable);
    return this.compactions.start(rule);
  }

  /** Caught up first: memory that is ahead of the disk (a failed append) must not become the main file. */
  private compactionSnapshot(rule: CompactionRule) {
    return this.queue.run(async () => {
      await this.syncWithDisk();
      if (rule === 'threshold' && this.cursor.unfolded <= this.compactAfterBytes) return null;
      if (rule === 'fold' && this.appliedSeq <= this.cursor.mainSeq) return null;
      const ifMainSeq = rule === 'manual' ? undefined : this.cursor.mainSeq;
      return { image: mainImageOf(this.db), seq: this.appliedSeq, epoch: this.cursor.epoch ?? '', ifMainSeq, rewrite: rule === 'recheck' };
    });
  }

  async close(): Promise<void> {
    await this.compactions.settle();
    await this.folds.beforeClose();
    await this.queue.idle();
    this.lock.releaseKept();
    await this.journal.close();
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
      // Under the lock taken before catchUp(), whose last look at the journal nothing has changed since.
      await this.journal.append(frame, this.cursor.offset, true);
    } catch (error) {
      this.stale = true; // memory is ahead of the disk: reload before anything else
      if (isNotWritable(error)) throw new DatabaseNotWritableError(this.path, String(error.code), 'its journal cannot be written', { cause: error });
      throw error;
    }
    this.appliedSeq = seq;
    this.cursor.appended(frame);
    this.compactIfDue();
    this.folds.afterWrite();
    return result;
  }

  /** Applies what others journaled, under the lock (so only durable records); no lock while the journal is unchanged. */
  private async syncWithDisk(): Promise<boolean> {
    if (!this.stale && !readChangedFile(this.db)) {
      const state = await this.journal.state(this.cursor.tail);
      if (state === null || this.cursor.isUnchanged(state)) return false;
    }
    const changed = await this.lock.withLock(() => this.catchUp());
    if (changed) this.othersApplied = true;
    return changed;
  }

  /** Under the lock: applies the journal's records newer than ours. */
  private async catchUp(afterReload = false): Promise<boolean> {
    // Memory ahead of the disk, or a main file changed in place under it (pagedContents.ts).
    if ((this.stale || readChangedFile(this.db)) && !afterReload) return this.reloadAll();
    const journal = journalPathOf(this.path);
    const state = await this.journal.state(this.cursor.tail);
    if (state === null) return false;
    const sameFile = this.cursor.continues(state);
    if (sameFile && state.size === this.cursor.offset) return false;
    // After damage in what it read, the whole file, for the repair to see everything (or to start over).
    const { scan, whole } = await catchUpScan(journal, this.cursor, sameFile, this.appliedSeq);
    // A journal that starts after our state, or a repaired one (another epoch): reload.
    const behind = whole && scan.header !== null
      && (scan.header.baseSeq > this.appliedSeq || (this.cursor.epoch !== null && epochOf(scan.header) !== this.cursor.epoch));
    if (!behind && scan.damage.length > 0) return this.recoverFromDamage(scan);
    const applied = behind ? null : this.applyAll(scan.records);
    if (applied === null) {
      if (afterReload) throw new DatabaseDamagedError(this.path, `the journal does not continue change ${this.appliedSeq}`);
      return this.reloadAll();
    }
    this.cursor.adopt(scan, whole, this.appliedSeq);
    if (applied > 0) this.othersApplied = true;
    return applied > 0;
  }

  /**
   * Under the lock, with `scan` of the whole journal: applies every readable record newer than ours
   * (journalRepair.ts). Writable: keeps a copy of the damaged journal, then writes the main file
   * and a journal of a new epoch (every other process reloads). Read-only: in memory only.
   */
  private async recoverFromDamage(scan: JournalScan & { ino: number }): Promise<boolean> {
    const writable = !this.isReadOnly;
    const copy = writable ? await copyAside(journalPathOf(this.path)) : null;
    const { lastSeq, recovery } = applyReadable(this.db, scan, this.appliedSeq, copy, (seq) => setSeq(this.db, seq));
    this.appliedSeq = lastSeq;
    if (writable) {
      try {
        await this.rewriteFromMemory(randomBytes(6).toString('hex'));
      } catch (error) {
        // Memory is ahead of the files again: the next access reloads and repairs once more. (After
        // a crash between the two files, the copy kept above still holds the changes.)
        this.stale = true;
        throw error;
      }
    } else {
      this.cursor.adopt(scan, true, this.appliedSeq);
    }
    this.journalRecovery = recovery;
    for (const listener of this.recoveryListeners) listener(recovery);
    return true;
  }

  /** Under the lock: the main file and its backup become this state, with an empty journal. */
  private async rewriteFromMemory(epoch: string | undefined): Promise<void> {
    const bytes = exportWhole(this.db);
    await writeFileAtomic(this.path, bytes);
    await resetJournal(this.path, this.appliedSeq, bytes, epoch);
    this.cursor.reset();
    await this.catchUp();
  }

  /** Applies records newer than ours (see replayRecords). Null when a record is missing (a gap). */
  private applyAll(records: readonly JournalRecord[]): number | null {
    const replayed = replayRecords(this.db, this.appliedSeq, records);
    if (replayed) this.appliedSeq = replayed.lastSeq;
    return replayed === null ? null : replayed.count;
  }

  private async reloadAll(): Promise<boolean> {
    // After a block that did not match its sum: the whole file checked, and restored if damaged.
    const faulted = readChangedFile(this.db);
    const { db } = await loadSnapshot(this.sql, this.path, { recover: faulted, checkAll: faulted });
    this.db.close();
    this.db = db;
    this.appliedSeq = storedSeq(db);
    this.cursor.reset();
    this.stale = false;
    await this.catchUp(true);
    this.othersApplied = true;
    return true;
  }

  /** Under the lock, before the first write: replays the journal, then migrates (after a backup) and starts fresh files where needed. */
  private async prepareForWrites(version: number, existed: boolean, betweenSteps?: () => Promise<void>): Promise<void> {
    // Only which frames are readable; catchUp() replays them, and recovers those of a damaged journal.
    const { usableJournal, setAside } = await setAsideUnreadableJournal(this.path);
    if (setAside) [this.journalSetAside, this.journalRecovery] = [setAside.copy, setAside];
    if (usableJournal) await this.catchUp();
    if (existed && usableJournal && version >= LATEST_SCHEMA_VERSION) return;
    if (existed && version < LATEST_SCHEMA_VERSION) {
      // Before migrating: the file as it is, or, when a journal was replayed onto it, all of it.
      const backup = `${this.path}.bak-v${version}`;
      if (usableJournal) await writeFileAtomic(backup, exportWhole(this.db));
      else await fs.copyFile(this.path, backup);
    }
    if (betweenSteps) await migrateStepwise(this.db, betweenSteps);
    else migrate(this.db);
    this.appliedSeq = storedSeq(this.db);
    await this.rewriteFromMemory(this.cursor.epoch || undefined);
  }
}

