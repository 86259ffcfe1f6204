// The whole router as the extension and the CLI build it (createRouterServices over a real
// sql.js database on a temporary file), with the real `openai` and `@anthropic-ai/sdk` clients
// pointed at local wire servers, and fake timers so that retry waits and cool-downs never sleep.
//
// Retries are driven by the router's own notices: when it says "retrying in …", the harness
// lets the wait's timer be scheduled, records how long it is, and advances the fake clock to it.
import { join } from 'node:path';
import type { ApiKeySource } from '../../../src/core/routing/apiKeys';
import type { RouteObserver, RouteRequest, RouteResult, CostPreview } from '../../../src/core/routing/routeRequest';
import type { ProviderConfig, RouterConfig, RoutingConfig, BudgetConfig } from '../../../src/core/routing/routerConfig';
import { DEFAULT_ROUTING } from '../../../src/core/routing/routerConfig';
import type { LedgerEntry } from '../../../src/core/costs/ledgerPorts';
import { type RouterServices, createRouterServices } from '../../../src/app/routerServices';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { LedgerStore } from '../../../src/storage/ledgerStore';
import { FakeTimers, flushPromises } from '../../support/fakeTimers';
import { type WireServer, startAnthropicWire, startOpenAIWire } from '../../support/wire/wireServer';
import { openDatabase } from '../support/database';
import { makeTempDir, removeTempDirs } from '../support/tempDirs';

export const OPENAI_KEY = 'wire-test-key-openai-0001';
export const ANTHROPIC_KEY = 'wire-test-key-anthropic-0001';

/** Prices (USD per million tokens) of the test models; names unknown to the built-in table. */
export const MINI = { id: 'wire-mini', input: 0.15, output: 0.6, cacheRead: 0.075, cacheWrite: 0.15 } as const;
export const HAIKU = { id: 'wire-haiku', input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 } as const;

export function openaiProvider(server: WireServer, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return { id: 'oa', kind: 'openai', baseUrl: server.baseUrl, models: [{ ...MINI }], ...overrides };
}

export function anthropicProvider(server: WireServer, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return { id: 'an', kind: 'anthropic', baseUrl: server.baseUrl, models: [{ ...HAIKU }], ...overrides };
}

/** Keys per provider id, changeable during a test (the extension's SecretStorage). */
export class TestKeys implements ApiKeySource {
  readonly keys = new Map<string, string>([
    ['oa', OPENAI_KEY],
    ['an', ANTHROPIC_KEY],
    ['oa2', OPENAI_KEY],
  ]);

  async key(provider: ProviderConfig): Promise<string | undefined> {
    return this.keys.get(provider.id);
  }

  howToSet(provider: ProviderConfig): string {
    return `run "Baton: Set API Key" for ${provider.id}`;
  }
}

export interface Routed {
  readonly result: RouteResult;
  /** Text as the observer received it, piece by piece. */
  readonly pieces: readonly string[];
  readonly notices: readonly string[];
  /** Each retry wait the router scheduled, in ms of fake time. */
  readonly waits: readonly number[];
}

export interface Harness {
  readonly timers: FakeTimers;
  readonly keys: TestKeys;
  readonly database: BatonDatabase;
  readonly services: RouterServices;
  readonly ledger: LedgerStore;
  /** The configuration the router reads on each request; replace it between requests. */
  config: RouterConfig;
  route(request: Partial<RouteRequest> & { prompt?: string }, observer?: Partial<RouteObserver>): Promise<Routed>;
  /** The ledger row of a request. */
  row(id: string): Promise<LedgerEntry>;
  rowCount(): Promise<number>;
  reservations(): Promise<number>;
}

export function config(providers: readonly ProviderConfig[], routing: Partial<RoutingConfig> = {}, budgets: Partial<BudgetConfig> = {}): RouterConfig {
  return { providers, routing: { ...DEFAULT_ROUTING, cache: { ...DEFAULT_ROUTING.cache, mode: 'off' }, ...routing }, budgets: { perProvider: {}, ...budgets } };
}

/** Creates the database, the services and the fake clock for one test; `closeAll` undoes it. */
export async function makeHarness(initial: RouterConfig): Promise<Harness> {
  const timers = new FakeTimers();
  const keys = new TestKeys();
  const database = await openDatabase(join(makeTempDir('baton-router-'), 'baton.db'));
  opened.push(database);
  let current = initial;
  const services = createRouterServices(database, { config: () => current, apiKeys: keys, timers });
  const harness: Harness = {
    timers,
    keys,
    database,
    get config() {
      return current;
    },
    set config(next: RouterConfig) {
      current = next;
    },
    services,
    ledger: new LedgerStore(database),
    route: (request, observer) => routeWith(harness, request, observer),
    async row(id) {
      const entry = await harness.ledger.get(id);
      if (!entry) throw new Error(`no ledger row ${id}`);
      return entry;
    },
    rowCount: () => database.read((db) => Number(db.one('SELECT count(*) AS n FROM ledger')?.n)),
    reservations: () => database.read((db) => Number(db.one('SELECT count(*) AS n FROM budget_reservations')?.n)),
  };
  return harness;
}

async function routeWith(harness: Harness, request: Partial<RouteRequest> & { prompt?: string }, observer: Partial<RouteObserver> = {}): Promise<Routed> {
  const pieces: string[] = [];
  const notices: string[] = [];
  const waits: number[] = [];
  const { prompt, ...rest } = request;
  const full: RouteRequest = { messages: [{ role: 'user', content: prompt ?? 'Say hello.' }], maxTokens: 64, ...rest };
  const result = await harness.services.router.route(full, {
    onText: (text) => {
      pieces.push(text);
      observer.onText?.(text);
    },
    onNotice: (message) => {
      notices.push(message);
      observer.onNotice?.(message);
      if (/retrying in/.test(message)) void advanceToWait(harness.timers, waits);
    },
    ...(observer.approve && { approve: (preview: CostPreview) => observer.approve?.(preview) ?? Promise.resolve(false) }),
  });
  return { result, pieces, notices, waits };
}

/** The retry's wait is scheduled right after its notice: move the fake clock to it. */
async function advanceToWait(timers: FakeTimers, waits: number[]): Promise<void> {
  await flushPromises();
  const due = timers.nextDue();
  if (due === null) return;
  waits.push(due - timers.now());
  await timers.advance(due - timers.now());
}

const opened: BatonDatabase[] = [];
const servers: WireServer[] = [];

export async function openaiServer(options: { apiKey?: string } = {}): Promise<WireServer> {
  const server = await startOpenAIWire(options);
  servers.push(server);
  return server;
}

export async function anthropicServer(options: { apiKey?: string } = {}): Promise<WireServer> {
  const server = await startAnthropicWire(options);
  servers.push(server);
  return server;
}

/** Registers cleanup (databases, servers, temp folders) for the calling suite. */
export function useRouterCleanup(): void {
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    for (const server of servers.splice(0)) await server.close();
    removeTempDirs();
  });
}

/** Waits (real time, polled) until `condition` holds; fails after `ms`. */
export async function waitUntil(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Integer nano-dollars of `tokens` at `usdPerMillion`, by hand: tokens * usd * 1e9 / 1e6. */
export function nanos(tokens: number, usdPerMillion: number): number {
  return (tokens * Math.round(usdPerMillion * 1e9)) / 1e6;
}

/** Rejection of `promise`, asserting it rejects. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}
