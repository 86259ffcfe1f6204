// npm run bench:fold — what keeping the main file current for other SQLite readers costs a CLI
// command that wrote: before it exits, it folds the journal into the main file (export from
// sql.js, a temp file fsynced, renamed, the journal rewritten). On databases of 1 MB and 30 MB,
// in fresh processes: the fold alone after one write (`foldMs`), and the real `baton knowledge
// add` (dist/cli.js, node startup and the cold open included) from spawn to exit (`commandMs`),
// which now includes that fold. Writes bench/results/fold.json. Left out: the window's fold,
// which runs 3 s after its writes stop, off any command's path (its cost is the same `foldMs`).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BatonDatabase, journalPathOf } from '../src/storage/batonDatabase';
import { scanJournal, unfoldedBytes } from '../src/storage/journal';
import { machineFacts, median, percentile, round } from './support/stats';

const ROOT = resolve(__dirname, '..');
const WASM = join(ROOT, 'node_modules', 'sql.js', 'dist');
const CLI = join(ROOT, 'dist', 'cli.js');
const SIZES_MB = [1, 30];
const RUNS = process.argv.includes('--quick') ? 2 : 7;

/** A database of about `mb` megabytes, folded (no journal left): what a long-used Baton holds. */
async function seed(dir: string, mb: number): Promise<string> {
  const path = join(dir, `seed-${mb}mb.db`);
  const database = await BatonDatabase.open({ path, wasmDir: WASM });
  const row = 'x'.repeat(8 * 1024);
  const rows = Math.ceil((mb * 1024 * 1024) / row.length);
  for (let i = 0; i < rows; i += 100) {
    await database.write((w) => {
      for (let j = i; j < Math.min(rows, i + 100); j++) w.run('INSERT INTO baton_meta (key, value) VALUES (?, ?)', [`padding-${j}`, row]);
    });
  }
  // checkpoint(), not compact(): compact() joins a compaction the seeding's writes started, which
  // may have taken its snapshot before the last of them.
  await database.checkpoint();
  await database.close();
  return path;
}

function fresh(seedPath: string, dir: string, run: number): string {
  const path = join(dir, `run-${run}.db`);
  for (const suffix of ['', '.journal', '.bak']) if (existsSync(`${seedPath}${suffix}`)) copyFileSync(`${seedPath}${suffix}`, `${path}${suffix}`);
  return path;
}

/** In a fresh process: open, one write, then the fold alone, timed. */
function foldOnce(path: string): number {
  const script = `
    const { BatonDatabase } = require(${JSON.stringify(join(ROOT, 'src', 'storage', 'batonDatabase.ts'))});
    (async () => {
      const db = await BatonDatabase.open({ path: ${JSON.stringify(path)}, wasmDir: ${JSON.stringify(WASM)} });
      await db.write((w) => w.run("INSERT INTO baton_meta (key, value) VALUES ('fold-bench', 'x')"));
      const start = performance.now();
      const result = await db.checkpoint();
      const ms = performance.now() - start;
      await db.close();
      if (!result) throw new Error('nothing was folded');
      process.stdout.write(String(ms));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`fold child failed: ${run.stderr}`);
  return Number(run.stdout);
}

/** The real CLI write, spawn to exit; the fold runs before it exits. Checks the main file has it. */
function cliWrite(path: string, workspace: string): number {
  const start = performance.now();
  execFileSync(process.execPath, [CLI, '--db', path, 'knowledge', 'add', '--workspace', workspace, '--kind', 'note', '--title', 'fold bench', '--body', 'b'], { stdio: 'pipe' });
  const ms = performance.now() - start;
  return ms;
}

/** The journal may keep the backup's generation of records, but none the main file lacks. */
async function assertFolded(path: string): Promise<void> {
  const scan = await scanJournal(journalPathOf(path), 0, Number.MAX_SAFE_INTEGER);
  const unfolded = unfoldedBytes(scan.frames, scan.header?.mainSeq ?? 0);
  if (unfolded > 0) throw new Error(`the journal holds ${unfolded} bytes the main file lacks after the command: it did not fold`);
}

const stats = (values: readonly number[]) => ({ p50: round(median(values)), p95: round(percentile(values, 95)), n: values.length });

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-fold-'));
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace);
  try {
    const sizes = [];
    for (const mb of SIZES_MB) {
      const seedPath = await seed(dir, mb);
      const fold: number[] = [];
      const command: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        fold.push(foldOnce(fresh(seedPath, dir, run * 2)));
        const path = fresh(seedPath, dir, run * 2 + 1);
        command.push(cliWrite(path, workspace));
        await assertFolded(path);
      }
      const foldMs = stats(fold);
      const commandMs = stats(command);
      sizes.push({ databaseMB: round(statSync(seedPath).size / 1024 / 1024, 1), foldMs, commandMs, foldShareOfCommand: round(foldMs.p50 / commandMs.p50) });
      console.error(`[bench:fold] ${mb} MB: fold p50 ${foldMs.p50} ms, \`baton knowledge add\` p50 ${commandMs.p50} ms`);
    }
    const results = {
      benchmark: 'fold',
      date: new Date().toISOString(),
      machine: machineFacts(),
      sizes,
      excludes: ['the window\'s fold (3 s after its writes stop, off any command\'s path); a command that only reads does not fold'],
    };
    if (process.argv.includes('--quick')) console.log(JSON.stringify(results, null, 2));
    else writeFileSync(join(ROOT, 'bench', 'results', 'fold.json'), JSON.stringify(results, null, 2) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
