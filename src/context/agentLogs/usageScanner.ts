// Importing other agents' usage from their local logs, incrementally: per source, list the log
// files, read each one on from its saved cursor (append-only JSONL) or again when it changed
// (whole JSON documents), and hand the records to storage in batches, each written together with
// the cursors it reached, so a scan stopped anywhere resumes without losing or doubling anything.
// The scan runs inside the extension host next to everything else: with much to read (a first
// scan), worker threads parse the files (usageWorkerPool.ts) and this thread only batches and
// writes; otherwise files are read here one at a time in chunks, yielding to the event loop between
// chunks. Either way the batches, and the cursors they write, come out the same.
import { AGENT_SOURCES, type AgentSource } from '../../core/accounts/account';
import type { UsageBatch, UsageImportRepository, UsageImportResult } from '../../core/accounts/usagePorts';
import { DEFAULT_CHUNK_BYTES } from './jsonlChunks';
import type { FilePart } from './logFile';
import { type FileEvents, type FileJob, type FilePlan, type LogFileReaders, type PendingRead, describeError, planFile } from './logFileReader';
import { type AgentLogRoots, listLogFiles, logSearches } from './logLocations';
import { type BatchLimits, type CursorBase, DEFAULT_BATCH_LIMITS, UsageBatchBuilder } from './usageBatches';
import { ScanReaders, type WorkerChoice } from './usageWorkerPool';

export interface AgentLogScanOptions extends AgentLogRoots, WorkerChoice {
  /** Which agents to read (default: all); an agent whose root is not given reads nothing. */
  readonly sources?: readonly AgentSource[];
  /** Bytes per read, the most work done between two yields to the event loop (default 2 MiB). */
  readonly chunkBytes?: number;
  readonly batchLimits?: Partial<BatchLimits>;
  /** Stops between two parts (chunks) of a file; what was taken so far is still written, with its cursors. */
  readonly signal?: AbortSignal;
}

export interface UnreadableLog {
  readonly path: string;
  readonly error: string;
}

export interface SourceScanTotals {
  readonly source: AgentSource;
  /** Log files found. */
  files: number;
  /** Of them, the files that had something new to read. */
  filesRead: number;
  bytesRead: number;
  /** Records handed to storage (each key once per batch). */
  records: number;
  /** Lines or entries of an unknown shape, invalid or truncated JSON. */
  skipped: number;
  /** Worker threads that read this source's files; 0 when they were read on the main thread. */
  workers: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** Sum of the costs the agents reported themselves (records without one add nothing). */
  costUsd: number;
  /** Records new to storage, and records that replaced a smaller copy of themselves. */
  added: number;
  grown: number;
  /** Files and folders that could not be read (permissions, vanished, not a regular file), skipped. */
  readonly unreadable: UnreadableLog[];
}

export interface ScanProgress {
  readonly source: AgentSource;
  readonly files: number;
  readonly filesDone: number;
  readonly bytesRead: number;
  readonly records: number;
  readonly added: number;
}

export type ScanProgressListener = (progress: ScanProgress) => void;

/** Reads every requested source in turn and returns what each one added. */
export async function scanAgentLogs(options: AgentLogScanOptions, repository: UsageImportRepository, onProgress?: ScanProgressListener): Promise<SourceScanTotals[]> {
  const totals: SourceScanTotals[] = [];
  const readers = new ScanReaders(options);
  try {
    for (const source of options.sources ?? AGENT_SOURCES) {
      if (options.signal?.aborted) break;
      totals.push(await new SourceScan(source, options, repository, readers, onProgress).run());
    }
  } finally {
    await readers.close();
  }
  return totals;
}

/** A failure of storage while a file is being read: it ends the scan instead of skipping the file. */
class ImportFailed extends Error {
  constructor(readonly failure: unknown) {
    super('importing a usage batch failed');
  }
}

/** Thrown out of a format reader when the caller's signal asks the scan to stop. */
class ScanStopped extends Error {}

class SourceScan {
  private readonly totals: SourceScanTotals;
  private readonly builder: UsageBatchBuilder;
  private readonly chunkBytes: number;
  private readonly threads = new Set<number>();
  private filesDone = 0;

  constructor(
    private readonly source: AgentSource,
    private readonly options: AgentLogScanOptions,
    private readonly repository: UsageImportRepository,
    private readonly readers: ScanReaders,
    private readonly onProgress?: ScanProgressListener,
  ) {
    this.totals = emptyTotals(source);
    this.builder = new UsageBatchBuilder(source, { ...DEFAULT_BATCH_LIMITS, ...options.batchLimits });
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  }

