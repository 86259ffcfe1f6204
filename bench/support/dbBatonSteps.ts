// Where Baton's time goes, for the database benchmark: the steps of open, compaction, an
// acknowledged write and the aggregate, each timed alone with the engine's own exported
// primitives (or raw sql.js) on the benchmark's full-size database. Diagnostic figures only;
// the goals are judged on the real BatonDatabase calls in dbBatonChild.ts.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { syncDirectory } from '../../src/storage/atomicFile';
import { journalPathOf, storedSeq } from '../../src/storage/batonDatabase';
import { writeJournal } from '../../src/storage/compaction';
import { type JournalRecord, appendDurably, encodeRecord, scanJournal } from '../../src/storage/journal';
import { ProcessLock } from '../../src/storage/processLock';
import { readIfExists } from '../../src/storage/snapshotFile';
import { queryAll, runStatement } from '../../src/storage/sqlAccess';
import { loadSqlJs } from '../../src/storage/sqlJs';
import { AGGREGATE_SINCE, AGGREGATE_SQL, FLOOR_ROUNDS, LEDGER_INSERT, ledgerRow, timed } from './dbWorkload';

const STEP_ROUNDS = 3;
const SET_SEQ = "INSERT INTO baton_meta (key, value) VALUES ('journal_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value";

/** Replays records the way BatonDatabase.apply does: one transaction each, a fresh statement per SQL. */
function replayLikeEngine(db: Database, records: readonly JournalRecord[]): void {
  for (const record of records) {
    db.exec('BEGIN IMMEDIATE');
    for (const [text, params] of record.statements) runStatement(db, text, params);
    runStatement(db, SET_SEQ, [record.seq]);
    db.exec('COMMIT');
  }
}

/** The same replay in one transaction, with each distinct SQL prepared once: what batching would save. */
function replayBatched(db: Database, records: readonly JournalRecord[]): void {
  const statements = new Map<string, ReturnType<Database['prepare']>>();
  const prepared = (text: string) => statements.get(text) ?? statements.set(text, db.prepare(text)).get(text)!;
  db.exec('BEGIN IMMEDIATE');
  for (const record of records) for (const [text, params] of record.statements) prepared(text).run([...params]);
  prepared(SET_SEQ).run([records.at(-1)?.seq ?? 0]);
  db.exec('COMMIT');
  for (const statement of statements.values()) statement.free();
}

/** Open, step by step, on a database with a journal: read, deserialize, quick_check, scan, replay. */
export async function openSteps(path: string, wasmDir: string, rounds = STEP_ROUNDS) {
  const sql = await loadSqlJs(wasmDir);
  const steps = { readMs: [] as number[], deserializeMs: [] as number[], quickCheckMs: [] as number[], scanJournalMs: [] as number[], replayMs: [] as number[], replayBatchedMs: [] as number[], replayed: 0 };
  for (let round = 0; round < rounds; round++) {
    let t = performance.now();
    const bytes = await readIfExists(path);
    steps.readMs.push(performance.now() - t);
    const pristine = Buffer.from(bytes ?? []); // sql.js works in the buffer it is given
    t = performance.now();
    const db = new sql.Database(bytes);
    steps.deserializeMs.push(performance.now() - t);
    steps.quickCheckMs.push(await timed(() => db.exec('PRAGMA quick_check')));
    t = performance.now();
    const scan = await scanJournal(journalPathOf(path));
    steps.scanJournalMs.push(performance.now() - t);
    const mainSeq = storedSeq(db);
    const newer = scan.records.filter((record) => record.seq > mainSeq);
    steps.replayed = newer.length;
    steps.replayMs.push(await timed(() => replayLikeEngine(db, newer)));
    db.close();
    const again = new sql.Database(pristine);
    steps.replayBatchedMs.push(await timed(() => replayBatched(again, newer)));
    again.close();
  }
  return steps;
}

