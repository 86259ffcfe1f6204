// Reading one log file on from where the last scan left it, the same on the main thread and in a
// worker thread: the scanner plans which files have something new (one stat each, on the main
// thread, so an unchanged file is never opened), then each planned file is opened, checked again
// (it may have changed since) and handed to its format's reader, whose parts go to `FileEvents`.
// A worker posts those events to the main thread as plain data; the main thread batches them.
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { AgentSource } from '../../core/accounts/account';
import type { FileCursor } from '../../core/accounts/usagePorts';
import type { FilePart, LogFormat } from './logFile';
import { formatOf } from './logFormats';
import type { CursorBase } from './usageBatches';

/** One file to read: plain data, so that it can be posted to a worker thread. */
export interface FileJob {
  readonly path: string;
  readonly source: AgentSource;
  /** Where the last scan left the file; absent for a file never read. */
  readonly cursor: FileCursor | null;
  /** Bytes per read (see LogFileTarget.chunkBytes). */
  readonly chunkBytes: number;
}

/** What reading a file reports, in file order. */
export interface FileEvents {
  /** The file has new bytes to read; its parts follow. */
  reading(): void;
  /** Awaited: on the main thread the scanner may write a batch, or stop, before reading on. */
  part(base: CursorBase, part: FilePart): Promise<void>;
  /** Nothing to read, but where the file stands changed (it shrank to nothing, or is new and empty). */
  touch(cursor: FileCursor): void;
}

/** What the plan says of one listed file. */
export type FilePlan =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'unreadable'; readonly path: string; readonly error: string }
  | { readonly kind: 'read'; readonly job: FileJob; readonly bytes: number };

/** Whether `path` has anything new since `cursor`, and about how many bytes that is, from one stat. */
export async function planFile(source: AgentSource, path: string, cursor: FileCursor | undefined, chunkBytes: number): Promise<FilePlan> {
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    return { kind: 'unreadable', path, error: describeError(error) };
  }
  // Checked before opening: opening a FIFO named like a log would wait for a writer forever.
  if (!stats.isFile()) return { kind: 'unreadable', path, error: NOT_A_FILE };
  const from = startOffset(formatOf(source, path), cursor, stats);
  if (from === null) return { kind: 'unchanged' };
  return { kind: 'read', job: { path, source, cursor: cursor ?? null, chunkBytes }, bytes: stats.size - from };
}

/** Reads what is new in the job's file into `events`; throws when the file cannot be read. */
export async function readLogFile(job: FileJob, events: FileEvents): Promise<void> {
  const format = formatOf(job.source, job.path);
  const handle = await open(job.path, 'r');
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(NOT_A_FILE);
    const base: CursorBase = { path: job.path, source: job.source, size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
    const from = startOffset(format, job.cursor ?? undefined, stats);
    if (from === null) return; // nothing new after all: the file changed again since the plan looked
    if (from >= base.size) return touchIfMoved(job.cursor, { ...base, offset: from }, events);
    events.reading();
    await format.read({ ...base, handle, from, chunkBytes: job.chunkBytes }, (part) => events.part(base, part));
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function touchIfMoved(saved: FileCursor | null, cursor: FileCursor, events: FileEvents): void {
  if (!saved || !sameCursor(saved, cursor)) events.touch(cursor);
}

/**
 * Where to start reading, or null when there is nothing new. A file with another inode than its
 * cursor's was replaced, and one shorter than the cursor's offset was rewritten: both are read
 * from the start again (the records' keys make that safe).
 */
export function startOffset(format: Pick<LogFormat, 'kind'>, cursor: FileCursor | undefined, stats: Pick<Stats, 'size' | 'mtimeMs' | 'ino'>): number | null {
  if (!cursor || cursor.ino !== stats.ino) return 0;
  if (format.kind === 'whole') return cursor.size === stats.size && cursor.mtimeMs === stats.mtimeMs ? null : 0;
  if (stats.size < cursor.offset) return 0;
  return stats.size === cursor.offset ? null : cursor.offset;
}

const NOT_A_FILE = 'not a regular file';

const sameCursor = (a: FileCursor, b: FileCursor) => a.offset === b.offset && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;

/** An error as one line for the report of unreadable files: the errno code first. */
export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

/** Where the planned files are read: on this thread when asked, or ahead of the scan in worker threads. */
export interface LogFileReaders {
  /** How many files the scan may start before it takes what the first of them read. */
  readonly readAhead: number;
  start(job: FileJob): PendingRead;
}

export interface PendingRead {
  /** Hands what was read to `events`, in file order; resolves with the id of the thread that read it (0: this one). */
  deliver(events: FileEvents): Promise<number>;
}

/** Reads each file only when the scan takes it, so nothing is read that a stop or a failure would waste. */
export const MAIN_THREAD_READERS: LogFileReaders = {
  readAhead: 0,
  start: (job) => ({ deliver: (events) => readLogFile(job, events).then(() => 0) }),
};
