// The Baton database: one sql.js database per user, kept in memory and written to disk as a
// whole file after every committed write. Writes from all processes are serialized by a lock
// file; before each read or write the file is re-read if another process changed it.
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { type FileStamp, sameStamp, stampOf, writeFileAtomic } from './atomicFile';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from './migrations';
import { ProcessLock } from './processLock';
import { loadSqlJs } from './sqlJs';
import { WriteQueue } from './writeQueue';

const SQLITE_HEADER = 'SQLite format 3\0';

export class DatabaseDamagedError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`Baton's database at ${path} cannot be read (${reason}). It was left untouched; move it aside or restore a backup, then reload the window.`);
  }
}

export class ReadOnlyDatabaseError extends Error {
  constructor(readonly path: string, version: number) {
    super(`Baton's database at ${path} was written by a newer Baton (schema ${version}, this one knows ${LATEST_SCHEMA_VERSION}). It is open read-only: update Baton to make changes.`);
  }
}

export interface OpenDatabaseOptions {
  readonly path: string;
  /** Folder holding sql-wasm.wasm; defaults to the running bundle's folder. */
  readonly wasmDir?: string;
  readonly lockTimeoutMs?: number;
}

export class BatonDatabase {
  private readonly queue = new WriteQueue();
  private stamp: FileStamp | null = null;

  private constructor(
    readonly path: string,
    private readonly sql: SqlJsStatic,
    private db: Database,
    private readonly lock: ProcessLock,
    readonly readOnlyVersion: number | null,
  ) {}

  static async open(options: OpenDatabaseOptions): Promise<BatonDatabase> {
    const sql = await loadSqlJs(options.wasmDir);
    await fs.mkdir(dirname(options.path), { recursive: true });
    const lock = new ProcessLock(`${options.path}.lock`, { timeoutMs: options.lockTimeoutMs });
    return lock.withLock(async () => {
      const bytes = await readExisting(options.path);
      const db = openVerified(sql, options.path, bytes);
      const version = schemaVersion(db);
      const readOnly = version > LATEST_SCHEMA_VERSION ? version : null;
      const database = new BatonDatabase(options.path, sql, db, lock, readOnly);
      if (readOnly === null && version < LATEST_SCHEMA_VERSION) {
        if (bytes) await fs.copyFile(options.path, `${options.path}.bak-v${version}`);
        migrate(db);
        await database.persist();
      }
      database.stamp = await stampOf(options.path);
      return database;
    });
  }

  get isReadOnly(): boolean {
    return this.readOnlyVersion !== null;
  }

  /** Runs `query` against the latest committed state. */
  read<T>(query: (db: Database) => T): Promise<T> {
    return this.queue.run(async () => {
      await this.reloadIfChanged();
      return query(this.db);
    });
  }

  /**
   * Runs `change` in one transaction and resolves only once the result is durable on disk.
   * Other processes are locked out from re-reading the file until the write is saved.
   */
  write<T>(change: (db: Database) => T): Promise<T> {
    if (this.readOnlyVersion !== null) return Promise.reject(new ReadOnlyDatabaseError(this.path, this.readOnlyVersion));
    return this.queue.run(() =>
      this.lock.withLock(async () => {
        await this.reloadIfChanged();
        const result = this.inTransaction(change);
        try {
          await this.persist();
        } catch (error) {
          this.stamp = null; // what is in memory is not on disk: re-read before anything else
          throw error;
        }
        this.stamp = await stampOf(this.path);
        return result;
      }),
    );
  }

  /** Re-reads the file if another process wrote it. Resolves true when it did. */
  refreshFromDisk(): Promise<boolean> {
    return this.queue.run(() => this.reloadIfChanged());
  }

  async close(): Promise<void> {
    await this.queue.idle();
    this.db.close();
  }

  private inTransaction<T>(change: (db: Database) => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = change(this.db);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private async persist(): Promise<void> {
    // Older sql.js releases reset pragmas in export(); setting them again keeps that harmless.
    const bytes = this.db.export();
    configure(this.db);
    await writeFileAtomic(this.path, bytes);
  }

  private async reloadIfChanged(): Promise<boolean> {
    const current = await stampOf(this.path);
    if (this.stamp !== null && sameStamp(current, this.stamp)) return false;
    const bytes = await readExisting(this.path);
    if (!bytes) throw new DatabaseDamagedError(this.path, 'the file disappeared');
    const next = openVerified(this.sql, this.path, bytes);
    this.db.close();
    this.db = next;
    this.stamp = current;
    return true;
  }
}

async function readExisting(path: string): Promise<Uint8Array | null> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function openVerified(sql: SqlJsStatic, path: string, bytes: Uint8Array | null): Database {
  if (bytes) {
    if (bytes.length < 100) throw new DatabaseDamagedError(path, `only ${bytes.length} bytes`);
    if (Buffer.from(bytes.subarray(0, 16)).toString('latin1') !== SQLITE_HEADER) {
      throw new DatabaseDamagedError(path, 'not an SQLite file');
    }
  }
  const db = new sql.Database(bytes ?? undefined);
  try {
    const check = db.exec('PRAGMA quick_check');
    const verdict = String(check[0]?.values[0]?.[0] ?? '');
    if (verdict !== 'ok') throw new DatabaseDamagedError(path, `integrity check: ${verdict.slice(0, 200)}`);
  } catch (error) {
    db.close();
    throw error instanceof DatabaseDamagedError ? error : new DatabaseDamagedError(path, String(error));
  }
  configure(db);
  return db;
}

function configure(db: Database): void {
  db.exec('PRAGMA foreign_keys = ON');
}
