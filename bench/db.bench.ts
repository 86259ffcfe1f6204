// npm run bench:db — the Baton database engine at 100,000 ledger rows and 10,000 sessions,
// against better-sqlite3 (native SQLite, rollback journal, synchronous=FULL) doing the same
// work in the same run: acknowledged write latency, writes during a compaction, compaction
// time, open (quick_check and journal replay), a 30-day cost aggregate, and peak memory.
// Each engine runs in its own child process; cold opens run in fresh processes. The `cli`
// section (dbCliSection.ts) measures CLI-only use: opens after 20,000 CLI writes, and the
// CLI write that crosses the compaction threshold. Writes bench/results/db.json.
//
// `npm run build && node --import tsx bench/db.bench.ts --only cli` runs the CLI section
// alone and replaces only its key in db.json, keeping the other figures as they are.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AGGREGATE_ROUNDS, AGGREGATE_SINCE, AUTO_COMPACT_AFTER_BYTES, COLD_OPEN_ROUNDS, COMPACTION_ROUNDS, LEDGER_DAYS, LEDGER_ROWS, OPEN_ROUNDS,
  PROVIDER_COUNT, SEED_BATCH, SESSIONS, STEADY_WARM_WRITES, WRITES_BETWEEN_COMPACTIONS, WRITES_PER_ROUND, WRITE_ROUNDS,
} from './support/dbWorkload';
import { cliSection } from './support/dbCliSection';
import { type ColdOpens, KEPT_CYCLE_RECORDS, coldFigures, runColdOpens } from './support/dbColdOpens';
import { PAIR_ROUNDS, type WritePairs, pairFigures, runWritePairs } from './support/dbWritePairs';
import { sourceOf } from './support/dbRunSource';
import { fileSystemOf, machineFacts, median, percentile, round } from './support/stats';

const ROOT = resolve(__dirname, '..');
const COLD_STEP_ROUNDS = 3;
// The write goals are issue 14's: p50 within 2x of better-sqlite3 in WAL mode at equal
// durability (synchronous=FULL) and p99 under 3 ms; the open goal is judged cold.
const GOALS = { writeP50Ms: 2, writeP99Ms: 3, writeRatioWalP50: 2, writeP99DuringCompactionMs: 20, compactionMs: 150, coldOpenMs: 150, aggregateMs: 20 };

type Json = Record<string, unknown>;
type Samples = number[];

function runChild<T>(script: string, args: string[]): T {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'support', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as T;
}

const p50p99 = (values: Samples) => ({ p50: round(median(values)), p99: round(percentile(values, 99)) });
const medianP99 = (values: Samples) => ({ median: round(median(values)), p99: round(percentile(values, 99)) });
const med = (values: Samples) => round(median(values));
const mib = (bytes: number) => round(bytes / 2 ** 20, 1);


interface BatonSeed {
  sessionsMs: number;
  ledgerMs: number;
  compactionsCompletedDuringLedgerWrites: number;
  journalMaxBytes: number;
  compactionStartedDuringSeeding: { ms: number; keptRecords: number; snapshotSeq: number } | null;
  foldMs: number | null;
  journalBytesAfterFold: number;
  databaseBytes: number;
  memory: Json & { maxRssMiB: number };
}

interface BatonRun {
  sqliteVersion: string;
  seeded: BatonSeed;
  databaseBytes: number;
  compactedDuringWrites: boolean;
  /** How the timed writes' fdatasyncs ran (diskSync.ts): on the calling thread or in the pool. */
  syncs: { inline: number; pool: number };
  journalAtOpen: { records: number; bytes: number };
  openedSeq: number;
  writeRounds: Samples[];
  openMs: Samples;
  ledgerRowsAtAggregate: number;
  aggregate: { ms: Samples; rows: number; fingerprint: string };
  compaction: { ms: Samples; underWritesMs: Samples; bytes: number; writesWithout: Samples; writesDuring: Samples; firstWriteDuring: Samples; writesPerCompaction: number[]; starved: number; longestBlockMs: Samples };
  auto: { writes: Samples; compactions: number; journalAfterCompaction: number[]; journalMax: number; bytesPerWrite: number; startBytes: number };
  steps: BatonSteps;
  memory: Json & { maxRssMiB: number; heapUsedMaxMiB: number; externalMaxMiB: number };
}

