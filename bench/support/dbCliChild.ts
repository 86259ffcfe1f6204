// The CLI section of the database benchmark: builds databases as CLI-only use leaves them,
// and times single BatonDatabase opens in a fresh process. Modes (each prints one JSON line):
//
//   simulate DB_DIR WORKSPACE COMMANDS PER_PROCESS THRESHOLD NEVER_DIR
//     COMMANDS CLI write commands through the same service graph as `baton` (createBatonServices),
//     PER_PROCESS of them per opened database, closed in between as the CLI does per command,
//     with compaction past THRESHOLD bytes and a fold on close (this engine). Every record appended is also
//     collected into NEVER_DIR: the same database as it was before the threshold counted every
//     process's appends, when the CLI never compacted (the first main file, and a journal of
//     every record since). The mix, per 50 commands: session start, 47 session notes,
//     knowledge add, session end (with the snapshot every ended session leaves; the
//     workspace folder is no git repository).
//   fill DB_DIR WORKSPACE BYTES
//     More notes, compaction and folds off, then one padding record: the journal then holds
//     BYTES - 100 bytes that the main file lacks, so that the next CLI write crosses the
//     threshold (what processes that were killed before their fold, or older Baton versions, leave).
//   open PATH [never]
//     One cold open in this fresh process, timed (with "never", compaction stays off, as before).
//
// What the simulation leaves out: one node process per command (startup, loading sql.js: each
// real command pays that, and the real CLI is timed separately), and the exact moment
// compactions run (here in the background while the same "process" goes on writing; in the
// CLI, before the command that started it exits). The files after N commands are the same
// either way, up to where within a batch of PER_PROCESS commands a compaction started.
import { appendFileSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../src/core/clock';
import { BatonDatabase, journalPathOf } from '../../src/storage/batonDatabase';
import { encodeHeader, encodeRecord, scanJournal, unfoldedBytes } from '../../src/storage/journal';
import { loadSqlJs } from '../../src/storage/sqlJs';
import { openBenchServices } from './benchServices';

const [mode, target, ...rest] = process.argv.slice(2) as [string, string, ...string[]];
const wasmDir = join(__dirname, '..', '..', 'node_modules', 'sql.js', 'dist');

/** Every open in this process gets this threshold (the service graph opens the database itself). */
function forceThreshold(threshold: number): void {
  const open = BatonDatabase.open.bind(BatonDatabase);
  BatonDatabase.open = (options) => open({ ...options, compactAfterBytes: threshold });
}

/** A clock that moves 40 s per command, from a fixed start (`command` commands later): the same rows every run. */
function commandClock(command: number): Clock & { tick(): void } {
  let now = Date.UTC(2026, 8, 1, 9) + command * 40_000;
  return { now: () => now, tick: () => (now += 40_000) };
}

const NOTES = ['Found the flaky test: the retry loop reads the clock twice.', 'Moved the cache key into the request builder; callers unchanged.', 'TODO: the migration needs a down step before release.', 'Decided to keep the old endpoint for one more version.'];

async function journalFacts(path: string) {
  const scan = await scanJournal(journalPathOf(path));
  return { journalBytes: scan.size, journalRecords: scan.frames.length - 1, unfoldedBytes: unfoldedBytes(scan.frames, scan.header?.mainSeq ?? 0) };
}

interface CommandRun {
  readonly root: string;
  readonly workspace: string;
  readonly commands: number;
  /** Called after each batch (each "process"), with the database path. */
  readonly afterBatch?: (path: string) => Promise<void>;
  /** Called before each batch: true stops. */
  readonly until?: (path: string) => Promise<boolean>;
  readonly perProcess: number;
  /** Where the command mix continues (a fill continues a simulation's). */
  readonly from?: number;
  /** Fold on close, as the CLI does since issue 14 (the simulation); the fills leave the journal unfolded. */
  readonly foldOnClose?: boolean;
}

/** Runs CLI-like commands, `perProcess` per open database. */
async function runCommands(run: CommandRun) {
  mkdirSync(run.root, { recursive: true });
  mkdirSync(run.workspace, { recursive: true });
  const path = join(run.root, 'baton.db');
  const clock = commandClock(run.from ?? 0);
  let id = run.from ?? 0;
  let done = 0;
  const started = performance.now();
  while (done < run.commands && !(await run.until?.(path))) {
    const services = await openBenchServices({ root: run.root, dir: run.workspace, wasmDir, clock, ids: { next: () => `id-${++id}` }, ...(run.foldOnClose ? { fold: 'command' as const } : {}) });
    const { tracker } = services.work;
    await tracker.restore({ closeAbandoned: false });
    for (let i = 0; i < run.perProcess && done < run.commands; i++, done++) {
      clock.tick();
      const step = (done + (run.from ?? 0)) % 50;
      if (!tracker.running) {
        await tracker.start(`Goal ${done}: tidy the request layer`);
      } else if (step === 48) {
        await services.knowledge.add(services.work.workspace.id, { kind: 'gotcha', title: `Gotcha ${done}`, body: 'The staging proxy strips the auth header on redirects.', tags: ['proxy'], paths: ['src/http.ts'], scope: 'workspace' });
      } else if (step === 49) {
        await services.work.snapshotEndedSession(await tracker.end('Done for today.'));
      } else {
        await tracker.addNote(NOTES[done % NOTES.length] ?? '');
      }
    }
    await services.close();
    await run.afterBatch?.(path);
  }
  return { path, commands: done, ms: performance.now() - started };
}

async function main(): Promise<object> {
  if (mode === 'simulate') {
    const [workspace, commands, perProcess, threshold, neverDir] = rest as [string, string, string, string, string];
    forceThreshold(Number(threshold));
    mkdirSync(neverDir, { recursive: true });
    const never = join(neverDir, 'baton.db');
    let collectedSeq = 0;
    const run = await runCommands({
      root: target, workspace, commands: Number(commands), perProcess: Number(perProcess), foldOnClose: true,
      // Compaction keeps every record after the previous main file, so collecting once per
      // batch sees each record before a compaction could drop it.
      afterBatch: async (path) => {
        if (collectedSeq === 0) {
          copyFileSync(path, never); // still the first main file: the first compaction comes later
          copyFileSync(`${path}.bak`, `${never}.bak`);
          writeFileSync(journalPathOf(never), encodeHeader({ baseSeq: 0, mainSeq: 0 }));
        }
        const scan = await scanJournal(journalPathOf(path));
        for (const frame of scan.frames) {
          if (frame.seq === null || frame.seq <= collectedSeq) continue;
          if (frame.seq !== collectedSeq + 1) throw new Error(`record ${collectedSeq + 1} was not collected`);
          appendFileSync(journalPathOf(never), scan.bytes.subarray(frame.at, frame.at + frame.length));
          collectedSeq = frame.seq;
        }
      },
    });
    return { ...run, ...(await journalFacts(run.path)), never: await journalFacts(never) };
  }
  if (mode === 'fill') {
    const [workspace, bytesText] = rest as [string, string];
    const bytes = Number(bytesText);
    forceThreshold(Number.POSITIVE_INFINITY);
    const past = (limit: number) => async (path: string) => (await journalFacts(path)).unfoldedBytes > limit;
    // Batches of commands while far from the limit (a command appends two records of ~250
    // bytes, a session end more), then one command at a time.
    const coarse = await runCommands({ root: target, workspace, commands: Number.MAX_SAFE_INTEGER, perProcess: 100, from: 1_000_000, until: past(bytes - 100 * 2_000) });
    const fine = await runCommands({ root: target, workspace, commands: Number.MAX_SAFE_INTEGER, perProcess: 1, from: 1_000_000 + coarse.commands, until: past(bytes - 4_000) });
    const database = await BatonDatabase.open({ path: fine.path, wasmDir });
    const sql = 'INSERT OR REPLACE INTO baton_meta (key, value) VALUES (?, 0)';
    const key = (length: number) => `bench-padding-${'x'.repeat(length)}`;
    const frameOf = (length: number) => encodeRecord({ seq: database.sequence + 1, statements: [[sql, [key(length)]]] }).length;
    const length = bytes - 100 - database.unfoldedJournalBytes - frameOf(0);
    if (length < 0) throw new Error(`the fill went past ${bytes - 100} bytes`);
    await database.write((w) => w.run(sql, [key(length)]));
    await database.close();
    return { commands: coarse.commands + fine.commands, ...(await journalFacts(fine.path)) };
  }
  if (mode === 'open') {
    const never = rest[0] === 'never';
    const start = performance.now();
    await loadSqlJs(wasmDir);
    const loadSqlJsMs = performance.now() - start;
    const database = await BatonDatabase.open({ path: target, wasmDir, ...(never ? { compactAfterBytes: Number.POSITIVE_INFINITY } : {}) });
    const openMs = performance.now() - start;
    const sequence = database.sequence;
    const unfolded = database.unfoldedJournalBytes;
    await database.close();
    return { openMs, loadSqlJsMs, sequence, unfolded, closeMs: performance.now() - start - openMs };
  }
  throw new Error('mode must be simulate, fill or open');
}

main().then((result) => process.stdout.write(JSON.stringify(result) + '\n'), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
