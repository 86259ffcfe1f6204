// One cold-process open, for the database benchmark: `baton PATH WASM_DIR` loads sql.js (timed
// apart too) and opens a Baton database (the main file's digest or quick_check, journal replay);
// `baton-steps PATH WASM_DIR` times the same steps one by one, cold; `checkpoint PATH WASM_DIR [N]`
// folds the journal into the main file (to measure the open a window usually meets), after N
// more writes if given;
// `better-sqlite3 PATH` loads the native module, opens and runs quick_check. Prints one JSON line.
import { BatonDatabase } from '../../src/storage/batonDatabase';
import { loadSqlJs } from '../../src/storage/sqlJs';
import { openSteps } from './dbBatonSteps';
import { LEDGER_INSERT, ledgerRow } from './dbWorkload';

/** Rows no other step writes. */
const KEPT_ROWS_FROM = 9_000_000;

const [engine, path, wasmDir] = process.argv.slice(2) as [string, string, string | undefined];

async function main(): Promise<void> {
  const start = performance.now();
  if (engine === 'baton-steps') {
    await loadSqlJs(wasmDir);
    const loadSqlJsMs = performance.now() - start;
    const steps = await openSteps(path, wasmDir ?? '', 1);
    process.stdout.write(JSON.stringify({ ...steps, loadSqlJsMs }) + '\n');
    return;
  }
  if (engine === 'checkpoint') {
    const database = await BatonDatabase.open({ path, wasmDir });
    // With a count: that many more writes first (the folded journal then keeps them all for the backup).
    for (let i = 0; i < Number(process.argv[5] ?? 0); i++) await database.write((w) => w.run(LEDGER_INSERT, ledgerRow(KEPT_ROWS_FROM + i)));
    const folded = await database.checkpoint();
    await database.close();
    process.stdout.write(JSON.stringify({ folded: folded !== null }) + '\n');
    return;
  }
  if (engine === 'baton') {
    await loadSqlJs(wasmDir); // what open() does first; timed apart to show the wasm's share
    const loadSqlJsMs = performance.now() - start;
    const database = await BatonDatabase.open({ path, wasmDir });
    const openMs = performance.now() - start;
    const { sequence, mainFileCheck } = database;
    await database.close();
    process.stdout.write(JSON.stringify({ openMs, loadSqlJsMs, sequence, mainFileCheck, sinceProcessStartMs: start + openMs, maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  const db = new Database(path);
  const verdict = db.pragma('quick_check', { simple: true });
  const openMs = performance.now() - start;
  db.close();
  if (verdict !== 'ok') throw new Error(`quick_check: ${String(verdict)}`);
  process.stdout.write(JSON.stringify({ openMs, sinceProcessStartMs: start + openMs, maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
