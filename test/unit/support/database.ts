// Opening Baton databases on temporary files, and reading them back with a separate sql.js
// instance, the way another process would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs, { type SqlJsStatic, type SqlValue } from 'sql.js';
import { BatonDatabase } from '../../../src/storage/batonDatabase';
import { SessionStore } from '../../../src/storage/sessionStore';
import { wasmDir } from './paths';

export function openDatabase(path: string, lockTimeoutMs?: number): Promise<BatonDatabase> {
  return BatonDatabase.open({ path, wasmDir, lockTimeoutMs });
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

export async function userVersionOfFile(path: string): Promise<number> {
  const rows = await queryFile(path, 'PRAGMA user_version');
  return Number(rows[0]?.user_version);
}

/** A SessionStore over a new database file in `dir`. */
export async function openStore(path: string): Promise<{ database: BatonDatabase; store: SessionStore }> {
  const database = await openDatabase(path);
  return { database, store: new SessionStore(database) };
}
