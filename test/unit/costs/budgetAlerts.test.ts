// Budget alerts: which threshold is due for a standing, the mark key that makes it once per
// period, what the user reads for each unit and owner, and the standings made from the router's
// budgets and the account pool.
import assert from 'node:assert/strict';
import type { Account } from '../../../src/core/accounts/account';
import type { AccountStanding } from '../../../src/core/accounts/accountPool';
import {
  ALERT_THRESHOLDS, type AlertDue, type LimitStanding, accountStandings, alertActions, alertMessage, alertSeverity, alertsDue, budgetStandings,
} from '../../../src/core/costs/budgetAlerts';

const USD = 1_000_000_000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 20, 12);

const budget = (used: number, limit: number, overrides: Partial<LimitStanding> = {}): LimitStanding => ({
  key: 'budget:monthly', name: 'Monthly budget', periodKey: '2026-12', used, limit, unit: 'usd', resetsAt: null,
  owner: { kind: 'budget', setting: 'baton.budgets.monthlyUsd' }, ...overrides,
});

const thresholdOf = (standing: LimitStanding) => alertsDue([standing]).map((due) => due.threshold);

function only(standing: LimitStanding): AlertDue {
  const [due, ...rest] = alertsDue([standing]);
  assert.ok(due, 'an alert is due');
  assert.equal(rest.length, 0);
  return due;
}

