// A few worker threads (usageWorker.ts) that read the scan's log files ahead of it. The scan starts
// the files in its own order and takes what each one held in that same order, so its batches, and
// the cursors they write, are those of a scan on the main thread; the workers run ahead by a few
// files only, whose records wait here until taken. A worker that stops while on a file (an
// exception it did not catch, a crash) fails that file alone: the files it held next go back to
// the queue and a fresh worker takes its place. When no worker starts (its bundle is missing), the
// files are read on the main thread.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { yieldToEventLoop } from './jsonlChunks';
import { type FileEvents, type FileJob, type LogFileReaders, MAIN_THREAD_READERS, type PendingRead, describeError, readLogFile } from './logFileReader';
import { type JobEvent, USAGE_WORKER_DATA, isWorkerEvent } from './workerMessages';

export interface WorkerChoice {
  /** Worker threads that parse the files when there is much to read (default: the cores but one, 1 to 2); 0: always this thread. */
  readonly workers?: number;
  /** Bytes to read (of one source) from which the workers are started (default 128 MiB); below that, this thread is as fast. */
  readonly workerMinBytes?: number;
  /** The worker's script (default: dist/usageWorker.js beside this bundle; from source, usageWorker.ts through tsx). */
  readonly workerScript?: string;
}

/**
 * One core is left to the main thread, which batches and writes to sql.js meanwhile. Measured on 2
 * cores (1 GB): with the store, 1 worker and 2 both took about 0.8 of the main thread's time, but
 * with 2 the main thread's longest stall grew (it shared the cores with both); parsing alone, 2
 * took 0.66-0.74 of it and 1 took 0.84-0.91. Past 2, the writes are what is left to wait for.
 */
const defaultWorkerCount = () => Math.max(1, Math.min(2, availableParallelism() - 1));
/**
 * A fresh worker spends its first tens of MB warming up its JIT: on 2 cores, with the store, a
 * worker was as fast as this thread at 128 MiB of logs and 15-30% faster from 256 MiB on.
 */
const DEFAULT_WORKER_MIN_BYTES = 128 * 2 ** 20;
/** Files posted to a worker before it answers the first: it goes on to the next without waiting for the main thread. */
const JOBS_PER_WORKER = 2;
/** How far the workers may read ahead of the scan, in files per worker. */
const READ_AHEAD_PER_WORKER = 4;

/** Where the scan's files are read: the pool, started once per scan for the first source with enough to read, else this thread. */
export class ScanReaders {
  private pool: UsageWorkerPool | null = null;

  constructor(private readonly choice: WorkerChoice) {}

  choose(bytesToRead: number): LogFileReaders {
    const size = this.choice.workers ?? defaultWorkerCount();
    if (size < 1 || bytesToRead < (this.choice.workerMinBytes ?? DEFAULT_WORKER_MIN_BYTES)) return MAIN_THREAD_READERS;
    const script = this.choice.workerScript ?? defaultWorkerScript();
    if (script === null) return MAIN_THREAD_READERS;
    this.pool ??= new UsageWorkerPool(size, script);
    return this.pool;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}

/** The bundle beside this one (dist/usage.js and dist/usageWorker.js); from source (tests), the module itself. */
function defaultWorkerScript(): string | null {
  return [join(__dirname, 'usageWorker.js'), join(__dirname, 'usageWorker.ts')].find((file) => existsSync(file)) ?? null;
}

interface PoolWorker {
  readonly thread: Worker;
  /** Its threadId, kept: the thread's own reads -1 once it has exited. */
  readonly id: number;
  /** It said `ready`: its script loaded, so whatever stops it now stops it on a file. */
  started: boolean;
  /** The files posted to it and not yet answered, in order: it is on the first. */
  readonly jobs: JobStream[];
  /** What its 'error' event said, for its 'exit'. */
  failure: string | null;
}

class UsageWorkerPool implements LogFileReaders {
  readonly readAhead: number;
  private readonly workers = new Set<PoolWorker>();
  private readonly queue: JobStream[] = [];

  constructor(size: number, private readonly script: string) {
    this.readAhead = size * READ_AHEAD_PER_WORKER;
    for (let i = 0; i < size; i++) this.spawn();
  }

  start(job: FileJob): PendingRead {
    const stream = new JobStream(job);
    this.queue.push(stream);
    this.dispatch();
    return stream;
  }

  async close(): Promise<void> {
    const threads = [...this.workers].map((worker) => worker.thread);
    this.workers.clear();
    await Promise.all(threads.map((thread) => thread.terminate()));
  }

