// The only ways repositories touch the database: a reader for queries, and a writer whose
// every statement is recorded, so that the change can be journaled and replayed exactly.
import type { BindParams, Database, SqlValue, Statement } from 'sql.js';

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

interface Prepared {
  readonly statement: Statement;
  readonly columns: readonly string[];
}

/** Statements kept prepared per connection: parsing and planning the same SQL on every call cost more than many reads themselves. */
const preparedByDb = new WeakMap<Database, Map<string, Prepared>>();
const MAX_PREPARED = 300;

/**
 * The connection's prepared statement for `sql`, bound to `params`. sql.js frees every statement
 * when the database is exported or closed; a freed one throws on bind and is prepared again.
 */
function bound(db: Database, sql: string, params: Params): Prepared {
  let cache = preparedByDb.get(db);
  if (!cache) preparedByDb.set(db, (cache = new Map()));
  const cached = cache.get(sql);
  if (cached) {
    try {
      cached.statement.bind(params as BindParams);
      return cached;
    } catch {
      cache.delete(sql);
    }
  }
  if (cache.size >= MAX_PREPARED) forget(cache);
  const statement = db.prepare(sql);
  try {
    statement.bind(params as BindParams);
  } catch (error) {
    statement.free();
    throw error;
  }
  const prepared = { statement, columns: statement.getColumnNames() };
  cache.set(sql, prepared);
  return prepared;
}

function forget(cache: Map<string, Prepared>): void {
  for (const { statement } of cache.values()) statement.free();
  cache.clear();
}

export function queryAll(db: Database, sql: string, params: Params = []): Row[] {
  const { statement, columns } = bound(db, sql, params);
  try {
    // The values as an array, named here: getAsObject() asks for every column's name again on
    // every row, which made reading a few hundred rows take 15 times as long.
    const rows: Row[] = [];
    while (statement.step()) {
      const values = statement.get();
      const row: Row = {};
      for (let i = 0; i < columns.length; i++) row[columns[i] as string] = values[i] as SqlValue;
      rows.push(row);
    }
    return rows;
  } finally {
    statement.reset();
  }
}

export function runStatement(db: Database, sql: string, params: Params = []): number {
  const { statement } = bound(db, sql, params);
  try {
    statement.step();
  } finally {
    statement.reset();
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
