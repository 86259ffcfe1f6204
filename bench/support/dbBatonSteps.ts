// Where Baton's time goes, for the database benchmark: the steps of open, compaction, an
// acknowledged write and the aggregate, each timed alone with the engine's own exported
// primitives (or raw sql.js) on the benchmark's full-size database. Diagnostic figures only;
// the goals are judged on the real BatonDatabase calls in dbBatonChild.ts.
import { closeSync, fdatasyncSync, openSync, promises as fs, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlValue } from 'sql.js';
import { syncDirectory } from '../../src/storage/atomicFile';
import { BatonDatabase, journalPathOf, storedSeq } from '../../src/storage/batonDatabase';
import { replayRecords } from '../../src/storage/databaseFiles';
import { diskSync } from '../../src/storage/diskSync';
import { encodeRecord, readJournalHeader, scanJournal } from '../../src/storage/journal';
import { openRecorded } from '../../src/storage/mainFileRead';
import { mainSumsOf } from '../../src/storage/mainFileDigest';
import { KeptJournal } from '../../src/storage/keptJournal';
import { PreparedJournal, appendedSince, journalReadOf, readJournalFile } from '../../src/storage/journalRewrite';
import { ProcessLock } from '../../src/storage/processLock';
import { configure } from '../../src/storage/recovery';
import { readIfExists } from '../../src/storage/snapshotFile';
import { queryAll, runStatement } from '../../src/storage/sqlAccess';
import { loadSqlJs } from '../../src/storage/sqlJs';
import { AGGREGATE_SINCE, AGGREGATE_SQL, FLOOR_ROUNDS, LEDGER_INSERT, STEADY_WARM_WRITES, WRITES_PER_ROUND, WRITE_ROUNDS, ledgerRow, settleDisk, timed } from './dbWorkload';

const STEP_ROUNDS = 3;
const SET_SEQ = "INSERT INTO baton_meta (key, value) VALUES ('journal_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value";

/**
 * Open, step by step, on a database with a journal: the main file opened on its recorded block sums
 * (what an open does), then the full-check path: read, digest, deserialize, quick_check; scan, replay.
 */
export async function openSteps(path: string, wasmDir: string, rounds = STEP_ROUNDS) {
  const sql = await loadSqlJs(wasmDir);
  const steps = { recordedOpenMs: [] as number[], readMs: [] as number[], digestMs: [] as number[], deserializeMs: [] as number[], quickCheckMs: [] as number[], scanJournalMs: [] as number[], replayMs: [] as number[], replayed: 0 };
  for (let round = 0; round < rounds; round++) {
    let t = performance.now();
    const header = await readJournalHeader(journalPathOf(path));
    const recorded = header?.mainDigest && header.mainSums ? await openRecorded(path, { digest: header.mainDigest, sums: header.mainSums }) : null;
    if (!recorded) throw new Error('the journal records no block sums of the main file');
    const paged = configure(recorded.file.openIn(sql));
    storedSeq(paged);
    paged.close();
    steps.recordedOpenMs.push(performance.now() - t);
    t = performance.now();
    const bytes = await readIfExists(path);
    steps.readMs.push(performance.now() - t);
    steps.digestMs.push(await timed(() => mainSumsOf(bytes ?? Buffer.alloc(0))));
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
    steps.replayMs.push(await timed(() => replayRecords(db, mainSeq, newer)));
    db.close();
  }
  return steps;
}

/** Compaction, step by step, with the primitives compactInto uses, on a copy of the database. */
export async function compactionSteps(path: string, wasmDir: string, scratch: string) {
  const sql = await loadSqlJs(wasmDir);
  const db = new sql.Database(await readIfExists(path));
  const steps = { exportMs: [] as number[], writeTempAndFsyncMs: [] as number[], prepareJournalMs: [] as number[], swapFilesMs: [] as number[], journalUnderLockMs: [] as number[], journalBytes: 0 };
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
    const journal = await scanJournal(journalPathOf(target), 0, Number.MAX_SAFE_INTEGER);
    const read = journalReadOf(journal);
    const mainSeq = journal.header?.mainSeq ?? 0;
    const prepared = await PreparedJournal.write(journalPathOf(target), read, { baseSeq: mainSeq, mainSeq });
    steps.prepareJournalMs.push(performance.now() - t);
    steps.journalBytes = journal.size;
    t = performance.now();
    await fs.link(temp, `${target}.staging`).catch(() => undefined);
    await fs.rename(`${target}.staging`, `${target}.bak`).catch(() => undefined);
    await fs.rename(temp, target);
    await syncDirectory(scratch);
    steps.swapFilesMs.push(performance.now() - t);
    t = performance.now();
    const appended = appendedSince(read, readJournalFile(journalPathOf(target)) ?? { ino: 0, bytes: Buffer.alloc(0) });
    if (!appended) throw new Error('the journal changed under the compaction steps');
    await prepared.install(appended.frames);
    steps.journalUnderLockMs.push(performance.now() - t);
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
  const kept = new KeptJournal(journal);
  for (let i = 0; i < FLOOR_ROUNDS; i++) {
    appendDurablyMs.push(await timed(() => kept.append(frame, offset)));
    offset += frame.length;
  }
  await kept.close();
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
  const fdatasyncInlineMs = inlineFlushes(join(dir, 'floor.inline'), frame);
  await Promise.all(['floor.journal', 'floor.raw', 'floor.inline'].map((name) => fs.rm(join(dir, name), { force: true })));
  return { appendDurablyMs, lockCycleMs, fdatasyncMs, fdatasyncInlineMs, frameBytes: frame.length };
}

