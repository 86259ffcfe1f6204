// How well a session used its account before handing off, and the one line of advice.
import assert from 'node:assert/strict';
import { DEFAULT_TARGET_BAND, handoffEfficiency, parseTargetBand } from '../../../src/core/accounts/handoffEfficiency';

function messageOf(text: string): string {
  const parsed = parseTargetBand(text);
  return parsed.ok ? '' : parsed.message;
}

describe('handoff efficiency', () => {
  it('an early handoff: keep going until the band starts', () => {
    assert.deepEqual(handoffEfficiency({ usedAtHandoff: 62, limit: 100 }), {
      share: 0.62, verdict: 'early', recommendation: 'Handed off at 62% of the limit: you could keep going until about 85% next time.',
    });
  });

  it('a late handoff: hand off earlier, at a round figure inside the band', () => {
    assert.deepEqual(handoffEfficiency({ usedAtHandoff: 97, limit: 100 }), {
      share: 0.97, verdict: 'late', recommendation: 'Handed off at 97% of the limit: hand off earlier, around 90%, so the briefing fits before the account runs out.',
    });
    assert.equal(handoffEfficiency({ usedAtHandoff: 80, limit: 100, band: { low: 0.7, high: 0.75 } }).recommendation,
      'Handed off at 80% of the limit: hand off earlier, around 70%, so the briefing fits before the account runs out.');
    assert.match(handoffEfficiency({ usedAtHandoff: 95, limit: 100, band: { low: 0.86, high: 0.89 } }).recommendation, /around 88%/);
  });

  it('in the band, from its low end to its high end', () => {
    for (const used of [85, 88, 92]) {
      assert.equal(handoffEfficiency({ usedAtHandoff: used, limit: 100 }).verdict, 'in-band', String(used));
    }
    assert.equal(handoffEfficiency({ usedAtHandoff: 17.6, limit: 20 }).recommendation, 'Handed off at 88% of the limit: right in the target band of 85–92%.');
    assert.equal(handoffEfficiency({ usedAtHandoff: 84, limit: 100 }).verdict, 'early');
    assert.equal(handoffEfficiency({ usedAtHandoff: 93, limit: 100 }).verdict, 'late');
  });

  it('judges the share the user reads: 84.6% shows as 85% and is in the band', () => {
    const result = handoffEfficiency({ usedAtHandoff: 0.846, limit: 1 });
    assert.equal(result.verdict, 'in-band');
    assert.match(result.recommendation, /^Handed off at 85% of the limit: right in/);
    assert.equal(handoffEfficiency({ usedAtHandoff: 92.4, limit: 100 }).verdict, 'in-band');
    assert.equal(handoffEfficiency({ usedAtHandoff: 92.6, limit: 100 }).verdict, 'late');
  });

  it('an overdrawn account is late; nothing used is early', () => {
    assert.equal(handoffEfficiency({ usedAtHandoff: 110, limit: 100 }).recommendation.startsWith('Handed off at 110% of the limit: hand off earlier'), true);
    assert.equal(handoffEfficiency({ usedAtHandoff: 0, limit: 100 }).verdict, 'early');
  });

  it('refuses a limit that is not positive', () => {
    assert.throws(() => handoffEfficiency({ usedAtHandoff: 1, limit: 0 }), RangeError);
    assert.throws(() => handoffEfficiency({ usedAtHandoff: Number.NaN, limit: 100 }), RangeError);
  });

  describe('parseTargetBand', () => {
    it('reads two percentages', () => {
      assert.deepEqual(parseTargetBand('85-92'), { ok: true, band: DEFAULT_TARGET_BAND });
      assert.deepEqual(parseTargetBand(' 85% – 92% '), { ok: true, band: { low: 0.85, high: 0.92 } });
      assert.deepEqual(parseTargetBand('80.5-100'), { ok: true, band: { low: 0.805, high: 1 } });
    });

    it('refuses what is not a band, and says how to write one', () => {
      assert.deepEqual(parseTargetBand('85'), { ok: false, message: '"85" is not a target band. Write the target band as two percentages, low and high, e.g. "85-92".' });
      assert.deepEqual(parseTargetBand('92-85'), {
        ok: false, message: 'The band\'s low end (92%) must be below its high end (85%). Write the target band as two percentages, low and high, e.g. "85-92".',
      });
      assert.match(messageOf('85-120'), /^120% is more than the whole limit/);
      assert.match(messageOf('85-101'), /^101% is more than the whole limit/);
      assert.equal(parseTargetBand('85-100').ok, true);
      assert.match(messageOf('85-85'), /^The band's low end \(85%\) must be below its high end \(85%\)/);
      assert.match(messageOf('0-50'), /^The band must start above 0%/);
      assert.equal(messageOf('0.85-0.92'), 'Write the band in percent, e.g. "85-92" rather than "0.85-0.92".');
      for (const bad of ['', 'abc', '-5-90', '85-92-95', '0.85-0.92x']) assert.equal(parseTargetBand(bad).ok, false, bad);
    });
  });
});
