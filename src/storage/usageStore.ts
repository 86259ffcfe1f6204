// Usage read from other agents' logs, written as ledger rows (source = the agent). Each batch
// is one durable write holding its records, the rate limits seen and the files' cursors, so a
// scan stopped anywhere resumes without losing or double-counting. A record's row id is
// `<source>:<key>`: a partial copy written while the agent streamed is replaced by a larger
// one, never added twice. Records are credited to the Baton session running at their time.
import type { AgentSource } from '../core/accounts/account';
import type { AgentRateLimit, AgentUsageRecord } from '../core/accounts/agentUsage';
import type { FileCursor, UsageBatch, UsageImportRepository, UsageImportResult } from '../core/accounts/usagePorts';
import type { SqlValue } from 'sql.js';
import { type LocalDayOf, utcDayOf } from '../core/costs/localDay';
import type { BatonDatabase } from './batonDatabase';
import { type SqlWriter, asNullableNumber, asNumber, asString } from './sqlAccess';
import { type SessionSpan, sessionAt, sessionsBetween } from './usageSessions';

/** The cost of a record the agent did not price: nano-dollars, or null when no price is known. */
export type UsagePricer = (record: AgentUsageRecord) => number | null;

const NANOS_PER_USD = 1_000_000_000;
const COLUMNS = ['id', 'at', 'workspace_id', 'session_id', 'provider', 'model', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens',
  'cached_tokens', 'cost_nanos', 'estimated', 'pricing', 'status', 'source', 'local_day'];
/** Rows per INSERT: sql.js compiles each statement, so one statement per row would dominate. */
const ROWS_PER_STATEMENT = 400;
const TOKENS = (table: string) => `${table}.input_tokens + ${table}.output_tokens + ${table}.cache_read_tokens + ${table}.cache_write_tokens`;
const UPSERT_TAIL = ` ON CONFLICT(id) DO UPDATE SET ${COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}
  WHERE ${TOKENS('excluded')} > ${TOKENS('ledger')}`;

function tokensOf(record: AgentUsageRecord): number {
  return record.inputTokens + record.outputTokens + record.cacheReadTokens + record.cacheWriteTokens;
}

/** One copy per key: the one with the most tokens (the last streaming copy is the whole answer). */
export function largestPerKey(records: readonly AgentUsageRecord[]): AgentUsageRecord[] {
  const byKey = new Map<string, AgentUsageRecord>();
  for (const record of records) {
    const known = byKey.get(record.key);
    if (!known || tokensOf(record) > tokensOf(known)) byKey.set(record.key, record);
  }
  return [...byKey.values()];
}

export class UsageStore implements UsageImportRepository {
  /** `localDay`: the local day each row is filed under (costsMigration.ts). */
  constructor(
    private readonly database: BatonDatabase,
    private readonly price: UsagePricer = () => null,
    private readonly localDay: LocalDayOf = utcDayOf,
  ) {}

  cursors(source: AgentSource): Promise<ReadonlyMap<string, FileCursor>> {
    return this.database.read((db) => new Map(db.all('SELECT path, offset_bytes, size_bytes, mtime_ms, ino FROM usage_files WHERE source = ?', [source]).map((row) => {
      const cursor: FileCursor = { path: asString(row.path), source, offset: asNumber(row.offset_bytes), size: asNumber(row.size_bytes), mtimeMs: asNumber(row.mtime_ms), ino: asNumber(row.ino) };
      return [cursor.path, cursor];
    })));
  }

  importBatch(batch: UsageBatch): Promise<UsageImportResult> {
    const records = largestPerKey(batch.records);
    // Priced before the write: the write holds the cross-process lock, pricing needs none.
    const rows = records.map((record) => ({ record, costNanos: this.costOf(record) }));
    return this.database.write((db) => {
      const result = this.writeRecords(db, rows);
      for (const limit of batch.rateLimits) writeRateLimit(db, limit);
      for (const cursor of batch.cursors) writeCursor(db, cursor);
      return result;
    });
  }

  private costOf(record: AgentUsageRecord): number | null {
    if (record.reportedCostUsd !== null) return Math.round(record.reportedCostUsd * NANOS_PER_USD);
    const nanos = this.price(record);
    return nanos === null ? null : Math.round(nanos);
  }

  private writeRecords(db: SqlWriter, rows: ReadonlyArray<{ record: AgentUsageRecord; costNanos: number | null }>): UsageImportResult {
    if (rows.length === 0) return { added: 0, grown: 0 };
    const ats = rows.map((row) => row.record.at);
    const sessions = sessionsBetween(db, Math.min(...ats), Math.max(...ats));
    let added = 0;
    let changed = 0;
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      added += chunk.length - existingIds(db, chunk.map((row) => rowId(row.record)));
      const params = chunk.flatMap((row) => rowParams(row.record, row.costNanos, sessions, this.localDay));
      const values = chunk.map(() => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ');
      changed += db.run(`INSERT INTO ledger (${COLUMNS.join(', ')}) VALUES ${values}${UPSERT_TAIL}`, params);
    }
    return { added, grown: changed - added };
  }
}

function rowId(record: AgentUsageRecord): string {
  return `${record.source}:${record.key}`;
}

function existingIds(db: SqlWriter, ids: readonly string[]): number {
  const row = db.one(`SELECT count(*) AS n FROM ledger WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
  return asNumber(row?.n);
}

function rowParams(record: AgentUsageRecord, costNanos: number | null, sessions: readonly SessionSpan[], localDay: LocalDayOf): SqlValue[] {
  const session = sessionAt(sessions, record.at, record.cwd);
  const estimated = record.reportedCostUsd === null ? 1 : 0;
  return [
    rowId(record), record.at, session?.workspaceId ?? null, session?.id ?? null, record.source, record.model,
    record.inputTokens, record.outputTokens, record.cacheReadTokens, record.cacheWriteTokens, record.cacheReadTokens + record.cacheWriteTokens,
    costNanos ?? 0, estimated, costNanos === null ? 'unpriced' : 'priced', 'ok', record.source, localDay(record.at),
  ];
}

function writeRateLimit(db: SqlWriter, limit: AgentRateLimit): void {
  db.run('INSERT INTO agent_rate_limits (source, window_kind, used_percent, resets_at, observed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    [limit.source, limit.window, limit.usedPercent, limit.resetsAt, limit.observedAt]);
}

function writeCursor(db: SqlWriter, cursor: FileCursor): void {
  db.run(`INSERT INTO usage_files (path, source, offset_bytes, size_bytes, mtime_ms, ino) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT(path) DO UPDATE SET source = excluded.source, offset_bytes = excluded.offset_bytes, size_bytes = excluded.size_bytes, mtime_ms = excluded.mtime_ms, ino = excluded.ino`,
  [cursor.path, cursor.source, cursor.offset, cursor.size, cursor.mtimeMs, cursor.ino]);
}

/** Totals of the usage read from one source's logs (for `baton usage scan` and the costs view). */
export function sourceTotals(db: { one: SqlWriter['one'] }, source: AgentSource): { records: number; costNanos: number; unpriced: number } {
  const row = db.one("SELECT count(*) AS n, coalesce(sum(cost_nanos), 0) AS nanos, coalesce(sum(pricing = 'unpriced'), 0) AS unpriced FROM ledger WHERE source = ?", [source]);
  return { records: asNumber(row?.n), costNanos: asNumber(row?.nanos), unpriced: asNullableNumber(row?.unpriced) ?? 0 };
}