describe('budget alerts', () => {
  describe('alertsDue', () => {
    it('alerts from 80% exactly, at the highest threshold reached only', () => {
      assert.deepEqual(ALERT_THRESHOLDS, [0.8, 0.9, 1]);
      assert.deepEqual(thresholdOf(budget(0, 50)), []);
      assert.deepEqual(thresholdOf(budget(39.995, 50)), [], '79.99% is not 80%');
      assert.deepEqual(thresholdOf(budget(40, 50)), [0.8], '80% exactly');
      assert.deepEqual(thresholdOf(budget(44.99, 50)), [0.8]);
      assert.deepEqual(thresholdOf(budget(45, 50)), [0.9], '90%: one alert at 0.9, none at 0.8');
      assert.deepEqual(thresholdOf(budget(49.999, 50)), [0.9]);
      assert.deepEqual(thresholdOf(budget(50, 50)), [1], '100% exactly');
      assert.deepEqual(thresholdOf(budget(75, 50)), [1], 'over the limit is 100%');
    });

    it('counts a share a float rounding puts a hair below a threshold as reached', () => {
      const [eighty, ninety, limit] = [0.88, 0.99, 1.1];
      assert.ok(eighty / limit < 0.8 && ninety / limit < 0.9, 'the float quotients are below the thresholds');
      assert.deepEqual(thresholdOf(budget(0.88, 1.1)), [0.8]);
      assert.deepEqual(thresholdOf(budget(0.99, 1.1)), [0.9]);
      assert.equal(alertMessage(only(budget(0.88, 1.1)), NOW), 'Baton: Monthly budget is at 80% ($0.88 of $1.10).');
    });

    it('alerts on a limit of 0 only once something is used against it', () => {
      assert.deepEqual(thresholdOf(budget(0, 0)), []);
      assert.deepEqual(thresholdOf(budget(0.01, 0)), [1]);
      assert.deepEqual(thresholdOf(budget(Number.NaN, 50)), [], 'a figure that is not a number alerts nothing');
    });

    it('gives one alert per standing, keyed by limit, period and threshold, with the lower keys it supersedes', () => {
      const due = alertsDue([budget(46, 50), budget(10, 50, { key: 'budget:daily' }), budget(2, 2, { key: 'budget:daily:openai', periodKey: '2026-12-20' })]);
      assert.deepEqual(due.map((d) => [d.markKey, d.supersedes]), [
        ['budget:monthly|2026-12|0.9', ['budget:monthly|2026-12|0.8']],
        ['budget:daily:openai|2026-12-20|1', ['budget:daily:openai|2026-12-20|0.8', 'budget:daily:openai|2026-12-20|0.9']],
      ]);
      assert.deepEqual(only(budget(40, 50)).supersedes, []);
    });

    it('gives a new period a new mark key, so it alerts again', () => {
      const december = only(budget(41, 50));
      const january = only(budget(41, 50, { periodKey: '2027-01' }));
      assert.notEqual(december.markKey, january.markKey);
      assert.equal(january.markKey, 'budget:monthly|2027-01|0.8');
    });
  });

  describe('alertMessage', () => {
    const endOfYear = new Date(2027, 0, 1).getTime(); // local midnight, so the local date reads Jan 1 in any zone

    it('says where a budget stands and when it resets', () => {
      assert.equal(alertMessage(only(budget(45.5, 50, { resetsAt: endOfYear })), NOW), 'Baton: Monthly budget is at 91% ($45.50 of $50.00); resets Jan 1.');
      assert.equal(alertMessage(only(budget(40, 50, { resetsAt: NOW + 3 * HOUR + 12 * 60_000 })), NOW), 'Baton: Monthly budget is at 80% ($40.00 of $50.00); resets in 3h 12m.');
      assert.equal(alertMessage(only(budget(40, 50)), NOW), 'Baton: Monthly budget is at 80% ($40.00 of $50.00).', 'no reset when none is known');
    });

    it('says at 100% that requests are refused until the reset, and which setting raises the budget', () => {
      const due = only(budget(2, 2, { key: 'budget:daily:openai', name: 'Daily budget for openai', resetsAt: NOW + 5 * HOUR, owner: { kind: 'budget', setting: 'baton.budgets.perProvider.openai.dailyUsd' } }));
      assert.equal(alertMessage(due, NOW),
        'Baton: Daily budget for openai reached its limit (100%: $2.00 of $2.00). Router requests that cost money are refused until it resets in 5h 00m. '
        + 'To go on, raise baton.budgets.perProvider.openai.dailyUsd in Settings (Baton › Budgets) or wait.');
      assert.match(alertMessage(only(budget(56, 50)), NOW), /reached its limit \(112%: \$56\.00 of \$50\.00\)\. Router requests that cost money are refused until it resets\. /);
    });

    it('reads credits and percent in their own units, and tells an account what to do at 100%', () => {
      const credits: LimitStanding = {
        key: 'account:a1', name: 'Account GenSpark-02', periodKey: '1', used: 91, limit: 100, unit: 'credits', resetsAt: NOW + 2 * HOUR, owner: { kind: 'account', current: true, usd: false },
      };
      assert.equal(alertMessage(only(credits), NOW), 'Baton: Account GenSpark-02 is at 91% (91 of 100 credits); resets in 2h 00m.');
      assert.equal(alertMessage(only({ ...credits, used: 100 }), NOW),
        'Baton: Account GenSpark-02 reached its limit (100%: 100 of 100 credits). It is used up until it resets in 2h 00m. To go on, rotate to another account (Rotate Now) or raise its limit (Baton: Edit Account).');
      const codex: LimitStanding = { ...credits, key: 'account:c1', name: 'Account Codex-Pro', unit: 'percent', used: 83.6, owner: { kind: 'account', current: false, usd: false } };
      assert.equal(alertMessage(only(codex), NOW), 'Baton: Account Codex-Pro is at 83%; resets in 2h 00m.');
      assert.equal(alertMessage(only({ ...codex, used: 100, resetsAt: null }), NOW),
        'Baton: Account Codex-Pro reached its limit (100%). It is used up until it resets. To go on, switch account (Baton: Switch Account) or raise its limit (Baton: Edit Account).');
      const api: LimitStanding = { ...credits, key: 'account:u1', name: 'Account Api', unit: 'usd', used: 5.2, limit: 5, owner: { kind: 'account', current: true, usd: true } };
      assert.equal(alertMessage(only(api), NOW),
        'Baton: Account Api reached its limit (104%: $5.20 of $5.00). Router requests charged to it are refused until it resets in 2h 00m. To go on, rotate to another account (Rotate Now) or raise its limit (Baton: Edit Account).');
    });

    it('offers Show Costs on every alert and Rotate Now on the current account only; 100% is an error', () => {
      const account = (current: boolean): LimitStanding => ({ ...budget(45, 50), key: 'account:x', owner: { kind: 'account', current, usd: false } });
      assert.deepEqual(alertActions(only(budget(45, 50))), ['showCosts']);
      assert.deepEqual(alertActions(only(account(true))), ['showCosts', 'rotateNow']);
      assert.deepEqual(alertActions(only(account(false))), ['showCosts']);
      assert.deepEqual([alertSeverity(only(budget(40, 50))), alertSeverity(only(budget(45, 50))), alertSeverity(only(budget(50, 50)))], ['warning', 'warning', 'error']);
    });
  });

  describe('budgetStandings', () => {
    const periods = { dayKey: '2026-12-20', monthKey: '2026-12', dayEndsAt: NOW + 12 * HOUR, monthEndsAt: NOW + 12 * 24 * HOUR };
    const spent = { daily: 4 * USD, monthly: 45.5 * USD, providerDaily: { openai: 1.6 * USD }, providerMonthly: { openai: 20 * USD } };

    it('makes a USD standing of each budget that is set, in its period, with the setting that holds it', () => {
      const standings = budgetStandings({ dailyUsd: 5, monthlyUsd: 50, perProvider: { openai: { dailyUsd: 2 }, anthropic: { monthlyUsd: 10 } } }, spent, periods);
      assert.deepEqual(standings, [
        { key: 'budget:monthly', name: 'Monthly budget', periodKey: '2026-12', used: 45.5, limit: 50, unit: 'usd', resetsAt: periods.monthEndsAt, owner: { kind: 'budget', setting: 'baton.budgets.monthlyUsd' } },
        { key: 'budget:daily', name: 'Daily budget', periodKey: '2026-12-20', used: 4, limit: 5, unit: 'usd', resetsAt: periods.dayEndsAt, owner: { kind: 'budget', setting: 'baton.budgets.dailyUsd' } },
        { key: 'budget:daily:openai', name: 'Daily budget for openai', periodKey: '2026-12-20', used: 1.6, limit: 2, unit: 'usd', resetsAt: periods.dayEndsAt, owner: { kind: 'budget', setting: 'baton.budgets.perProvider.openai.dailyUsd' } },
        { key: 'budget:monthly:anthropic', name: 'Monthly budget for anthropic', periodKey: '2026-12', used: 0, limit: 10, unit: 'usd', resetsAt: periods.monthEndsAt, owner: { kind: 'budget', setting: 'baton.budgets.perProvider.anthropic.monthlyUsd' } },
      ]);
      assert.deepEqual(alertsDue(standings).map((d) => d.markKey), ['budget:monthly|2026-12|0.9', 'budget:daily|2026-12-20|0.8', 'budget:daily:openai|2026-12-20|0.8']);
    });

    it('makes nothing without budgets, and reads no spend from Object.prototype', () => {
      assert.deepEqual(budgetStandings({ perProvider: {} }, spent, periods), []);
      const [standing] = budgetStandings({ perProvider: { toString: { dailyUsd: 1 } } }, { ...spent, providerDaily: {} }, periods);
      assert.equal(standing?.used, 0);
    });
  });

  describe('accountStandings', () => {
    const account = (id: string, overrides: Partial<Account> = {}): Account => ({
      id, name: `Acc-${id}`, platform: 'GenSpark', label: '', unit: 'credits', limit: 100, window: { kind: 'daily', resetTime: '00:00', timeZone: 'UTC' },
      tags: [], priority: 0, notes: '', status: { kind: 'active' }, createdAt: 0, updatedAt: 0, ...overrides,
    });
    const standing = (acc: Account, used: number, overrides: Partial<AccountStanding> = {}): AccountStanding => {
      const limit = acc.unit === 'percent' ? 100 : acc.limit;
      return { account: acc, used, limit, remaining: Math.max(0, limit - used), usedShare: used / limit, windowStart: Date.UTC(2026, 11, 20), resetsAt: Date.UTC(2026, 11, 21), status: 'active', lastUsedAt: null, ...overrides };
    };

    it('makes a standing of each active account in its unit, keyed by its window, and marks the current one', () => {
      const web = standing(account('w1'), 85);
      const api = standing(account('u1', { name: 'Api', unit: 'usd', limit: 5, platform: 'openai' }), 4.6);
      const codex = standing(account('c1', { name: 'Codex', unit: 'percent', platform: 'codex', window: { kind: 'rolling-5h', resetTime: '00:00', timeZone: 'UTC' } }), 92, {
        windowStart: NOW - 5 * HOUR, resetsAt: NOW + 2 * HOUR,
      });
      const disabled = standing(account('d1'), 99, { status: 'disabled' });
      const exhausted = standing(account('e1'), 100, { status: 'exhausted' });
      const standings = accountStandings([web, api, codex, disabled, exhausted], 'u1');
      assert.deepEqual(standings, [
        { key: 'account:w1', name: 'Account Acc-w1', periodKey: String(Date.UTC(2026, 11, 20)), used: 85, limit: 100, unit: 'credits', resetsAt: Date.UTC(2026, 11, 21), owner: { kind: 'account', current: false, usd: false } },
        { key: 'account:u1', name: 'Account Api', periodKey: String(Date.UTC(2026, 11, 20)), used: 4.6, limit: 5, unit: 'usd', resetsAt: Date.UTC(2026, 11, 21), owner: { kind: 'account', current: true, usd: true } },
        { key: 'account:c1', name: 'Account Codex', periodKey: `rolling-${Math.floor((NOW + 2 * HOUR) / (5 * HOUR))}`, used: 92, limit: 100, unit: 'percent', resetsAt: NOW + 2 * HOUR, owner: { kind: 'account', current: false, usd: false } },
      ], 'disabled and exhausted accounts do not alert');
      assert.deepEqual(alertsDue(standings).map((d) => d.threshold), [0.8, 0.9, 0.9]);
    });

    it('keeps a rolling window in one period while its reported reset jitters, and starts a new one at the next window', () => {
      const codex = account('c1', { unit: 'percent', platform: 'codex', window: { kind: 'rolling-5h', resetTime: '00:00', timeZone: 'UTC' } });
      const reset = Date.UTC(2026, 11, 20, 11); // inside a 5-hour slot, not at its edge
      const keyAt = (now: number, resetsAt: number | null) => accountStandings([standing(codex, 85, { windowStart: now - 5 * HOUR, resetsAt })], null)[0]?.periodKey;
      const first = keyAt(NOW - 3 * HOUR, reset);
      assert.equal(keyAt(NOW - HOUR, reset + 40_000), first, 'a later report of the same window, its reset a few seconds off');
      assert.notEqual(keyAt(reset + HOUR, reset + 5 * HOUR + 10 * 60_000), first, 'the next window resets at least five hours later');
      assert.equal(keyAt(NOW, null), 'rolling');
    });
  });
});
