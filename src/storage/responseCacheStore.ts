// The response cache in the database, shared by every window and the CLI. An entry lives for
// the TTL given when it was stored; each put drops what has expired and then the oldest entries
// beyond the cap, in the same write, so the table never holds more than the cap after a put.
import type { CachedResponse, ResponseCacheRepository } from '../core/costs/ledgerPorts';
import type { TokenUsage } from '../core/costs/tokenUsage';
import type { BatonDatabase } from './batonDatabase';
import { type Row, asNullableNumber, asNumber, asString } from './sqlAccess';

function usageOf(text: string): TokenUsage {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // an unreadable usage reads as zero tokens: the cached text is still good
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return { input: count(record.input), output: count(record.output), cacheRead: count(record.cacheRead), cacheWrite: count(record.cacheWrite) };
}

function cachedResponseOf(row: Row): CachedResponse {
  return {
    text: asString(row.text),
    provider: asString(row.provider),
    model: asString(row.model),
    usage: usageOf(asString(row.usage)),
    costNanos: asNullableNumber(row.cost_nanos),
    storedAt: asNumber(row.stored_at),
  };
}

export class ResponseCacheStore implements ResponseCacheRepository {
  constructor(private readonly database: BatonDatabase) {}

  get(key: string, now: number): Promise<CachedResponse | null> {
    return this.database.read((db) => {
      const row = db.one('SELECT text, provider, model, usage, cost_nanos, stored_at FROM response_cache WHERE key = ? AND expires_at > ?', [key, now]);
      return row ? cachedResponseOf(row) : null;
    });
  }

  async put(key: string, entry: CachedResponse, limits: { readonly ttlMs: number; readonly maxEntries: number }): Promise<void> {
    const { input, output, cacheRead, cacheWrite } = entry.usage;
    await this.database.write((db) => {
      db.run('DELETE FROM response_cache WHERE expires_at <= ?', [entry.storedAt]);
      db.run(
        `INSERT INTO response_cache (key, text, provider, model, usage, cost_nanos, stored_at, expires_at, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET text = excluded.text, provider = excluded.provider, model = excluded.model, usage = excluded.usage,
           cost_nanos = excluded.cost_nanos, stored_at = excluded.stored_at, expires_at = excluded.expires_at, bytes = excluded.bytes`,
        [key, entry.text, entry.provider, entry.model, JSON.stringify({ input, output, cacheRead, cacheWrite }), entry.costNanos,
          entry.storedAt, entry.storedAt + limits.ttlMs, Buffer.byteLength(entry.text, 'utf8')],
      );
      // Newest first by time, then by key, so that every process replaying this evicts the same rows.
      db.run('DELETE FROM response_cache WHERE key IN (SELECT key FROM response_cache ORDER BY stored_at DESC, key DESC LIMIT -1 OFFSET ?)', [
        Math.max(0, Math.floor(limits.maxEntries)),
      ]);
    });
  }
}
