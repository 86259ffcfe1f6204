// Runs the numbered migrations (migrations.ts) on a database: each in one transaction together
// with the bump of `PRAGMA user_version`, all at once or a statement at a time.
import type { Database } from 'sql.js';
import { MIGRATIONS } from './migrations';

export function schemaVersion(db: Database): number {
  const result = db.exec('PRAGMA user_version');
  return Number(result[0]?.values[0]?.[0] ?? 0);
}

/** Applies the migrations newer than the file's version. Returns how many ran. */
export function migrate(db: Database): number {
  const steps = migrationSteps(db);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same, with `between` awaited after each statement: a database made in the background
 * (writePathWarmup.ts) then never holds the event loop for the whole schema, about 140 ms on a
 * cold start (the longest statement alone is about 20). The transaction stays open meanwhile.
 */
export async function migrateStepwise(db: Database, between: () => Promise<void>): Promise<number> {
  const steps = migrationSteps(db);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await between();
  }
}

/** Runs the migrations statement by statement, pausing (yield) after each; returns how many ran. */
function* migrationSteps(db: Database): Generator<void, number> {
  let ran = 0;
  for (const migration of MIGRATIONS) {
    if (migration.version <= schemaVersion(db)) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const statement of db.iterateStatements(migration.sql)) {
        try {
          while (statement.step());
        } finally {
          statement.free();
        }
        yield;
      }
      db.exec(`PRAGMA user_version = ${migration.version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new Error(`Baton could not upgrade its database to version ${migration.version}: ${String(error)}`, { cause: error });
    }
    ran += 1;
  }
  return ran;
}
