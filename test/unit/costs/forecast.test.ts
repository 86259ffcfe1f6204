// The spend forecast on series whose projection can be worked out by hand: flat, rising, a
// workweek, one spike, too little history, and the day each kind of budget runs out.
//
// The model, as the expected numbers below use it: over the window (the last <= 28 days with
// data, x = days relative to today, so history is x < 0 and today x = 0), a least-squares line
// a + b·x and an exponentially smoothed level L (α 0.3, started at the first value);
// expected(h) = 0.5·(a + b·h) + 0.5·(L + b·h), times the weekday factor from 21 data days on;
// σ = standard deviation of the residuals; band = expected ∓ 1.28σ, 30-day band ∓ 1.28σ·√30.
import assert from 'node:assert/strict';
import { dayNumber, dayString } from '../../../src/core/costs/calendarDays';
import { forecastSpend, type DailySpend, type Forecast, type ForecastBudget, type ForecastInput } from '../../../src/core/costs/forecast';

const USD = 1_000_000_000;

/** Days ending the day before `today`, one value (USD) per day, oldest first. */
function history(today: string, usd: readonly number[]): DailySpend[] {
  const end = dayNumber(today);
  return usd.map((amount, index) => ({ day: dayString(end - usd.length + index), nanos: Math.round(amount * USD) }));
}

function forecast(input: Partial<ForecastInput> & Pick<ForecastInput, 'history' | 'today'>): Forecast {
  return forecastSpend({ spentToday: 0, budgets: [], ...input });
}

function ok(result: Forecast): Extract<Forecast, { status: 'ok' }> {
  assert.equal(result.status, 'ok', result.method);
  if (result.status !== 'ok') throw new Error('unreachable');
  return result;
}

/** Within one nano: what float arithmetic in the test's own formula may differ by. */
function assertNear(actual: number, expected: number, message?: string) {
  assert.ok(Math.abs(actual - expected) <= 1, `${message ?? ''} ${actual} is not ${expected}`);
}

const repeat = <T>(value: T, times: number): T[] => Array.from({ length: times }, () => value);
/** Four weeks from Monday 2026-11-02 to Sunday 2026-11-29: $5 on weekdays, nothing at weekends. */
const WORKWEEKS = repeat([5, 5, 5, 5, 5, 0, 0], 4).flat();
/** $1, $2, ... $7 on the seven days before Monday 2026-11-30. */
const RISING = history('2026-11-30', [1, 2, 3, 4, 5, 6, 7]);

