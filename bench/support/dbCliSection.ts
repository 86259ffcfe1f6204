// The database benchmark's CLI section: what CLI-only use costs a user, on the real `baton`
// (dist/cli.js, one node process per command) and on cold opens in fresh processes.
//
// The databases are built by dbCliChild.ts: 20,000 CLI write commands through the CLI's own
// service graph, on a RAM disk when there is one (the files are the same; only building them is
// faster), then copied to the benchmark's folder on disk, where everything is timed. Figures:
//
// - openAfter20000Writes.neverCompacted: the same 20,000 commands as before this engine, when
//   the CLI never compacted (each process counted only its own appends): every open replays
//   the whole journal. `firstCommand` is the first CLI command on such a database now: it
//   folds the journal in before it exits (once).
// - openAfter20000Writes.now: the files this engine leaves after the same commands.
// - openAfter20000Writes.worstCase: right before the next compaction, the journal holding just
//   under the threshold of changes the main file lacks: the slowest open between compactions.
// - writeThatCompacts: the CLI write that crosses the threshold on that database (`knowledge
//   add`); ordinaryWrite: the same command on the same database 2 KiB further from the
//   threshold, so that it does not cross it (the same replay on open). `outputMs`: until its
//   output line arrives; `exitMs`: until the process has exited (a compaction runs between).
//
// Each timed run gets a fresh copy of its database (a run may compact it).
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_COMPACT_AFTER_BYTES, journalPathOf } from '../../src/storage/batonDatabase';
import { scanJournal, unfoldedBytes } from '../../src/storage/journal';
import { median, percentile, round } from './stats';

export const CLI_COMMANDS = 20_000;
const PER_PROCESS = 250;
const ROUNDS = 5;

interface Simulated {
  commands: number;
  ms: number;
  journalBytes: number;
  journalRecords: number;
  unfoldedBytes: number;
  never: { journalBytes: number; journalRecords: number; unfoldedBytes: number };
}

interface ColdOpen {
  openMs: number;
  loadSqlJsMs: number;
  sequence: number;
  unfolded: number;
}

interface CliTiming {
  outputMs: number;
  exitMs: number;
  code: number | null;
  compacted: boolean;
}

const kib = (bytes: number) => round(bytes / 1024, 1);
const stat = (values: readonly number[]) => ({ median: round(median(values)), p99: round(percentile(values, 99)) });

function child<T>(root: string, args: string[]): T {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'dbCliChild.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as T;
}

