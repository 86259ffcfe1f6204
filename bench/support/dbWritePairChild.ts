// One side of a paired write round of the database benchmark (dbWritePairs.ts), in a fresh
// process: `baton PATH WASM_DIR FIRST_ROW` opens the Baton database and makes WRITES_PER_ROUND
// acknowledged single-row writes, the first ones after an open; `baton-warm` the same a second
// after the write path's warm-up a window runs a few seconds after its open (writePathWarmup.ts,
// here without the delay); `floor PATH` appends a record's bytes to a file beside it and fdatasyncs,
// the disk's own share of a write at that moment; `wal PATH FIRST_ROW` makes the
// same inserts with better-sqlite3 in WAL mode with synchronous=FULL, each durable when it
// returns. Both start after `sync`. Prints one JSON line: the samples in milliseconds.
import Database from 'better-sqlite3';
import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { encodeRecord } from '../../src/storage/journal';
import { BatonDatabase } from '../../src/storage/batonDatabase';
import { startWritePathWarmUp } from '../../src/app/writePathWarmup';
import { LEDGER_INSERT, WRITES_PER_ROUND, ledgerRow, settleDisk, timed } from './dbWorkload';

const [engine, path] = process.argv.slice(2) as [string, string];

async function batonWrites(wasmDir: string, firstRow: number, warmUp: boolean): Promise<number[]> {
  const database = await BatonDatabase.open({ path, wasmDir });
  if (warmUp) {
    const alive = setInterval(() => undefined, 1_000); // the warm-up's timers never keep a process alive
    await startWritePathWarmUp(wasmDir, { delayMs: 0 }).done;
    // A window's first writes come seconds after its warm-up, not the moment it ends: V8's
    // background compiles it started are given a second to finish.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    clearInterval(alive);
  }
  settleDisk();
  const samples: number[] = [];
  for (let i = 0; i < WRITES_PER_ROUND; i++) samples.push(await timed(() => database.write((w) => w.run(LEDGER_INSERT, ledgerRow(firstRow + i)))));
  await database.close();
  return samples;
}

function walWrites(firstRow: number): number[] {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const insert = db.prepare(LEDGER_INSERT);
  settleDisk();
  const samples: number[] = [];
  for (let i = 0; i < WRITES_PER_ROUND; i++) {
    const start = performance.now();
    insert.run(...ledgerRow(firstRow + i));
    samples.push(performance.now() - start);
  }
  db.close();
  return samples;
}

/** Bare appends of one record's size, each fdatasynced on the calling thread, as Baton's are on Linux. */
function floorWrites(): number[] {
  const file = `${path}.floor`;
  const fd = openSync(file, 'w');
  const bytes = encodeRecord({ seq: 1, statements: [[LEDGER_INSERT, ledgerRow(0)]] });
  settleDisk();
  const samples: number[] = [];
  try {
    for (let i = 0, at = 0; i < WRITES_PER_ROUND; i++, at += bytes.length) {
      const start = performance.now();
      writeSync(fd, bytes, 0, bytes.length, at);
      fdatasyncSync(fd);
      samples.push(performance.now() - start);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return samples;
}

async function main(): Promise<void> {
  const args = process.argv.slice(4);
  const samples = engine === 'floor' ? floorWrites() : engine === 'wal' ? walWrites(Number(args[0])) : await batonWrites(args[0] ?? 'dist', Number(args[1]), engine === 'baton-warm');
  process.stdout.write(JSON.stringify({ samples }) + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