describe('spend forecast', () => {
  it('projects a flat $2 a day as $14 a week and $60 a month, with no band', () => {
    // Line a = $2, b = 0; level $2; residuals 0 so σ = 0.
    const result = ok(forecast({ history: history('2026-11-30', repeat(2, 28)), today: '2026-11-30' }));
    assert.equal(result.dataDays, 28);
    assert.match(result.method, /^Linear trend over the last 28 days .*day-of-week/);
    assert.equal(result.points.length, 30);
    assert.deepEqual(result.points[0], { day: '2026-11-30', expected: 2 * USD, low: 2 * USD, high: 2 * USD });
    assert.equal(result.points[29]?.day, '2026-12-29');
    assert.ok(result.points.every((p) => p.expected === 2 * USD && p.low === p.expected && p.high === p.expected));
    assert.equal(result.projected7Nanos, 14 * USD);
    assert.equal(result.projected30Nanos, 60 * USD);
    assert.equal(result.low30Nanos, 60 * USD);
    assert.equal(result.high30Nanos, 60 * USD);
  });

  it('follows a linear rise (the line fits exactly), lagged by half of the smoothed level', () => {
    // y = 8 + x dollars (x = -7..-1): a = $8, b = $1/day, residuals 0.
    // Level: 1 → 1.3 → 1.81 → 2.467 → 3.2269 → 4.05883 → 4.941181
    //   (closed form 7 − (0.7/0.3)·(1 − 0.7⁶) = 7 − 2.058819).
    // expected(h) = 0.5·(8 + h) + 0.5·(4.941181 + h) = $6.4705905 + h.
    const result = ok(forecast({ history: RISING, today: '2026-11-30' }));
    assert.equal(result.dataDays, 7);
    assert.deepEqual(result.points.slice(0, 3).map((p) => p.expected), [6_470_590_500, 7_470_590_500, 8_470_590_500]);
    assert.equal(result.points[29]?.expected, 35_470_590_500);
    // 7 × 6.4705905 + (0 + … + 6) = 45.2941335 + 21; 30 × 6.4705905 + (0 + … + 29) = 194.117715 + 435.
    assert.equal(result.projected7Nanos, 66_294_133_500);
    assert.equal(result.projected30Nanos, 629_117_715_000);
    assert.equal(result.low30Nanos, result.projected30Nanos);
    assert.equal(result.high30Nanos, result.projected30Nanos);
    assert.match(result.method, /^Linear trend over the last 7 days blended with exponential smoothing \(α 0\.3\); band ±1\.28σ of the residuals \(80%\)$/);
  });

  it('projects a workweek as a workweek: $5 Monday to Friday, nothing at the weekend, $25 a week', () => {
    // Weekday means $5 (Mon–Fri) and $0 (Sat, Sun); their mean is 25/7, so the factors are
    // 1.4 and 0. Deseasonalized, every weekday is 5 / 1.4 = 25/7: a flat line and level at 25/7,
    // projected back as 1.4 × 25/7 = $5. The 30 days from Monday hold 22 weekdays: $110.
    const result = ok(forecast({ history: history('2026-11-30', WORKWEEKS), today: '2026-11-30' }));
    assert.deepEqual(result.points.slice(0, 7).map((p) => [p.day, p.expected]), [
      ['2026-11-30', 5 * USD], ['2026-12-01', 5 * USD], ['2026-12-02', 5 * USD], ['2026-12-03', 5 * USD],
      ['2026-12-04', 5 * USD], ['2026-12-05', 0], ['2026-12-06', 0],
    ]);
    assert.equal(result.projected7Nanos, 25 * USD);
    assert.equal(result.projected30Nanos, 110 * USD);
    assert.equal(result.high30Nanos - result.low30Nanos, 0, 'the pattern explains every day');
    assert.match(result.method, /day-of-week/);
  });

  it('starts the weekly shape at 21 days with data, and not before', () => {
    // 20 days from Tuesday 2026-11-10 and 21 from Monday 2026-11-09, both ending on a Sunday.
    const twenty = ok(forecast({ history: history('2026-11-30', WORKWEEKS.slice(-20)), today: '2026-11-30' }));
    const twentyOne = ok(forecast({ history: history('2026-11-30', WORKWEEKS.slice(-21)), today: '2026-11-30' }));
    assert.doesNotMatch(twenty.method, /day-of-week/);
    assert.ok((twenty.points[5]?.expected ?? 0) > 0, 'without the shape, Saturday gets a share of the average');
    assert.match(twentyOne.method, /^Linear trend over the last 21 days .*day-of-week/);
    assert.equal(twentyOne.points[5]?.expected, 0);
    assert.equal(twentyOne.projected7Nanos, 25 * USD);
  });

  it('uses only the last 28 days', () => {
    // A week of $100 five weeks ago is out of the window: the 28 days after it are a flat $2.
    const result = ok(forecast({ history: history('2026-11-30', [...repeat(100, 7), ...repeat(2, 28)]), today: '2026-11-30' }));
    assert.equal(result.dataDays, 35);
    assert.equal(result.projected7Nanos, 14 * USD);
  });

  it('widens the band around a single spike', () => {
    // 15 days of $2 with $16 on the middle one (x = -8, the mean of x): the slope stays 0 and
    // a = mean = 44/15 dollars. Level: $2 until the spike, 0.3·16 + 0.7·2 = 6.2, then seven
    // more $2: 2 + 4.2·0.7⁷ = 2.34588806. expected = 0.5·44/15 + 0.5·2.34588806 = $2.63961070.
    // Residuals: −14/15 (×14) and 196/15 (×1); σ² = (14·196 + 196²)/225/15 = 41160/3375.
    const spiky = [...repeat(2, 7), 16, ...repeat(2, 7)];
    const result = ok(forecast({ history: history('2026-11-30', spiky), today: '2026-11-30' }));
    const expected = Math.round((0.5 * 44 / 15 + 0.5 * (2 + 4.2 * 0.7 ** 7)) * USD);
    const sigma = Math.sqrt(41160 / 3375) * USD;
    assertNear(result.points[3]?.expected ?? 0, expected, 'expected');
    assertNear(result.points[3]?.high ?? 0, Math.round(expected + 1.28 * sigma), 'high');
    assert.equal(result.points[3]?.low, 0, '$2.64 − $4.47 is clamped at 0');
    assertNear(result.projected30Nanos, 30 * expected, 'projected30');
    assertNear(result.high30Nanos, Math.round(30 * expected + 1.28 * sigma * Math.sqrt(30)), 'high30');
    assertNear(result.low30Nanos, Math.round(30 * expected - 1.28 * sigma * Math.sqrt(30)), 'low30');
    // With $3 spent today (over the model's $2.64), today's band runs from $3, not $3 − $4.47.
    const spent = ok(forecast({ history: history('2026-11-30', spiky), today: '2026-11-30', spentToday: 3 * USD }));
    assert.equal(spent.points[0]?.expected, 3 * USD);
    assert.equal(spent.points[0]?.low, 3 * USD);
    assertNear(spent.points[0]?.high ?? 0, Math.round(3 * USD + 1.28 * sigma), 'high today');
  });

  it('never projects today below what it already cost', () => {
    // Flat $2, but $3.50 is spent by now: today is $3.50 (its band cannot go lower), the rest $2.
    const result = ok(forecast({ history: history('2026-11-30', repeat(2, 10)), today: '2026-11-30', spentToday: 3.5 * USD }));
    assert.deepEqual(result.points[0], { day: '2026-11-30', expected: 3.5 * USD, low: 3.5 * USD, high: 3.5 * USD });
    assert.equal(result.points[1]?.expected, 2 * USD);
    assert.equal(result.projected7Nanos, 15.5 * USD);
    const under = ok(forecast({ history: history('2026-11-30', repeat(2, 10)), today: '2026-11-30', spentToday: USD }));
    assert.equal(under.points[0]?.expected, 2 * USD, 'the model value when less is spent');
  });

  it('makes no guess from 6 days with spend, and forecasts from 7', () => {
    const six = forecast({ history: history('2026-11-30', repeat(2, 6)), today: '2026-11-30' });
    assert.deepEqual(six, { status: 'insufficient', dataDays: 6, method: 'No forecast yet: 6 days of spend history, 7 needed', budgets: [] });
    assert.equal(forecast({ history: history('2026-11-30', repeat(2, 7)), today: '2026-11-30' }).status, 'ok');
  });

  it('does not count the days before the first spend as history', () => {
    const late = forecast({ history: history('2026-11-30', [0, 0, 0, 0, ...repeat(2, 6)]), today: '2026-11-30' });
    assert.equal(late.status, 'insufficient');
    assert.equal(late.dataDays, 6);
    assert.equal(forecast({ history: history('2026-11-30', repeat(0, 30)), today: '2026-11-30' }).dataDays, 0);
    assert.equal(forecast({ history: [], today: '2026-11-30' }).dataDays, 0);
    // 5 leading zeros, then 7 days with data: zeros after the first spend count.
    const zerosInside = forecast({ history: history('2026-11-30', [0, 0, 0, 0, 0, 2, 0, 0, 2, 0, 0, 2]), today: '2026-11-30' });
    assert.equal(zerosInside.dataDays, 7);
  });

  it('still tells, without a forecast, which budgets are already used up', () => {
    const budgets: ForecastBudget[] = [
      { name: 'monthly budget', period: 'monthly', limitNanos: 50 * USD, spentNanos: 50 * USD },
      { name: 'daily budget', period: 'daily', limitNanos: 5 * USD, spentNanos: 4 * USD },
    ];
    const result = forecast({ history: history('2026-11-30', repeat(2, 3)), today: '2026-11-30', budgets });
    assert.deepEqual(result.budgets, [
      { name: 'monthly budget', limitNanos: 50 * USD, spentNanos: 50 * USD, runsOutOn: '2026-11-30' },
      { name: 'daily budget', limitNanos: 5 * USD, spentNanos: 4 * USD, runsOutOn: null },
    ]);
  });
});