interface BatonSteps {
  open: Record<'recordedOpenMs' | 'readMs' | 'digestMs' | 'deserializeMs' | 'quickCheckMs' | 'scanJournalMs' | 'replayMs', Samples> & { replayed: number };
  compaction: Record<'exportMs' | 'writeTempAndFsyncMs' | 'prepareJournalMs' | 'swapFilesMs' | 'journalUnderLockMs', Samples> & { journalBytes: number };
  aggregate: { ms: Record<string, Samples>; plan: string[] };
  floors: { appendDurablyMs: Samples; lockCycleMs: Samples; fdatasyncMs: Samples; fdatasyncInlineMs: Samples; frameBytes: number };
  writePhases: Record<'lockMs' | 'journalCheckMs' | 'sqlJsMs' | 'encodeMs' | 'appendMs' | 'unlockMs', Samples>;
  steadyWrites: { samples: Samples; syncs: { inline: number; pool: number } };
}

type ColdSteps = BatonSteps['open'] & { loadSqlJsMs: number };

interface ReferenceRun {
  sqliteVersion: string;
  seeded: { sessionsMs: number; ledgerMs: number };
  databaseBytes: number;
  writeRounds: Samples[];
  walWriteRounds: Samples[];
  openMs: Samples;
  ledgerRowsAtAggregate: number;
  aggregate: { ms: Samples; rows: number; fingerprint: string };
  memory: Json & { maxRssMiB: number };
}

/** "5 of 6 rounds". */
function againstText(against: { readonly rounds: number } & Record<'roundsAtOrUnderWalP99' | 'roundsWithin3MsOfDiskP99', number>, key: 'roundsAtOrUnderWalP99' | 'roundsWithin3MsOfDiskP99'): string {
  return `${against[key]} of ${against.rounds} rounds`;
}

