// The ledger store: rows round-trip, budgets refuse before anything is reserved, reservations
// count until they settle, are released or expire, and a month's spend read through the
// rollups equals the plain sum over the ledger.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { refusalMessage, reservationRequest } from '../../../src/core/costs/budgets';
import type { ReservationRequest } from '../../../src/core/costs/ledgerPorts';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { LedgerStore, spentSince } from '../../../src/storage/ledgerStore';
import { openDatabase } from '../support/database';
import { ledgerEntry } from '../support/ledgerEntries';
import { SeededRandom } from '../support/random';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const USD = 1_000_000_000;
const DAY = 86_400_000;
const NOON = Date.UTC(2026, 10, 24, 12);
const utcCalendar = { dayStart: (at: number) => Math.floor(at / DAY) * DAY, monthStart: (at: number) => Date.UTC(new Date(at).getUTCFullYear(), new Date(at).getUTCMonth(), 1) };

function request(id: string, maxNanos: number, overrides: Partial<ReservationRequest> = {}): ReservationRequest {
  return {
    ...reservationRequest({ id, provider: 'openai', maxNanos, atMs: NOON, budgets: { dailyUsd: 1, perProvider: {} }, calendar: utcCalendar }),
    ...overrides,
  };
}

const reservations = (database: BatonDatabase) => database.read((db) => db.all('SELECT id, max_nanos FROM budget_reservations ORDER BY id'));

