// The only ways repositories touch the database: a reader for queries, and a writer whose
// every statement is recorded, so that the change can be journaled and replayed exactly.
import type { BindParams, Database, SqlValue } from 'sql.js';

export type Row = Record<string, SqlValue>;
export type Params = readonly SqlValue[];

export interface SqlReader {
  all(sql: string, params?: Params): Row[];
  one(sql: string, params?: Params): Row | undefined;
}

export interface SqlWriter extends SqlReader {
  /** Runs one data-changing statement and returns how many rows it changed. */
  run(sql: string, params?: Params): number;
}

/** One recorded statement: SQL text and its parameters. */
export type RecordedStatement = readonly [sql: string, params: Params];

export function queryAll(db: Database, sql: string, params: Params = []): Row[] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params as BindParams);
    // The values as an array, named here: getAsObject() asks for every column's name again on
    // every row, which made reading a few hundred rows take 15 times as long.
    const columns = stmt.getColumnNames();
    const rows: Row[] = [];
    while (stmt.step()) {
      const values = stmt.get();
      const row: Row = {};
      for (let i = 0; i < columns.length; i++) row[columns[i] as string] = values[i] as SqlValue;
      rows.push(row);
    }
    return rows;
  } finally {
    stmt.free();
  }
}

export function runStatement(db: Database, sql: string, params: Params = []): number {
  const stmt = db.prepare(sql);
  try {
    stmt.run(params as BindParams);
  } finally {
    stmt.free();
  }
  return db.getRowsModified();
}

export function readerOf(db: Database): SqlReader {
  return {
    all: (sql, params) => queryAll(db, sql, params),
    one: (sql, params) => queryAll(db, sql, params)[0],
  };
}

/** A writer that records each statement it runs, in order. */
export function recordingWriterOf(db: Database, recorded: RecordedStatement[]): SqlWriter {
  return {
    ...readerOf(db),
    run: (sql, params = []) => {
      const changed = runStatement(db, sql, params);
      recorded.push([sql, [...params]]);
      return changed;
    },
  };
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