function summary(result: ReturnType<typeof report>): string {
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const { write, compaction, open, aggregate, memory, goals, met } = result;
  const c = compaction;
  return [
    `Baton database benchmark: ${LEDGER_ROWS} ledger rows, ${SESSIONS} sessions, ${result.setup.databaseMiB} MiB file, ${result.machine.fileSystem}; reference better-sqlite3 (DELETE journal, synchronous=FULL)`,
    `  write, acknowledged   p50 ${write.baton.p50} ms, p99 ${write.baton.p99} ms | better-sqlite3 p50 ${write.betterSqlite3.p50}, p99 ${write.betterSqlite3.p99} (WAL p50 ${write.betterSqlite3Wal.p50}, p99 ${write.betterSqlite3Wal.p99}) | ratio p50 ${write.ratioP50}x DELETE, ${write.ratioP50Wal}x WAL` +
      `  [p50 <= ${goals.writeP50Ms}: ${mark(met.writeP50)}; p99 <= ${goals.writeP99Ms}: ${mark(met.writeP99)}; WAL ratio <= ${goals.writeRatioWalP50}x: ${mark(met.writeRatioWal)}]`,
    `    paired with WAL in the same minutes (${PAIR_ROUNDS} rounds): Baton p50 ${write.paired.baton.p50} ms, p99 ${write.paired.baton.p99} ms | WAL p50 ${write.paired.betterSqlite3Wal.p50}, p99 ${write.paired.betterSqlite3Wal.p99} | ratio p50 ${write.paired.ratioP50Wal}x WAL (rounds ${write.paired.ratioP50PerRound.join(', ')})  [<= ${goals.writeRatioWalP50}x: ${mark(met.writeRatioWalPaired)}]`,
    `      after the window's warm-up: p50 ${write.paired.batonAfterWarmUp.p50} ms, p99 ${write.paired.batonAfterWarmUp.p99} ms, ${write.paired.ratioP50WalAfterWarmUp}x WAL  [p99 <= ${goals.writeP99Ms}: ${mark(met.writeP99AfterWarmUp)}]; the disk alone (bare append + fdatasync): p50 ${write.paired.bareFdatasync.p50} ms, p99 ${write.paired.bareFdatasync.p99} ms`,
    `      p99 per round: cold ${write.paired.baton.roundP99s.join(', ')}; after the warm-up ${write.paired.batonAfterWarmUp.roundP99s.join(', ')}; WAL ${write.paired.betterSqlite3Wal.roundP99s.join(', ')}; disk alone ${write.paired.bareFdatasync.roundP99s.join(', ')} ms`,
    `      p99 against the same round (proposed measure): at or under WAL's in ${againstText(write.paired.p99AgainstRounds.cold, 'roundsAtOrUnderWalP99')} cold, ${againstText(write.paired.p99AgainstRounds.afterWarmUp, 'roundsAtOrUnderWalP99')} after the warm-up; within 3 ms of the disk's own in ${againstText(write.paired.p99AgainstRounds.cold, 'roundsWithin3MsOfDiskP99')} cold, ${againstText(write.paired.p99AgainstRounds.afterWarmUp, 'roundsWithin3MsOfDiskP99')} after the warm-up`,
    `    steady (after ${STEADY_WARM_WRITES} writes): p50 ${write.batonSteady.p50} ms, p99 ${write.batonSteady.p99} ms, max ${write.batonSteady.max} ms, ${write.batonSteady.ratioP50Wal}x WAL  [p99 <= ${goals.writeP99Ms}: ${mark(met.writeP99Steady)}]`,
    `    floors alone: lock cycle p50 ${write.floors.lockCycle.p50}, journal append+fdatasync p50 ${write.floors.appendDurably.p50} (p99 ${write.floors.appendDurably.p99}), bare fdatasync p50 ${write.floors.fdatasync.p50} (p99 ${write.floors.fdatasync.p99}) in the pool, ${write.floors.fdatasyncInline.p50} (p99 ${write.floors.fdatasyncInline.p99}) inline; timed writes synced inline ${write.baton.syncs.inline}, in the pool ${write.baton.syncs.pool}`,
    `    one write, p50 per phase: ${Object.entries(write.phases).flatMap(([name, v]) => (typeof v === 'string' ? [] : [`${name.replace(/Ms$/, '')} ${v.p50}`])).join(', ')} ms`,
    `  compaction (${mib(c.bytes)} MiB) alone median ${c.ms.median} ms, p99 ${c.ms.p99} ms; under writes median ${c.msUnderWrites.median} ms, p99 ${c.msUnderWrites.p99} ms  [<= ${goals.compactionMs}: ${mark(met.compaction)}]`,
    `    steps: export ${c.steps.exportMs}, temp write+fsync ${c.steps.writeTempAndFsyncMs}, new journal prepared ${c.steps.prepareJournalMs}; under the lock: files swapped ${c.steps.swapFilesMs}, journal read, compared and renamed ${c.steps.journalUnderLockMs} ms`,
    `  writes during compaction p50 ${c.writesDuring.p50} ms, p99 ${c.writesDuring.p99} ms, max ${c.writesDuring.max} ms, first write median ${c.firstWriteDuring.median} ms, event loop held at most ${c.longestMainThreadBlock.median} ms (median) | without p50 ${c.writesWithout.p50}, p99 ${c.writesWithout.p99}  [p99 <= ${goals.writeP99DuringCompactionMs}: ${mark(met.writeP99DuringCompaction)}]`,
    `    automatic compaction at ${c.automatic.thresholdKiB} KiB: ${c.automatic.compactions} compactions in ${c.automatic.writes.count} writes (${c.automatic.expectedCompactions} expected from bytes written), journal up to ${c.automatic.journalMaxKiB} KiB; writes p99 ${c.automatic.writes.p99} ms, max ${c.automatic.writes.max} ms`,
    `  open (${open.recordsReplayed} records to replay) median ${open.baton.median} ms, p99 ${open.baton.p99} ms; cold process, folded ${open.batonColdFolded.median} ms (sql.js load ${open.batonColdFolded.loadSqlJsMs}; main file ${open.batonColdFolded.mainFileChecks.join('/')}), keeping ${KEPT_CYCLE_RECORDS} folded records ${open.batonColdKeptCycle.median} ms, with the unfolded records ${open.batonCold.median} ms | better-sqlite3 ${open.betterSqlite3.median} ms, cold ${open.betterSqlite3Cold.median} ms  [cold, folded <= ${goals.coldOpenMs}: ${mark(met.coldOpen)}; keeping a cycle: ${mark(met.coldOpenKeptCycle)}]`,
    `    steps: open on the recorded block sums ${open.steps.recordedOpenMs}; full-check path: read ${open.steps.readMs}, digest ${open.steps.digestMs}, deserialize ${open.steps.deserializeMs}, quick_check ${open.steps.quickCheckMs} (skipped when the digest matches), journal scan ${open.steps.scanJournalMs}, replay ${open.steps.replayMs} ms`,
    `    cold steps: sql.js load ${open.coldSteps.loadSqlJsMs}, open on the recorded sums ${open.coldSteps.recordedOpenMs}; read ${open.coldSteps.readMs}, digest ${open.coldSteps.digestMs}, quick_check ${open.coldSteps.quickCheckMs}, journal scan ${open.coldSteps.scanJournalMs}, replay ${open.coldSteps.replayMs} ms`,
    `  30-day aggregate      median ${aggregate.baton.median} ms, p99 ${aggregate.baton.p99} ms | better-sqlite3 ${aggregate.betterSqlite3.median} ms | ratio ${aggregate.ratio}x  [<= ${goals.aggregateMs}: ${mark(met.aggregate)}]`,
    `    raw sql.js ${aggregate.steps.fullRawSqlJs} ms; scan+sum without grouping ${aggregate.steps.scanAndSumOnly} ms; group by provider only ${aggregate.steps.groupByProviderOnly} ms`,
    `  peak RSS              baton ${memory.baton.maxRssMiB} MiB (heap ${memory.baton.heapUsedMaxMiB} MiB, external ${memory.baton.externalMaxMiB} MiB); cold open ${memory.batonColdOpen.maxRssMiB} MiB | better-sqlite3 ${memory.betterSqlite3.maxRssMiB} MiB; cold open ${memory.betterSqlite3ColdOpen.maxRssMiB} MiB`,
  ].join('\n');
}

