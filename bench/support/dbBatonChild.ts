// The Baton side of the database benchmark, in its own process (so that its memory peak is
// its own): seeds 10,000 sessions and 100,000 ledger rows through BatonDatabase, then times
// acknowledged single-row writes, opens (with a journal of uncompacted writes), the 30-day
// aggregate, compactions alone and under writes, and writes with automatic compaction at a
// small threshold. Step timings (dbBatonSteps.ts) show where the time goes. Three modes, each
// run in a fresh process: `seed`, `measure`, `steps` (then WORK_DIR WASM_DIR FIXTURE_DIR).
// Each prints one JSON line of raw samples.
import { copyFileSync, mkdirSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BatonDatabase, journalPathOf } from '../../src/storage/batonDatabase';
import { diskSync } from '../../src/storage/diskSync';
import { scanJournal } from '../../src/storage/journal';
import { loadSqlJs } from '../../src/storage/sqlJs';
import { aggregateSteps, compactionSteps, openSteps, steadyWrites, writeFloors, writePhases } from './dbBatonSteps';
import { seedSessions } from './seedSessions';
import {
  AGGREGATE_ROUNDS, AGGREGATE_SINCE, AGGREGATE_SQL, AUTO_COMPACT_AFTER_BYTES, AUTO_COMPACT_WRITES, COMPACTION_ROUNDS, LEDGER_INSERT,
  LEDGER_ROWS, MAX_WRITES_DURING_COMPACTION, MemoryProbe, OPEN_ROUNDS, SEED_BATCH, SESSIONS, WORKSPACE_ID, WRITES_BETWEEN_COMPACTIONS,
  WRITES_PER_ROUND, WRITE_ROUNDS, fingerprint, ledgerRow, settleDisk, timed,
} from './dbWorkload';

const [mode, workDir, wasmDir, fixtureDir] = process.argv.slice(2) as [string, string, string, string];
const path = join(workDir, 'baton.db');
const fixture = join(fixtureDir, 'baton.db');
const memory = new MemoryProbe();
const log = (message: string) => process.stderr.write(`  baton: ${message}\n`);
let nextRow = LEDGER_ROWS;

const writeOne = (database: BatonDatabase) => database.write((w) => w.run(LEDGER_INSERT, ledgerRow(nextRow++)));
const inoOf = async (file: string) => (await fs.stat(file)).ino;
const journalBytes = async () => (await fs.stat(journalPathOf(path))).size;

async function timedWrites(database: BatonDatabase, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await timed(() => writeOne(database)));
  return samples;
}

/**
 * 10,000 sessions in one write (seedSessions.ts), then 100 writes of 1,000 ledger rows with the
 * default compaction threshold. Then folds everything into the main file: the journal keeps
 * the changes since the backup, so it takes a compaction, one small write and another
 * compaction to leave a journal of one record.
 */
async function seed() {
  const sessionsMs = await timed(() => seedSessions(path, wasmDir, WORKSPACE_ID, SESSIONS));
  const database = await BatonDatabase.open({ path, wasmDir });
  let compactionsCompleted = 0;
  let journalMaxBytes = 0;
  let mainIno = await inoOf(path);
  const started = performance.now();
  for (let first = 0; first < LEDGER_ROWS; first += SEED_BATCH) {
    await database.write((w) => {
      for (let i = first; i < Math.min(LEDGER_ROWS, first + SEED_BATCH); i++) w.run(LEDGER_INSERT, ledgerRow(i));
    });
    journalMaxBytes = Math.max(journalMaxBytes, await journalBytes());
    const ino = await inoOf(path);
    if (ino !== mainIno) compactionsCompleted += 1;
    mainIno = ino;
  }
  const ledgerMs = performance.now() - started;
  const pending = await database.compact(); // the compaction the seeding writes started, if still running
  const fold = await database.compact();
  await database.write((w) => w.run("INSERT INTO baton_meta (key, value) VALUES ('bench_seeded', 1)"));
  await database.compact();
  await database.close();
  memory.sample('seeded');
  return {
    sessionsMs,
    ledgerMs,
    compactionsCompletedDuringLedgerWrites: compactionsCompleted,
    journalMaxBytes,
    compactionStartedDuringSeeding: pending && { ms: pending.ms, keptRecords: pending.keptRecords, snapshotSeq: pending.seq },
    foldMs: fold?.ms ?? null,
    journalBytesAfterFold: await journalBytes(),
  };
}

