// Migrations run a statement at a time (migrateStepwise), as the write path's warm-up builds its
// background database: the same schema as all at once, the event loop free between statements,
// and a failing statement rolls its whole migration back.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/storage/migrations';
import { migrate, migrateStepwise, schemaVersion } from '../../../src/storage/schemaMigration';
import { independentSqlJs, insertLedgerRow, ledgerIds, openDatabase } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

function schemaOf(db: Database): unknown[][] {
  return db.exec('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name')[0]?.values ?? [];
}

/** A pause that lets timers and I/O run, counting how often it was awaited. */
function countingPause() {
  let turns = 0;
  return {
    pause: () => new Promise<void>((resolve) => setImmediate(() => {
      turns += 1;
      resolve();
    })),
    get turns() {
      return turns;
    },
  };
}

describe('migrations a statement at a time', () => {
  useTempDirs();

  it('reach the same schema and version as all at once', async () => {
    const sql = await independentSqlJs();
    const [whole, stepwise] = [new sql.Database(), new sql.Database()];
    try {
      assert.equal(migrate(whole), MIGRATIONS.length);
      assert.equal(await migrateStepwise(stepwise, countingPause().pause), MIGRATIONS.length);
      assert.equal(schemaVersion(stepwise), LATEST_SCHEMA_VERSION);
      assert.deepEqual(schemaOf(stepwise), schemaOf(whole));
      assert.ok(schemaOf(whole).length > 30, 'the whole schema, tables, indexes and triggers');
    } finally {
      whole.close();
      stepwise.close();
    }
  });

  it('give the event loop a turn after every statement, not once per migration', async () => {
    const sql = await independentSqlJs();
    const db = new sql.Database();
    const counter = countingPause();
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    try {
      await migrateStepwise(db, counter.pause);
      // Each CREATE of the schema is one statement: the turns are at least the objects it made.
      assert.ok(counter.turns >= schemaOf(db).length, `${counter.turns} turns for ${schemaOf(db).length} schema objects`);
      assert.ok(ticks > 0, 'timers ran while it migrated');
    } finally {
      clearInterval(timer);
      db.close();
    }
  });

  it('roll back the whole migration whose statement fails, and say which version', async () => {
    const sql = await independentSqlJs();
    const db = new sql.Database();
    try {
      db.exec('CREATE TABLE sessions (x)'); // migration 1 creates it after other tables
      await assert.rejects(migrateStepwise(db, countingPause().pause), /could not upgrade its database to version 1/);
      assert.equal(schemaVersion(db), 0);
      assert.deepEqual(schemaOf(db).map((row) => row[1]), ['sessions'], 'nothing of migration 1 is left');
    } finally {
      db.close();
    }
  });

  it('open a new Baton database with the pause between its statements; the next open migrates nothing', async () => {
    const path = join(makeTempDir(), 'baton.db');
    const counter = countingPause();
    const first = await openDatabase(path, { betweenMigrationSteps: counter.pause });
    await insertLedgerRow(first, 'row-1');
    await first.close();
    assert.ok(counter.turns > MIGRATIONS.length, `${counter.turns} turns`);
    const again = countingPause();
    const reopened = await openDatabase(path, { betweenMigrationSteps: again.pause });
    try {
      assert.deepEqual(await ledgerIds(reopened), ['row-1']);
      assert.equal(again.turns, 0);
    } finally {
      await reopened.close();
    }
  });
});
