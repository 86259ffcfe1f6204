// Credit windows as a user reads them off the calendar. Every expected instant below is written
// as the local wall time with the offset the zone has then (from the IANA rules, not from the
// code): "the daily reset at 02:30 on the spring-forward day happens at 03:00 EDT".
import assert from 'node:assert/strict';
import { luxonZoneClock } from '../../../src/app/luxonZoneClock';
import type { WindowKind } from '../../../src/core/accounts/account';
import {
  currentWindow, formatResetTime, nextResetAfter, parseResetTime, ROLLING_WINDOW_MS, rollingResetsAt,
} from '../../../src/core/accounts/creditWindow';

const HOUR = 3_600_000;
const ms = (iso: string): number => {
  const value = Date.parse(iso);
  assert.ok(Number.isFinite(value), `bad test date ${iso}`);
  return value;
};
/** Same instant, spelled in UTC, so that a failure shows two comparable strings. */
const utc = (iso: string): string => new Date(ms(iso)).toISOString();
const show = (epoch: number | null): string | null => (epoch === null ? null : new Date(epoch).toISOString());

function windowAt(kind: WindowKind, resetTime: string, timeZone: string, now: string): { start: string | null; resetsAt: string | null } {
  const found = currentWindow({ kind, resetTime, timeZone }, ms(now), luxonZoneClock);
  return { start: show(found.start), resetsAt: show(found.resetsAt) };
}

function expectWindow(kind: WindowKind, resetTime: string, zone: string, now: string, start: string, resetsAt: string): void {
  assert.deepEqual(windowAt(kind, resetTime, zone, now), { start: utc(start), resetsAt: utc(resetsAt) }, `${kind} ${resetTime} ${zone} at ${now}`);
}

