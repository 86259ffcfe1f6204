// What a format reader gets (an open log file and where to start) and what it hands back (the
// records of what it read, part by part, each with the offset it reached), so the scanner can
// batch parts from many files and save each file's cursor with the records read up to it.
import type { FileHandle } from 'node:fs/promises';
import type { AgentSource } from '../../core/accounts/account';
import type { AgentRateLimit, AgentUsageRecord } from '../../core/accounts/agentUsage';

export interface LogFileTarget {
  readonly path: string;
  readonly source: AgentSource;
  readonly handle: FileHandle;
  /** Size, mtime and inode when the scan looked: reading stops at `size`, later growth waits for the next scan. */
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  /** Byte to start from: the saved cursor of an append-only log, 0 otherwise. */
  readonly from: number;
  /** Bytes per read (the unit between two yields to the event loop). */
  readonly chunkBytes: number;
}

export interface FilePart {
  readonly records: readonly AgentUsageRecord[];
  readonly rateLimits: readonly AgentRateLimit[];
  /** Lines or entries of an unknown shape, invalid or truncated JSON. */
  readonly skipped: number;
  /** The file is consumed up to here (the byte after the last complete line, or the whole file). */
  readonly offset: number;
  /** Bytes read from disk for this part. */
  readonly bytes: number;
}

/** Receives the parts in file order; awaiting it lets the scanner write a batch before reading on. */
export type PartSink = (part: FilePart) => Promise<void>;

export interface LogFormat {
  /**
   * `lines`: append-only JSONL, read on from the cursor's offset.
   * `whole`: a JSON document rewritten in place, read again whenever its size or mtime changed.
   */
  readonly kind: 'lines' | 'whole';
  read(file: LogFileTarget, sink: PartSink): Promise<void>;
}

export const NO_RATE_LIMITS: readonly AgentRateLimit[] = [];
