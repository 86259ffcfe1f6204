// Opening Baton databases on temporary files, and reading them back with a separate sql.js
// instance, the way another process would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs, { type SqlJsStatic, type SqlValue } from 'sql.js';
import { BatonDatabase, type OpenDatabaseOptions } from '../../../src/storage/batonDatabase';
import { SessionStore } from '../../../src/storage/sessionStore';
import { wasmDir } from './paths';

export function openDatabase(path: string, options: Omit<OpenDatabaseOptions, 'path' | 'wasmDir'> = {}): Promise<BatonDatabase> {
  return BatonDatabase.open({ path, wasmDir, ...options });
}

let independent: Promise<SqlJsStatic> | undefined;

/** A sql.js instance of its own, not the one storage/ caches. */
export function independentSqlJs(): Promise<SqlJsStatic> {
  independent ??= initSqlJs({ locateFile: (file: string) => join(wasmDir, file) });
  return independent;
}

export type PlainRow = Record<string, SqlValue>;

/**
 * Reads the database as another process would find it on disk now (main file plus journal),
 * through a separate handle, and runs one query on it.
 */
export async function queryFile(path: string, sql: string, params: SqlValue[] = []): Promise<PlainRow[]> {
  const database = await BatonDatabase.open({ path, wasmDir });
  try {
    return await database.read((db) => db.all(sql, params));
  } finally {
    await database.close();
  }
}

/** Reads only the main file's bytes, ignoring the journal. */
export async function queryMainFile(path: string, sql: string, params: SqlValue[] = []): Promise<PlainRow[]> {
  const SQL = await independentSqlJs();
  const db = new SQL.Database(readFileSync(path));
  try {
    const stmt = db.prepare(sql);
    stmt.bind(params);
    const rows: PlainRow[] = [];
    while (stmt.step()) rows.push(stmt.getAsObject());
    stmt.free();
    return rows;
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` of the database as opened through BatonDatabase ('ok' when sound). */
export async function integrityOf(path: string): Promise<string> {
  const rows = await queryFile(path, 'PRAGMA integrity_check');
  return rows.map((row) => String(row.integrity_check)).join('; ');
}

export async function userVersionOfFile(path: string): Promise<number> {
  const rows = await queryFile(path, 'PRAGMA user_version');
  return Number(rows[0]?.user_version);
}

/** A SessionStore over a new database file in `dir`. */
export async function openStore(path: string): Promise<{ database: BatonDatabase; store: SessionStore }> {
  const database = await openDatabase(path);
  return { database, store: new SessionStore(database) };
}

/** Inserts one ledger row (the tests' unit of "a write"). */
export function insertLedgerRow(database: BatonDatabase, id: string, provider = 'test'): Promise<number> {
  return database.write((db) => db.run('INSERT INTO ledger (id, provider, model, at) VALUES (?, ?, ?, ?)', [id, provider, 'model', Date.now()]));
}

/** The ids of the ledger rows, sorted. */
export function ledgerIds(database: BatonDatabase): Promise<string[]> {
  return database.read((db) => db.all('SELECT id FROM ledger ORDER BY id').map((row) => String(row.id)));
}

/** Opens `path`, reads the ledger ids and the integrity verdict, and closes it again (`database` is returned closed, for its open report). */
export async function reopenAndRead(path: string): Promise<{ ids: string[]; integrity: string; database: BatonDatabase }> {
  const database = await openDatabase(path);
  try {
    const ids = await ledgerIds(database);
    const integrity = String(await database.read((db) => db.one('PRAGMA integrity_check')?.integrity_check));
    return { ids, integrity, database };
  } finally {
    await database.close();
  }
}
