// The messages between the scanner's worker pool (main thread) and a usage worker: a worker gets
// file jobs and answers, per job and in job order, what it read, then `done` or `failed`. Both ends
// come from the same build, so the shapes agree; the guards check the discriminant and the fields
// the receiver relies on, so that a stray message is refused instead of taken for another.
import type { FileCursor } from '../../core/accounts/usagePorts';
import type { FilePart } from './logFile';
import type { FileJob } from './logFileReader';
import type { CursorBase } from './usageBatches';

/** The workerData a usage worker is started with: its entry serves jobs only then, not when merely imported. */
export const USAGE_WORKER_DATA = { role: 'baton-usage-worker' } as const;

export type WorkerEvent =
  | { readonly type: 'ready' }
  | { readonly type: 'reading' }
  | { readonly type: 'part'; readonly base: CursorBase; readonly part: FilePart }
  | { readonly type: 'touch'; readonly cursor: FileCursor }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly error: string };

/** What a worker says about the job it is on (all but `ready`). */
export type JobEvent = Exclude<WorkerEvent, { readonly type: 'ready' }>;

type Fields = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const hasPath = (value: unknown) => isObject(value) && typeof value.path === 'string';

export function isWorkerEvent(value: unknown): value is WorkerEvent {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'reading':
    case 'done':
      return true;
    case 'touch':
      return hasPath(value.cursor);
    case 'part':
      return hasPath(value.base) && isObject(value.part) && Array.isArray(value.part.records) && typeof value.part.offset === 'number';
    case 'failed':
      return typeof value.error === 'string';
    default:
      return false;
  }
}

export function isFileJob(value: unknown): value is FileJob {
  return hasPath(value) && isObject(value) && typeof value.source === 'string' && typeof value.chunkBytes === 'number' && (value.cursor === null || hasPath(value.cursor));
}

export const isUsageWorkerData = (value: unknown): boolean => isObject(value) && value.role === USAGE_WORKER_DATA.role;
