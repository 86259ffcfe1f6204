// The anomaly rules, each at its threshold: a day over 2× the median of the 14 days before, a
// request over 10× its model's median, a price per token more than 30% off its 30-day average,
// more than 20% fallbacks on a day with at least 10 requests.
import assert from 'node:assert/strict';
import {
  compareAnomalies, daySpikes, fallbackRates, formatRatio, medianOf, priceDrift, requestOutliers,
  type PricedRequest, type ProviderDay,
} from '../../../src/core/costs/anomalies';
import { dayNumber, dayString } from '../../../src/core/costs/calendarDays';
import type { DailySpend } from '../../../src/core/costs/forecast';

const USD = 1_000_000_000;
const repeat = (value: number, times: number) => Array.from({ length: times }, () => value);

/** Consecutive days from `first`, one amount in nanos per day. */
function days(first: string, nanos: readonly number[]): DailySpend[] {
  return nanos.map((amount, index) => ({ day: dayString(dayNumber(first) + index), nanos: amount }));
}

describe('medianOf', () => {
  it('takes the middle value, or the mean of the two middle ones, and null for nothing', () => {
    assert.equal(medianOf([]), null);
    assert.equal(medianOf([3, 1, 2]), 2);
    assert.equal(medianOf([4, 1, 3, 2]), 2.5);
    assert.equal(medianOf([0, 0, 5]), 0);
  });

  it('writes ratios with two significant digits', () => {
    assert.deepEqual([3.1, 2.04, 9.94, 9.96, 14.1].map(formatRatio), ['3.1×', '2.0×', '9.9×', '10×', '14×']);
  });
});

describe('day spikes', () => {
  it('flags a day just over twice the median of the days before, and not one at exactly twice', () => {
    // 14 days of $2 from Nov 1: median $2, threshold $4.
    const at = days('2026-11-01', [...repeat(2 * USD, 14), 4 * USD]);
    const over = days('2026-11-01', [...repeat(2 * USD, 14), 4 * USD + 1]);
    assert.deepEqual(daySpikes(at, '2026-11-01'), []);
    assert.deepEqual(daySpikes(over, '2026-11-01'), [{
      kind: 'day-spike', day: '2026-11-15', provider: null, model: null, value: 4 * USD + 1, baseline: 2 * USD,
      why: '$4.00 on Nov 15 is 2.0× the median of the 14 days before ($2.00)', requestIds: [],
    }]);
  });

  it('finds a single spike on its day only, not on the days after it', () => {
    // The series of the forecast's spike test: $16 on the 8th of 15 days of $2. The spike has
    // 7 days before it (median $2, 8×); the days after have $2 against a median of $2.
    const spiky = days('2026-11-15', [...repeat(2 * USD, 7), 16 * USD, ...repeat(2 * USD, 7)]);
    const found = daySpikes(spiky, '2026-11-01');
    assert.deepEqual(found.map((a) => [a.day, a.value, a.baseline]), [['2026-11-22', 16 * USD, 2 * USD]]);
    assert.equal(found[0]?.why, '$16.00 on Nov 22 is 8.0× the median of the 7 days before ($2.00)');
  });

  it('uses exactly the 14 days before a day', () => {
    // $10, then seven days of $1 and seven of $3, then $5 (Oct 16). The 14 days before it are
    // 7 × $1 and 7 × $3: median $2, so $5 is a spike. Over 15 days (with the $10) the median
    // would be $3, over 13 (without the first $1) also $3: $5 would not be over $6 either way.
    const series = days('2026-10-01', [10 * USD, ...repeat(USD, 7), ...repeat(3 * USD, 7), 5 * USD]);
    assert.deepEqual(daySpikes(series, '2026-10-16').map((a) => [a.day, a.baseline]), [['2026-10-16', 2 * USD]]);
  });

  it('needs 7 days of history after the first spend', () => {
    // Leading zeros are before Baton was used: 6 days of $2 after them are too few, 7 enough.
    assert.deepEqual(daySpikes(days('2026-11-01', [0, 0, 0, 0, 0, ...repeat(2 * USD, 6), 10 * USD]), '2026-11-01'), []);
    assert.deepEqual(daySpikes(days('2026-11-01', [...repeat(2 * USD, 6), 10 * USD]), '2026-11-01'), []);
    assert.deepEqual(daySpikes(days('2026-11-01', [...repeat(2 * USD, 7), 10 * USD]), '2026-11-01').map((a) => a.day), ['2026-11-08']);
  });

  it('says nothing when the median is 0', () => {
    // One $1 day, then mostly days without spend: the median of the 14 days before is 0.
    assert.deepEqual(daySpikes(days('2026-11-01', [USD, ...repeat(0, 13), 5 * USD]), '2026-11-01'), []);
    assert.deepEqual(daySpikes(days('2026-11-01', repeat(0, 20)), '2026-11-01'), []);
  });

  it('reports only days from `from` on', () => {
    const series = days('2026-11-01', [...repeat(2 * USD, 7), 10 * USD, ...repeat(2 * USD, 7), 10 * USD]);
    assert.deepEqual(daySpikes(series, '2026-11-09').map((a) => a.day), ['2026-11-16']);
  });
});

