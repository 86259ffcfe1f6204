// Choosing the next account: each rule decides once on its own, ties fall through to the next
// rule, and the sentence the user reads names what decided.
import assert from 'node:assert/strict';
import type { Account, AccountStatus } from '../../../src/core/accounts/account';
import { type AccountUsage, rankAccounts, type RankingResult, tagsInTask } from '../../../src/core/accounts/accountRanking';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = Date.parse('2026-06-15T12:00:00Z');

interface Options {
  readonly used?: number;
  readonly limit?: number;
  readonly tags?: readonly string[];
  readonly priority?: number;
  readonly lastUsedAt?: number | null;
  readonly resetsAt?: number | null;
  readonly status?: AccountStatus;
}

function usage(name: string, options: Options = {}): AccountUsage {
  const account: Account = {
    id: `id-${name}`, name, platform: 'GenSpark', label: name, unit: 'credits', limit: options.limit ?? 100,
    window: { kind: 'daily', resetTime: '00:00', timeZone: 'UTC' }, tags: options.tags ?? [], priority: options.priority ?? 0,
    notes: '', status: options.status ?? { kind: 'active' }, createdAt: 0, updatedAt: 0,
  };
  return {
    account, used: options.used ?? 0, limit: options.limit ?? 100,
    resetsAt: options.resetsAt === undefined ? NOW + 10 * HOUR : options.resetsAt,
    lastUsedAt: options.lastUsedAt === undefined ? null : options.lastUsedAt,
  };
}

function chosen(result: RankingResult): Extract<RankingResult, { kind: 'chosen' }> {
  assert.equal(result.kind, 'chosen', result.reason);
  return result as Extract<RankingResult, { kind: 'chosen' }>;
}

const names = (result: RankingResult): string[] => chosen(result).ranked.map((r) => r.usage.account.name);