  async run(): Promise<SourceScanTotals> {
    const listing = await listLogFiles(logSearches(this.source, this.options));
    this.totals.files = listing.files.length;
    this.totals.unreadable.push(...listing.unreadable);
    const cursors = await this.repository.cursors(this.source);
    // One stat per file says what is new, so an unchanged file is never opened, and how much there is to read.
    const plans: FilePlan[] = [];
    for (const path of listing.files) plans.push(await planFile(this.source, path, cursors.get(path), this.chunkBytes));
    const jobs = plans.flatMap((plan) => (plan.kind === 'read' ? [plan.job] : []));
    const bytes = plans.reduce((sum, plan) => sum + (plan.kind === 'read' ? plan.bytes : 0), 0);
    await this.readAll(plans, new ReadAhead(jobs, this.readers.choose(bytes)));
    this.totals.workers = this.threads.size;
    await this.flush();
    this.report();
    return this.totals;
  }

  /** Takes the files in listing order, whichever thread read them. */
  private async readAll(plans: readonly FilePlan[], reads: ReadAhead): Promise<void> {
    for (const plan of plans) {
      if (this.options.signal?.aborted) break;
      if (plan.kind === 'unreadable') this.totals.unreadable.push({ path: plan.path, error: plan.error });
      if (plan.kind === 'read') await this.take(plan.job.path, reads.take(plan.job));
      this.filesDone++;
    }
  }

  private async take(path: string, read: PendingRead): Promise<void> {
    try {
      const thread = await read.deliver(this.events());
      if (thread !== 0) this.threads.add(thread);
    } catch (error) {
      if (error instanceof ImportFailed) throw error.failure;
      if (!(error instanceof ScanStopped)) this.totals.unreadable.push({ path, error: describeError(error) });
    }
  }

  private events(): FileEvents {
    return {
      reading: () => this.totals.filesRead++,
      part: (base, part) => this.add(base, part),
      touch: (cursor) => this.builder.touch(cursor),
    };
  }

  private async add(base: CursorBase, part: FilePart): Promise<void> {
    this.builder.add(base, part);
    this.totals.bytesRead += part.bytes;
    if (this.builder.full) await this.flush().catch((failure: unknown) => Promise.reject(new ImportFailed(failure)));
    if (this.options.signal?.aborted) throw new ScanStopped();
  }

  private async flush(): Promise<void> {
    if (this.builder.empty) return;
    const batch = this.builder.take();
    addBatch(this.totals, batch, await this.repository.importBatch(batch));
    this.report();
  }

  private report(): void {
    const { source, files, bytesRead, records, added } = this.totals;
    this.onProgress?.({ source, files, filesDone: this.filesDone, bytesRead, records, added });
  }
}

/** Starts the planned reads up to `readAhead` files before the scan takes them, in plan order. */
class ReadAhead {
  private readonly started = new Map<FileJob, PendingRead>();
  private readonly upcoming: Iterator<FileJob>;

  constructor(jobs: readonly FileJob[], private readonly readers: LogFileReaders) {
    this.upcoming = jobs[Symbol.iterator]();
  }

  /** `job`'s read, with the next ones started; a job not started yet (no read-ahead) is started now. */
  take(job: FileJob): PendingRead {
    this.fill();
    const read = this.started.get(job) ?? this.readers.start(job);
    this.started.delete(job);
    return read;
  }

  private fill(): void {
    while (this.started.size < this.readers.readAhead) {
      const next = this.upcoming.next();
      if (next.done) return;
      this.started.set(next.value, this.readers.start(next.value));
    }
  }
}

function emptyTotals(source: AgentSource): SourceScanTotals {
  return { source, files: 0, filesRead: 0, bytesRead: 0, records: 0, skipped: 0, workers: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, costUsd: 0, added: 0, grown: 0, unreadable: [] };
}

function addBatch(totals: SourceScanTotals, batch: UsageBatch, result: UsageImportResult): void {
  totals.records += batch.records.length;
  totals.skipped += batch.skipped;
  for (const record of batch.records) {
    totals.input += record.inputTokens;
    totals.output += record.outputTokens;
    totals.cacheRead += record.cacheReadTokens;
    totals.cacheWrite += record.cacheWriteTokens;
    totals.costUsd += record.reportedCostUsd ?? 0;
  }
  totals.added += result.added;
  totals.grown += result.grown;
}
