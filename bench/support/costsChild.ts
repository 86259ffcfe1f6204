// One process of the costs benchmark, on the seeded database. `baton DB WASM_DIR DIST`: opens
// the database (timed apart: a window has it open before the panel is asked for), then times
// what `Baton: Show Costs` waits for on the host, cold: loading dist/costs-service.js and
// building the state of the last 30 days; then the same state warm, other periods and a filter.
// `native DB DIST`: the same service and queries over better-sqlite3 (native SQLite, the same
// file after compaction), and the same aggregates computed straight from the ledger without the
// rollup. Prints one JSON line of samples.
import type { CostsQuery } from '../../src/shared/protocol/costs';
import type { SqlReader } from '../../src/storage/sqlAccess';

type CostsModule = typeof import('../../src/app/costsServices');

const [engine = 'baton', path = '', second = '', third = '', fourth = ''] = process.argv.slice(2);
const WARM_ROUNDS = 25;
const FILTERS = { workspace: null, provider: null, model: null, account: null, source: null };
const QUERY_30D: CostsQuery = { period: '30d', from: null, to: null, filters: FILTERS };
const OTHER_QUERIES: Record<string, CostsQuery> = {
  today: { ...QUERY_30D, period: 'today' },
  month: { ...QUERY_30D, period: 'month' },
  filtered: { ...QUERY_30D, filters: { ...FILTERS, provider: 'openai', workspace: 'ws-api' } },
};

const now = () => performance.now();

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = now();
  const value = await run();
  return [value, now() - start];
}

async function samples(run: () => Promise<unknown>, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) times.push((await timed(run))[1]);
  return times;
}

interface Service {
  state(query: CostsQuery): Promise<{ headline: { spendNanos: number; requests: number }; anomalies: unknown[]; topRequests: unknown[] }>;
}

async function measure(load: () => Service): Promise<Record<string, unknown>> {
  const [service0, loadMs] = await timed(async () => load());
  const [state, firstStateMs] = await timed(() => service0.state(QUERY_30D));
  const coldMs = loadMs + firstStateMs;
  const service = load();
  const warm = await samples(() => service.state(QUERY_30D), WARM_ROUNDS);
  const others: Record<string, number[]> = {};
  for (const [name, query] of Object.entries(OTHER_QUERIES)) others[name] = await samples(() => service.state(query), 10);
  return { coldMs, loadMs, firstStateMs, warm, others, facts: { spendNanos: state.headline.spendNanos, requests: state.headline.requests, anomalies: state.anomalies.length, topRequests: state.topRequests.length } };
}

async function openBaton() {
  const { BatonDatabase } = await import('../../src/storage/batonDatabase');
  const { AccountPool } = await import('../../src/core/accounts/accountPool');
  const { AccountStore } = await import('../../src/storage/accountStore');
  const { lazyZoneClock } = await import('../../src/app/zoneClockLoader');
  const [database, openMs] = await timed(() => BatonDatabase.open({ path, wasmDir: second }));
  const clock = { now: () => Date.now() };
  const accounts = new AccountPool({ repository: new AccountStore(database, { next: () => 'id' }), clock, ids: { next: () => 'id' }, zones: lazyZoneClock });
  // A window's credit indicator reads the standings when the database opens (loading the zone
  // arithmetic), long before the panel is opened: not part of what the panel makes one wait for.
  await accounts.standings();
  let service: ReturnType<CostsModule['createCostsService']> | undefined;
  const load = () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    service ??= (require(`${third}/costs-service.js`) as CostsModule).createCostsService(database, { clock, accounts, budgets: () => null, breakers: () => null });
    return service;
  };
  return { database, openMs, load };
}

async function baton(): Promise<void> {
  const { database, openMs, load } = await openBaton();
  const result = await measure(load);
  await database.close();
  process.stdout.write(JSON.stringify({ openMs, ...result }) + '\n');
}

/**
 * What the panel does since it prefetches: the first state starts building when the panel is
 * created (bundle load included) and the page asks `bootMs` later, once it has loaded. Times
 * what is left to wait when it asks.
 */
async function prefetched(bootMs: number): Promise<void> {
  const { CostsStatePrefetch } = await import('../../src/core/costs/costsStatePrefetch');
  const { database, load } = await openBaton();
  const prefetch = new CostsStatePrefetch();
  prefetch.start(load(), QUERY_30D);
  await new Promise((resolve) => setTimeout(resolve, bootMs));
  const asked = now();
  const kept = await prefetch.take(load(), QUERY_30D);
  const state = kept ?? (await load().state(QUERY_30D));
  const waitMs = now() - asked;
  await database.close();
  process.stdout.write(JSON.stringify({ waitMs, usedPrefetch: kept !== undefined, requests: state.headline.requests }) + '\n');
}

/** The panel's aggregates straight from the ledger with GROUP BY: what the rollup saves. */
const LEDGER_SCANS = [
  `SELECT local_day, provider, sum(cost_nanos), count(*), sum(input_tokens), sum(output_tokens), sum(cached_tokens) FROM ledger WHERE local_day BETWEEN ? AND ? GROUP BY 1, 2`,
  `SELECT model, sum(cost_nanos), count(*) FROM ledger WHERE local_day BETWEEN ? AND ? GROUP BY 1`,
  `SELECT workspace_id, sum(cost_nanos), count(*) FROM ledger WHERE local_day BETWEEN ? AND ? GROUP BY 1`,
  `SELECT session_id, sum(cost_nanos) AS c FROM ledger WHERE local_day BETWEEN ? AND ? GROUP BY 1 ORDER BY c DESC LIMIT 20`,
  `SELECT id, cost_nanos FROM ledger WHERE local_day BETWEEN ? AND ? ORDER BY cost_nanos DESC LIMIT 20`,
  `SELECT provider, latency_ms FROM ledger WHERE local_day BETWEEN ? AND ? AND source = 'router' ORDER BY provider, latency_ms`,
];

async function native(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  const db = new Database(path, { readonly: true });
  const statements = new Map<string, import('better-sqlite3').Statement>();
  const statement = (sql: string) => statements.get(sql) ?? statements.set(sql, db.prepare(sql)).get(sql) ?? db.prepare(sql);
  const reader: SqlReader = {
    all: (sql, params = []) => statement(sql).all(...params) as ReturnType<SqlReader['all']>,
    one: (sql, params = []) => statement(sql).get(...params) as ReturnType<SqlReader['one']>,
  };
  const database = { read: async <T>(query: (r: SqlReader) => T) => query(reader) };
  const accounts = { standings: async () => [], current: async () => null };
  let service: Service | undefined;
  const load = () => {
    // The service takes a BatonDatabase; it only ever calls read() with a SqlReader, as here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    service ??= (require(`${second}/costs-service.js`) as CostsModule).createCostsService(database as never, { clock: { now: () => Date.now() }, accounts: accounts as never, budgets: () => null, breakers: () => null });
    return service;
  };
  const result = await measure(load);
  const today = Math.floor(Date.now() / 86_400_000);
  const scan = await samples(async () => LEDGER_SCANS.map((sql) => statement(sql).all(today - 29, today + 1)), 10);
  db.close();
  process.stdout.write(JSON.stringify({ ...result, ledgerScan: scan }) + '\n');
}

(engine === 'native' ? native() : engine === 'prefetched' ? prefetched(Number(fourth)) : baton()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