/** Writes while compactions run: one alone, then one started (not awaited) with writes issued until it ends. */
async function compactionRounds(database: BatonDatabase) {
  const out = { ms: [] as number[], underWritesMs: [] as number[], bytes: 0, writesWithout: [] as number[], writesDuring: [] as number[], firstWriteDuring: [] as number[], writesPerCompaction: [] as number[], starved: 0, longestBlockMs: [] as number[] };
  for (let round = 0; round < COMPACTION_ROUNDS; round++) {
    out.writesWithout.push(...(await timedWrites(database, WRITES_BETWEEN_COMPACTIONS)));
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const alone = await database.compact();
    loop.disable();
    out.longestBlockMs.push(loop.max / 1e6);
    if (alone) out.ms.push(alone.ms);
    out.bytes = alone?.bytes ?? out.bytes;
    memory.sample('compaction');
    out.writesWithout.push(...(await timedWrites(database, WRITES_BETWEEN_COMPACTIONS)));
    let settled = false;
    const running = database.compact().finally(() => {
      settled = true;
    });
    const during: number[] = [];
    while (!settled && during.length < MAX_WRITES_DURING_COMPACTION) during.push(await timed(() => writeOne(database)));
    if (!settled) out.starved += 1;
    out.firstWriteDuring.push(during[0] ?? Number.NaN);
    out.writesDuring.push(...during);
    out.writesPerCompaction.push(during.length);
    const underWrites = await running;
    if (underWrites) out.underWritesMs.push(underWrites.ms);
    memory.sample('compaction under writes');
  }
  return out;
}

/**
 * Steady writes with automatic compaction at a small threshold (instead of 4 MiB, so that it
 * happens several times in a few seconds): how often it compacts, how big the journal gets,
 * and what the writes see.
 */
async function autoCompaction() {
  const database = await BatonDatabase.open({ path, wasmDir, compactAfterBytes: AUTO_COMPACT_AFTER_BYTES });
  const startBytes = await journalBytes();
  let mainIno = await inoOf(path);
  let appended = 0;
  let journalMax = startBytes;
  let previous = startBytes;
  const journalAfterCompaction: number[] = [];
  const writes: number[] = [];
  for (let i = 0; i < AUTO_COMPACT_WRITES; i++) {
    writes.push(await timed(() => writeOne(database)));
    const bytes = await journalBytes();
    const ino = await inoOf(path);
    if (ino !== mainIno) journalAfterCompaction.push(bytes);
    else appended += bytes - previous;
    mainIno = ino;
    previous = bytes;
    journalMax = Math.max(journalMax, bytes);
  }
  await database.close();
  memory.sample('automatic compaction');
  const bytesPerWrite = appended / Math.max(1, AUTO_COMPACT_WRITES - journalAfterCompaction.length);
  return { writes, compactions: journalAfterCompaction.length, journalAfterCompaction, journalMax, bytesPerWrite, startBytes };
}

/** Seeding, in its own process: its memory peak (bulk writes of 1,000 rows) is not the steady state's. */
async function seedMode(): Promise<object> {
  mkdirSync(workDir, { recursive: true });
  log(`seeding ${SESSIONS} sessions and ${LEDGER_ROWS} ledger rows`);
  const seeded = await seed();
  return { ...seeded, databaseBytes: (await fs.stat(path)).size, memory: memory.peak() };
}

