// Small wrappers over sql.js statements that always free what they prepare.
import type { BindParams, Database, SqlValue } from 'sql.js';

export type Row = Record<string, SqlValue>;

export function queryAll(db: Database, sql: string, params: BindParams = []): Row[] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const rows: Row[] = [];
    while (stmt.step()) rows.push(stmt.getAsObject());
    return rows;
  } finally {
    stmt.free();
  }
}

export function queryOne(db: Database, sql: string, params: BindParams = []): Row | undefined {
  return queryAll(db, sql, params)[0];
}

export function execute(db: Database, sql: string, params: BindParams = []): number {
  const stmt = db.prepare(sql);
  try {
    stmt.run(params);
  } finally {
    stmt.free();
  }
  return db.getRowsModified();
}

export function asString(value: SqlValue | undefined): string {
  return typeof value === 'string' ? value : value == null ? '' : String(value);
}

export function asNullableString(value: SqlValue | undefined): string | null {
  return value == null ? null : asString(value);
}

export function asNumber(value: SqlValue | undefined): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

export function asNullableNumber(value: SqlValue | undefined): number | null {
  return value == null ? null : asNumber(value);
}