/** write + fdatasync on the calling thread, as diskSync.ts does while the disk is fast. */
function inlineFlushes(path: string, frame: Buffer): number[] {
  const fd = openSync(path, 'w');
  const samples: number[] = [];
  for (let i = 0, offset = 0; i < FLOOR_ROUNDS; i++, offset += frame.length) {
    const start = performance.now();
    writeSync(fd, frame, 0, frame.length, offset);
    fdatasyncSync(fd);
    samples.push(performance.now() - start);
  }
  closeSync(fd);
  return samples;
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

/**
 * One acknowledged write, phase by phase, with the primitives BatonDatabase.write uses, on a
 * copy of the full-size database (its triggers included): taking the lock, the journal check
 * of the catch-up, the transaction in sql.js, encoding the record, the append with its fdatasync
 * (the bare fdatasync is in the floors), releasing the lock. The phases add up to about the real write; the rest is promise hops.
 */
export async function writePhases(path: string, wasmDir: string, scratch: string) {
  const sql = await loadSqlJs(wasmDir);
  const db = configure(new sql.Database(await readIfExists(path)));
  await fs.mkdir(scratch, { recursive: true });
  const journalPath = join(scratch, 'phases.journal');
  await fs.writeFile(journalPath, '');
  const journal = new KeptJournal(journalPath);
  const lock = new ProcessLock(join(scratch, 'phases.lock'));
  const phases = { lockMs: [] as number[], journalCheckMs: [] as number[], sqlJsMs: [] as number[], encodeMs: [] as number[], appendMs: [] as number[], unlockMs: [] as number[] };
  let offset = 0;
  let seq = storedSeq(db);
  for (let i = 0; i < FLOOR_ROUNDS; i++) {
    let t = performance.now();
    let inside = 0;
    await lock.withLock(async () => {
      inside = performance.now();
      phases.lockMs.push(inside - t);
      phases.journalCheckMs.push(await timed(() => journal.state(null)));
      const statements: [string, SqlValue[]][] = [[LEDGER_INSERT, ledgerRow(2_000_000 + i)]];
      seq += 1;
      phases.sqlJsMs.push(await timed(() => {
        db.exec('BEGIN IMMEDIATE');
        for (const [text, params] of statements) runStatement(db, text, params);
        runStatement(db, SET_SEQ, [seq]);
        db.exec('COMMIT');
      }));
      t = performance.now();
      const frame = encodeRecord({ seq, statements });
      phases.encodeMs.push(performance.now() - t);
      const appendStarted = performance.now();
      await journal.append(frame, offset);
      offset += frame.length;
      phases.appendMs.push(performance.now() - appendStarted);
      inside = performance.now();
    });
    phases.unlockMs.push(performance.now() - inside);
  }
  await journal.close();
  db.close();
  return phases;
}

/**
 * Acknowledged writes through BatonDatabase in a process that has already written for a while
 * (a window that has been open): STEADY_WARM_WRITES untimed, then WRITES_PER_ROUND x WRITE_ROUNDS
 * timed, on a copy of the database, with compaction out of the way.
 */
export async function steadyWrites(path: string, wasmDir: string, scratch: string) {
  await fs.mkdir(scratch, { recursive: true });
  const copy = join(scratch, 'steady.db');
  await fs.copyFile(path, copy);
  await fs.copyFile(journalPathOf(path), journalPathOf(copy));
  settleDisk(); // else the first flushes write the copy out too, and diskSync.ts moves them to the pool
  const database = await BatonDatabase.open({ path: copy, wasmDir, compactAfterBytes: 2 ** 30 });
  let row = 3_000_000;
  const writeOne = () => database.write((w) => w.run(LEDGER_INSERT, ledgerRow(row++)));
  for (let i = 0; i < STEADY_WARM_WRITES; i++) await writeOne();
  settleDisk();
  const before = { ...diskSync.counts };
  const samples: number[] = [];
  for (let i = 0; i < WRITES_PER_ROUND * WRITE_ROUNDS; i++) samples.push(await timed(writeOne));
  const syncs = { inline: diskSync.counts.inline - before.inline, pool: diskSync.counts.pool - before.pool };
  await database.close();
  await fs.rm(scratch, { recursive: true, force: true });
  return { samples, syncs };
}