describe('request outliers', () => {
  const medians = new Map([['openai/gpt-4o', 85_000_000], ['groq/free', 0]]);
  const request = (id: string, nanos: number, model = 'gpt-4o', day = '2026-11-03'): PricedRequest => ({ id, day, provider: model === 'free' ? 'groq' : 'openai', model, nanos });

  it('flags a request over ten times its model median, not one at exactly ten times', () => {
    assert.deepEqual(requestOutliers([request('a', 850_000_000)], medians), []);
    assert.deepEqual(requestOutliers([request('b', 850_000_001)], medians).map((a) => a.requestIds), [['b']]);
  });

  it('says what the request cost against the median of its model', () => {
    // $1.20 / $0.085 = 14.1×.
    assert.deepEqual(requestOutliers([request('r1', 1_200_000_000)], medians), [{
      kind: 'request-outlier', day: '2026-11-03', provider: 'openai', model: 'gpt-4o', value: 1_200_000_000, baseline: 85_000_000,
      why: 'A request on Nov 3 cost $1.20, 14× the median of gpt-4o ($0.09)', requestIds: ['r1'],
    }]);
  });

  it('says nothing without a median, or with a median of 0', () => {
    assert.deepEqual(requestOutliers([request('x', USD, 'gpt-5'), request('y', USD, 'free')], medians), []);
  });

  it('orders by day', () => {
    const found = requestOutliers([request('late', USD, 'gpt-4o', '2026-11-04'), request('early', USD, 'gpt-4o', '2026-11-02')], medians);
    assert.deepEqual(found.map((a) => a.requestIds[0]), ['early', 'late']);
  });
});

/** A provider day with defaults: 1M tokens, 10 requests, no fallbacks. */
function row(day: string, fields: Partial<ProviderDay> = {}): ProviderDay {
  return { day, provider: 'openai', requests: 10, nanos: 2 * USD, tokens: 1_000_000, fallbacks: 0, ...fields };
}

/** Seven days from Nov 1 at $2 per 1M tokens: a baseline of $2 per million. */
const PRIOR = Array.from({ length: 7 }, (_, index) => row(dayString(dayNumber('2026-11-01') + index)));

describe('price drift', () => {
  it('flags a price more than 30% off the average either way, not one exactly 30% off', () => {
    // $2.60 and $1.40 per million are exactly ±30%; a thousandth of a cent per million more is over.
    const on = (nanos: number) => priceDrift([...PRIOR, row('2026-11-08', { nanos })], '2026-11-01');
    assert.deepEqual(on(2_600_000_000), []);
    assert.deepEqual(on(1_400_000_000), []);
    const above = on(2_600_001_000);
    assert.equal(above.length, 1);
    assert.ok(Math.abs((above[0]?.value ?? 0) - 2.600001) < 1e-12);
    assert.equal(above[0]?.baseline, 2);
    assert.equal(above[0]?.why, 'openai cost $2.60 per million tokens on Nov 8, 30% above its average over the 30 days before ($2.00)');
    assert.match(on(1_399_999_000)[0]?.why ?? '', /30% below/);
    assert.deepEqual(on(USD).map((a) => [a.kind, a.provider, a.model, a.value, a.baseline]), [['price-drift', 'openai', null, 1, 2]]);
  });

  it('weighs the average by tokens', () => {
    // Six days at $2 per 1M plus one with 4M tokens for $12 ($3 per 1M): $24 / 10M = $2.40 per
    // million (a plain mean of the daily prices would be $2.14). $3.12 is exactly 30% above $2.40.
    const prior = [...PRIOR.slice(0, 6), row('2026-11-07', { nanos: 12 * USD, tokens: 4_000_000 })];
    assert.deepEqual(priceDrift([...prior, row('2026-11-08', { nanos: 3_120_000_000 })], '2026-11-01'), []);
    const found = priceDrift([...prior, row('2026-11-08', { nanos: 3_120_001_000 })], '2026-11-01');
    assert.equal(found[0]?.baseline, 2.4);
  });

  it('needs 7 prior days with tokens within the 30 days before, and 1000 tokens on the day', () => {
    const spike = row('2026-11-08', { nanos: 5 * USD });
    assert.deepEqual(priceDrift([...PRIOR.slice(1), spike], '2026-11-01'), [], 'six days');
    assert.deepEqual(priceDrift([...PRIOR.slice(1), row('2026-11-01', { tokens: 0, nanos: 0 }), spike], '2026-11-01'), [], 'a seventh day without tokens does not count');
    // Oct 9 is the earliest of the 30 days before Nov 8; Oct 8 is one too early.
    const shifted = (first: string) => PRIOR.map((prior, index) => ({ ...prior, day: dayString(dayNumber(first) + index) }));
    assert.equal(priceDrift([...shifted('2026-10-09'), spike], '2026-11-01').length, 1);
    assert.deepEqual(priceDrift([...shifted('2026-10-08'), spike], '2026-11-01'), []);
    assert.deepEqual(priceDrift([...PRIOR, row('2026-11-08', { tokens: 999, nanos: 5_000_000 })], '2026-11-01'), []);
    assert.equal(priceDrift([...PRIOR, row('2026-11-08', { tokens: 1000, nanos: 5_000_000 })], '2026-11-01').length, 1);
  });

  it('keeps providers apart and reports only from `from`', () => {
    const cheap = PRIOR.map((prior) => ({ ...prior, provider: 'groq', nanos: USD / 10 }));
    const rows = [...PRIOR, ...cheap, row('2026-11-08', { provider: 'groq', nanos: USD / 10 }), row('2026-11-08', { nanos: USD / 10 })];
    assert.deepEqual(priceDrift(rows, '2026-11-01').map((a) => [a.provider, a.day]), [['openai', '2026-11-08']]);
    assert.deepEqual(priceDrift(rows, '2026-11-09'), []);
  });
});

