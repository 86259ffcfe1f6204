// Importing other agents' usage from their local logs, incrementally: per source, list the log
// files, read each one on from its saved cursor (append-only JSONL) or again when it changed
// (whole JSON documents), and hand the records to storage in batches, each written together with
// the cursors it reached, so a scan stopped anywhere resumes without losing or doubling anything.
// Files are read one at a time in chunks, yielding to the event loop between chunks: the scan
// runs inside the extension host next to everything else.
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { AGENT_SOURCES, type AgentSource } from '../../core/accounts/account';
import type { FileCursor, UsageBatch, UsageImportRepository, UsageImportResult } from '../../core/accounts/usagePorts';
import { claudeCodeLog } from './claudeCodeLog';
import { clineTaskLog } from './clineTaskLog';
import { codexLog } from './codexLog';
import { geminiChatLog, geminiLegacyChatLog } from './geminiLog';
import { DEFAULT_CHUNK_BYTES } from './jsonlChunks';
import type { LogFormat, PartSink } from './logFile';
import { type AgentLogRoots, listLogFiles, logSearches } from './logLocations';
import { type BatchLimits, type CursorBase, DEFAULT_BATCH_LIMITS, UsageBatchBuilder } from './usageBatches';

export interface AgentLogScanOptions extends AgentLogRoots {
  /** Which agents to read (default: all); an agent whose root is not given reads nothing. */
  readonly sources?: readonly AgentSource[];
  /** Bytes per read, the most work done between two yields to the event loop (default 2 MiB). */
  readonly chunkBytes?: number;
  readonly batchLimits?: Partial<BatchLimits>;
  /** Stops between two chunks; what was read so far is still written, with its cursors. */
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
  for (const source of options.sources ?? AGENT_SOURCES) {
    if (options.signal?.aborted) break;
    totals.push(await new SourceScan(source, options, repository, onProgress).run());
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
  private filesDone = 0;

  constructor(
    private readonly source: AgentSource,
    private readonly options: AgentLogScanOptions,
    private readonly repository: UsageImportRepository,
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
    for (const path of listing.files) {
      if (this.options.signal?.aborted) break;
      await this.scanFile(path, cursors.get(path));
      this.filesDone++;
    }
    await this.flush();
    this.report();
    return this.totals;
  }

  private async scanFile(path: string, cursor: FileCursor | undefined): Promise<void> {
    const format = formatOf(this.source, path);
    let handle: FileHandle | undefined;
    try {
      // Most files are unchanged on a re-scan: one stat settles that without opening them.
      if (cursor && startOffset(format, cursor, await stat(path)) === null) return;
      handle = await open(path, 'r');
      const stats = await handle.stat();
      if (!stats.isFile()) throw new Error('not a regular file');
      await this.readFrom(handle, format, { path, source: this.source, size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino }, startOffset(format, cursor, stats), cursor);
    } catch (error) {
      if (error instanceof ImportFailed) throw error.failure;
      if (!(error instanceof ScanStopped)) this.totals.unreadable.push({ path, error: describe(error) });
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }

  private async readFrom(handle: FileHandle, format: LogFormat, base: CursorBase, from: number | null, cursor: FileCursor | undefined): Promise<void> {
    if (from === null) return; // unchanged since the last scan
    if (from >= base.size) {
      // Nothing to read, but where the file stands changed (it shrank to nothing, or is new and empty).
      if (!cursor || !sameCursor(cursor, { ...base, offset: from })) this.builder.touch({ ...base, offset: from });
      return;
    }
    this.totals.filesRead++;
    await format.read({ ...base, handle, from, chunkBytes: this.chunkBytes }, this.sinkFor(base));
  }

  private sinkFor(base: CursorBase): PartSink {
    return async (part) => {
      this.builder.add(base, part);
      this.totals.bytesRead += part.bytes;
      if (this.builder.full) await this.flush().catch((failure: unknown) => Promise.reject(new ImportFailed(failure)));
      if (this.options.signal?.aborted) throw new ScanStopped();
    };
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

const CLINE_FAMILY: Readonly<Record<'cline' | 'roo-code' | 'kilo-code', LogFormat>> = {
  cline: clineTaskLog('cline'),
  'roo-code': clineTaskLog('roo-code'),
  'kilo-code': clineTaskLog('kilo-code'),
};

function formatOf(source: AgentSource, path: string): LogFormat {
  switch (source) {
    case 'claude-code':
      return claudeCodeLog;
    case 'codex':
      return codexLog;
    case 'gemini-cli':
      return path.endsWith('.jsonl') ? geminiChatLog : geminiLegacyChatLog;
    default:
      return CLINE_FAMILY[source];
  }
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

const sameCursor = (a: FileCursor, b: FileCursor) => a.offset === b.offset && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;

function emptyTotals(source: AgentSource): SourceScanTotals {
  return { source, files: 0, filesRead: 0, bytesRead: 0, records: 0, skipped: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, costUsd: 0, added: 0, grown: 0, unreadable: [] };
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

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}