describe('account ranking', () => {
  describe('each rule decides once', () => {
    it('tags first: an account made for the task beats one with more left', () => {
      const result = chosen(rankAccounts([
        usage('Claude-1', { used: 10 }),
        usage('GenSpark-02', { used: 37, tags: ['frontend'] }),
      ], { tags: ['frontend'], now: NOW }));
      assert.equal(result.best.usage.account.name, 'GenSpark-02');
      assert.deepEqual(result.best.matchedTags, ['frontend']);
      assert.equal(result.reason, 'GenSpark-02: matches frontend, which Claude-1 does not; 63% left');
    });

    it('more requested tags beat fewer', () => {
      const result = rankAccounts([
        usage('One', { tags: ['frontend'] }),
        usage('Two', { tags: ['frontend', 'react'], used: 50 }),
      ], { tags: ['frontend', 'React'], now: NOW });
      assert.deepEqual(names(result), ['Two', 'One']);
      assert.equal(result.reason, 'Two: matches frontend, react, while One matches only frontend; 50% left');
    });

    it('then the remaining share', () => {
      const result = rankAccounts([
        usage('Claude-1', { used: 60, tags: ['frontend'] }),
        usage('GenSpark-02', { used: 37, tags: ['frontend'] }),
      ], { tags: ['frontend'], now: NOW });
      assert.equal(result.reason, 'GenSpark-02: matches frontend; 63% left (vs 40% for Claude-1)');
    });

    it('then the priority', () => {
      const result = rankAccounts([usage('A', { used: 20 }), usage('B', { used: 20, priority: 2 })], { now: NOW });
      assert.deepEqual(names(result), ['B', 'A']);
      assert.equal(result.reason, 'B: priority 2 (vs 0 for A); both 80% left');
    });

    it('then the one rested longest, never used first', () => {
      const result = rankAccounts([
        usage('Recent', { lastUsedAt: NOW - 5 * MINUTE }),
        usage('Rested', { lastUsedAt: NOW - 3 * HOUR }),
      ], { now: NOW });
      assert.deepEqual(names(result), ['Rested', 'Recent']);
      assert.equal(result.reason, 'Rested: last used 3h 00m ago (vs used 5m ago for Recent), which spreads the load; both 100% left');
      const fresh = rankAccounts([usage('Used', { lastUsedAt: NOW - 30 * HOUR }), usage('Fresh', { lastUsedAt: null })], { now: NOW });
      assert.equal(fresh.reason, 'Fresh: not used yet (vs used 30h 00m ago for Used), which spreads the load; both 100% left');
    });

    it('then the sooner reset, so credits are used before they expire; an unknown reset last', () => {
      const result = rankAccounts([
        usage('Later', { resetsAt: NOW + 20 * HOUR }),
        usage('Unknown', { resetsAt: null }),
        usage('Sooner', { resetsAt: NOW + 2 * HOUR }),
      ], { now: NOW });
      assert.deepEqual(names(result), ['Sooner', 'Later', 'Unknown']);
      assert.equal(result.reason, 'Sooner: resets sooner (in 2h 00m vs in 20h 00m for Later), so its credits are used before they expire; both 100% left');
    });

    it('last, the name, so that the choice never depends on the input order', () => {
      // Case does not matter: "alpha" comes before "Beta", though "B" sorts before "a" in code points.
      const pool = [usage('Beta'), usage('alpha'), usage('gamma')];
      assert.deepEqual(names(rankAccounts(pool, { now: NOW })), ['alpha', 'Beta', 'gamma']);
      assert.deepEqual(names(rankAccounts([...pool].reverse(), { now: NOW })), ['alpha', 'Beta', 'gamma']);
      assert.equal(rankAccounts(pool, { now: NOW }).reason, 'alpha: ties with Beta on everything else (100% left), first by name');
    });
  });

  describe('ties', () => {
    it('shares that show as the same whole percent tie, and the next rule decides', () => {
      const result = rankAccounts([usage('A', { used: 36.8, priority: 0 }), usage('B', { used: 37.2, priority: 1 })], { now: NOW });
      assert.deepEqual(names(result), ['B', 'A']);
      assert.equal(result.reason, 'B: priority 1 (vs 0 for A); both 63% left');
    });

    it('a full ranking applies the rules in order', () => {
      const result = rankAccounts([
        usage('D', { used: 50 }),
        usage('C', { used: 10, priority: 1 }),
        usage('B', { used: 10, priority: 1, lastUsedAt: NOW - HOUR }),
        usage('A', { used: 90, tags: ['backend'] }),
      ], { task: 'Speed up the backend queries', now: NOW });
      assert.deepEqual(names(result), ['A', 'C', 'B', 'D']);
    });
  });

  describe('exclusions', () => {
    it('leaves out disabled, exhausted, used-up and nearly used-up accounts, saying why', () => {
      const result = chosen(rankAccounts([
        usage('Off', { status: { kind: 'disabled' } }),
        usage('Tired', { status: { kind: 'exhausted', until: NOW + 2 * HOUR } }),
        usage('Empty', { used: 100, resetsAt: NOW + 4 * HOUR }),
        usage('Low', { used: 96, resetsAt: NOW + 5 * HOUR }),
        usage('Ok', { used: 94 }),
      ], { now: NOW }));
      assert.deepEqual(result.ranked.map((r) => r.usage.account.name), ['Ok']);
      assert.deepEqual(result.excluded.map((e) => [e.name, e.kind, e.reason]), [
        ['Off', 'disabled', 'Off is disabled'],
        ['Tired', 'exhausted', 'Tired is exhausted until its reset in 2h 00m'],
        ['Empty', 'used-up', 'Empty has used its whole limit; it resets in 4h 00m'],
        ['Low', 'below-minimum', 'Low has 4% left, below the minimum of 5%; it resets in 5h 00m'],
      ]);
      assert.equal(result.reason, 'Ok: the only available account (4 others are excluded); 6% left');
    });

    it('an exhaustion whose reset has passed no longer counts', () => {
      const result = chosen(rankAccounts([usage('Back', { status: { kind: 'exhausted', until: NOW } })], { now: NOW }));
      assert.equal(result.best.usage.account.name, 'Back');
      assert.equal(result.reason, 'Back: the only available account; 100% left');
    });

    it('honours a minimum share the caller sets', () => {
      const pool = [usage('Half', { used: 55 }), usage('Most', { used: 10 })];
      const result = chosen(rankAccounts(pool, { minimumRemainingShare: 0.5, now: NOW }));
      assert.deepEqual(result.excluded.map((e) => e.reason), ['Half has 45% left, below the minimum of 50%; it resets in 10h 00m']);
      assert.equal(chosen(rankAccounts(pool, { minimumRemainingShare: 0, now: NOW })).ranked.length, 2);
      const full = rankAccounts([usage('Full', { used: 100 })], { minimumRemainingShare: 0, now: NOW });
      assert.equal(full.kind, 'none', 'an account with nothing left is out even without a minimum');
    });

    it('when nothing is left, says so and names the first account to come back', () => {
      const result = rankAccounts([
        usage('Off', { status: { kind: 'disabled' } }),
        usage('Tired', { status: { kind: 'exhausted', until: NOW + 3 * HOUR } }),
        usage('Empty', { used: 120, resetsAt: NOW + 90 * MINUTE }),
        usage('Low', { used: 99, resetsAt: NOW + 5 * HOUR }),
      ], { now: NOW });
      assert.equal(result.kind, 'none');
      assert.equal(result.reason, 'Every account is exhausted, disabled or nearly used up: the first to reset is Empty, in 1h 30m.');
      assert.deepEqual(result.kind === 'none' ? result.earliestReset : null, { name: 'Empty', at: NOW + 90 * MINUTE });
      assert.equal(result.excluded.length, 4);
    });

    it('when every account is disabled, there is no reset to wait for', () => {
      const result = rankAccounts([usage('Off', { status: { kind: 'disabled' } })], { now: NOW });
      assert.equal(result.reason, 'Every account is exhausted, disabled or nearly used up, and none has a reset coming: enable an account or add one.');
      assert.equal(result.kind === 'none' ? result.earliestReset : 'chosen', null);
    });

    it('an empty pool says to add an account', () => {
      const result = rankAccounts([], { now: NOW });
      assert.deepEqual(result, { kind: 'none', reason: 'There are no accounts in the pool: add one first.', earliestReset: null, excluded: [] });
    });
  });

  describe('tags from the task', () => {
    it('finds the pool\'s tags among the task\'s words, whatever their case and ending', () => {
      const known = ['frontend', 'testing', 'long-context', 'styles', 'class', 'library'];
      assert.deepEqual(tagsInTask('Fix the frontend layout', known), ['frontend']);
      assert.deepEqual(tagsInTask('FRONTEND: fix it', known), ['frontend']);
      assert.deepEqual(tagsInTask('Write tests for the parser', known), ['testing']);
      assert.deepEqual(tagsInTask('Summarise this with a long context model', known), ['long-context']);
      assert.deepEqual(tagsInTask('Tidy the CSS style of the front end', known), ['frontend', 'styles']);
      assert.deepEqual(tagsInTask('Rename the classes', known), ['class']);
      assert.deepEqual(tagsInTask('Upgrade the libraries', known), ['library']);
    });

    it('does not take a word for a tag it only resembles', () => {
      assert.deepEqual(tagsInTask('Fix the backend layout; this is a long task with context', ['frontend', 'long-context', 'test']), []);
      assert.deepEqual(tagsInTask('', ['frontend']), []);
    });

    it('ranks by the tags the task names, and says so', () => {
      const result = rankAccounts([
        usage('Claude-1', { used: 60 }),
        usage('GenSpark-02', { used: 37, tags: ['frontend'] }),
      ], { task: 'Fix the frontend layout', now: NOW });
      assert.equal(result.reason, 'GenSpark-02: matches frontend, which Claude-1 does not; 63% left');
    });
  });
});