describe('credit windows', () => {
  describe('daily', () => {
    it('at midnight UTC exactly, the new window has begun', () => {
      expectWindow('daily', '00:00', 'UTC', '2026-05-10T00:00:00.000Z', '2026-05-10T00:00:00Z', '2026-05-11T00:00:00Z');
      expectWindow('daily', '00:00', 'UTC', '2026-05-09T23:59:59.999Z', '2026-05-09T00:00:00Z', '2026-05-10T00:00:00Z');
    });

    it('before today\'s reset time, the window began at yesterday\'s', () => {
      expectWindow('daily', '09:00', 'Europe/Berlin', '2026-06-15T08:59:00+02:00', '2026-06-14T09:00:00+02:00', '2026-06-15T09:00:00+02:00');
      expectWindow('daily', '09:00', 'Europe/Berlin', '2026-06-15T09:00:00+02:00', '2026-06-15T09:00:00+02:00', '2026-06-16T09:00:00+02:00');
    });

    it('uses the local date of the zone, not the UTC date (Asia/Kolkata, +05:30)', () => {
      // 2026-01-01 00:00 UTC is 05:30 on January 1st in India: the day's window began at 18:30 UTC.
      expectWindow('daily', '00:00', 'Asia/Kolkata', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00+05:30', '2026-01-02T00:00:00+05:30');
      expectWindow('daily', '00:00', 'Asia/Kolkata', '2025-12-31T18:29:00Z', '2025-12-31T00:00:00+05:30', '2026-01-01T00:00:00+05:30');
    });

    it('uses the local date in Pacific/Chatham (+12:45)', () => {
      expectWindow('daily', '00:00', 'Pacific/Chatham', '2026-07-01T00:00:00Z', '2026-07-01T00:00:00+12:45', '2026-07-02T00:00:00+12:45');
      // 00:00 UTC reads 12:45 there: a 12:50 reset is five minutes away, and happens at 00:05 UTC.
      expectWindow('daily', '12:50', 'Pacific/Chatham', '2026-07-01T00:00:00Z', '2026-06-30T12:50:00+12:45', '2026-07-01T12:50:00+12:45');
      expectWindow('daily', '12:50', 'Pacific/Chatham', '2026-07-01T00:05:00Z', '2026-07-01T12:50:00+12:45', '2026-07-02T12:50:00+12:45');
    });

    it('a midnight-to-midnight day is 23 hours on the spring-forward day and 25 on the fall-back day', () => {
      const springDay = currentWindow({ kind: 'daily', resetTime: '00:00', timeZone: 'America/New_York' }, ms('2026-03-08T12:00:00-04:00'), luxonZoneClock);
      assert.equal(springDay.start, ms('2026-03-08T00:00:00-05:00'));
      assert.equal((springDay.resetsAt ?? 0) - springDay.start, 23 * HOUR);
      const fallDay = currentWindow({ kind: 'daily', resetTime: '00:00', timeZone: 'America/New_York' }, ms('2026-11-01T12:00:00-05:00'), luxonZoneClock);
      assert.equal(fallDay.start, ms('2026-11-01T00:00:00-04:00'));
      assert.equal((fallDay.resetsAt ?? 0) - fallDay.start, 25 * HOUR);
      const berlinSpring = currentWindow({ kind: 'daily', resetTime: '00:00', timeZone: 'Europe/Berlin' }, ms('2026-03-29T12:00:00+02:00'), luxonZoneClock);
      assert.equal((berlinSpring.resetsAt ?? 0) - berlinSpring.start, 23 * HOUR);
    });

    it('a reset time skipped by spring-forward happens at the first minute after the gap (New York, 02:30 → 03:00 EDT)', () => {
      expectWindow('daily', '02:30', 'America/New_York', '2026-03-08T12:00:00-04:00', '2026-03-08T03:00:00-04:00', '2026-03-09T02:30:00-04:00');
      expectWindow('daily', '02:30', 'America/New_York', '2026-03-08T01:59:00-05:00', '2026-03-07T02:30:00-05:00', '2026-03-08T03:00:00-04:00');
      expectWindow('daily', '02:30', 'America/New_York', '2026-03-08T03:00:00-04:00', '2026-03-08T03:00:00-04:00', '2026-03-09T02:30:00-04:00');
    });

    it('a reset time skipped in Berlin (02:15 → 03:00 CEST) and by Lord Howe\'s half-hour change (02:15 → 02:30)', () => {
      expectWindow('daily', '02:15', 'Europe/Berlin', '2026-03-29T10:00:00+02:00', '2026-03-29T03:00:00+02:00', '2026-03-30T02:15:00+02:00');
      // Lord Howe Island moves from +10:30 to +11:00 at 02:00 on the first Sunday of October.
      expectWindow('daily', '02:15', 'Australia/Lord_Howe', '2026-10-04T12:00:00+11:00', '2026-10-04T02:30:00+11:00', '2026-10-05T02:15:00+11:00');
      const day = currentWindow({ kind: 'daily', resetTime: '00:00', timeZone: 'Australia/Lord_Howe' }, ms('2026-10-04T12:00:00+11:00'), luxonZoneClock);
      assert.equal((day.resetsAt ?? 0) - day.start, 23.5 * HOUR);
    });

    it('a reset time repeated by fall-back happens the first time (New York, 01:30 on 2026-11-01)', () => {
      // 01:15 EST is after the first 01:30 (EDT): the new window has begun.
      expectWindow('daily', '01:30', 'America/New_York', '2026-11-01T01:15:00-05:00', '2026-11-01T01:30:00-04:00', '2026-11-02T01:30:00-05:00');
      expectWindow('daily', '01:30', 'America/New_York', '2026-11-01T01:45:00-04:00', '2026-11-01T01:30:00-04:00', '2026-11-02T01:30:00-05:00');
      expectWindow('daily', '01:30', 'America/New_York', '2026-11-01T01:15:00-04:00', '2026-10-31T01:30:00-04:00', '2026-11-01T01:30:00-04:00');
      expectWindow('daily', '02:30', 'Europe/Berlin', '2026-10-25T02:45:00+01:00', '2026-10-25T02:30:00+02:00', '2026-10-26T02:30:00+01:00');
      // Lord Howe goes back from +11:00 to +10:30 at 02:00 on the first Sunday of April.
      expectWindow('daily', '01:45', 'Australia/Lord_Howe', '2026-04-05T01:40:00+10:30', '2026-04-05T01:45:00+11:00', '2026-04-06T01:45:00+10:30');
    });
  });

  describe('weekly', () => {
    it('starts on Monday at the reset time, across the end of a year', () => {
      // 2026-01-01 is a Thursday; the week began on Monday 2025-12-29.
      expectWindow('weekly', '00:00', 'UTC', '2026-01-01T12:00:00Z', '2025-12-29T00:00:00Z', '2026-01-05T00:00:00Z');
      // 2027-01-01 is a Friday; the week began on Monday 2026-12-28.
      expectWindow('weekly', '00:00', 'UTC', '2027-01-03T23:59:00Z', '2026-12-28T00:00:00Z', '2027-01-04T00:00:00Z');
    });

    it('on Monday before the reset time, the week began the Monday before; at it, the new week begins', () => {
      expectWindow('weekly', '09:00', 'Europe/Berlin', '2026-06-15T08:00:00+02:00', '2026-06-08T09:00:00+02:00', '2026-06-15T09:00:00+02:00');
      expectWindow('weekly', '09:00', 'Europe/Berlin', '2026-06-15T09:00:00+02:00', '2026-06-15T09:00:00+02:00', '2026-06-22T09:00:00+02:00');
      expectWindow('weekly', '09:00', 'Europe/Berlin', '2026-06-14T23:00:00+02:00', '2026-06-08T09:00:00+02:00', '2026-06-15T09:00:00+02:00');
    });

    it('uses the local weekday: Sunday evening UTC is already Monday in India', () => {
      expectWindow('weekly', '00:00', 'Asia/Kolkata', '2026-06-14T20:00:00Z', '2026-06-15T00:00:00+05:30', '2026-06-22T00:00:00+05:30');
    });

    it('a week holding the spring-forward change is an hour short', () => {
      const week = currentWindow({ kind: 'weekly', resetTime: '00:00', timeZone: 'America/New_York' }, ms('2026-03-08T12:00:00-04:00'), luxonZoneClock);
      assert.equal(week.start, ms('2026-03-02T00:00:00-05:00'));
      assert.equal(week.resetsAt, ms('2026-03-09T00:00:00-04:00'));
    });
  });

  describe('monthly', () => {
    it('resets on the 1st, after February\'s 28 or 29 days', () => {
      expectWindow('monthly', '00:00', 'UTC', '2026-02-28T23:59:00Z', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z');
      expectWindow('monthly', '00:00', 'UTC', '2028-02-29T12:00:00Z', '2028-02-01T00:00:00Z', '2028-03-01T00:00:00Z');
      expectWindow('monthly', '00:00', 'UTC', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z');
    });

    it('on the 1st before the reset time, the window began a month earlier', () => {
      expectWindow('monthly', '06:00', 'Europe/Berlin', '2026-03-01T05:00:00+01:00', '2026-02-01T06:00:00+01:00', '2026-03-01T06:00:00+01:00');
      // The April reset is in summer time, the March one in winter time.
      expectWindow('monthly', '06:00', 'Europe/Berlin', '2026-03-31T23:00:00+02:00', '2026-03-01T06:00:00+01:00', '2026-04-01T06:00:00+02:00');
    });

    it('crosses the year end in both directions', () => {
      expectWindow('monthly', '00:00', 'America/New_York', '2026-12-31T23:00:00-05:00', '2026-12-01T00:00:00-05:00', '2027-01-01T00:00:00-05:00');
      expectWindow('monthly', '08:00', 'America/New_York', '2027-01-01T07:00:00-05:00', '2026-12-01T08:00:00-05:00', '2027-01-01T08:00:00-05:00');
    });
  });

  describe('rolling 5 hours', () => {
    it('counts the last five hours and leaves the reset to the caller', () => {
      const now = ms('2026-03-08T07:30:00Z');
      assert.deepEqual(currentWindow({ kind: 'rolling-5h', resetTime: '00:00', timeZone: 'UTC' }, now, luxonZoneClock), { start: now - 5 * HOUR, resetsAt: null });
      assert.equal(ROLLING_WINDOW_MS, 5 * HOUR);
    });

    it('frees up five hours after the earliest use still in the window', () => {
      assert.equal(rollingResetsAt(ms('2026-03-08T03:10:00Z')), ms('2026-03-08T08:10:00Z'));
      assert.equal(rollingResetsAt(null), null);
    });
  });

  describe('nextResetAfter', () => {
    it('is strictly after the given instant', () => {
      const spec = { kind: 'daily', resetTime: '00:00', timeZone: 'UTC' } as const;
      assert.equal(nextResetAfter(spec, ms('2026-05-10T00:00:00Z'), luxonZoneClock), ms('2026-05-11T00:00:00Z'));
      assert.equal(nextResetAfter(spec, ms('2026-05-09T23:59:00Z'), luxonZoneClock), ms('2026-05-10T00:00:00Z'));
      assert.equal(nextResetAfter({ ...spec, kind: 'monthly' }, ms('2026-12-15T00:00:00Z'), luxonZoneClock), ms('2027-01-01T00:00:00Z'));
    });

    it('is null for a rolling window', () => {
      assert.equal(nextResetAfter({ kind: 'rolling-5h', resetTime: '00:00', timeZone: 'UTC' }, 0, luxonZoneClock), null);
    });
  });

  describe('parseResetTime', () => {
    it('reads HH:MM from 00:00 to 23:59', () => {
      assert.deepEqual(parseResetTime('00:00'), { hour: 0, minute: 0 });
      assert.deepEqual(parseResetTime('23:59'), { hour: 23, minute: 59 });
      assert.deepEqual(parseResetTime('7:30'), { hour: 7, minute: 30 });
      assert.deepEqual(parseResetTime(' 09:05 '), { hour: 9, minute: 5 });
      assert.equal(formatResetTime({ hour: 7, minute: 5 }), '07:05');
    });

    it('refuses anything else', () => {
      for (const bad of ['24:00', '12:60', '1230', '12:3', '-1:00', '12:30:00', '', 'noon', '12h30', '１２:３０']) {
        assert.equal(parseResetTime(bad), null, bad);
      }
    });

    it('a window with an invalid reset time is a programming error, not a silent midnight', () => {
      assert.throws(() => currentWindow({ kind: 'daily', resetTime: '25:00', timeZone: 'UTC' }, 0, luxonZoneClock), /Invalid reset time "25:00"/);
    });
  });
});
