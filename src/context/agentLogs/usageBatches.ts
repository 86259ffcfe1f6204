// Collecting the parts read from one source's files into UsageBatches. A batch is one durable
// write, so parts of many small files share one, and a big file is cut into several (each with
// the cursor it reached). Within a batch each key appears once, as its copy with the most tokens
// (Claude Code's streaming copies, Codex's repeated events); across batches the store does the
// same. Of the rate limits only the newest per window is kept: older ones are already stale.
import type { AgentSource } from '../../core/accounts/account';
import type { AgentRateLimit, AgentUsageRecord } from '../../core/accounts/agentUsage';
import type { FileCursor, UsageBatch } from '../../core/accounts/usagePorts';
import type { FilePart } from './logFile';

/** When a batch is full enough to write. */
export interface BatchLimits {
  /** Bytes read from disk (1 GB of logs: about 64 writes at 16 MiB). */
  readonly bytes: number;
  /**
   * Records per write: storage inserts a batch synchronously in sql.js (about 50 µs a record,
   * ledger rollups included), so 200 keep each stall of the extension host near 10 ms.
   */
  readonly records: number;
  readonly cursors: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { bytes: 16 * 2 ** 20, records: 200, cursors: 1_000 };

/** The file a part was read from, as its cursor needs it. */
export type CursorBase = Omit<FileCursor, 'offset'>;

export const tokensOf = (record: AgentUsageRecord) => record.inputTokens + record.outputTokens + record.cacheReadTokens + record.cacheWriteTokens;

export class UsageBatchBuilder {
  private records = new Map<string, AgentUsageRecord>();
  private rateLimits = new Map<AgentRateLimit['window'], AgentRateLimit>();
  private cursors = new Map<string, FileCursor>();
  private skipped = 0;
  private bytes = 0;

  constructor(
    private readonly source: AgentSource,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  ) {}

  add(file: CursorBase, part: FilePart): void {
    for (const record of part.records) {
      const held = this.records.get(record.key);
      if (!held || tokensOf(record) >= tokensOf(held)) this.records.set(record.key, record);
    }
    for (const limit of part.rateLimits) {
      const held = this.rateLimits.get(limit.window);
      if (!held || limit.observedAt >= held.observedAt) this.rateLimits.set(limit.window, limit);
    }
    this.skipped += part.skipped;
    this.bytes += part.bytes;
    this.cursors.set(file.path, { ...file, offset: part.offset });
  }

  /** Saves where a file stands without anything read from it (it shrank to nothing, or was replaced by an empty one). */
  touch(cursor: FileCursor): void {
    this.cursors.set(cursor.path, cursor);
  }

  get full(): boolean {
    return this.bytes >= this.limits.bytes || this.records.size >= this.limits.records || this.cursors.size >= this.limits.cursors;
  }

  get empty(): boolean {
    return this.cursors.size === 0 && this.records.size === 0;
  }

  /** The batch so far, and a fresh start for the next one. */
  take(): UsageBatch {
    const batch: UsageBatch = {
      source: this.source,
      records: [...this.records.values()],
      rateLimits: [...this.rateLimits.values()],
      skipped: this.skipped,
      cursors: [...this.cursors.values()],
    };
    this.records = new Map();
    this.rateLimits = new Map();
    this.cursors = new Map();
    this.skipped = 0;
    this.bytes = 0;
    return batch;
  }
}
