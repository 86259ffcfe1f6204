// V8 compiles a function with its baseline compiler on first use and recompiles the hot ones with
// its optimising compiler on other threads. On a 2-core machine that recompilation, during the
// first couple of thousand writes of a process, competed with the kernel's work for each write's
// fdatasync: the first writes after an open had a p99 of about 4 ms, against under 3 ms once the
// same code had run on an in-memory database. A long-lived process (a window, `baton mcp`) does
// that a few seconds after it opens the database: the write path's statements (sql.js, the
// ledger's triggers, the recording writer, the record's encoding) on a database of its own in
// memory, a few writes at a time with pauses in between. Nothing touches the
// disk. One-shot CLI commands keep V8's baseline code instead (cli/oneShotProcess.ts).
import type { Database } from 'sql.js';
import { setSeq } from './databaseFiles';
import { encodeRecord } from './journal';
import { migrate } from './migrations';
import { type RecordedStatement, recordingWriterOf } from './sqlAccess';
import { loadSqlJs } from './sqlJs';

export interface WritePathWarmUp {
  /** Resolves when the warm-up has finished or was cancelled; never rejects. */
  readonly done: Promise<void>;
  /** Writes made so far. */
  readonly writesMade: number;
  cancel(): void;
}

export interface WarmUpOptions {
  /** After the open, so that the warm-up is not part of what a window waits for at start. */
  readonly delayMs?: number;
  readonly writes?: number;
  /** Writes per slice; the event loop runs between slices. */
  readonly slice?: number;
  /**
   * Between slices (a slice is 3 to 5 ms here): the warm-up takes about a third of one core for
   * a few seconds instead of all of it for one, beside a window's start on a 2-core machine.
   */
  readonly pauseMs?: number;
}

const LEDGER_ROW = `INSERT INTO ledger (id, workspace_id, session_id, account_id, provider, model, at, input_tokens, output_tokens, cached_tokens, cost_nanos, status, request_id)
  VALUES (?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, 'ok', ?)`;

function oneWrite(db: Database, n: number): void {
  const statements: RecordedStatement[] = [];
  db.exec('BEGIN IMMEDIATE');
  try {
    const at = 1_700_000_000_000 + n * 60_000;
    recordingWriterOf(db, statements).run(LEDGER_ROW, [`warm-up-${n}`, 'warm-up', `provider-${n % 5}`, `model-${n % 3}`, at, 1_000 + n, 200 + n, n % 7, 3_000 * n, `request-${n}`]);
    setSeq(db, n);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  encodeRecord({ seq: n, statements });
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
export function startWritePathWarmUp(wasmDir: string | undefined, { delayMs = 5_000, writes = 2_000, slice = 10, pauseMs = 8 }: WarmUpOptions = {}): WritePathWarmUp {
  let cancelled = false;
  let made = 0;
  const pauses: Pauses = new Map();
  const run = async () => {
    await pause(delayMs, pauses);
    if (cancelled) return;
    const sql = await loadSqlJs(wasmDir); // the module the database runs on: the same compiled code
    const db = new sql.Database();
    try {
      migrate(db);
      while (made < writes && !cancelled) {
        for (const end = Math.min(writes, made + slice); made < end; made++) oneWrite(db, made + 1);
        await pause(pauseMs, pauses);
      }
    } finally {
      db.close();
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