/** The measured work, through the BatonDatabase API only, in a fresh process on the seeded database. */
async function measureMode(): Promise<object> {
  mkdirSync(fixtureDir, { recursive: true });
  log(`${WRITE_ROUNDS} x ${WRITES_PER_ROUND} acknowledged single-row writes`);
  let database = await BatonDatabase.open({ path, wasmDir });
  const writeRounds: number[][] = [];
  const mainIno = await inoOf(path);
  settleDisk();
  for (let round = 0; round < WRITE_ROUNDS; round++) writeRounds.push(await timedWrites(database, WRITES_PER_ROUND));
  const syncs = { ...diskSync.counts };
  const compactedDuringWrites = (await inoOf(path)) !== mainIno;
  await database.close();
  const journalAtOpen = await scanJournal(journalPathOf(path));
  copyFileSync(path, fixture);
  copyFileSync(journalPathOf(path), journalPathOf(fixture));
  memory.sample('writes');

  log(`${OPEN_ROUNDS} opens with ${journalAtOpen.records.length} journal records to replay`);
  const openMs: number[] = [];
  let openedSeq = 0;
  for (let round = 0; round < OPEN_ROUNDS; round++) {
    const start = performance.now();
    const opened = await BatonDatabase.open({ path: fixture, wasmDir });
    openMs.push(performance.now() - start);
    openedSeq = opened.sequence;
    await opened.close();
    memory.sample('opens');
  }

  log(`${AGGREGATE_ROUNDS} 30-day aggregates`);
  database = await BatonDatabase.open({ path, wasmDir });
  const ledgerRowsAtAggregate = Number((await database.read((r) => r.one('SELECT COUNT(*) AS n FROM ledger')))?.n);
  const first = await database.read((r) => r.all(AGGREGATE_SQL, [AGGREGATE_SINCE])); // warm-up
  const aggregateMs: number[] = [];
  for (let round = 0; round < AGGREGATE_ROUNDS; round++) {
    aggregateMs.push(await timed(() => database.read((r) => r.all(AGGREGATE_SQL, [AGGREGATE_SINCE]))));
  }
  await database.backupTo(join(fixtureDir, 'aggregate.db')); // the same rows, for the step timings
  memory.sample('aggregate');

  log(`${COMPACTION_ROUNDS} rounds: writes, a compaction alone, a compaction under writes`);
  const compaction = await compactionRounds(database);
  await database.close();
  log(`${AUTO_COMPACT_WRITES} writes with automatic compaction after ${AUTO_COMPACT_AFTER_BYTES / 1024} KiB`);
  const auto = await autoCompaction();
  const sql = await loadSqlJs(wasmDir);
  const probe = new sql.Database();
  const sqliteVersion = String(probe.exec('SELECT sqlite_version()')[0]?.values[0]?.[0]);
  probe.close();
  return {
    sqliteVersion,
    compactedDuringWrites,
    syncs,
    journalAtOpen: { records: journalAtOpen.records.length, bytes: journalAtOpen.size },
    openedSeq,
    writeRounds,
    openMs,
    ledgerRowsAtAggregate,
    aggregate: { ms: aggregateMs, rows: first.length, fingerprint: fingerprint(first) },
    compaction,
    auto,
    memory: memory.peak(),
  };
}

/** Step timings with the engine's primitives, in a third process so that they do not add to the measured peak. */
async function stepsMode(): Promise<object> {
  log('step timings (open, compaction, aggregate, write floors and phases)');
  return {
    open: await openSteps(fixture, wasmDir),
    compaction: await compactionSteps(path, wasmDir, join(workDir, 'steps')),
    aggregate: await aggregateSteps(join(fixtureDir, 'aggregate.db'), wasmDir, AGGREGATE_ROUNDS),
    floors: await writeFloors(workDir),
    writePhases: await writePhases(path, wasmDir, join(workDir, 'phases')),
    steadyWrites: await steadyWrites(path, wasmDir, join(workDir, 'steady')),
  };
}

const modes: Record<string, () => Promise<object>> = { seed: seedMode, measure: measureMode, steps: stepsMode };

async function main(): Promise<void> {
  const run = modes[mode];
  if (!run) throw new Error(`mode must be one of ${Object.keys(modes).join(', ')}`);
  process.stdout.write(JSON.stringify(await run()) + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
