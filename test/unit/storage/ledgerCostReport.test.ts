// The costs report (CLI `baton costs`, cost views) on known rows: totals, per provider, per
// model and per UTC day, a workspace filter, and unpriced and subscription requests counted
// apart rather than priced as $0.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { costReport } from '../../../src/storage/costQueries';
import { LedgerStore } from '../../../src/storage/ledgerStore';
import { openDatabase } from '../support/database';
import { ledgerEntry } from '../support/ledgerEntries';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const DAY = 86_400_000;
const NOV_1 = Date.UTC(2026, 10, 1);

describe('costs report', () => {
  useTempDirs();
  let database: BatonDatabase;

  before(async () => {
    database = await openDatabase(join(makeTempDir(), 'baton.db'));
    const store = new LedgerStore(database);
    const rows = [
      // Nov 1: two gpt-4o-mini (1,200,000 + 300,000), one claude 4,800,000.
      ledgerEntry({ at: NOV_1 + 1_000, costNanos: 1_200_000 }),
      ledgerEntry({ at: NOV_1 + 2_000, costNanos: 300_000 }),
      ledgerEntry({ at: NOV_1 + 3_000, provider: 'anthropic', model: 'claude-3-5-haiku-latest', costNanos: 4_800_000 }),
      // Nov 2: an unpriced model, a subscription, a cache hit that saved 1,200,000, one gpt-4o in another workspace.
      ledgerEntry({ at: NOV_1 + DAY, provider: 'house', model: 'mystery', costNanos: null, pricing: 'unpriced' }),
      ledgerEntry({ at: NOV_1 + DAY + 1, provider: 'copilot', model: 'gpt-4o', costNanos: null, pricing: 'subscription' }),
      ledgerEntry({ at: NOV_1 + DAY + 2, costNanos: 0, cacheHit: true, savedNanos: 1_200_000 }),
      ledgerEntry({ at: NOV_1 + DAY + 3, model: 'gpt-4o', costNanos: 2_000_000, workspaceId: 'other' }),
      // Nov 3, 23:59:59.999 UTC, and Nov 4 (outside the range below).
      ledgerEntry({ at: NOV_1 + 3 * DAY - 1, costNanos: 100 }),
      ledgerEntry({ at: NOV_1 + 3 * DAY, costNanos: 999_999_999 }),
    ];
    for (const row of rows) await store.settle(null, row);
  });
  after(() => database.close());

  it('totals the range by provider, model and UTC day', async () => {
    const report = await costReport(database, { sinceMs: NOV_1, untilMs: NOV_1 + 3 * DAY });
    // priced: 1,200,000 + 300,000 + 4,800,000 + 0 + 2,000,000 + 100 = 8,300,100
    assert.deepEqual(
      { totalNanos: report.totalNanos, requests: report.requests, unpriced: report.unpricedRequests, subscription: report.subscriptionRequests, saved: report.savedNanos },
      { totalNanos: 8_300_100, requests: 8, unpriced: 1, subscription: 1, saved: 1_200_000 },
    );
    const group = { unpricedRequests: 0, subscriptionRequests: 0, savedNanos: 0 };
    assert.deepEqual(report.byProvider, [
      { ...group, provider: 'anthropic', nanos: 4_800_000, requests: 1 },
      // openai: 1,200,000 + 300,000 + 0 + 2,000,000 + 100 = 3,500,100 over 5 requests
      { ...group, provider: 'openai', nanos: 3_500_100, requests: 5, savedNanos: 1_200_000 },
      { ...group, provider: 'copilot', nanos: 0, requests: 1, subscriptionRequests: 1 },
      { ...group, provider: 'house', nanos: 0, requests: 1, unpricedRequests: 1 },
    ]);
    assert.deepEqual(report.byModel, [
      { ...group, provider: 'anthropic', model: 'claude-3-5-haiku-latest', nanos: 4_800_000, requests: 1 },
      { ...group, provider: 'openai', model: 'gpt-4o', nanos: 2_000_000, requests: 1 },
      { ...group, provider: 'openai', model: 'gpt-4o-mini', nanos: 1_500_100, requests: 4, savedNanos: 1_200_000 },
      { ...group, provider: 'copilot', model: 'gpt-4o', nanos: 0, requests: 1, subscriptionRequests: 1 },
      { ...group, provider: 'house', model: 'mystery', nanos: 0, requests: 1, unpricedRequests: 1 },
    ]);
    assert.deepEqual(report.byDay, [
      { ...group, day: '2026-11-01', nanos: 6_300_000, requests: 3 },
      { day: '2026-11-02', nanos: 2_000_000, requests: 4, unpricedRequests: 1, subscriptionRequests: 1, savedNanos: 1_200_000 },
      { ...group, day: '2026-11-03', nanos: 100, requests: 1 },
    ]);
  });

  it('counts whole UTC days overlapping the range, and one workspace when asked', async () => {
    const partial = await costReport(database, { sinceMs: NOV_1 + DAY + 12 * 3_600_000, untilMs: NOV_1 + DAY + 13 * 3_600_000 });
    assert.deepEqual(partial.byDay.map((d) => d.day), ['2026-11-02']);
    const other = await costReport(database, { sinceMs: NOV_1, untilMs: NOV_1 + 10 * DAY, workspaceId: 'other' });
    assert.deepEqual([other.totalNanos, other.requests, other.byModel.map((m) => m.model)], [2_000_000, 1, ['gpt-4o']]);
    const empty = await costReport(database, { sinceMs: NOV_1 - 5 * DAY, untilMs: NOV_1 });
    assert.deepEqual(empty, { totalNanos: 0, requests: 0, unpricedRequests: 0, subscriptionRequests: 0, savedNanos: 0, byProvider: [], byModel: [], byDay: [] });
  });
});
