// npm run bench:activation — cold activation of the production bundle with a database of
// 10,000 sessions: median and p99 over 20 fresh processes, against raw sql.js opening the
// same file in the same run. With BATON_BENCH_BASELINE=path/to/an/older/dist/extension.js,
// that bundle runs interleaved with this one (same database, same machine moment), so a change
// can be judged against the code before it. Writes bench/results/activation.json.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { workspaceForPath } from '../src/context/workspaceIdentity';
import { seedSessions } from './support/seedSessions';
import { machineFacts, median, percentile, round } from './support/stats';

const ROOT = resolve(__dirname, '..');
const RUNS = 20;
const SESSIONS = 10_000;
const GOALS = { activateMs: 50, bundleBytes: 1.5 * 1024 * 1024 };
const BASELINE = process.env.BATON_BENCH_BASELINE;

function baselineFigures(bundle: string, activate: number[], required: number[], ready: number[]) {
  return {
    note: 'an older production bundle, run interleaved with this one in the same processes setup',
    bundleBytes: statSync(bundle).size,
    activateMs: { median: round(median(activate)), p99: round(percentile(activate, 99)) },
    requireMs: { median: round(median(required)) },
    readyMs: { median: round(median(ready)), p99: round(percentile(ready, 99)) },
  };
}

function runChild(script: string, args: string[]): Record<string, number | string> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'support', script), ...args], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, number | string>;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-activation-'));
  const workspaceDir = join(dir, 'workspace');
  mkdirSync(workspaceDir);
  const dbPath = join(dir, 'baton.db');
  const dist = join(ROOT, 'dist');
  try {
    await seedSessions(dbPath, dist, workspaceForPath(workspaceDir).id, SESSIONS);
    const runs: Record<string, number | string>[] = [];
    const references: Record<string, number | string>[] = [];
    const baselineRuns: Record<string, number | string>[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(runChild('activationChild.ts', [join(dist, 'extension.js'), workspaceDir, dbPath, ROOT]));
      references.push(runChild('referenceChild.ts', [dbPath, dist]));
      if (BASELINE) baselineRuns.push(runChild('activationChild.ts', [BASELINE, workspaceDir, dbPath, ROOT]));
    }
    const series = (key: string, from = runs) => from.map((r) => Number(r[key]));
    const activate = series('activateMs');
    const ready = series('readyMs');
    const reference = series('openMs', references);
    const bundleBytes = statSync(join(dist, 'extension.js')).size;
    const result = {
      benchmark: 'activation',
      date: new Date().toISOString(),
      machine: machineFacts(),
      setup: { sessions: SESSIONS, runs: RUNS, databaseBytes: statSync(dbPath).size, bundle: 'production' },
      activateMs: { median: round(median(activate)), p99: round(percentile(activate, 99)) },
      requireMs: { median: round(median(series('requireMs'))) },
      readyMs: { median: round(median(ready)), p99: round(percentile(ready, 99)), note: 'activate() until the database is open, verified and the session restored (off the activation path)' },
      reference: { name: 'raw sql.js: load, read file, open, quick_check', medianMs: round(median(reference)) },
      readyVsReference: round(median(ready) / median(reference)),
      ...(BASELINE ? { baseline: baselineFigures(BASELINE, series('activateMs', baselineRuns), series('requireMs', baselineRuns), series('readyMs', baselineRuns)) } : {}),
      bundleBytes,
      goals: { activateMsBelow: GOALS.activateMs, bundleBytesBelow: GOALS.bundleBytes },
      met: { activate: median(activate) < GOALS.activateMs, bundle: bundleBytes < GOALS.bundleBytes },
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'activation.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