describe('budget outlook', () => {
  const monthly = (limitUsd: number, spentUsd: number): ForecastBudget => ({ name: 'monthly budget', period: 'monthly', limitNanos: limitUsd * USD, spentNanos: spentUsd * USD });
  const daily = (limitNanos: number, spentNanos = 0): ForecastBudget => ({ name: 'daily budget', period: 'daily', limitNanos, spentNanos });
  const runsOut = (input: Partial<ForecastInput> & Pick<ForecastInput, 'history' | 'today'>) => forecast(input).budgets.map((b) => b.runsOutOn);

  it('finds the day a monthly budget runs out at $2 a day', () => {
    // Friday Nov 20, $40 of $50 spent, $1 of it today. Today is expected at $2, so it adds $1
    // more: 41 (Nov 20), 43, 45, 47, 49 (Nov 24), 51 (Nov 25). By Nov 30: 41 + 10 × 2 = 61.
    const flat = { history: history('2026-11-20', repeat(2, 28)), today: '2026-11-20', spentToday: USD };
    assert.deepEqual(runsOut({ ...flat, budgets: [monthly(50, 40), monthly(49, 40), monthly(41, 40), monthly(61, 40), monthly(62, 40)] }), [
      '2026-11-25', '2026-11-24', '2026-11-20', '2026-11-30', null,
    ], '$50 on Nov 25; $49 reached exactly on Nov 24; $41 today; $61 on the last day; $62 not this month');
  });

  it('says today for a budget already used up, and null for one that lasts', () => {
    const flat = { history: history('2026-11-20', repeat(2, 28)), today: '2026-11-20' };
    assert.deepEqual(runsOut({ ...flat, budgets: [monthly(50, 50), monthly(50, 60), monthly(1000, 0), daily(5 * USD, 5 * USD)] }), [
      '2026-11-20', '2026-11-20', null, '2026-11-20',
    ]);
  });

  it('counts a monthly budget to the month end even past the 30 points', () => {
    // From Jan 1 at $2 a day, $62 is reached on Jan 31 (the 31st day; the points end on Jan 30).
    const result = forecast({ history: history('2027-01-01', repeat(2, 14)), today: '2027-01-01', budgets: [monthly(62, 0), monthly(63, 0)] });
    assert.deepEqual(result.budgets.map((b) => b.runsOutOn), ['2027-01-31', null]);
  });

  it('finds the first day a daily budget is reached, today included', () => {
    // Rising: expected(h) = $6.4705905 + h. $10 is first reached at h = 4 (10.47); $6.4705905 today;
    // $35.4705905 on the last point, so $36 never.
    const budgets = [daily(10 * USD), daily(6_470_590_500), daily(6_470_590_501), daily(36 * USD)];
    assert.deepEqual(runsOut({ history: RISING, today: '2026-11-30', budgets }), ['2026-12-04', '2026-11-30', '2026-12-01', null]);
    // Today's spend counts: $7 already spent today reaches a $7 limit now.
    assert.deepEqual(runsOut({ history: RISING, today: '2026-11-30', spentToday: 7 * USD, budgets: [daily(7 * USD)] }), ['2026-11-30']);
  });
});
