// npm run bench:snapshot — peak memory and wall time of `baton snapshot take` (the built CLI,
// a fresh process each run) when a 200 MB tracked binary changed and a 200 MB untracked binary
// appeared, against the same command on a small repository and against `git diff --stat`
// alone on the big one, in the same run. Peak memory is the largest resident set of the CLI or
// any git process it started (/usr/bin/time, Debian package `time`). Writes
// bench/results/snapshot-memory.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { machineFacts, median, round } from './support/stats';

const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const RUNS = 3;
const BIG = 200 * 1024 * 1024;

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@baton.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });

/** Binary content (NUL bytes, so git treats it as binary) that differs by `seed`. */
function binary(bytes: number, seed: number): Buffer {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4096) data[i] = (i / 4096 + seed) % 251;
  return data;
}

function repository(root: string, name: string, big: boolean): string {
  const dir = join(root, name);
  mkdirSync(dir);
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'app.ts'), 'export const a = 1;\n');
  if (big) writeFileSync(join(dir, 'model.bin'), binary(BIG, 1));
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'start');
  writeFileSync(join(dir, 'app.ts'), 'export const a = 2;\n');
  if (big) {
    writeFileSync(join(dir, 'model.bin'), binary(BIG, 2));
    writeFileSync(join(dir, 'weights.bin'), binary(BIG, 3));
  }
  return dir;
}

/** Peak resident set (MiB) and wall time (ms) of one command, children included. */
function measure(command: string, args: string[], cwd: string): { peakMiB: number; ms: number } {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kb=%M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
  const kb = Number(/peak-rss-kb=(\d+)/.exec(run.stderr)?.[1]);
  return { peakMiB: round(kb / 1024, 1), ms: round(ms, 1) };
}

function series(runs: { peakMiB: number; ms: number }[]) {
  return { peakMiB: { median: median(runs.map((r) => r.peakMiB)), max: Math.max(...runs.map((r) => r.peakMiB)) }, wallMs: { median: round(median(runs.map((r) => r.ms)), 1) } };
}

function main(): void {
  if (spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status !== 0) throw new Error('/usr/bin/time is missing: apt-get install -y time');
  const root = mkdtempSync(join(tmpdir(), 'baton-bench-snapshot-'));
  try {
    const big = repository(root, 'big', true);
    const small = repository(root, 'small', false);
    const snapshot = (dir: string, i: number) => measure(process.execPath, [CLI, '--db', join(root, `db-${i}`, 'baton.db'), 'snapshot', 'take', '--workspace', dir], ROOT);
    const bigRuns = [];
    const smallRuns = [];
    const gitRuns = [];
    for (let i = 0; i < RUNS; i++) {
      bigRuns.push(snapshot(big, i));
      smallRuns.push(snapshot(small, RUNS + i));
      gitRuns.push(measure('git', ['diff', '--stat'], big));
    }
    const result = {
      benchmark: 'snapshot-memory',
      date: new Date().toISOString(),
      machine: machineFacts(),
      setup: { runs: RUNS, trackedBinaryChangeMiB: BIG / 2 ** 20, untrackedBinaryMiB: BIG / 2 ** 20, note: 'peak of the CLI process or any git process it started' },
      bigChange: series(bigRuns),
      smallRepository: series(smallRuns),
      reference: { name: 'git diff --stat on the big change', ...series(gitRuns) },
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'snapshot-memory.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();