describe('fallback rates', () => {
  it('flags more than 20% of at least 10 requests, not exactly 20% or 9 requests', () => {
    assert.deepEqual(fallbackRates([row('2026-11-03', { requests: 10, fallbacks: 2 })], '2026-11-01'), []);
    assert.deepEqual(fallbackRates([row('2026-11-03', { requests: 9, fallbacks: 3 })], '2026-11-01'), [], '33% of 9');
    assert.deepEqual(fallbackRates([row('2026-11-03', { requests: 50, fallbacks: 10 })], '2026-11-01'), []);
    assert.equal(fallbackRates([row('2026-11-03', { requests: 50, fallbacks: 11 })], '2026-11-01').length, 1);
    assert.deepEqual(fallbackRates([row('2026-11-03', { requests: 10, fallbacks: 3 })], '2026-11-01'), [{
      kind: 'fallback-rate', day: '2026-11-03', provider: 'openai', model: null, value: 0.3, baseline: 0.2,
      why: 'openai fell back on 3 of 10 requests on Nov 3 (30%, more than 20%)', requestIds: [],
    }]);
  });

  it('adds up rows of the same provider and day', () => {
    // 2 of 5 and 1 of 5: 3 of 10.
    const rows = [row('2026-11-03', { requests: 5, fallbacks: 2 }), row('2026-11-03', { requests: 5, fallbacks: 1 })];
    assert.deepEqual(fallbackRates(rows, '2026-11-01').map((a) => a.value), [0.3]);
  });
});

describe('anomaly order', () => {
  it('sorts by day, then kind, then provider', () => {
    // On Nov 8: a day spike, fallbacks at openai, a price drift at anthropic ($1 per million
    // against $2 before). Kind comes before provider: openai's fallbacks before anthropic's drift.
    const rows = [
      row('2026-11-09', { fallbacks: 5 }),
      ...PRIOR.map((prior) => ({ ...prior, provider: 'anthropic' })),
      row('2026-11-08', { provider: 'anthropic', nanos: USD }),
      row('2026-11-08', { fallbacks: 5 }),
    ];
    const spikes = daySpikes(days('2026-11-01', [...repeat(2 * USD, 7), 10 * USD]), '2026-11-01');
    const merged = [...priceDrift(rows, '2026-11-01'), ...fallbackRates(rows, '2026-11-01'), ...spikes].sort(compareAnomalies);
    assert.deepEqual(merged.map((a) => [a.day, a.kind, a.provider]), [
      ['2026-11-08', 'day-spike', null],
      ['2026-11-08', 'fallback-rate', 'openai'],
      ['2026-11-08', 'price-drift', 'anthropic'],
      ['2026-11-09', 'fallback-rate', 'openai'],
    ]);
    const twoProviders = [row('2026-11-09', { fallbacks: 5 }), row('2026-11-08', { fallbacks: 5 }), row('2026-11-08', { provider: 'anthropic', fallbacks: 5 })];
    assert.deepEqual(fallbackRates(twoProviders, '2026-11-01').map((a) => [a.day, a.provider]), [
      ['2026-11-08', 'anthropic'], ['2026-11-08', 'openai'], ['2026-11-09', 'openai'],
    ]);
  });
});
