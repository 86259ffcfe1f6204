// The account pool's storage: accounts keyed by name whatever the case, history that outlives
// an account, what an account used in a window (credits logged, and for dollar accounts the
// router's rows charged to it or to its platform), and router reservations charged to it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { luxonZoneClock } from '../../../src/app/luxonZoneClock';
import type { Account, AccountFields } from '../../../src/core/accounts/account';
import { refusalMessage } from '../../../src/core/costs/budgets';
import { AccountStore } from '../../../src/storage/accountStore';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { LedgerStore } from '../../../src/storage/ledgerStore';
import { openDatabase } from '../support/database';
import { ledgerEntry } from '../support/ledgerEntries';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const USD = 1_000_000_000;
const NOW = Date.UTC(2026, 10, 24, 12);
const fields = (overrides: Partial<AccountFields> = {}): AccountFields => ({
  name: 'GenSpark-02', platform: 'GenSpark', label: 'work', unit: 'credits', limit: 100, window: { kind: 'daily', resetTime: '08:00', timeZone: 'Europe/Berlin' },
  tags: ['frontend'], priority: 1, notes: '', ...overrides,
});

describe('account store', () => {
  useTempDirs();
  let database: BatonDatabase;
  let store: AccountStore;
  let n = 0;

  beforeEach(async () => {
    database = await openDatabase(join(makeTempDir(), 'baton.db'));
    store = new AccountStore(database, { next: () => `id-${++n}` });
  });
  afterEach(() => database.close());

  const named = async (name: string): Promise<Account> => {
    const account = await store.byName(name);
    assert.ok(account, `account ${name}`);
    return account;
  };

  it('adds accounts and updates them by name, whatever the case, without duplicates', async () => {
    assert.deepEqual(await store.upsertMany([fields(), fields({ name: 'Claude-1', platform: 'claude.ai' })], NOW), { created: 2, updated: 0 });
    assert.deepEqual(await store.upsertMany([fields({ name: 'genspark-02', limit: 150 })], NOW + 1), { created: 0, updated: 1 });
    const accounts = await store.list();
    assert.deepEqual(accounts.map((a) => [a.name, a.limit]), [['Claude-1', 100], ['genspark-02', 150]]);
    const account = await named('GENSPARK-02');
    assert.deepEqual([account.window, account.tags, account.status, account.createdAt, account.updatedAt], [fields().window, ['frontend'], { kind: 'active' }, NOW, NOW + 1]);
  });

  it('refuses a rename onto another account, and keeps the history of a removed account', async () => {
    await store.upsertMany([fields(), fields({ name: 'Other' })], NOW);
    const account = await named('GenSpark-02');
    assert.equal(await store.update(account.id, fields({ name: 'other' }), NOW), false);
    assert.equal(await store.update(account.id, fields({ name: 'GenSpark-03' }), NOW), true);
    await store.setCurrent(account.id);
    await store.logCredits({ id: 'c1', accountId: account.id, amount: 5, at: NOW, sessionId: 's1', workspaceId: 'w' });
    await store.remove(account.id);
    assert.equal(await store.currentId(), null, 'the current account went with it');
    assert.deepEqual(await store.sessionSpend('s1'), { credits: [{ accountId: account.id, amount: 5 }], costUsd: 0, accountId: null, handoffShare: null }, 'what it logged stays');
  });

  it('sums the credits logged since a window start, and remembers recent amounts', async () => {
    await store.upsertMany([fields()], NOW);
    const account = await named('GenSpark-02');
    for (const [i, amount] of [3, 5, 3, 10].entries()) await store.logCredits({ id: `c${i}`, accountId: account.id, amount, at: NOW + i * 1000, sessionId: null, workspaceId: null });
    assert.deepEqual(await store.usageSince(account, NOW + 1000, NOW + 10_000), { used: 18, reserved: 0, firstAt: NOW + 1000, lastAt: NOW + 3000 });
    assert.deepEqual(await store.recentAmounts(account.id, 5), [10, 3, 5]);
  });

  it("charges a dollar account with its own rows and the router's unowned rows of its provider, not other sources", async () => {
    await store.upsertMany([fields({ name: 'Api', platform: 'openai', unit: 'usd', limit: 5 })], NOW);
    const account = await named('Api');
    const ledger = new LedgerStore(database, luxonZoneClock);
    await ledger.settle(null, ledgerEntry({ at: NOW, accountId: account.id, provider: 'openai', costNanos: 1 * USD }));
    await ledger.settle(null, ledgerEntry({ at: NOW, provider: 'openai', costNanos: 0.5 * USD }));
    await ledger.settle(null, ledgerEntry({ at: NOW, provider: 'anthropic', costNanos: 7 * USD }));
    await ledger.settle(null, ledgerEntry({ at: NOW, provider: 'openai', source: 'codex', costNanos: 9 * USD }));
    await ledger.settle(null, ledgerEntry({ at: NOW - 86_400_000, accountId: account.id, costNanos: 2 * USD }));
    const usage = await store.usageSince(account, NOW - 1000, NOW);
    assert.equal(usage.used, 1.5);
  });

  it('charges a router reservation to the provider\'s dollar account and refuses past its limit, naming the account', async () => {
    await store.upsertMany([fields({ name: 'Api', platform: 'OpenAI', unit: 'usd', limit: 1, window: { kind: 'daily', resetTime: '00:00', timeZone: 'UTC' } })], NOW);
    const account = await named('Api');
    const ledger = new LedgerStore(database, luxonZoneClock);
    const request = (id: string, maxNanos: number) => ({ id, provider: 'openai', maxNanos, at: NOW, dayStart: 0, monthStart: 0, limits: {}, expiresAt: NOW + 60_000 });
    assert.deepEqual(await ledger.reserve(request('r1', 0.6 * USD)), { ok: true });
    const refused = await ledger.reserve(request('r2', 0.6 * USD));
    assert.ok(!refused.ok);
    assert.deepEqual(refused.refusal.account, { name: 'Api', resetsAt: Date.UTC(2026, 10, 25) });
    assert.match(refusalMessage(refused.refusal), /limit of account Api would be exceeded: \$0\.60 of \$1\.00 is used or reserved.*Rotate Account.*2026-11-25 00:00 UTC/);
    await ledger.settle('r1', ledgerEntry({ id: 'r1', at: NOW, costNanos: 0.2 * USD }));
    assert.equal((await ledger.get('r1'))?.accountId, account.id, 'the row is charged to the account the reservation held');
    assert.deepEqual(await ledger.reserve(request('r3', 0.6 * USD)), { ok: true }, 'the settled cost, not the maximum, counts afterwards');
    await store.setStatus(account.id, { kind: 'disabled' }, NOW);
    assert.deepEqual(await ledger.reserve(request('r4', 5 * USD)), { ok: true }, 'a disabled account is charged nothing');
  });

  it('reads the newest rate limit an agent reported', async () => {
    await database.write((db) => {
      db.run("INSERT INTO agent_rate_limits VALUES ('codex', 'rolling-5h', 40, 100, 10), ('codex', 'rolling-5h', 42, 100, 20), ('codex', 'weekly', 7, 900, 30)");
    });
    assert.deepEqual(await store.latestRateLimit('codex', 'rolling-5h'), { source: 'codex', window: 'rolling-5h', usedPercent: 42, resetsAt: 100, observedAt: 20 });
    assert.equal(await store.latestRateLimit('claude-code', 'weekly'), null);
  });
});
