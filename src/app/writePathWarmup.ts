// V8 compiles a function with its baseline compiler on first use and recompiles the hot ones with
// its optimising compiler on other threads. On a 2-core machine that recompilation, during the
// first few thousand writes of a process, competes with the kernel's work for each write's
// fdatasync: the first writes after an open had a p99 of about 4 ms, where a process that had
// written 4,000 times was under 3. With recompilation moved onto the main thread, Baton's
// fdatasync was as fast as a bare one in the same minutes; the jobs that overlapped it were the
// journal's append and stat, the paged reads of the main file and sql.js's statements.
//
// A long-lived process (a window, `baton mcp`) therefore runs, a few seconds after it opens the
// database, the write path itself: a Baton database of its own in a tmpfs folder
// (storage/memoryScratch.ts), seeded and folded so that writes read blocks from its main file, then
// ledger writes through `write()`, each appended and flushed as a real one is. Memory, not a
// disk: nothing reaches a disk. An in-memory database would leave those file calls cold, and
// warms other shapes of sql.js's code, which V8 then compiles again (measured: 19 of 32 jobs
// were left). A few writes at a time with pauses between, the folder removed at the end.
// Where no tmpfs exists (macOS, Windows: their flushes run in the thread pool) it makes no writes.
// One-shot CLI commands keep V8's baseline code instead (cli/oneShotProcess.ts).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlValue } from 'sql.js';
import { BatonDatabase } from '../storage/batonDatabase';
import { diskSync } from '../storage/diskSync';
import { makeMemoryScratch } from '../storage/memoryScratch';

export interface WritePathWarmUp {
  /** Resolves when the warm-up has finished or was cancelled, its folder removed; never rejects. */
  readonly done: Promise<void>;
  /** Writes made so far, not counting the seed. */
  readonly writesMade: number;
  cancel(): void;
}

export interface WarmUpOptions {
  /** After the open, so that the warm-up is not part of what a window waits for at start. */
  readonly delayMs?: number;
  readonly writes?: number;
  /** Rows the database starts with, folded into its main file: the writes then read its blocks. */
  readonly seedRows?: number;
  /** Writes per slice. */
  readonly slice?: number;
  /**
   * Between slices (a slice is 4 to 5 ms here): the warm-up takes about a third of one core for
   * a few seconds instead of all of it, beside a window's start on a 2-core machine.
   */
  readonly pauseMs?: number;
  /** Where its database goes; by default a new tmpfs folder, removed at the end. */
  readonly folder?: () => string | null;
}

export const WARM_UP_FOLDER_PREFIX = 'baton-warm-up-';
/** Its database never compacts on its own: the seed is folded once, on purpose. */
const NEVER_COMPACT = 2 ** 50;
const SEED_FIRST_ROW = 1_000_000;

const LEDGER_ROW = `INSERT INTO ledger (id, workspace_id, session_id, account_id, provider, model, at, input_tokens, output_tokens, cached_tokens, cost_nanos, status, request_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok', ?)`;

/** Row `n`: ids spread over the index, as request ids are, so that writes land on many blocks. */
function ledgerRow(n: number): SqlValue[] {
  const spread = Math.imul(n, 0x9e3779b1) >>> 0;
  const at = 1_700_000_000_000 + n * 60_000;
  return [`warm-up-${spread.toString(16)}-${n}`, 'warm-up', null, null, `provider-${n % 5}`, `model-${n % 3}`, at, 1_000 + n, 200 + n, n % 7, 3_000 * n, `request-${n}`];
}

/** Seed rows per write: a single write of them all held the event loop for about 270 ms. */
const SEED_BATCH = 100;

/**
 * The database with `rows` rows in its main file, opened again so that its blocks are read as
 * needed; `between` runs between the seed's writes (a pause, so the event loop runs), and the
 * seed stops early once `stopped` (a window closing waits for the warm-up to end).
 */
async function seeded(path: string, wasmDir: string | undefined, rows: number, between: () => Promise<void>, stopped: () => boolean): Promise<BatonDatabase> {
  const first = await BatonDatabase.open({ path, wasmDir, compactAfterBytes: NEVER_COMPACT, betweenMigrationSteps: between });
  try {
    for (let from = 0; from < rows && !stopped(); from += SEED_BATCH) {
      await first.write((writer) => {
        for (let i = from; i < Math.min(rows, from + SEED_BATCH); i++) writer.run(LEDGER_ROW, ledgerRow(SEED_FIRST_ROW + i));
      });
      await between();
    }
    await first.checkpoint();
  } finally {
    await first.close();
  }
  return BatonDatabase.open({ path, wasmDir, compactAfterBytes: NEVER_COMPACT });
}

/** Timers that cancel() ends at once, each with the resolve of the pause it ends. */
type Pauses = Map<NodeJS.Timeout, () => void>;

const pause = (ms: number, pauses: Pauses) => new Promise<void>((resolve) => {
  const timer = setTimeout(() => {
    pauses.delete(timer);
    resolve();
  }, ms);
  timer.unref(); // never what keeps a process alive
  pauses.set(timer, resolve);
});

/** Starts the warm-up in the background of a long-lived process. */
export function startWritePathWarmUp(wasmDir: string | undefined, options: WarmUpOptions = {}): WritePathWarmUp {
  const { delayMs = 5_000, writes = 4_000, seedRows = 3_000, slice = 10, pauseMs = 8 } = options;
  const folder = options.folder ?? (() => makeMemoryScratch(WARM_UP_FOLDER_PREFIX));
  let cancelled = false;
  let made = 0;
  const pauses: Pauses = new Map();
  const writeAll = async (database: BatonDatabase) => {
    while (made < writes && !cancelled) {
      for (const end = Math.min(writes, made + slice); made < end; made++) {
        const row = ledgerRow(made);
        await database.write((writer) => writer.run(LEDGER_ROW, row));
      }
      await pause(pauseMs, pauses);
    }
  };
  const run = async () => {
    await pause(delayMs, pauses);
    const dir = cancelled ? null : folder();
    if (!dir) return;
    try {
      const database = await seeded(join(dir, 'baton.db'), wasmDir, seedRows, () => pause(pauseMs, pauses), () => cancelled);
      try {
        await writeAll(database);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      // Its flushes reached memory: they say nothing of how fast the disk answers.
      diskSync.forgetRecent();
    }
  };
  const done = run().catch(() => undefined);
  return {
    done,
    get writesMade() {
      return made;
    },
    cancel() {
      cancelled = true;
      for (const [timer, resolve] of pauses) {
        clearTimeout(timer);
        resolve();
      }
      pauses.clear();
    },
  };
}
