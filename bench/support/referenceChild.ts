// The reference for activation: what the same database costs with raw sql.js and no Baton
// code: load sql.js, read the file, open it and run PRAGMA quick_check. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [dbPath, wasmDir] = process.argv.slice(2) as [string, string];

async function main(): Promise<void> {
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const initSqlJs = require('sql.js') as typeof import('sql.js').default;
  const SQL = await initSqlJs({ locateFile: (file: string) => `${wasmDir}/${file}` });
  const db = new SQL.Database(readFileSync(dbPath));
  db.exec('PRAGMA quick_check');
  const t1 = performance.now();
  db.close();
  process.stdout.write(JSON.stringify({ openMs: t1 - t0 }) + '\n');
}

void main();
