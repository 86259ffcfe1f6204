// What the agent-log scanner needs from storage: where each file was read up to, and one
// durable write per batch that adds the batch's records and moves the files' cursors together,
// so that a scan stopped anywhere resumes without losing or counting anything twice.
import type { AgentSource } from './account';
import type { AgentRateLimit, AgentUsageRecord } from './agentUsage';

/** How far a log file has been read. */
export interface FileCursor {
  readonly path: string;
  readonly source: AgentSource;
  /** Bytes consumed: the end of the last complete line (append-only logs) or the whole file. */
  readonly offset: number;
  /** Size and modification time when last read: a whole-file log (JSON) is re-read when they change. */
  readonly size: number;
  readonly mtimeMs: number;
  /** The file's inode: a replaced file (same path, new inode) is read from the start again. */
  readonly ino: number;
}

export interface UsageBatch {
  readonly source: AgentSource;
  readonly records: readonly AgentUsageRecord[];
  readonly rateLimits: readonly AgentRateLimit[];
  /** Lines or entries of an unknown shape that were skipped (format drift). */
  readonly skipped: number;
  /** The cursors of the files this batch read; saved in the same write as the records. */
  readonly cursors: readonly FileCursor[];
}

export interface UsageImportResult {
  /** Records new to the ledger. */
  readonly added: number;
  /** Records that replaced a smaller copy of themselves (a partial copy written while streaming). */
  readonly grown: number;
}

export interface UsageImportRepository {
  /** Every cursor saved for `source`, by path. */
  cursors(source: AgentSource): Promise<ReadonlyMap<string, FileCursor>>;
  /** Atomically and durably: add the records (each key once, keeping the copy with the most tokens), save the rate limits and cursors. */
  importBatch(batch: UsageBatch): Promise<UsageImportResult>;
}