/** Compaction, step by step, with the primitives compactInto uses, on a copy of the database. */
export async function compactionSteps(path: string, wasmDir: string, scratch: string) {
  const sql = await loadSqlJs(wasmDir);
  const db = new sql.Database(await readIfExists(path));
  const steps = { exportMs: [] as number[], writeTempAndFsyncMs: [] as number[], swapFilesMs: [] as number[], scanJournalMs: [] as number[], writeJournalMs: [] as number[], journalBytes: 0 };
  await fs.mkdir(scratch, { recursive: true });
  const target = join(scratch, 'copy.db');
  await fs.copyFile(journalPathOf(path), journalPathOf(target));
  for (let round = 0; round < STEP_ROUNDS; round++) {
    let t = performance.now();
    const bytes = db.export();
    steps.exportMs.push(performance.now() - t);
    const temp = join(scratch, `snapshot-${round}.tmp`);
    t = performance.now();
    const handle = await fs.open(temp, 'wx', 0o600);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    steps.writeTempAndFsyncMs.push(performance.now() - t);
    t = performance.now();
    const journal = await scanJournal(journalPathOf(target));
    steps.scanJournalMs.push(performance.now() - t);
    steps.journalBytes = journal.size;
    t = performance.now();
    await fs.link(temp, `${target}.staging`).catch(() => undefined);
    await fs.rename(`${target}.staging`, `${target}.bak`).catch(() => undefined);
    await fs.rename(temp, target);
    await syncDirectory(scratch);
    steps.swapFilesMs.push(performance.now() - t);
    t = performance.now();
    await writeJournal(target, { baseSeq: 0, mainSeq: 0 }, journal.records);
    steps.writeJournalMs.push(performance.now() - t);
  }
  db.close();
  await fs.rm(scratch, { recursive: true, force: true });
  return steps;
}

/** The I/O under one acknowledged write, alone: the journal append, an empty lock cycle, a bare fdatasync. */
export async function writeFloors(dir: string) {
  const journal = join(dir, 'floor.journal');
  await fs.writeFile(journal, '');
  const frame = encodeRecord({ seq: 1, statements: [[LEDGER_INSERT, ledgerRow(0)]] });
  const appendDurablyMs: number[] = [];
  let offset = 0;
  for (let i = 0; i < FLOOR_ROUNDS; i++) {
    appendDurablyMs.push(await timed(() => appendDurably(journal, frame, offset)));
    offset += frame.length;
  }
  const lock = new ProcessLock(join(dir, 'floor.lock'));
  const lockCycleMs: number[] = [];
  for (let i = 0; i < FLOOR_ROUNDS; i++) lockCycleMs.push(await timed(() => lock.withLock(async () => undefined)));
  const handle = await fs.open(join(dir, 'floor.raw'), 'w');
  const fdatasyncMs: number[] = [];
  offset = 0;
  for (let i = 0; i < FLOOR_ROUNDS; i++) {
    fdatasyncMs.push(await timed(async () => {
      await handle.write(frame, 0, frame.length, offset);
      await handle.datasync();
    }));
    offset += frame.length;
  }
  await handle.close();
  await Promise.all(['floor.journal', 'floor.raw'].map((name) => fs.rm(join(dir, name), { force: true })));
  return { appendDurablyMs, lockCycleMs, fdatasyncMs, frameBytes: frame.length };
}

/** The aggregate on raw sql.js (no BatonDatabase.read around it), and its parts. */
export async function aggregateSteps(path: string, wasmDir: string, rounds: number) {
  const sql = await loadSqlJs(wasmDir);
  const db = new sql.Database(await readIfExists(path));
  const variants = {
    fullRawSqlJs: AGGREGATE_SQL,
    scanAndSumOnly: 'SELECT SUM(cost_nanos), SUM(input_tokens), SUM(output_tokens), SUM(cached_tokens), COUNT(*) FROM ledger WHERE at >= ?',
    groupByProviderOnly: 'SELECT provider, SUM(cost_nanos), SUM(input_tokens), SUM(output_tokens), SUM(cached_tokens), COUNT(*) FROM ledger WHERE at >= ? GROUP BY provider',
  };
  const out: Record<string, number[]> = {};
  for (const [name, text] of Object.entries(variants)) {
    queryAll(db, text, [AGGREGATE_SINCE]);
    out[name] = [];
    for (let i = 0; i < rounds; i++) out[name].push(await timed(() => queryAll(db, text, [AGGREGATE_SINCE])));
  }
  const plan = queryAll(db, `EXPLAIN QUERY PLAN ${AGGREGATE_SQL}`, [AGGREGATE_SINCE]).map((row) => String(row.detail));
  db.close();
  return { ms: out, plan };
}