function report(baton: BatonRun, reference: ReferenceRun, pairs: WritePairs, { batonCold, batonColdFolded, batonColdKeptCycle, referenceCold }: ColdOpens, coldSteps: ColdSteps[], fileSystem: string, loadStart: number, source: ReturnType<typeof sourceOf>, totalMs: number) {
  const batonWrites = baton.writeRounds.flat();
  const referenceWrites = reference.writeRounds.flat();
  const floors = baton.steps.floors;
  const write = {
    baton: { ...p50p99(batonWrites), max: round(Math.max(...batonWrites)), roundP50s: baton.writeRounds.map(med), compactionRan: baton.compactedDuringWrites, syncs: baton.syncs },
    betterSqlite3: { ...p50p99(referenceWrites), max: round(Math.max(...referenceWrites)), roundP50s: reference.writeRounds.map(med), mode: 'journal_mode=DELETE, synchronous=FULL, autocommit' },
    betterSqlite3Wal: { ...p50p99(reference.walWriteRounds.flat()), mode: 'journal_mode=WAL, synchronous=FULL, autocommit' },
    batonSteady: {
      ...p50p99(baton.steps.steadyWrites.samples),
      max: round(Math.max(...baton.steps.steadyWrites.samples)),
      syncs: baton.steps.steadyWrites.syncs,
      ratioP50Wal: round(median(baton.steps.steadyWrites.samples) / median(reference.walWriteRounds.flat())),
      note: `the same writes in a process that had already made ${STEADY_WARM_WRITES} (a window open for a while), on a copy of the database; "baton" above is the first ${WRITE_ROUNDS * WRITES_PER_ROUND} after an open, while V8 still compiles and optimises sql.js's code in the background`,
    },
    ratioP50: round(median(batonWrites) / median(referenceWrites)),
    ratioP99: round(percentile(batonWrites, 99) / percentile(referenceWrites, 99)),
    ratioP50Wal: round(median(batonWrites) / median(reference.walWriteRounds.flat())),
    paired: pairFigures(pairs),
    ratioP99Wal: round(percentile(batonWrites, 99) / percentile(reference.walWriteRounds.flat(), 99)),
    ratioNote: 'ratioP50/ratioP99 against better-sqlite3 in DELETE journal mode, ratioP50Wal/ratioP99Wal against WAL mode; both synchronous=FULL, the same schema (triggers included) and rows',
    floors: {
      note: 'the I/O under one Baton write, each timed alone: an empty ProcessLock cycle (create O_EXCL, read, unlink), the kept journal append (path stat, fstat, write, fdatasync as diskSync.ts chooses), a bare write+fdatasync on an open file through the thread pool (fdatasync) and on the calling thread (fdatasyncInline)',
      lockCycle: p50p99(floors.lockCycleMs),
      appendDurably: p50p99(floors.appendDurablyMs),
      fdatasync: p50p99(floors.fdatasyncMs),
      fdatasyncInline: p50p99(floors.fdatasyncInlineMs),
      frameBytes: floors.frameBytes,
    },
    phases: <Record<string, string | { p50: number; p99: number }>>{
      note: 'where one write\'s time goes (p50 of each phase over 300 writes on a copy of the full database, run with the primitives BatonDatabase.write uses): lock taken, journal checked for other processes\' appends, the transaction in sql.js (the ledger triggers included), the record encoded, appended and fdatasynced, lock released',
      ...Object.fromEntries(Object.entries(baton.steps.writePhases).map(([name, samples]) => [name, p50p99(samples)])),
    },
  };
  const c = baton.compaction;
  const cs = baton.steps.compaction;
  const auto = baton.auto;
  const compaction = {
    ms: medianP99(c.ms),
    msUnderWrites: medianP99(c.underWritesMs),
    bytes: c.bytes,
    writesDuring: { ...p50p99(c.writesDuring), max: round(Math.max(...c.writesDuring)), count: c.writesDuring.length },
    writesWithout: { ...p50p99(c.writesWithout), max: round(Math.max(...c.writesWithout)), count: c.writesWithout.length },
    firstWriteDuring: { median: med(c.firstWriteDuring), note: 'the first write issued after compact(): it waits in the queue behind the snapshot step' },
    longestMainThreadBlock: { ...medianP99(c.longestBlockMs), note: 'the longest time the process\'s event loop was held during a compaction alone (monitorEventLoopDelay, 1 ms resolution): what an extension host would feel' },
    writesPerCompaction: c.writesPerCompaction,
    compactionsStillRunningAfterMaxWrites: c.starved,
    steps: {
      note: 'compactInto step by step with the same primitives for a database sql.js holds whole (export() and one write of its bytes; a database read block by block writes its image in 1 MiB pieces instead, mainFileImage.ts), alone, on the same database (medians of 3). prepareJournalMs: the journal scanned and the one to replace it written and fsynced, before the lock (journalRewrite.ts); under the lock: swapFilesMs (backup link, rename, folder fsync) and journalUnderLockMs (the journal read again with direct calls, compared with the first read, and the prepared one renamed into place with a folder fsync)',
      exportMs: med(cs.exportMs),
      writeTempAndFsyncMs: med(cs.writeTempAndFsyncMs),
      prepareJournalMs: med(cs.prepareJournalMs),
      swapFilesMs: med(cs.swapFilesMs),
      journalUnderLockMs: med(cs.journalUnderLockMs),
      journalBytes: cs.journalBytes,
    },
    automatic: {
      note: 'steady single-row writes on a BatonDatabase opened with compactAfterBytes at this threshold (4 MiB by default); a compaction is counted when the main file was replaced between two writes; expectedCompactions: bytes appended / threshold, as if the threshold counted only what was written since the last compaction',
      thresholdKiB: AUTO_COMPACT_AFTER_BYTES / 1024,
      writes: { ...p50p99(auto.writes), max: round(Math.max(...auto.writes)), count: auto.writes.length },
      compactions: auto.compactions,
      expectedCompactions: Math.floor((auto.bytesPerWrite * auto.writes.length) / AUTO_COMPACT_AFTER_BYTES),
      journalMaxKiB: round(auto.journalMax / 1024, 1),
      journalKiBAfterEachCompaction: auto.journalAfterCompaction.map((b) => round(b / 1024, 1)),
    },
  };
  const os = baton.steps.open;
  const open = {
    baton: medianP99(baton.openMs),
    batonCold: coldFigures(batonCold, 'a fresh process: sql.js loaded and compiled, the main file opened on its recorded block sums, the journal\'s unfolded records replayed (a journal like this is left only by a process killed before its fold)'),
    batonColdFolded: coldFigures(batonColdFolded, 'the same after `baton db checkpoint`: the journal folded, as a window (3 s after its writes) or a CLI command (before it exits) leaves it; the goal is judged on this figure'),
    batonColdKeptCycle: coldFigures(batonColdKeptCycle, `the same after ${KEPT_CYCLE_RECORDS} writes and a fold: the journal keeps all of them (about 4 MB, what the default threshold lets it hold) for restoring the backup, and an open reads it from the last of them`),
    betterSqlite3: medianP99(reference.openMs),
    betterSqlite3Cold: { ...medianP99(referenceCold.map((r) => r.openMs)), sinceProcessStartMs: med(referenceCold.map((r) => r.sinceProcessStartMs)) },
    ratio: round(median(baton.openMs) / median(reference.openMs)),
    journalRecords: baton.journalAtOpen.records,
    recordsReplayed: os.replayed,
    journalBytes: baton.journalAtOpen.bytes,
    steps: {
      note: 'open step by step with the engine primitives, alone (medians of 3). recordedOpenMs: what an open of the file Baton last wrote does: the journal header read (with the block sums), the main file opened on them and sql.js opened on it, configured, one query (only the blocks SQLite reads are read and checked). Then the full-check path, taken for any other file: readFile, the block sums of the whole file, new SQL.Database(bytes), PRAGMA quick_check (skipped when the digest matches the recorded one); and scanJournal, replayRecords (one transaction, statements prepared once)',
      recordedOpenMs: med(os.recordedOpenMs),
      readMs: med(os.readMs),
      deserializeMs: med(os.deserializeMs),
      digestMs: med(os.digestMs),
      quickCheckMs: med(os.quickCheckMs),
      scanJournalMs: med(os.scanJournalMs),
      replayMs: med(os.replayMs),
    },
    coldSteps: {
      note: `the same steps, each first run in a fresh process (medians of ${COLD_STEP_ROUNDS} processes); loadSqlJsMs: loading and compiling the wasm`,
      loadSqlJsMs: med(coldSteps.map((r) => r.loadSqlJsMs)),
      recordedOpenMs: med(coldSteps.flatMap((r) => r.recordedOpenMs)),
      readMs: med(coldSteps.flatMap((r) => r.readMs)),
      deserializeMs: med(coldSteps.flatMap((r) => r.deserializeMs)),
      digestMs: med(coldSteps.flatMap((r) => r.digestMs)),
      quickCheckMs: med(coldSteps.flatMap((r) => r.quickCheckMs)),
      scanJournalMs: med(coldSteps.flatMap((r) => r.scanJournalMs)),
      replayMs: med(coldSteps.flatMap((r) => r.replayMs)),
    },
  };
  const as = baton.steps.aggregate;
  const aggregate = {
    baton: medianP99(baton.aggregate.ms),
    betterSqlite3: medianP99(reference.aggregate.ms),
    ratio: round(median(baton.aggregate.ms) / median(reference.aggregate.ms)),
    groups: baton.aggregate.rows,
    sameResult: baton.aggregate.fingerprint === reference.aggregate.fingerprint,
    result: baton.aggregate.fingerprint,
    referenceResult: reference.aggregate.fingerprint,
    ledgerRows: { baton: baton.ledgerRowsAtAggregate, betterSqlite3: reference.ledgerRowsAtAggregate },
    plan: as.plan,
    steps: {
      note: 'medians on raw sql.js (no BatonDatabase.read) over the same rows: the full query, the same range summed without grouping, grouped by provider only',
      fullRawSqlJs: med(as.ms.fullRawSqlJs ?? []),
      scanAndSumOnly: med(as.ms.scanAndSumOnly ?? []),
      groupByProviderOnly: med(as.ms.groupByProviderOnly ?? []),
    },
  };
  const memory = {
    baton: baton.memory,
    batonSeeding: baton.seeded.memory,
    betterSqlite3: reference.memory,
    batonColdOpen: { maxRssMiB: med(batonColdFolded.map((r) => mib(r.maxRssKiB * 1024))), withUnfoldedRecordsMiB: med(batonCold.map((r) => mib(r.maxRssKiB * 1024))) },
    betterSqlite3ColdOpen: { maxRssMiB: med(referenceCold.map((r) => mib(r.maxRssKiB * 1024))) },
    note: "maxRssMiB: process.resourceUsage().maxRSS of each engine's own child process (node and tsx included; startRssMiB is that process at start); heap and external: the highest of samples taken between phases. baton: the measured work in a fresh process on the seeded database; batonSeeding: the seeding process (1,000-row writes); betterSqlite3: seeding and measured work in one process",
  };
  const met = {
    writeP50: write.baton.p50 <= GOALS.writeP50Ms,
    writeP99: write.baton.p99 <= GOALS.writeP99Ms,
    writeP99Steady: write.batonSteady.p99 <= GOALS.writeP99Ms,
    writeRatioWal: write.ratioP50Wal <= GOALS.writeRatioWalP50,
    writeRatioWalPaired: write.paired.ratioP50Wal <= GOALS.writeRatioWalP50,
    writeP99AfterWarmUp: write.paired.batonAfterWarmUp.p99 <= GOALS.writeP99Ms,
    writeP99DuringCompaction: compaction.writesDuring.p99 <= GOALS.writeP99DuringCompactionMs,
    compaction: compaction.ms.median <= GOALS.compactionMs,
    coldOpen: open.batonColdFolded.median <= GOALS.coldOpenMs,
    coldOpenKeptCycle: open.batonColdKeptCycle.median <= GOALS.coldOpenMs,
    aggregate: aggregate.baton.median <= GOALS.aggregateMs,
  };
  const seeded = baton.seeded;
  return {
    benchmark: 'db',
    date: new Date().toISOString(),
    machine: { ...machineFacts(), fileSystem, loadAverage1m: { start: loadStart, end: round(loadavg()[0] ?? 0) } },
    setup: {
      source,
      ledgerRows: LEDGER_ROWS,
      sessions: SESSIONS,
      notesAndFilesPerSession: 1,
      providers: PROVIDER_COUNT,
      ledgerDays: LEDGER_DAYS,
      aggregateSince: new Date(AGGREGATE_SINCE).toISOString(),
      seedBatchRows: SEED_BATCH,
      seed: {
        baton: {
          sessionsMs: round(seeded.sessionsMs),
          ledgerMs: round(seeded.ledgerMs),
          compactionsCompletedDuringLedgerWrites: seeded.compactionsCompletedDuringLedgerWrites,
          compactionStartedDuringLedgerWrites: seeded.compactionStartedDuringSeeding && { ...seeded.compactionStartedDuringSeeding, ms: round(seeded.compactionStartedDuringSeeding.ms) },
          journalMaxMiB: mib(seeded.journalMaxBytes),
          journalBytesAfterFold: seeded.journalBytesAfterFold,
        },
        betterSqlite3: { sessionsMs: round(reference.seeded.sessionsMs), ledgerMs: round(reference.seeded.ledgerMs) },
      },
      databaseBytes: { baton: baton.databaseBytes, betterSqlite3: reference.databaseBytes },
      databaseMiB: mib(baton.databaseBytes),
      rounds: {
        writes: `${WRITE_ROUNDS} x ${WRITES_PER_ROUND}, sequential (each issued when the previous was acknowledged)`,
        opens: OPEN_ROUNDS,
        coldOpens: COLD_OPEN_ROUNDS,
        aggregates: AGGREGATE_ROUNDS,
        compactions: `${COMPACTION_ROUNDS} alone + ${COMPACTION_ROUNDS} under writes, with ${WRITES_BETWEEN_COMPACTIONS * 2} writes without compaction per round`,
      },
      sqlite: { sqlJs: baton.sqliteVersion, betterSqlite3: reference.sqliteVersion },
      reference: 'better-sqlite3 in its own process, same schema (MIGRATIONS SQL) and rows; journal_mode=DELETE, synchronous=FULL, foreign_keys=ON',
      totalSeconds: round(totalMs / 1000, 1),
    },
    write,
    compaction,
    open,
    aggregate,
    memory,
    goals: GOALS,
    met,
  };
}

