// A UsageImportRepository in memory, with the port's rule: each key once per source, keeping the
// copy with the most tokens; cursors and rate limits saved with the records of the same batch.
import type { AgentSource } from '../../../src/core/accounts/account';
import type { AgentRateLimit, AgentUsageRecord } from '../../../src/core/accounts/agentUsage';
import type { FileCursor, UsageBatch, UsageImportRepository, UsageImportResult } from '../../../src/core/accounts/usagePorts';

const tokens = (record: AgentUsageRecord) => record.inputTokens + record.outputTokens + record.cacheReadTokens + record.cacheWriteTokens;

export class MemoryUsageRepository implements UsageImportRepository {
  readonly batches: UsageBatch[] = [];
  readonly rateLimits: AgentRateLimit[] = [];
  private readonly stored = new Map<string, AgentUsageRecord>();
  private readonly savedCursors = new Map<AgentSource, Map<string, FileCursor>>();
  /** Makes the next importBatch fail, as a storage failure would. */
  failNext: Error | null = null;

  async cursors(source: AgentSource): Promise<ReadonlyMap<string, FileCursor>> {
    return new Map(this.savedCursors.get(source) ?? []);
  }

  async importBatch(batch: UsageBatch): Promise<UsageImportResult> {
    if (this.failNext) {
      const failure = this.failNext;
      this.failNext = null;
      throw failure;
    }
    this.batches.push(batch);
    let added = 0;
    let grown = 0;
    for (const record of batch.records) {
      const id = `${record.source}\u0000${record.key}`;
      const held = this.stored.get(id);
      if (!held) added++;
      else if (tokens(record) > tokens(held)) grown++;
      else continue;
      this.stored.set(id, record);
    }
    this.rateLimits.push(...batch.rateLimits);
    const cursors = this.savedCursors.get(batch.source) ?? new Map<string, FileCursor>();
    for (const cursor of batch.cursors) cursors.set(cursor.path, cursor);
    this.savedCursors.set(batch.source, cursors);
    return { added, grown };
  }

  /** The stored records of `source`, in key order. */
  records(source?: AgentSource): AgentUsageRecord[] {
    return [...this.stored.values()].filter((record) => !source || record.source === source).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  record(source: AgentSource, key: string): AgentUsageRecord | undefined {
    return this.stored.get(`${source}\u0000${key}`);
  }

  cursorOf(source: AgentSource, path: string): FileCursor | undefined {
    return this.savedCursors.get(source)?.get(path);
  }

  forgetCursors(): void {
    this.savedCursors.clear();
  }
}
