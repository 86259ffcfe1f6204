// Budget limits from the configuration, the check, and the message a refused user reads.
import assert from 'node:assert/strict';
import {
  BudgetExceededError, budgetLimits, firstExceeded, hasLimits, refusalMessage, reservationRequest,
} from '../../../src/core/costs/budgets';
import type { Calendar } from '../../../src/core/costs/ledgerPorts';
import { UserFacingError } from '../../../src/core/errors';
import type { BudgetConfig } from '../../../src/core/routing/routerConfig';

const BUDGETS: BudgetConfig = { dailyUsd: 5, monthlyUsd: 50, perProvider: { openai: { dailyUsd: 2 } } };
const USD = 1_000_000_000;
const NOTHING = { dailyNanos: 0, monthlyNanos: 0, providerDailyNanos: 0, providerMonthlyNanos: 0 };

describe('budgets', () => {
  it('turns the configuration into the limits of a request to a provider, in nanos', () => {
    assert.deepEqual(budgetLimits(BUDGETS, 'openai'), { dailyNanos: 5 * USD, monthlyNanos: 50 * USD, providerDailyNanos: 2 * USD });
    assert.deepEqual(budgetLimits(BUDGETS, 'anthropic'), { dailyNanos: 5 * USD, monthlyNanos: 50 * USD });
    assert.deepEqual(budgetLimits({ perProvider: {} }, 'openai'), {});
    assert.deepEqual(budgetLimits({ perProvider: {} }, 'toString'), {}, 'no limits from Object.prototype');
    assert.equal(hasLimits({}), false);
    assert.equal(hasLimits({ providerMonthlyNanos: 0 }), true, 'a $0 budget is a limit');
  });

  it('builds the reservation with the local periods and an expiry', () => {
    const calendar: Calendar = { dayStart: (at) => at - 1_000, monthStart: (at) => at - 100_000 };
    assert.deepEqual(reservationRequest({ id: 'r1', provider: 'openai', maxNanos: 42, atMs: 1_000_000, budgets: BUDGETS, calendar, ttlMs: 60_000 }), {
      id: 'r1', provider: 'openai', maxNanos: 42, at: 1_000_000, dayStart: 999_000, monthStart: 900_000,
      limits: { dailyNanos: 5 * USD, monthlyNanos: 50 * USD, providerDailyNanos: 2 * USD }, expiresAt: 1_060_000,
    });
  });

  it('allows up to the limit exactly, refuses above it', () => {
    const request = { provider: 'openai', maxNanos: USD / 2, limits: budgetLimits(BUDGETS, 'openai') };
    assert.equal(firstExceeded({ ...NOTHING, providerDailyNanos: 1.5 * USD }, request), null, '1.50 + 0.50 = 2.00 is within $2');
    assert.deepEqual(firstExceeded({ ...NOTHING, providerDailyNanos: 1.5 * USD + 1 }, request), {
      budget: 'daily budget for openai', limitNanos: 2 * USD, spentNanos: 1.5 * USD + 1, requestMaxNanos: USD / 2,
    });
  });

  it('reports a monthly budget before a daily one (waiting until tomorrow would not help)', () => {
    const request = { provider: 'openai', maxNanos: USD, limits: budgetLimits(BUDGETS, 'openai') };
    const refusal = firstExceeded({ dailyNanos: 4.5 * USD, monthlyNanos: 49.5 * USD, providerDailyNanos: 1.5 * USD, providerMonthlyNanos: 0 }, request);
    assert.equal(refusal?.budget, 'monthly budget');
  });

  it('tells the user which budget, what is spent, the limit, what the request may cost, and what to do', () => {
    assert.equal(
      refusalMessage({ budget: 'daily budget', limitNanos: 5 * USD, spentNanos: 4_980_000_000, requestMaxNanos: 40_000_000 }),
      'Daily budget would be exceeded: $4.98 of $5.00 is spent or reserved, and this request may cost up to $0.04. ' +
        'To go on: raise baton.budgets.dailyUsd, wait until tomorrow, pick a cheaper model, or lower --max-tokens.',
    );
    assert.equal(
      refusalMessage({ budget: 'monthly budget for openai', limitNanos: 20 * USD, spentNanos: 19_999_000_000, requestMaxNanos: 2_403_150 }),
      'Monthly budget for openai would be exceeded: $20.00 of $20.00 is spent or reserved, and this request may cost up to $0.0024. ' +
        'To go on: raise baton.budgets.perProvider.openai.monthlyUsd, wait until next month, pick a cheaper model, or lower --max-tokens.',
    );
    assert.match(
      refusalMessage({ budget: 'daily budget for groq', limitNanos: USD / 100, spentNanos: 0, requestMaxNanos: USD / 50 }),
      /^Daily budget for groq would be exceeded: \$0\.00 of \$0\.01 .* up to \$0\.02\. This request alone may cost more than the whole budget: pick a cheaper model, lower --max-tokens, or raise baton\.budgets\.perProvider\.groq\.dailyUsd\.$/,
    );
  });

  it('BudgetExceededError is a user-facing error carrying the refusal', () => {
    const refusal = { budget: 'daily budget', limitNanos: 5 * USD, spentNanos: 5 * USD, requestMaxNanos: 1 };
    const error = new BudgetExceededError(refusal);
    assert.ok(error instanceof UserFacingError);
    assert.equal(error.name, 'BudgetExceededError');
    assert.equal(error.refusal, refusal);
    assert.equal(error.message, refusalMessage(refusal));
  });
});
