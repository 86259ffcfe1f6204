// The database benchmark's workload, shared by the Baton and better-sqlite3 children so that
// both engines store exactly the same rows: 100,000 ledger rows spread over 90 days and five
// providers, 10,000 ended sessions with a note and a file each, the same single-row writes,
// and the same 30-day cost aggregate. Everything is deterministic (seeded per row index).
import { execFileSync } from 'node:child_process';
import type { SqlValue } from 'sql.js';
import { COST_BY_DAY_AND_PROVIDER_SQL } from '../../src/storage/costQueries';

export const LEDGER_ROWS = 100_000;
export const SESSIONS = 10_000;
export const SEED_BATCH = 1_000;
export const WORKSPACE_ID = 'w-bench-0001';

export const WRITE_ROUNDS = 4;
export const WRITES_PER_ROUND = 500;
export const OPEN_ROUNDS = 9;
export const COLD_OPEN_ROUNDS = 7;
export const AGGREGATE_ROUNDS = 20;
export const COMPACTION_ROUNDS = 7;
export const WRITES_BETWEEN_COMPACTIONS = 100;
/** Writes issued while one compaction runs stop here even if it has not finished. */
export const MAX_WRITES_DURING_COMPACTION = 3_000;
export const FLOOR_ROUNDS = 300;
/** Writes made untimed before the steady-state sample: by then V8 has optimised sql.js's hot code. */
export const STEADY_WARM_WRITES = 4_000;
/** Steady writes with automatic compaction at a threshold small enough to reach in seconds. */
export const AUTO_COMPACT_WRITES = 2_000;
export const AUTO_COMPACT_AFTER_BYTES = 128 * 1024;

export const DAY_MS = 86_400_000;
export const LEDGER_DAYS = 90;
/** The ledger ends here; the aggregate covers the 30 days before it (and the timed writes after it). */
export const LEDGER_END = Date.UTC(2026, 10, 1);
export const AGGREGATE_SINCE = LEDGER_END - 30 * DAY_MS;

const PROVIDERS = [
  { name: 'anthropic', models: ['claude-sonnet-4-5', 'claude-haiku-4-5'], inNanos: 3_000, outNanos: 15_000 },
  { name: 'openai', models: ['gpt-5', 'gpt-5-mini'], inNanos: 1_250, outNanos: 10_000 },
  { name: 'google', models: ['gemini-2.5-pro', 'gemini-2.5-flash'], inNanos: 1_250, outNanos: 10_000 },
  { name: 'mistral', models: ['mistral-large', 'codestral'], inNanos: 2_000, outNanos: 6_000 },
  { name: 'openrouter', models: ['deepseek-v3', 'qwen3-coder'], inNanos: 270, outNanos: 1_100 },
] as const;
export const PROVIDER_COUNT = PROVIDERS.length;

