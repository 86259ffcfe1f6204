// The pool as users see it, over the real store: what each account used in its current window
// (a daily window resetting at its own local time), Codex's self-reported percentage, the status
// bar's words, a rotation's steps in order, and a session's spend in its briefing's words.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { luxonZoneClock } from '../../../src/app/luxonZoneClock';
import type { Account, AccountFields } from '../../../src/core/accounts/account';
import { AccountPool } from '../../../src/core/accounts/accountPool';
import { rotateAccount } from '../../../src/core/accounts/accountRotation';
import { sessionSpendText } from '../../../src/core/accounts/sessionSpendText';
import { resetText, standingLabel, standingLevel } from '../../../src/core/accounts/standingText';
import { AccountStore } from '../../../src/storage/accountStore';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { openDatabase } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const HOUR = 3_600_000;
// 2026-11-24 07:30 in Berlin (UTC+1): before the 08:00 reset of that day.
const MORNING = Date.UTC(2026, 10, 24, 6, 30);
const fields = (overrides: Partial<AccountFields> = {}): AccountFields => ({
  name: 'GenSpark-02', platform: 'GenSpark', label: '', unit: 'credits', limit: 100, window: { kind: 'daily', resetTime: '08:00', timeZone: 'Europe/Berlin' },
  tags: [], priority: 0, notes: '', ...overrides,
});