/** One real CLI command: ms until its first output, ms until it exited, and whether the main file was replaced meanwhile. */
function runCli(root: string, db: string, args: readonly string[]): Promise<CliTiming> {
  const ino = statSync(db).ino;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let outputMs = Number.NaN;
    const run = spawn(process.execPath, [join(root, 'dist', 'cli.js'), ...args, '--db', db], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    run.stdout.once('data', () => (outputMs = performance.now() - start));
    run.stdout.resume();
    run.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    run.on('error', reject);
    run.on('close', (code) => {
      const exitMs = performance.now() - start;
      if (code !== 0) reject(new Error(`baton ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ outputMs, exitMs, code, compacted: statSync(db).ino !== ino });
    });
  });
}

/** Runs `work` ROUNDS times, each on a fresh copy of the database folder `from`. */
async function onCopies<T>(from: string, scratch: string, work: (db: string) => Promise<T> | T): Promise<T[]> {
  const out: T[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rmSync(scratch, { recursive: true, force: true });
    cpSync(from, scratch, { recursive: true });
    out.push(await work(join(scratch, 'baton.db')));
  }
  rmSync(scratch, { recursive: true, force: true });
  return out;
}

async function unfoldedOf(db: string): Promise<number> {
  const scan = await scanJournal(journalPathOf(db));
  return unfoldedBytes(scan.frames, scan.header?.mainSeq ?? 0);
}

const timing = (runs: readonly CliTiming[]) => ({
  outputMs: stat(runs.map((r) => r.outputMs)),
  exitMs: stat(runs.map((r) => r.exitMs)),
  afterOutputMs: round(median(runs.map((r) => r.exitMs - r.outputMs))),
  compactedIn: `${runs.filter((r) => r.compacted).length} of ${runs.length} runs`,
});

export async function cliSection(root: string, dir: string) {
  const loadStart = round(loadavg()[0] ?? 0);
  const started = performance.now();
  const ramDisk = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/baton-bench-cli-') : mkdtempSync(join(dir, 'build-'));
  const base = join(dir, 'cli');
  const workspace = join(base, 'ws'); // its path names the workspace: the same for building and timing
  mkdirSync(workspace, { recursive: true });
  const threshold = DEFAULT_COMPACT_AFTER_BYTES;
  try {
    console.error(`  cli: ${CLI_COMMANDS} CLI write commands (${PER_PROCESS} per process), then the state right before the next compaction`);
    const simulated = child<Simulated>(root, ['simulate', join(ramDisk, 'now'), workspace, String(CLI_COMMANDS), String(PER_PROCESS), String(threshold), join(ramDisk, 'never')]);
    // Just below the threshold (2 KiB short: a write does not cross it), then 100 bytes short.
    cpSync(join(ramDisk, 'now'), join(ramDisk, 'below'), { recursive: true });
    const below = child<{ commands: number; unfoldedBytes: number }>(root, ['fill', join(ramDisk, 'below'), workspace, String(threshold - 2048 + 100)]);
    cpSync(join(ramDisk, 'below'), join(ramDisk, 'fill'), { recursive: true });
    const filled = child<{ commands: number; unfoldedBytes: number; journalBytes: number }>(root, ['fill', join(ramDisk, 'fill'), workspace, String(threshold)]);
    for (const name of ['now', 'never', 'below', 'fill']) cpSync(join(ramDisk, name), join(base, name), { recursive: true });
    const buildMs = performance.now() - started;

    console.error(`  cli: ${ROUNDS} cold opens and real CLI commands on each database`);
    const scratch = join(base, 'scratch');
    const open = (name: string) => onCopies(join(base, name), scratch, (db) => child<ColdOpen>(root, ['open', db, 'never']));
    const list = ['session', 'list', '--workspace', workspace, '--json'];
    const add = ['knowledge', 'add', '--workspace', workspace, '--kind', 'note', '--title', 'Bench note', '--body', 'Written by the benchmark.'];
    const opens = { never: await open('never'), now: await open('now'), worstCase: await open('fill') };
    const firstCommand = await onCopies(join(base, 'never'), scratch, async (db) => {
      const run = await runCli(root, db, list);
      return { ...run, unfoldedAfter: await unfoldedOf(db) };
    });
    const listNow = await onCopies(join(base, 'now'), scratch, (db) => runCli(root, db, list));
    const listWorst = await onCopies(join(base, 'fill'), scratch, (db) => runCli(root, db, list));
    const crossing = await onCopies(join(base, 'fill'), scratch, async (db) => {
      const run = await runCli(root, db, add);
      return { ...run, unfoldedAfter: await unfoldedOf(db) };
    });
    const ordinary = await onCopies(join(base, 'below'), scratch, (db) => runCli(root, db, add));
    // Every CLI command that wrote folds before it exits (issue 14), whether or not it crossed the threshold.
    if (!crossing.every((r) => r.compacted) || !ordinary.every((r) => r.compacted)) throw new Error('a CLI write command did not fold the journal before it exited');
    const mainBytes = statSync(join(base, 'now', 'baton.db')).size;
    const coldOpen = (runs: readonly ColdOpen[]) => ({ ...stat(runs.map((r) => r.openMs)), loadSqlJsMs: round(median(runs.map((r) => r.loadSqlJsMs))) });
    return {
      note: `CLI-only use: 20,000 write commands (per 50: session start, 47 notes, knowledge add, session end with its snapshot), built through the CLI's own service graph, ${PER_PROCESS} commands per opened database; then cold opens (a fresh process: sql.js load, quick_check, journal replay; medians of 5) and the real dist/cli.js (one node process per command, fresh copy of the database per run). Left out of the build (not of the timings): a node process per command, and where within a batch of ${PER_PROCESS} a compaction started.`,
      commands: simulated.commands,
      thresholdKiB: kib(threshold),
      journalRecordsPerCommand: round(simulated.never.journalRecords / simulated.commands, 2),
      journalBytesPerCommand: round(simulated.never.journalBytes / simulated.commands, 0),
      mainFileMiB: round(mainBytes / 2 ** 20, 2),
      openAfter20000Writes: {
        neverCompacted: {
          note: 'as before: the CLI never compacted, so the journal holds every change since the database was created',
          journalRecords: simulated.never.journalRecords,
          journalMiB: round(simulated.never.journalBytes / 2 ** 20, 2),
          coldOpenMs: coldOpen(opens.never),
          firstCommand: {
            note: 'baton session list on it now: answers after replaying the whole journal, then folds it in before exiting (once)',
            ...timing(firstCommand),
            unfoldedKiBAfter: kib(median(firstCommand.map((r) => r.unfoldedAfter))),
          },
        },
        now: {
          note: 'the files this engine leaves after the same commands: each process folded the journal when it closed',
          journalRecords: simulated.journalRecords,
          unfoldedKiB: kib(simulated.unfoldedBytes),
          coldOpenMs: coldOpen(opens.now),
          sessionList: timing(listNow),
        },
        worstCase: {
          note: `right before the next compaction: the journal holds ${kib(filled.unfoldedBytes)} KiB the main file lacks (threshold ${kib(threshold)} KiB); since every CLI write folds on exit, only processes killed before their fold (or older versions) leave this`,
          unfoldedKiB: kib(filled.unfoldedBytes),
          coldOpenMs: coldOpen(opens.worstCase),
          sessionList: timing(listWorst),
        },
      },
      writeThatCompacts: {
        note: 'baton knowledge add crossing the threshold: its output comes as usual, the compaction (export, write and fsync of the main file, swap) runs before the process exits',
        ...timing(crossing),
        unfoldedKiBAfter: kib(median(crossing.map((r) => r.unfoldedAfter))),
      },
      ordinaryWrite: { note: `the same command ${kib(threshold - below.unfoldedBytes)} KiB below the threshold: the same open; it folds before it exits too, as every CLI command that wrote does`, unfoldedKiB: kib(below.unfoldedBytes), ...timing(ordinary) },
      build: { seconds: round(buildMs / 1000, 1), fillCommands: below.commands + filled.commands, onRamDisk: ramDisk.startsWith('/dev/shm') },
      loadAverage1m: { start: loadStart, end: round(loadavg()[0] ?? 0) },
    };
  } finally {
    rmSync(ramDisk, { recursive: true, force: true });
  }
}
