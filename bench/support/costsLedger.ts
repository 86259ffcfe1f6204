// The ledger the costs benchmark reads: 100,000 requests over 90 days, shaped like a heavy user's.
// Sessions (5 a day on average, more on weekdays) each in one workspace and on one account, each
// using one to three models of three router providers or one of two agents (read from their
// logs); costs spread around each model's typical price, a few per cent fallbacks and errors,
// one spike day. Seeded, so every run and both engines read the same rows.
import type { SqlValue } from 'sql.js';
import type { BatonDatabase } from '../../src/storage/batonDatabase';
import { generator } from './dbWorkload';

export const LEDGER_ROWS = 100_000;
export const DAYS = 90;
const DAY_MS = 86_400_000;

const WORKSPACES = [['ws-api', 'api-server'], ['ws-web', 'web-app'], ['ws-infra', 'infra']] as const;
const ACCOUNTS = [['acc-openai', 'OpenAI-Main', 'openai', 'usd'], ['acc-anth', 'Anthropic-Team', 'anthropic', 'usd'], ['acc-claude', 'Claude-Max', 'claude-code', 'percent'], ['acc-codex', 'Codex-Pro', 'codex', 'percent']] as const;
/** provider, model, source, typical nanos per request, account. */
const MODELS = [
  ['openai', 'gpt-4o-mini', 'router', 400_000, 'acc-openai'],
  ['openai', 'gpt-4o', 'router', 9_000_000, 'acc-openai'],
  ['openai', 'o4-mini', 'router', 6_000_000, 'acc-openai'],
  ['anthropic', 'claude-sonnet-4', 'router', 14_000_000, 'acc-anth'],
  ['anthropic', 'claude-3-5-haiku', 'router', 1_500_000, 'acc-anth'],
  ['deepseek', 'deepseek-chat', 'router', 700_000, 'acc-openai'],
  ['claude-code', 'claude-sonnet-4', 'claude-code', 20_000_000, 'acc-claude'],
  ['codex', 'gpt-5-codex', 'codex', 12_000_000, 'acc-codex'],
] as const;


const COLUMNS = ['id', 'at', 'local_day', 'workspace_id', 'session_id', 'account_id', 'provider', 'model', 'strategy', 'attempts', 'input_tokens', 'output_tokens',
  'cache_read_tokens', 'cache_write_tokens', 'cached_tokens', 'cost_nanos', 'estimated', 'pricing', 'status', 'latency_ms', 'ttft_ms', 'fallback_used', 'source', 'decision', 'prices'];
const ROWS_PER_STATEMENT = 500;

interface Session {
  readonly id: string;
  readonly workspace: string;
  readonly start: number;
  readonly models: readonly (typeof MODELS)[number][];
}

function sessionsOf(next: () => number, end: number): Session[] {
  const sessions: Session[] = [];
  for (let day = 0; day < DAYS; day++) {
    const dayStart = end - (DAYS - day) * DAY_MS;
    const weekday = new Date(dayStart).getUTCDay() % 6 !== 0;
    const count = weekday ? 5 + Math.floor(next() * 3) : 1 + Math.floor(next() * 2);
    for (let s = 0; s < count; s++) {
      const router = next() < 0.6;
      const pool = router ? MODELS.slice(0, 6) : MODELS.slice(6);
      const models = Array.from({ length: router ? 1 + Math.floor(next() * 3) : 1 }, () => pool[Math.floor(next() * pool.length)] ?? MODELS[0]);
      const workspace = WORKSPACES[Math.floor(next() * WORKSPACES.length)]?.[0] ?? 'ws-api';
      sessions.push({ id: `s-${day}-${s}`, workspace, start: dayStart + (8 + next() * 10) * 3_600_000, models });
    }
  }
  return sessions;
}

function rowOf(i: number, session: Session, next: () => number, localDay: (at: number) => number, spikeDay: number): SqlValue[] {
  const [provider, model, source, typical, account] = session.models[Math.floor(next() * session.models.length)] ?? MODELS[0];
  const at = Math.round(session.start + next() * 2.5 * 3_600_000);
  const spike = localDay(at) === spikeDay ? 4 : 1;
  const cost = Math.round(typical * spike * (0.3 + next() * 1.4) * (next() < 0.002 ? 25 : 1));
  const input = Math.round(cost / 400);
  const failed = source === 'router' && next() < 0.02;
  const fallback = source === 'router' && next() < 0.04;
  const latency = source === 'router' ? Math.round(600 + next() * 4000) : 0;
  return [
    `r-${i}`, at, localDay(at), session.workspace, session.id, account, provider, model, source === 'router' ? 'cheapest' : '',
    '[]', input, Math.round(input / 8), Math.round(input * 0.5), 0, Math.round(input * 0.5), failed ? 0 : cost, source === 'router' ? 0 : 1, 'priced',
    failed ? 'error' : 'ok', source === 'router' ? latency : null, source === 'router' ? Math.round(latency * 0.3) : null, fallback ? 1 : 0, source, '', '',
  ];
}

/** Fills `database` with the accounts, workspaces, sessions and ledger rows; returns the time it took. */
export async function seedCostsLedger(database: BatonDatabase, end: number, localDay: (at: number) => number): Promise<void> {
  const next = generator(42);
  const sessions = sessionsOf(next, end);
  const spikeDay = localDay(end - 20 * DAY_MS);
  await database.write((db) => {
    for (const [id, name] of WORKSPACES) db.run('INSERT INTO workspaces (id, name, location) VALUES (?, ?, ?)', [id, name, `/work/${name}`]);
    for (const [id, name, platform, unit] of ACCOUNTS) {
      db.run(`INSERT INTO accounts (id, name, platform, unit, limit_amount, window_kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'monthly', 0, 0)`, [id, name, platform, unit, unit === 'usd' ? 200 : 100]);
    }
    for (const s of sessions) db.run('INSERT INTO sessions (id, workspace_id, goal, started_at, ended_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?)', [s.id, s.workspace, `Goal of ${s.id}`, s.start, s.start + 3 * 3_600_000, s.start]);
  });
  const placeholders = `(${COLUMNS.map(() => '?').join(', ')})`;
  for (let first = 0; first < LEDGER_ROWS; first += ROWS_PER_STATEMENT * 8) {
    await database.write((db) => {
      for (let start = first; start < Math.min(LEDGER_ROWS, first + ROWS_PER_STATEMENT * 8); start += ROWS_PER_STATEMENT) {
        const rows: SqlValue[] = [];
        const count = Math.min(ROWS_PER_STATEMENT, LEDGER_ROWS - start);
        for (let i = start; i < start + count; i++) rows.push(...rowOf(i, sessions[Math.floor(next() * sessions.length)] ?? (sessions[0] as Session), next, localDay, spikeDay));
        db.run(`INSERT INTO ledger (${COLUMNS.join(', ')}) VALUES ${Array.from({ length: count }, () => placeholders).join(', ')}`, rows);
      }
    });
  }
}