describe('ledger store', () => {
  useTempDirs();
  let database: BatonDatabase;
  let store: LedgerStore;

  beforeEach(async () => {
    database = await openDatabase(join(makeTempDir(), 'baton.db'));
    store = new LedgerStore(database);
  });
  afterEach(() => database.close());

  it('writes a row per request and reads it back as written', async () => {
    const entry = ledgerEntry({
      id: 'r1', usage: { input: 2_000, output: 500, cacheRead: 8_000, cacheWrite: 100 }, costNanos: 1_200_000, estimated: true,
      attempts: [{ provider: 'anthropic', model: 'claude', status: 'error', errorClass: 'rate-limit', httpStatus: 429, error: 'slow down' }, { provider: 'openai', model: 'gpt-4o-mini', status: 'ok' }],
      fallbackUsed: true, ttftMs: null, decision: '{"winner":"openai"}', redacted: '1 × OpenAI key',
    });
    await store.settle(null, entry);
    assert.deepEqual(await store.get('r1'), entry);
    // cached_tokens keeps meaning "input tokens that went through a cache": reads + writes.
    assert.deepEqual(await database.read((db) => db.one("SELECT cached_tokens, input_tokens FROM ledger WHERE id = 'r1'")), { cached_tokens: 8_100, input_tokens: 2_000 });
  });

  it('stores a request without a price as unpriced, read back as a null cost (never $0)', async () => {
    await store.settle(null, ledgerEntry({ id: 'u', costNanos: null, pricing: 'unpriced' }));
    await store.settle(null, ledgerEntry({ id: 's', costNanos: null, pricing: 'subscription' }));
    await store.settle(null, ledgerEntry({ id: 'odd', costNanos: null, pricing: 'priced' }));
    assert.deepEqual([(await store.get('u'))?.costNanos, (await store.get('u'))?.pricing], [null, 'unpriced']);
    assert.deepEqual([(await store.get('s'))?.costNanos, (await store.get('s'))?.pricing], [null, 'subscription']);
    assert.equal((await store.get('odd'))?.pricing, 'unpriced', 'a "priced" row without an amount is recorded as unpriced');
  });

  it('refuses a request before anything is reserved, with the budget, what is spent, the limit and the maximum', async () => {
    await store.settle(null, ledgerEntry({ costNanos: 0.9 * USD }));
    const result = await store.reserve(request('too-much', 0.2 * USD));
    assert.deepEqual(result, { ok: false, refusal: { budget: 'daily budget', limitNanos: USD, spentNanos: 0.9 * USD, requestMaxNanos: 0.2 * USD } });
    assert.deepEqual(await reservations(database), []);
    assert.match(refusalMessage(result.ok ? assert.fail() : result.refusal), /^Daily budget would be exceeded: \$0\.90 of \$1\.00 is spent or reserved, and this request may cost up to \$0\.20\./);
    assert.deepEqual(await store.reserve(request('fits', 0.1 * USD)), { ok: true }, '0.90 + 0.10 is exactly the limit');
  });

  it('counts live reservations as spent until they settle or are released', async () => {
    assert.deepEqual(await store.reserve(request('a', 0.5 * USD)), { ok: true });
    assert.deepEqual(await store.reserve(request('b', 0.4 * USD)), { ok: true });
    const refused = await store.reserve(request('c', 0.2 * USD));
    assert.equal(refused.ok ? 0 : refused.refusal.spentNanos, 0.9 * USD, 'spent or reserved: 0 + 0.5 + 0.4');
    await store.release('b');
    assert.deepEqual(await store.reserve(request('c', 0.2 * USD)), { ok: true });
    assert.deepEqual((await reservations(database)).map((r) => r.id), ['a', 'c']);
  });

  it('settles a reservation into a ledger row in one write: the real cost replaces the maximum', async () => {
    await store.reserve(request('req-1', 0.6 * USD));
    const before = database.sequence;
    await store.settle('req-1', ledgerEntry({ id: 'req-1', costNanos: 0.1 * USD }));
    assert.equal(database.sequence, before + 1, 'one transaction, one journal record');
    assert.deepEqual(await reservations(database), []);
    // Now 0.1 is spent, not 0.6 reserved: 0.9 more fits.
    assert.deepEqual(await store.reserve(request('req-2', 0.9 * USD)), { ok: true });
  });

  it('stops counting an expired reservation (a crashed process) and drops it with the next reservation', async () => {
    await store.reserve(request('crashed', 0.8 * USD, { expiresAt: NOON + 60_000 }));
    assert.equal((await store.reserve(request('early', 0.3 * USD, { at: NOON + 59_999 }))).ok, false);
    assert.deepEqual(await store.reserve(request('late', 0.3 * USD, { at: NOON + 60_000 })), { ok: true });
    assert.deepEqual((await reservations(database)).map((r) => r.id), ['late']);
  });

  it('holds each provider to its own budget and every provider to the global one', async () => {
    const limits = { dailyNanos: 10 * USD, providerDailyNanos: 1 * USD };
    await store.settle(null, ledgerEntry({ provider: 'anthropic', costNanos: 5 * USD }));
    await store.settle(null, ledgerEntry({ provider: 'openai', costNanos: 0.5 * USD }));
    assert.deepEqual(await store.reserve(request('o1', 0.5 * USD, { limits })), { ok: true });
    const refused = await store.reserve(request('o2', 0.1 * USD, { limits }));
    assert.deepEqual(refused.ok ? null : [refused.refusal.budget, refused.refusal.spentNanos], ['daily budget for openai', 1 * USD]);
    assert.deepEqual(await store.reserve(request('a1', 3 * USD, { provider: 'anthropic', limits: { dailyNanos: 10 * USD } })), { ok: true });
    // Spent 5 + 0.5, reserved 0.5 + 3: 9 of 10 committed, so 1.5 more does not fit.
    const global = await store.reserve(request('a2', 1.5 * USD, { provider: 'anthropic', limits: { dailyNanos: 10 * USD } }));
    assert.deepEqual(global.ok ? null : [global.refusal.budget, global.refusal.spentNanos], ['daily budget', 9 * USD]);
  });

  it('counts a day or a month through the rollups exactly as a plain sum over the ledger', async () => {
    const rng = new SeededRandom(7);
    const random = () => rng.next();
    const monthStart = Date.UTC(2026, 9, 31, 23); // a local month starting at 23:00 UTC
    await database.write((db) => {
      for (let i = 0; i < 400; i++) {
        const entry = ledgerEntry({ at: monthStart - 3 * DAY + Math.floor(random() * 30 * DAY), provider: random() < 0.5 ? 'openai' : 'anthropic', costNanos: Math.floor(random() * 1e7) });
        db.run('INSERT INTO ledger (id, provider, model, at, cost_nanos) VALUES (?, ?, ?, ?, ?)', [entry.id, entry.provider, entry.model, entry.at, entry.costNanos]);
      }
      // Later changes reach the rollups through the triggers.
      db.run("UPDATE ledger SET cost_nanos = cost_nanos * 2, at = at + 5400000 WHERE rowid % 7 = 0");
      db.run("UPDATE ledger SET provider = 'openai' WHERE rowid % 11 = 0");
      db.run('DELETE FROM ledger WHERE rowid % 13 = 0');
    });
    const HOUR = 3_600_000;
    const cases: [number, number][] = [
      [monthStart, monthStart + 20 * DAY + 5], // a month: head hours, whole days, today's hours
      [monthStart, monthStart + HOUR], // the first hour of a month
      [monthStart + 12_345, monthStart + 2 * DAY], // not on an hour: the ledger up to the next one
      [Date.UTC(2026, 10, 3, 18, 30), Date.UTC(2026, 10, 4, 9)], // a local day in UTC+5:30
      [Date.UTC(2026, 10, 3), Date.UTC(2026, 10, 9, 12)], // a UTC month start
      [Date.UTC(2026, 10, 9), Date.UTC(2026, 10, 9, 12)], // a UTC day
    ];
    for (const [since, now] of cases) {
      const expected = await database.read((db) => db.one(
        "SELECT coalesce(sum(cost_nanos), 0) AS total, coalesce(sum(CASE WHEN provider = 'openai' THEN cost_nanos END), 0) AS mine FROM ledger WHERE at >= ?",
        [since],
      ));
      assert.deepEqual(await database.read((db) => spentSince(db, 'openai', since, now)), { total: expected?.total, mine: expected?.mine }, `since ${since}, now ${now}`);
    }
  });

  it("counts the router's own rows only (agent usage read from logs is not its spend), and not unpriced ones, which cost 0", async () => {
    await store.settle(null, ledgerEntry({ source: 'claude-code', provider: 'claude-code', costNanos: 3 * USD }));
    await store.settle(null, ledgerEntry({ costNanos: 0.5 * USD }));
    await store.settle(null, ledgerEntry({ costNanos: null, pricing: 'unpriced' }));
    const refused = await store.reserve(request('x', 0.6 * USD));
    assert.equal(refused.ok ? null : refused.refusal.spentNanos, 0.5 * USD);
  });
});
