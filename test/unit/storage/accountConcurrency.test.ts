// Four real processes log credits to one account and reserve requests against one dollar
// account at once: the credits add up exactly, and what the dollar account is charged never
// passes its limit by more than one reservation (with real costs at or below the maximum, not
// at all), while its limit is used rather than refused early.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AccountFields } from '../../../src/core/accounts/account';
import { AccountStore } from '../../../src/storage/accountStore';
import { type FixtureBundle, bundleFixture, spawnLines } from '../support/childBundle';
import { openDatabase, queryFile } from '../support/database';
import { wasmDir } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const PROCESSES = 4;
const ATTEMPTS = 30;
const MAX_NANOS = 10_000_000; // $0.01
const LIMIT_USD = 0.5;

const account = (name: string, unit: AccountFields['unit'], limit: number, platform: string): AccountFields => ({
  name, platform, label: '', unit, limit, window: { kind: 'monthly', resetTime: '00:00', timeZone: 'UTC' }, tags: [], priority: 0, notes: '',
});

describe('accounts across processes', function () {
  this.timeout(180_000);
  useTempDirs();
  let bundle: FixtureBundle;

  before(async () => {
    bundle = await bundleFixture('accountWorker');
  });
  after(() => bundle.remove());

  it(`${PROCESSES} processes logging and reserving against one account: exact totals, no overshoot`, async () => {
    const path = join(makeTempDir(), 'baton.db');
    const database = await openDatabase(path);
    await new AccountStore(database, { next: () => `id-${Math.random()}` }).upsertMany([account('Web', 'credits', 1_000, 'GenSpark'), account('Api', 'usd', LIMIT_USD, 'openai')], Date.now());
    await database.close();

    const children = Array.from({ length: PROCESSES }, (_, i) => spawnLines(bundle.script, [path, wasmDir, `p${i}`, String(ATTEMPTS), String(MAX_NANOS)]));
    const results = await Promise.all(children.map((child) => child.exited));
    for (const [i, result] of results.entries()) assert.equal(result.code, 0, `process ${i} exited ${result.code}: ${result.stderr}`);
    const counts = children.map((child) => /^DONE (\d+) (\d+)$/.exec(child.lines.find((line) => line.startsWith('DONE')) ?? '')?.slice(1).map(Number) ?? []);
    const granted = counts.reduce((sum, [g = 0]) => sum + g, 0);
    const refused = counts.reduce((sum, [, r = 0]) => sum + r, 0);
    assert.equal(granted + refused, PROCESSES * ATTEMPTS, JSON.stringify(counts));

    const [credits] = await queryFile(path, 'SELECT count(*) AS n, sum(amount) AS total FROM credit_log');
    assert.deepEqual([credits?.n, credits?.total], [PROCESSES * ATTEMPTS, PROCESSES * ATTEMPTS], 'every credit logged once');
    const [api] = await queryFile(path, "SELECT id FROM accounts WHERE name = 'Api'");
    const [charged] = await queryFile(path, `SELECT count(*) AS n, sum(cost_nanos) AS spent FROM ledger WHERE account_id = '${String(api?.id)}'`);
    const [left] = await queryFile(path, 'SELECT count(*) AS n FROM budget_reservations');
    assert.deepEqual([charged?.n, left?.n], [granted, 0], 'every grant settled into a row charged to the account, no reservation left');
    const spent = Number(charged?.spent);
    const limit = LIMIT_USD * 1e9;
    assert.ok(spent <= limit + MAX_NANOS, `charged ${spent} overshoots ${limit} by more than one reservation`);
    assert.ok(spent <= limit, `charged ${spent} > limit ${limit}, although every cost was at most its maximum`);
    assert.ok(spent > limit - PROCESSES * MAX_NANOS, `only ${spent} of ${limit} charged: refused too early`);
    assert.ok(refused > 0, 'the limit refused some requests');
  });
});
