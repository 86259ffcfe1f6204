// Local days as strings and day numbers: the arithmetic the forecast and the anomaly rules count with.
import assert from 'node:assert/strict';
import { dayNumber, dayString, lastDayOfMonth, shortDay, weekdayOf } from '../../../src/core/costs/calendarDays';

describe('calendar days', () => {
  it('counts days since 1970-01-01 and back', () => {
    assert.equal(dayNumber('1970-01-01'), 0);
    // 56 years to 2026 with 14 leap days (1972..2024) = 20454, plus Jan..Nov (334 days) = 20788.
    assert.equal(dayNumber('2026-12-01'), 20_788);
    assert.equal(dayString(20_788), '2026-12-01');
    assert.equal(dayString(-1), '1969-12-31');
    assert.equal(dayString(dayNumber('2026-12-31') + 1), '2027-01-01');
  });

  it('has no gaps or doubles over leap days and DST changes (every day is 24 hours on this calendar)', () => {
    assert.equal(dayNumber('2024-03-01') - dayNumber('2024-02-28'), 2, '2024-02-29 in between');
    assert.equal(dayNumber('2026-03-01') - dayNumber('2026-02-28'), 1);
    assert.equal(dayNumber('2026-03-09') - dayNumber('2026-03-08'), 1, 'US spring change');
    assert.equal(dayNumber('2026-11-02') - dayNumber('2026-11-01'), 1, 'US autumn change');
  });

  it('refuses what is not a calendar day', () => {
    for (const day of ['2026-02-30', '2026-13-01', '2026-2-3', '2026-11-03T00:00', '', 'yesterday']) {
      assert.throws(() => dayNumber(day), RangeError, day);
    }
    assert.throws(() => dayString(1.5), RangeError);
  });

  it('knows the weekday, Sunday 0 to Saturday 6', () => {
    assert.equal(weekdayOf(0), 4, '1970-01-01 was a Thursday');
    assert.equal(weekdayOf(-1), 3, 'and the day before a Wednesday');
    assert.equal(weekdayOf(dayNumber('2026-11-30')), 1, 'a Monday');
    assert.equal(weekdayOf(dayNumber('2026-12-06')), 0, 'a Sunday');
  });

  it('finds the last day of the month', () => {
    assert.equal(dayString(lastDayOfMonth('2026-02-10')), '2026-02-28');
    assert.equal(dayString(lastDayOfMonth('2024-02-01')), '2024-02-29');
    assert.equal(dayString(lastDayOfMonth('2026-12-31')), '2026-12-31');
    assert.equal(dayString(lastDayOfMonth('2026-11-20')), '2026-11-30');
  });

  it('writes a day for sentences without a time zone', () => {
    assert.equal(shortDay('2026-11-03'), 'Nov 3');
    assert.equal(shortDay('2027-01-15'), 'Jan 15');
    assert.equal(shortDay('2026-12-31'), 'Dec 31');
  });
});