describe('account pool', () => {
  useTempDirs();
  let database: BatonDatabase;
  let store: AccountStore;
  let pool: AccountPool;
  let now = MORNING;
  let n = 0;
  let changes = 0;

  beforeEach(async () => {
    now = MORNING;
    database = await openDatabase(join(makeTempDir(), 'baton.db'));
    store = new AccountStore(database, { next: () => `id-${++n}` });
    pool = new AccountPool({ repository: store, clock: { now: () => now }, ids: { next: () => `c-${++n}` }, zones: luxonZoneClock, onChange: () => changes++ });
  });
  afterEach(() => database.close());

  it('counts what was logged since the last local reset, and starts again at the next one', async () => {
    await pool.save([fields()]);
    const account = await pool.byName('genspark-02');
    await pool.logCredits(account, 30, { sessionId: null, workspaceId: null });
    now = MORNING + 20 * 60_000; // 07:50 Berlin
    const before = await pool.logCredits(account, 7, { sessionId: null, workspaceId: null });
    assert.deepEqual([before.used, before.remaining, before.resetsAt], [37, 63, Date.UTC(2026, 10, 24, 7)]);
    assert.equal(standingLabel(before), 'GenSpark-02 · 37/100');
    assert.equal(resetText(before, now), 'resets in 10m');
    now = Date.UTC(2026, 10, 24, 7); // 08:00 Berlin: a new window
    const after = await pool.standingOf(account);
    assert.deepEqual([after.used, after.windowStart, after.resetsAt], [0, Date.UTC(2026, 10, 24, 7), Date.UTC(2026, 10, 25, 7)]);
  });

  it('adds an account once: a second add of the name, in any case, is refused with how to change it', async () => {
    const added = await pool.add(fields(), () => 'use edit');
    assert.equal(added.name, 'GenSpark-02');
    await assert.rejects(pool.add(fields({ name: 'GENSPARK-02', limit: 5 }), (taken) => `use edit ${taken}`), /already an account named "GenSpark-02": use edit GenSpark-02\./);
    assert.deepEqual((await pool.list()).map((a) => [a.name, a.limit]), [['GenSpark-02', 100]]);
  });

  it('refuses a non-positive amount with what to enter, and names the accounts when one is unknown', async () => {
    await pool.save([fields()]);
    const account = await pool.byName('GenSpark-02');
    await assert.rejects(pool.logCredits(account, -3, { sessionId: null, workspaceId: null }), /enter a positive number in credits/);
    await assert.rejects(pool.byName('Nope'), /There is no account "Nope". Accounts: GenSpark-02\./);
  });

  it("shows a dollar account's spend for its window and Codex's reported percentage until its reset", async () => {
    await pool.save([fields({ name: 'Api', platform: 'openai', unit: 'usd', limit: 5 }), fields({ name: 'Codex', platform: 'codex', unit: 'percent', limit: 100, window: { kind: 'rolling-5h', resetTime: '00:00', timeZone: 'UTC' } })]);
    await pool.logCredits(await pool.byName('Api'), 1.2, { sessionId: null, workspaceId: null });
    await database.write((db) => db.run('INSERT INTO agent_rate_limits VALUES (?, ?, ?, ?, ?)', ['codex', 'rolling-5h', 42, MORNING + 2 * HOUR, MORNING - HOUR]));
    const [api, codex] = await Promise.all([pool.byName('Api'), pool.byName('Codex')]).then((accounts) => Promise.all(accounts.map((a) => pool.standingOf(a))));
    assert.equal(standingLabel(api!), 'Api · $1.20 / $5.00 today');
    assert.equal(standingLabel(codex!), 'Codex 5h · 42%');
    assert.equal(resetText(codex!, now), 'resets in 2h 00m');
    assert.equal(standingLevel(codex!, 0.4, 0.95), 'warning');
    now = MORNING + 3 * HOUR;
    assert.equal((await pool.standingOf(await pool.byName('Codex'))).used, 0, 'after the reset the agent announced, the old figure no longer counts');
  });

  it('rotates: ends the session, snapshots, briefs, marks the old account exhausted until its reset, then starts on the new one', async () => {
    await pool.save([fields(), fields({ name: 'Claude-1', platform: 'claude.ai' })]);
    const old = await pool.byName('GenSpark-02');
    await pool.use(old);
    await pool.logCredits(old, 91, { sessionId: null, workspaceId: null });
    await database.write((db) => db.run("INSERT INTO sessions (id, workspace_id, started_at, last_activity_at) VALUES ('s1', 'w', 0, 0)"));
    const steps: string[] = [];
    const result = await rotateAccount(pool, {
      endSession: async (to: Account) => (steps.push(`end for ${to.name}`), { id: 's1', goal: 'Fix login' }),
      snapshot: async (id) => void steps.push(`snapshot ${id}`),
      briefing: async () => (steps.push('briefing'), { level: 'medium', text: '# Briefing', tokens: 42 }),
      startSession: async (goal, account) => void steps.push(`start "${goal}" on ${account.name}`),
    });
    assert.deepEqual(steps, ['end for Claude-1', 'snapshot s1', 'briefing', 'start "Fix login" on Claude-1']);
    assert.deepEqual([result.from?.account.name, result.to.name, result.exhaustedUntil, result.briefing.tokens], ['GenSpark-02', 'Claude-1', Date.UTC(2026, 10, 24, 7), 42]);
    assert.equal((await pool.current())?.account.name, 'Claude-1');
    assert.equal((await store.sessionSpend('s1')).handoffShare, 0.91, 'the session keeps how much of its account it used before handing off');
    const exhausted = await pool.standingOf(await pool.byName('GenSpark-02'));
    assert.equal(exhausted.status, 'exhausted');
    now = Date.UTC(2026, 10, 24, 7);
    assert.equal((await pool.standingOf(await pool.byName('GenSpark-02'))).status, 'active', 'back after its reset');
    assert.ok(changes > 0, 'views were told');
  });

  it('goes on when the briefing fails, saying why, so the user is not left between two accounts', async () => {
    await pool.save([fields(), fields({ name: 'Claude-1', platform: 'claude.ai' })]);
    await pool.use(await pool.byName('GenSpark-02'));
    let started = '';
    const result = await rotateAccount(pool, {
      endSession: async () => ({ id: 's1', goal: 'Fix login' }),
      snapshot: async () => undefined,
      briefing: async () => { throw new Error('git timed out'); },
      startSession: async (goal, account) => void (started = `${goal} on ${account.name}`),
    });
    assert.deepEqual([result.briefingError, result.briefing.tokens, started, (await pool.current())?.account.name], ['git timed out', 0, 'Fix login on Claude-1', 'Claude-1']);
  });

  it('refuses to rotate when no other account has credits left, naming why', async () => {
    await pool.save([fields()]);
    await pool.use(await pool.byName('GenSpark-02'));
    const never = async () => assert.fail('nothing may run');
    await assert.rejects(rotateAccount(pool, { endSession: never, snapshot: never, briefing: never, startSession: never }), /only account with credits left: add another one/);
  });

  it("puts a session's spend in words for its briefing", async () => {
    await pool.save([fields(), fields({ name: 'Api', platform: 'openai', unit: 'usd', limit: 5 })]);
    const accounts = await pool.list();
    const byName = (name: string) => accounts.find((a) => a.name === name)!.id;
    assert.equal(sessionSpendText({ credits: [{ accountId: byName('GenSpark-02'), amount: 37 }, { accountId: byName('Api'), amount: 0.5 }], costUsd: 0.42, accountId: null, handoffShare: null }, accounts),
      '37 credits on GenSpark-02, $0.50 on Api, $0.42 on API calls');
    assert.equal(sessionSpendText({ credits: [], costUsd: 0, accountId: null, handoffShare: null }, accounts), null);
  });
});