/** `--only cli`: the CLI section alone, merged into the existing db.json. */
async function cliOnly(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-db-'));
  const file = join(ROOT, 'bench', 'results', 'db.json');
  try {
    console.error(`bench:db --only cli in ${dir} (${fileSystemOf(dir)}, load average ${round(loadavg()[0] ?? 0)})`);
    const cli = { source: sourceOf(), fileSystem: fileSystemOf(dir), ...(await cliSection(ROOT, dir)) };
    const existing = JSON.parse(readFileSync(file, 'utf8')) as Json;
    writeFileSync(file, JSON.stringify({ ...existing, cli }, null, 2) + '\n');
    console.log(JSON.stringify(cli, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--only')) {
    const only = process.argv[process.argv.indexOf('--only') + 1];
    if (only !== 'cli') throw new Error('--only takes: cli');
    return cliOnly();
  }
  const started = performance.now();
  const loadStart = round(loadavg()[0] ?? 0);
  const source = sourceOf();
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-db-'));
  const dist = join(ROOT, 'dist');
  try {
    const fileSystem = fileSystemOf(dir);
    console.error(`bench:db in ${dir} (${fileSystem}, load average ${loadStart})`);
    const batonArgs = [join(dir, 'baton'), dist, join(dir, 'baton-open')];
    const seeded = runChild<BatonSeed>('dbBatonChild.ts', ['seed', ...batonArgs]);
    const measured = runChild<Omit<BatonRun, 'seeded' | 'databaseBytes' | 'steps'>>('dbBatonChild.ts', ['measure', ...batonArgs]);
    const steps = runChild<BatonSteps>('dbBatonChild.ts', ['steps', ...batonArgs]);
    const baton: BatonRun = { ...measured, seeded, databaseBytes: seeded.databaseBytes, steps };
    const reference = runChild<ReferenceRun>('dbReferenceChild.ts', [join(dir, 'reference'), join(dir, 'reference-open')]);
    console.error(`  ${COLD_OPEN_ROUNDS} cold-process opens of each`);
    const colds = runColdOpens(runChild, dir, dist, steps.open.replayed);
    console.error(`  ${PAIR_ROUNDS} paired write rounds: Baton (cold and after the warm-up), better-sqlite3 (WAL) and a bare fdatasync, alternately`);
    const pairs = runWritePairs(runChild, dir, dist);
    if (colds.batonCold.some((r) => r.sequence !== baton.openedSeq)) throw new Error('a cold open did not replay the whole journal');
    const coldSteps: ColdSteps[] = [];
    for (let i = 0; i < COLD_STEP_ROUNDS; i++) coldSteps.push(runChild('dbOpenChild.ts', ['baton-steps', join(dir, 'baton-open', 'baton.db'), dist]));
    const cli = { source, fileSystem, ...(await cliSection(ROOT, dir)) };
    const result = { ...report(baton, reference, pairs, colds, coldSteps, fileSystem, loadStart, source, performance.now() - started), cli };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'db.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(summary(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
