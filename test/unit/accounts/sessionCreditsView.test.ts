// A session's credits as a session view shows them: what it spent, on which account, and how
// well it used that account when it handed off.
import assert from 'node:assert/strict';
import type { Account } from '../../../src/core/accounts/account';
import type { SessionSpend } from '../../../src/core/accounts/accountPorts';
import { DEFAULT_TARGET_BAND } from '../../../src/core/accounts/handoffEfficiency';
import { sessionCreditsView } from '../../../src/core/accounts/sessionCreditsView';

function account(id: string, name: string, unit: Account['unit'] = 'credits'): Account {
  return {
    id, name, platform: 'GenSpark', label: '', unit, limit: unit === 'percent' ? 100 : 200,
    window: { kind: 'daily', resetTime: '00:00', timeZone: 'UTC' }, tags: [], priority: 0, notes: '',
    status: { kind: 'active' }, createdAt: 0, updatedAt: 0,
  };
}

const accounts = [account('a-2', 'GenSpark-02'), account('a-api', 'OpenAI key', 'usd')];
const spend = (overrides: Partial<SessionSpend> = {}): SessionSpend => ({
  credits: [{ accountId: 'a-2', amount: 37 }], costUsd: 0.42, accountId: 'a-2', handoffShare: null, ...overrides,
});

describe('session credits view', () => {
  it('names the account and says what was spent; no handoff yet', () => {
    assert.deepEqual(sessionCreditsView(spend(), accounts, DEFAULT_TARGET_BAND), {
      spent: '37 credits on GenSpark-02, $0.42 on API calls', account: 'GenSpark-02', handoff: null,
    });
  });

  it('an early handoff: the percent, the verdict and the advice', () => {
    assert.deepEqual(sessionCreditsView(spend({ handoffShare: 0.62 }), accounts, DEFAULT_TARGET_BAND).handoff, {
      percent: 62, verdict: 'early', recommendation: 'Handed off at 62% of the limit: you could keep going until about 85% next time.',
    });
  });

  it('a handoff in the band, judged on the whole percent the user reads', () => {
    assert.deepEqual(sessionCreditsView(spend({ handoffShare: 0.846 }), accounts, DEFAULT_TARGET_BAND).handoff, {
      percent: 85, verdict: 'in-band', recommendation: 'Handed off at 85% of the limit: right in the target band of 85–92%.',
    });
    assert.equal(sessionCreditsView(spend({ handoffShare: 0.92 }), accounts, DEFAULT_TARGET_BAND).handoff?.verdict, 'in-band');
  });

  it('a late handoff, and one past the limit (an overdrawn account)', () => {
    assert.deepEqual(sessionCreditsView(spend({ handoffShare: 0.97 }), accounts, DEFAULT_TARGET_BAND).handoff, {
      percent: 97, verdict: 'late', recommendation: 'Handed off at 97% of the limit: hand off earlier, around 90%, so the briefing fits before the account runs out.',
    });
    assert.equal(sessionCreditsView(spend({ handoffShare: 1.08 }), accounts, DEFAULT_TARGET_BAND).handoff?.percent, 108);
  });

  it('judges against the band it is given (the baton.credits.targetBand setting)', () => {
    const band = { low: 0.7, high: 0.8 };
    assert.equal(sessionCreditsView(spend({ handoffShare: 0.88 }), accounts, band).handoff?.verdict, 'late');
    assert.equal(sessionCreditsView(spend({ handoffShare: 0.75 }), accounts, band).handoff?.verdict, 'in-band');
    assert.equal(sessionCreditsView(spend({ handoffShare: 0.75 }), accounts, DEFAULT_TARGET_BAND).handoff?.verdict, 'early');
  });

  it('a session on no account: only the spend, and null when it spent nothing', () => {
    assert.deepEqual(sessionCreditsView(spend({ accountId: null, credits: [] }), accounts, DEFAULT_TARGET_BAND), {
      spent: '$0.42 on API calls', account: null, handoff: null,
    });
    assert.deepEqual(sessionCreditsView({ credits: [], costUsd: 0, accountId: null, handoffShare: null }, accounts, DEFAULT_TARGET_BAND), {
      spent: null, account: null, handoff: null,
    });
  });

  it('an account removed since: no name, the spend says so, the handoff is still judged', () => {
    const view = sessionCreditsView(spend({ accountId: 'gone', credits: [{ accountId: 'gone', amount: 12 }], costUsd: 0, handoffShare: 0.9 }), accounts, DEFAULT_TARGET_BAND);
    assert.deepEqual(view, {
      spent: '12 credits on a removed account',
      account: null,
      handoff: { percent: 90, verdict: 'in-band', recommendation: 'Handed off at 90% of the limit: right in the target band of 85–92%.' },
    });
  });

  it('an account without a spend yet keeps its name; a stored share that is not a number is not judged', () => {
    assert.deepEqual(sessionCreditsView(spend({ credits: [], costUsd: 0, handoffShare: Number.NaN }), accounts, DEFAULT_TARGET_BAND), {
      spent: null, account: 'GenSpark-02', handoff: null,
    });
  });
});
