// The costs panel's first state, built while its page boots: the page's first request gets it
// only when it asks for the same query, soon enough, and the ledger has not moved since; in
// every other case the state is built afresh, so a prefetch can never show stale figures.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CostsService } from '../../../src/core/costs/costsService';
import { DAY_MS, utcDayOf } from '../../../src/core/costs/localDay';
import { CostsStatePrefetch } from '../../../src/core/costs/costsStatePrefetch';
import type { CostsQuery } from '../../../src/shared/protocol/costs';
import { DEFAULT_COSTS_QUERY, savedCostsQuery } from '../../../src/shared/savedCostsQuery';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { CostsStore } from '../../../src/storage/costsReadModel';
import { LedgerStore } from '../../../src/storage/ledgerStore';
import { openDatabase } from '../support/database';
import { ledgerEntry } from '../support/ledgerEntries';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const USD = 1_000_000_000;
const NOW = Date.UTC(2026, 11, 16, 15);
const TODAY_QUERY: CostsQuery = { ...DEFAULT_COSTS_QUERY, period: 'today' };

describe('costs panel state prefetch', () => {
  useTempDirs();
  let database: BatonDatabase;
  let ledger: LedgerStore;
  let builds: number;
  let clock: number;

  function service(): CostsService {
    const costs = new CostsService({
      model: new CostsStore(database), clock: { now: () => NOW }, localDay: utcDayOf, dayStart: (day) => day * DAY_MS,
      standings: async () => [], currentAccountId: async () => null, budgets: () => null, breakers: () => null,
    });
    const state = costs.state.bind(costs);
    costs.state = (query) => {
      builds += 1;
      return state(query);
    };
    return costs;
  }

  beforeEach(async () => {
    database = await openDatabase(join(makeTempDir(), 'baton.db'));
    ledger = new LedgerStore(database, undefined, utcDayOf);
    await ledger.settle(null, ledgerEntry({ id: 'r1', at: NOW - 3_600_000, costNanos: USD }));
    builds = 0;
    clock = 0;
  });
  afterEach(() => database.close());

  const prefetch = () => new CostsStatePrefetch(() => clock);

  it('hands the page the state it started building for the same query, built once', async () => {
    const costs = service();
    const kept = prefetch();
    kept.start(costs, DEFAULT_COSTS_QUERY);
    const state = await kept.take(costs, DEFAULT_COSTS_QUERY);
    assert.equal(state?.headline.spendNanos, USD);
    assert.equal(builds, 1);
    assert.equal(await kept.take(costs, DEFAULT_COSTS_QUERY), undefined, 'taken once: a later load builds afresh');
  });

  it('builds afresh for another query, after a write, or when the page came late', async () => {
    const costs = service();
    const kept = prefetch();
    kept.start(costs, DEFAULT_COSTS_QUERY);
    assert.equal(await kept.take(costs, TODAY_QUERY), undefined, 'another query');

    kept.start(costs, DEFAULT_COSTS_QUERY);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await ledger.settle(null, ledgerEntry({ id: 'r2', at: NOW - 60_000, costNanos: USD }));
    assert.equal(await kept.take(costs, DEFAULT_COSTS_QUERY), undefined, 'the ledger moved: the kept state is stale');

    kept.start(costs, DEFAULT_COSTS_QUERY);
    clock += 16_000;
    assert.equal(await kept.take(costs, DEFAULT_COSTS_QUERY), undefined, 'too late');
  });

  it('lets the page see a failed build as its own error, never as an unhandled rejection', async () => {
    const costs = service();
    costs.state = async () => {
      throw new Error('disk gone');
    };
    const kept = prefetch();
    kept.start(costs, DEFAULT_COSTS_QUERY);
    assert.equal(await kept.take(costs, DEFAULT_COSTS_QUERY), undefined);
  });

  it('reads a restored page saved query, and the default for anything unreadable', () => {
    const saved = { query: { ...TODAY_QUERY, filters: { ...TODAY_QUERY.filters, provider: 'openai' } }, collapsed: [] };
    assert.deepEqual(savedCostsQuery(saved), saved.query);
    assert.deepEqual(savedCostsQuery({ query: { period: 'custom', from: '2026-12-01', to: null, filters: TODAY_QUERY.filters } }), DEFAULT_COSTS_QUERY);
    assert.deepEqual(savedCostsQuery({ query: { period: 'forever' } }), DEFAULT_COSTS_QUERY);
    assert.deepEqual(savedCostsQuery(undefined), DEFAULT_COSTS_QUERY);
  });
});
