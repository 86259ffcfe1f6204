// The reference side of the database benchmark: better-sqlite3 (native SQLite) doing the same
// work as dbBatonChild.ts in its own process, on the same schema (Baton's migration SQL) and
// the same rows. Default rollback journal (DELETE) with synchronous=FULL, so every autocommit
// insert is durable when it returns; then the same writes again in WAL mode with
// synchronous=FULL. Prints one JSON line of raw samples.
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/storage/migrations';
import {
  AGGREGATE_ROUNDS, AGGREGATE_SINCE, AGGREGATE_SQL, LEDGER_INSERT, LEDGER_ROWS, MemoryProbe, OPEN_ROUNDS, SEED_BATCH,
  SESSIONS, WORKSPACE_ID, WRITES_PER_ROUND, WRITE_ROUNDS, fingerprint, ledgerRow, sessionStatements, settleDisk,
} from './dbWorkload';

const [workDir, fixtureDir] = process.argv.slice(2) as [string, string];
const path = join(workDir, 'reference.db');
const fixture = join(fixtureDir, 'reference.db');
const memory = new MemoryProbe();
const log = (message: string) => process.stderr.write(`  better-sqlite3: ${message}\n`);
let nextRow = LEDGER_ROWS;

function openDurable(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}

function migrate(db: Database.Database): void {
  for (const migration of MIGRATIONS) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

function seed(db: Database.Database): { sessionsMs: number; ledgerMs: number } {
  let start = performance.now();
  db.transaction(() => {
    for (const [text, params] of sessionStatements(WORKSPACE_ID, SESSIONS)) db.prepare(text).run(...params);
  })();
  const sessionsMs = performance.now() - start;
  start = performance.now();
  const insert = db.prepare(LEDGER_INSERT);
  for (let first = 0; first < LEDGER_ROWS; first += SEED_BATCH) {
    db.transaction(() => {
      for (let i = first; i < Math.min(LEDGER_ROWS, first + SEED_BATCH); i++) insert.run(...ledgerRow(i));
    })();
  }
  return { sessionsMs, ledgerMs: performance.now() - start };
}

/** Single-statement autocommit inserts, each durable when run() returns. */
function timedWrites(db: Database.Database): number[][] {
  const insert = db.prepare(LEDGER_INSERT);
  settleDisk();
  const rounds: number[][] = [];
  for (let round = 0; round < WRITE_ROUNDS; round++) {
    const samples: number[] = [];
    for (let i = 0; i < WRITES_PER_ROUND; i++) {
      const row = ledgerRow(nextRow++);
      const start = performance.now();
      insert.run(...row);
      samples.push(performance.now() - start);
    }
    rounds.push(samples);
  }
  return rounds;
}

function main(): void {
  mkdirSync(workDir, { recursive: true });
  mkdirSync(fixtureDir, { recursive: true });
  log(`seeding ${SESSIONS} sessions and ${LEDGER_ROWS} ledger rows`);
  let db = openDurable(path);
  migrate(db);
  const seeded = seed(db);
  const databaseBytes = statSync(path).size;
  memory.sample('seeded');

  log(`${WRITE_ROUNDS} x ${WRITES_PER_ROUND} durable autocommit inserts (DELETE journal, synchronous=FULL)`);
  const writeRounds = timedWrites(db);
  db.close();
  copyFileSync(path, fixture);
  memory.sample('writes');

  log(`${OPEN_ROUNDS} opens with quick_check`);
  const openMs: number[] = [];
  for (let round = 0; round < OPEN_ROUNDS; round++) {
    const start = performance.now();
    const opened = new Database(fixture);
    const verdict = opened.pragma('quick_check', { simple: true });
    openMs.push(performance.now() - start);
    if (verdict !== 'ok') throw new Error(`quick_check: ${String(verdict)}`);
    opened.close();
  }
  memory.sample('opens');

  log(`${AGGREGATE_ROUNDS} 30-day aggregates`);
  db = openDurable(path);
  const ledgerRowsAtAggregate = Number((db.prepare('SELECT COUNT(*) AS n FROM ledger').get() as { n: number }).n);
  const aggregate = db.prepare(AGGREGATE_SQL);
  const first = aggregate.all(AGGREGATE_SINCE) as Record<string, unknown>[]; // warm-up
  const aggregateMs: number[] = [];
  for (let round = 0; round < AGGREGATE_ROUNDS; round++) {
    const start = performance.now();
    aggregate.all(AGGREGATE_SINCE);
    aggregateMs.push(performance.now() - start);
  }
  memory.sample('aggregate');

  log(`${WRITE_ROUNDS} x ${WRITES_PER_ROUND} durable autocommit inserts (WAL, synchronous=FULL)`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const walWriteRounds = timedWrites(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  memory.sample('wal writes');
  const sqliteVersion = String((db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v);
  db.close();

  process.stdout.write(JSON.stringify({
    sqliteVersion,
    seeded,
    databaseBytes,
    writeRounds,
    walWriteRounds,
    openMs,
    ledgerRowsAtAggregate,
    aggregate: { ms: aggregateMs, rows: first.length, fingerprint: fingerprint(first) },
    memory: memory.peak(),
  }) + '\n');
}

main();
