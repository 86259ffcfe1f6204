// The costs panel's state, built from a real database: what a user reads for a period and its
// filters (totals, the period before, a value per day, the largest groups with the rest summed,
// health from the router's requests, credits, the forecast and the anomalies with the requests
// behind them), and the limits the budget alerts watch. Expected figures are worked out from
// the rows seeded here.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AccountStanding } from '../../../src/core/accounts/accountPool';
import { type CostsServiceDeps, CostsService } from '../../../src/core/costs/costsService';
import { DAY_MS, utcDayOf } from '../../../src/core/costs/localDay';
import { UserFacingError } from '../../../src/core/errors';
import type { BudgetConfig } from '../../../src/core/routing/routerConfig';
import type { CostsQuery } from '../../../src/shared/protocol/costs';
import { costsState } from '../../../src/shared/protocol/costs';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { CostsStore } from '../../../src/storage/costsReadModel';
import { LedgerStore } from '../../../src/storage/ledgerStore';
import { openDatabase } from '../support/database';
import { ledgerEntry } from '../support/ledgerEntries';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const USD = 1_000_000_000;
// Today is Wednesday 2026-12-16, 15:00 UTC; days are UTC days here (utcDayOf).
const NOW = Date.UTC(2026, 11, 16, 15);
const TODAY = utcDayOf(NOW);
const at = (daysAgo: number, hour = 12) => (TODAY - daysAgo) * DAY_MS + hour * 3_600_000;
const NO_FILTERS = { workspace: null, provider: null, model: null, account: null, source: null };
const query = (period: CostsQuery['period'], extra: Partial<CostsQuery> = {}): CostsQuery => ({ period, from: null, to: null, filters: NO_FILTERS, ...extra });