export const LEDGER_INSERT = `INSERT INTO ledger (id, workspace_id, session_id, account_id, provider, model, at, input_tokens, output_tokens, cached_tokens, cost_nanos, status, request_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The product's cost query (the daily rollup kept by triggers), the same for both engines. */
export const AGGREGATE_SQL = COST_BY_DAY_AND_PROVIDER_SQL;

/** mulberry32: a small seeded generator, enough for spreading synthetic rows. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function hex(next: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(next() * 0x1_0000_0000).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

function uuidOf(next: () => number): string {
  const h = hex(next, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Ledger row number `index`, as the 13 parameters of LEDGER_INSERT. Rows below LEDGER_ROWS are
 * spread evenly over the 90 days before LEDGER_END (in time order, as requests arrive); later
 * rows are the benchmark's timed writes, one second apart after LEDGER_END.
 */
export function ledgerRow(index: number): SqlValue[] {
  const next = generator(index * 2_654_435_761 + 17);
  const provider = PROVIDERS[Math.floor(next() * PROVIDERS.length)] ?? PROVIDERS[0];
  const model = provider.models[Math.floor(next() * provider.models.length)] ?? provider.models[0];
  const at = index < LEDGER_ROWS
    ? LEDGER_END - LEDGER_DAYS * DAY_MS + Math.floor(((index + next()) * LEDGER_DAYS * DAY_MS) / LEDGER_ROWS)
    : LEDGER_END + (index - LEDGER_ROWS) * 1_000;
  const input = 200 + Math.floor(next() * 60_000);
  const output = 50 + Math.floor(next() * 8_000);
  const cached = Math.floor(next() * input * 0.5);
  const roll = next();
  const status = roll < 0.97 ? 'ok' : roll < 0.99 ? 'error' : 'cancelled';
  const cost = status === 'ok' ? (input - cached) * provider.inNanos + output * provider.outNanos : 0;
  return [
    uuidOf(next),
    WORKSPACE_ID,
    `s${Math.floor(next() * SESSIONS)}`,
    `acct-${1 + Math.floor(next() * 3)}`,
    provider.name,
    model,
    at,
    input,
    output,
    cached,
    cost,
    status,
    `req_${hex(next, 24)}`,
  ];
}

/**
 * The sessions, notes and files that seedSessions.ts writes through Baton, as statements,
 * for the better-sqlite3 reference (kept identical to that file).
 */
export function* sessionStatements(workspaceId: string, count: number): Generator<[string, SqlValue[]]> {
  const start = Date.UTC(2026, 0, 1);
  yield ['INSERT OR IGNORE INTO workspaces (id, name, location) VALUES (?, ?, ?)', [workspaceId, 'bench', '/bench']];
  for (let i = 0; i < count; i++) {
    const id = `s${i}`;
    const at = start + i * 3_600_000;
    yield [
      `INSERT INTO sessions (id, workspace_id, goal, started_at, ended_at, last_activity_at, active_ms, branch_start, head_start, summary)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'main', ?, ?)`,
      [id, workspaceId, `Goal number ${i}: refactor module ${i % 97}`, at, at + 1_800_000, at + 1_800_000, 1_500_000, 'f'.repeat(40), `Summary ${i}`],
    ];
    yield ['INSERT INTO session_notes (id, session_id, text, at) VALUES (?, ?, ?, ?)', [`n${i}`, id, `Note for session ${i}`, at + 60_000]];
    yield ['INSERT INTO session_files (session_id, path, edits, saves, last_at) VALUES (?, ?, 12, 3, ?)', [id, `src/module${i % 97}.ts`, at + 120_000]];
  }
}

/** A short fingerprint of an aggregate's rows, to check that both engines computed the same. */
export function fingerprint(rows: readonly Record<string, unknown>[]): string {
  let cost = 0;
  let requests = 0;
  for (const row of rows) {
    cost += Number(row.cost_nanos);
    requests += Number(row.requests);
  }
  return `${rows.length} groups, ${requests} requests, ${cost} nanos`;
}

export interface MemoryPeak {
  maxRssMiB: number;
  startRssMiB: number;
  heapUsedMaxMiB: number;
  externalMaxMiB: number;
  arrayBuffersMaxMiB: number;
  /** After each phase: the RSS then and the high-water mark so far. */
  phases: { phase: string; rssMiB: number; maxRssMiB: number }[];
}

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** The process's memory high-water marks: maxRSS from the kernel, heap and external sampled. */
export class MemoryProbe {
  private readonly startRss = process.memoryUsage.rss();
  private heapUsedMax = 0;
  private externalMax = 0;
  private arrayBuffersMax = 0;
  private readonly phases: MemoryPeak['phases'] = [];

  sample(phase?: string): void {
    const usage = process.memoryUsage();
    this.heapUsedMax = Math.max(this.heapUsedMax, usage.heapUsed);
    this.externalMax = Math.max(this.externalMax, usage.external);
    this.arrayBuffersMax = Math.max(this.arrayBuffersMax, usage.arrayBuffers);
    if (phase === undefined) return;
    const maxRssMiB = mib(process.resourceUsage().maxRSS * 1024);
    const last = this.phases.at(-1);
    if (last?.phase === phase) Object.assign(last, { rssMiB: mib(usage.rss), maxRssMiB });
    else this.phases.push({ phase, rssMiB: mib(usage.rss), maxRssMiB });
  }

  peak(): MemoryPeak {
    this.sample();
    return {
      maxRssMiB: mib(process.resourceUsage().maxRSS * 1024),
      startRssMiB: mib(this.startRss),
      heapUsedMaxMiB: mib(this.heapUsedMax),
      externalMaxMiB: mib(this.externalMax),
      arrayBuffersMaxMiB: mib(this.arrayBuffersMax),
      phases: this.phases,
    };
  }
}

/**
 * Flushes the page cache's pending writeback (the seeding's files) before timed writes, so that
 * each engine's fdatasyncs meet a disk with nothing else queued, as a user's write usually does.
 */
export function settleDisk(): void {
  execFileSync('sync');
}

/** Times one async or sync call in milliseconds. */
export async function timed(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}