  private spawn(): void {
    let thread: Worker;
    try {
      thread = new Worker(this.script, workerOptions(this.script));
    } catch {
      return; // as if it had not started: the files go to the other workers, or this thread
    }
    const worker: PoolWorker = { thread, id: thread.threadId, started: false, jobs: [], failure: null };
    this.workers.add(worker);
    thread.on('message', (message: unknown) => this.receive(worker, message));
    // An uncaught exception may be reported before the messages the worker posted ahead of it;
    // 'exit' comes after all of them, so the file it was on is known only then.
    thread.on('error', (error) => (worker.failure ??= describeError(error)));
    thread.on('exit', (code) => this.stopped(worker, worker.failure ?? `it exited with code ${code}`));
  }

  /** Posts queued files to the least busy workers; with none left, they are read on this thread. */
  private dispatch(): void {
    if (this.workers.size === 0) {
      for (const stream of this.queue.splice(0)) stream.readHere();
      return;
    }
    for (;;) {
      const worker = leastBusy(this.workers);
      const stream = worker.jobs.length < JOBS_PER_WORKER ? this.queue.shift() : undefined;
      if (!stream) return;
      worker.jobs.push(stream);
      worker.thread.postMessage(stream.job);
    }
  }

  private receive(worker: PoolWorker, message: unknown): void {
    if (!this.workers.has(worker)) return; // it was let go: what it still says is not waited for
    if (!isWorkerEvent(message)) return this.refuse(worker);
    if (message.type === 'ready') {
      worker.started = true;
      return;
    }
    const stream = worker.jobs[0];
    if (!stream) return this.refuse(worker);
    stream.push(message, worker.id);
    if (message.type === 'done' || message.type === 'failed') {
      worker.jobs.shift();
      this.dispatch();
    }
  }

  /** A worker that says what no file asked for is out of step with its files: it is let go as if it had crashed. */
  private refuse(worker: PoolWorker): void {
    this.stopped(worker, 'it posted a message that answers no file');
    void worker.thread.terminate();
  }

  private stopped(worker: PoolWorker, why: string): void {
    if (!this.workers.delete(worker)) return; // refused (and terminated) already, or let go by close()
    const [current, ...waiting] = worker.jobs;
    // A worker that never started read nothing: its files go back to the queue as they were.
    if (current && !worker.started) waiting.unshift(current);
    this.queue.unshift(...waiting);
    if (current && worker.started) {
      current.fail(`the worker thread reading it stopped: ${why}`);
      // Each replacement follows a failed file, so a file that crashes every worker cannot loop.
      this.spawn();
    }
    this.dispatch();
  }
}

function workerOptions(script: string): WorkerOptions {
  // The bundle needs none of this process's flags (a debugger's, the bench's); from source, the
  // worker compiles TypeScript with tsx's require hook, as the test run does.
  return { workerData: USAGE_WORKER_DATA, execArgv: script.endsWith('.ts') ? ['--require', 'tsx/cjs'] : [] };
}

/** Of a non-empty set, the worker with the fewest files posted to it. */
const leastBusy = (workers: ReadonlySet<PoolWorker>): PoolWorker => [...workers].reduce((least, worker) => (worker.jobs.length < least.jobs.length ? worker : least));

/** What a worker has read of one file, held until the scan takes it. */
class JobStream implements PendingRead {
  private readonly events: JobEvent[] = [];
  private wake: (() => void) | null = null;
  private here = false;
  private threadId = 0;

  constructor(readonly job: FileJob) {}

  push(event: JobEvent, threadId: number): void {
    this.threadId = threadId;
    this.events.push(event);
    this.notify();
  }

  fail(error: string): void {
    this.push({ type: 'failed', error }, this.threadId);
  }

  /** No worker is left to read it: the scan reads it itself when it takes it. */
  readHere(): void {
    this.here = true;
    this.notify();
  }

  async deliver(events: FileEvents): Promise<number> {
    for (;;) {
      const event = this.events.shift();
      if (event) {
        if (await replay(event, events)) return this.threadId;
        // The events that came in one message callback are taken one per turn of the event loop,
        // as a scan on this thread takes its chunks: one part, and at most one batch write, a turn.
        await yieldToEventLoop();
      } else if (this.here) {
        await readLogFile(this.job, events);
        return 0;
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/** Hands one event to the scan; true once the file is done, throws when it failed. */
async function replay(event: JobEvent, events: FileEvents): Promise<boolean> {
  switch (event.type) {
    case 'reading':
      events.reading();
      return false;
    case 'part':
      await events.part(event.base, event.part);
      return false;
    case 'touch':
      events.touch(event.cursor);
      return false;
    case 'failed':
      throw new Error(event.error);
    case 'done':
      return true;
  }
}