describe('costs service', () => {
  useTempDirs();
  let database: BatonDatabase;
  let ledger: LedgerStore;
  let budgets: BudgetConfig | null;
  let standings: AccountStanding[];

  function service(overrides: Partial<CostsServiceDeps> = {}): CostsService {
    return new CostsService({
      model: new CostsStore(database), clock: { now: () => NOW }, localDay: utcDayOf, dayStart: (day) => day * DAY_MS,
      standings: async () => standings, currentAccountId: async () => 'acc-1', budgets: () => budgets, breakers: () => null, ...overrides,
    });
  }

  beforeEach(async () => {
    database = await openDatabase(join(makeTempDir(), 'baton.db'));
    ledger = new LedgerStore(database, undefined, utcDayOf);
    budgets = null;
    standings = [];
  });
  afterEach(() => database.close());

  it('shows an empty ledger as empty, with the forecast declining to guess', async () => {
    const state = await service().state(query('30d'));
    costsState(state, 'state');
    assert.equal(state.hasData, false);
    assert.equal(state.days.length, 30);
    assert.equal(state.range.to, '2026-12-16');
    assert.equal(state.headline.requests, 0);
    assert.equal(state.headline.averageNanos, null);
    assert.equal(state.forecast.status, 'insufficient');
    assert.deepEqual(state.anomalies, []);
  });

  it('totals the period and the one before, per day and provider, and the largest models with the rest summed', async () => {
    // Last 7 days: $1 a day on openai (days 0..6), plus $0.50 on anthropic today; the 7 days before: $0.25 a day.
    for (let d = 0; d < 7; d++) await ledger.settle(null, ledgerEntry({ id: `o${d}`, at: at(d), costNanos: USD, model: `model-${d}` }));
    await ledger.settle(null, ledgerEntry({ id: 'a0', at: at(0), costNanos: USD / 2, provider: 'anthropic', model: 'claude', estimated: true, cacheHit: true, savedNanos: 3 }));
    for (let d = 7; d < 14; d++) await ledger.settle(null, ledgerEntry({ id: `p${d}`, at: at(d), costNanos: USD / 4 }));
    await ledger.settle(null, ledgerEntry({ id: 'u0', at: at(0), costNanos: null, pricing: 'unpriced', model: 'mystery' }));
    await ledger.settle(null, ledgerEntry({ id: 'u1', at: at(0), costNanos: null, pricing: 'unpriced', model: 'mystery-2' }));
    const state = await service().state(query('7d'));
    costsState(state, 'state');
    assert.deepEqual([state.range.from, state.range.to, state.range.previousFrom, state.range.previousTo], ['2026-12-10', '2026-12-16', '2026-12-03', '2026-12-09']);
    assert.equal(state.headline.spendNanos, 7.5 * USD);
    assert.equal(state.headline.previousSpendNanos, 1.75 * USD);
    assert.equal(state.headline.requests, 10);
    assert.equal(state.headline.previousRequests, 7);
    assert.equal(state.headline.averageNanos, Math.round((7.5 * USD) / 8), 'the unpriced request is not averaged in as $0');
    assert.equal(state.headline.unpricedRequests, 2);
    assert.equal(state.headline.estimatedRequests, 1);
    assert.equal(state.headline.savedNanos, 3);
    const openai = state.spendByProvider.find((s) => s.label === 'openai');
    assert.deepEqual(openai?.values, [USD, USD, USD, USD, USD, USD, USD]);
    assert.deepEqual(state.spendByProvider.find((s) => s.label === 'anthropic')?.values, [0, 0, 0, 0, 0, 0, USD / 2]);
    // 10 models in the period, 8 shown: the two without a price ($0) are summed into one row.
    assert.equal(state.byModel.length, 9);
    assert.equal(state.byModel[8]?.label, '2 others');
    assert.equal(state.byModel[8]?.key, null);
    assert.equal(state.byModel.reduce((sum, share) => sum + share.nanos, 0), 7.5 * USD);
    assert.deepEqual(state.topRequests.slice(0, 2).map((r) => r.costNanos), [USD, USD]);
    assert.equal(state.topRequests.length, 8, 'priced requests of the period only');
  });

  it('narrows everything to the filter, and compares this month with the same days of the month before', async () => {
    await ledger.settle(null, ledgerEntry({ id: 'w1', at: at(0), costNanos: 2 * USD, workspaceId: 'ws-1' }));
    await ledger.settle(null, ledgerEntry({ id: 'w2', at: at(0), costNanos: 5 * USD, workspaceId: 'ws-2' }));
    await ledger.settle(null, ledgerEntry({ id: 'nov', at: Date.UTC(2026, 10, 10, 12), costNanos: 4 * USD, workspaceId: 'ws-1' }));
    await ledger.settle(null, ledgerEntry({ id: 'nov-late', at: Date.UTC(2026, 10, 20, 12), costNanos: 9 * USD, workspaceId: 'ws-1' }));
    const state = await service().state(query('month', { filters: { ...NO_FILTERS, workspace: 'ws-1' } }));
    assert.deepEqual([state.range.from, state.range.previousFrom, state.range.previousTo], ['2026-12-01', '2026-11-01', '2026-11-16']);
    assert.equal(state.headline.spendNanos, 2 * USD);
    assert.equal(state.headline.previousSpendNanos, 4 * USD, 'Nov 20 is after the 16th: not in the comparison');
    assert.deepEqual(state.topRequests.map((r) => r.id), ['w1']);
  });

  it('refuses a custom period that ends before it starts, or is not a date, with what to type', async () => {
    await assert.rejects(service().state(query('custom', { from: '2026-12-10', to: '2026-12-01' })), (e: unknown) => e instanceof UserFacingError && /on or after/.test(e.message));
    await assert.rejects(service().state(query('custom', { from: '2026-02-30', to: '2026-12-01' })), (e: unknown) => e instanceof UserFacingError && /2026-11-30/.test(e.message));
    const state = await service().state(query('custom', { from: '2026-12-01', to: '2026-12-03' }));
    assert.deepEqual(state.days, ['2026-12-01', '2026-12-02', '2026-12-03']);
  });

  it('reports each provider\'s health from its router requests: success rate, fallbacks, latency percentiles, breaker', async () => {
    for (let i = 1; i <= 10; i++) await ledger.settle(null, ledgerEntry({ id: `h${i}`, at: at(0) + i, latencyMs: i * 100, ttftMs: i * 10, status: i === 10 ? 'error' : 'ok', fallbackUsed: i <= 2 }));
    await ledger.settle(null, ledgerEntry({ id: 'cancel', at: at(0) + 50, status: 'cancelled', latencyMs: 5 }));
    await ledger.settle(null, ledgerEntry({ id: 'agent', at: at(0), source: 'codex', provider: 'codex', latencyMs: 0 }));
    const state = await service({ breakers: () => new Map([['openai', 'open']]) }).state(query('today'));
    // 11 router requests, one cancelled (not counted either way): 9 ok of 10.
    // Latencies 100..1000 and 5 (11 samples): p50 = 6th = 500, p95 = 11th = 1000.
    assert.deepEqual(state.health, [{
      provider: 'openai', requests: 11, successRate: 0.9, fallbacks: 2, latencyP50Ms: 500, latencyP95Ms: 1000, ttftP50Ms: 60, ttftP95Ms: 300, breaker: 'open',
    }]);
    assert.equal((await service().state(query('today'))).health[0]?.breaker, 'unknown', 'no router in this process: the breaker is not known');
  });

  it('projects spend once 7 days of data exist, and says when a monthly budget runs out', async () => {
    // $2 a day on each of the last 10 complete days, nothing yet today.
    for (let d = 1; d <= 10; d++) await ledger.settle(null, ledgerEntry({ id: `f${d}`, at: at(d), costNanos: 2 * USD }));
    budgets = { monthlyUsd: 40, perProvider: { openai: { dailyUsd: 1 } } };
    const state = await service().state(query('30d'));
    assert.equal(state.forecast.status, 'ok');
    assert.equal(state.forecast.projected7Nanos, 14 * USD);
    // Dec 1..15 hold 10 × $2 = $20 (Dec 6..15): $20 left at $2 a day from today → Dec 16..25, runs out on Dec 25.
    assert.deepEqual(state.forecast.budgets.map((b) => [b.name, b.spentNanos, b.runsOutOn]), [
      ['Monthly budget', 20 * USD, '2026-12-25'],
      ['Daily budget for openai', 0, '2026-12-16'],
    ]);
  });

  it('lists anomalies with the requests behind them: a spike day and a request far above its model\'s median', async () => {
    for (let d = 1; d <= 15; d++) await ledger.settle(null, ledgerEntry({ id: `n${d}`, at: at(d), costNanos: USD / 10 }));
    await ledger.settle(null, ledgerEntry({ id: 'big', at: at(0), costNanos: 3 * USD }));
    const state = await service().state(query('today'));
    const kinds = state.anomalies.map((a) => [a.kind, a.requestIds, a.lookup]);
    // The same tokens for 30 times the money: openai's price per token drifted too. Day-level
    // anomalies read their requests when asked.
    assert.deepEqual(kinds, [['day-spike', [], true], ['price-drift', [], true], ['request-outlier', ['big'], false]]);
    const behind = await service().anomalyRequests({ kind: 'day-spike', day: '2026-12-16', provider: null }, query('today'));
    assert.deepEqual(behind.map((r) => r.id), ['big']);
    assert.match(state.anomalies[0]?.why ?? '', /30× the median/);
  });

  it('reads the accounts\' standings again after a write, or after ten seconds, and not for a change of filter', async () => {
    let calls = 0;
    let now = NOW;
    const counted = service({ clock: { now: () => now }, standings: async () => (calls++, standings) });
    await counted.state(query('30d'));
    await counted.state(query('7d'));
    assert.equal(calls, 1, 'another period, nothing written: the standings are kept');
    await ledger.settle(null, ledgerEntry({ id: 'w', at: at(0) }));
    await counted.state(query('7d'));
    assert.equal(calls, 2, 'a request was written');
    now += 11_000;
    await counted.state(query('7d'));
    assert.equal(calls, 3, 'ten seconds passed: a window may have reset');
  });

  it('gives the drill-down of one request with the prices it was billed at, and the limits the alerts watch', async () => {
    await ledger.settle(null, ledgerEntry({ id: 'd1', at: at(0), usage: { input: 1_000, output: 100, cacheRead: 2_000, cacheWrite: 0 }, costNanos: 255_000,
      prices: JSON.stringify({ input: 0.15, output: 0.6, cacheRead: 0.075, source: 'genai-prices 0.1.8' }) }));
    const detail = await service().request('d1');
    // 1,000 × $0.15/M = 150,000 nanos; 2,000 × $0.075/M = 150,000; 100 × $0.60/M = 60,000.
    assert.deepEqual(detail.formula.map((line) => [line.label, line.tokens, line.nanos]), [['Input', 1_000, 150_000], ['Cache reads', 2_000, 150_000], ['Output', 100, 60_000]]);
    assert.match(detail.pricesNote, /genai-prices 0\.1\.8/);
    await assert.rejects(service().request('gone'), UserFacingError);

    budgets = { dailyUsd: 0.0003, perProvider: {} };
    const limits = await service().limits();
    assert.deepEqual(limits.map((l) => [l.key, l.periodKey, l.used]), [['budget:daily', '2026-12-16', 0.000255]]);
  });
});
