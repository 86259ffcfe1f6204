// Budget periods in a time zone, across DST changes (days of 23 and 25 hours, a midnight that
// does not exist), a half-hour offset, and month ends.
import assert from 'node:assert/strict';
import { LocalCalendar } from '../../../src/app/localCalendar';
import { UserFacingError } from '../../../src/core/errors';

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

describe('local calendar', () => {
  const newYork = new LocalCalendar('America/New_York');

  it('starts the day at local midnight on both sides of the spring change (a 23-hour day)', () => {
    // 2026-03-08: clocks go from 02:00 EST to 03:00 EDT. 15:00Z is 11:00 EDT; midnight was EST (UTC-5).
    assert.equal(iso(newYork.dayStart(Date.UTC(2026, 2, 8, 15))), '2026-03-08T05:00:00.000Z');
    // 06:59Z is 01:59 EST, 07:00Z is 03:00 EDT: the same local day.
    assert.equal(newYork.dayStart(Date.UTC(2026, 2, 8, 6, 59)), newYork.dayStart(Date.UTC(2026, 2, 8, 7)));
    // The next day starts at midnight EDT (UTC-4), 23 hours later.
    const next = newYork.dayStart(Date.UTC(2026, 2, 9, 12));
    assert.equal(iso(next), '2026-03-09T04:00:00.000Z');
    assert.equal(next - newYork.dayStart(Date.UTC(2026, 2, 8, 15)), 23 * HOUR);
  });

  it('has a 25-hour day at the autumn change', () => {
    // 2026-11-01: 02:00 EDT goes back to 01:00 EST.
    const first = newYork.dayStart(Date.UTC(2026, 10, 1, 12));
    const second = newYork.dayStart(Date.UTC(2026, 10, 2, 12));
    assert.deepEqual([iso(first), iso(second)], ['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
    assert.equal(second - first, 25 * HOUR);
    // 05:30Z and 06:30Z are both 01:30 local (EDT, then EST again): still November 1.
    assert.equal(newYork.dayStart(Date.UTC(2026, 10, 1, 5, 30)), first);
    assert.equal(newYork.dayStart(Date.UTC(2026, 10, 1, 6, 30)), first);
  });

  it('starts the month at local midnight of the first, even when the UTC date is already the next month', () => {
    // 2026-04-01T03:30Z is 23:30 EDT on March 31: still March, which began at 00:00 EST = 05:00Z.
    assert.equal(iso(newYork.monthStart(Date.UTC(2026, 3, 1, 3, 30))), '2026-03-01T05:00:00.000Z');
    assert.equal(iso(newYork.monthStart(Date.UTC(2026, 3, 1, 4))), '2026-04-01T04:00:00.000Z');
  });

  it('starts a day whose midnight does not exist at its first moment (Havana springs forward at midnight)', () => {
    const havana = new LocalCalendar('America/Havana');
    // 2026-03-08 00:00 CST becomes 01:00 CDT (UTC-4): the day starts at 01:00 CDT = 05:00Z.
    assert.equal(iso(havana.dayStart(Date.UTC(2026, 2, 8, 12))), '2026-03-08T05:00:00.000Z');
    assert.equal(iso(havana.dayStart(Date.UTC(2026, 2, 7, 12))), '2026-03-07T05:00:00.000Z');
  });

  it('handles half-hour offsets', () => {
    const kolkata = new LocalCalendar('Asia/Kolkata');
    // UTC+5:30: local midnight of 2026-11-24 is 2026-11-23T18:30Z.
    assert.equal(iso(kolkata.dayStart(Date.UTC(2026, 10, 23, 20))), '2026-11-23T18:30:00.000Z');
    assert.equal(iso(kolkata.monthStart(Date.UTC(2026, 10, 23, 20))), '2026-10-31T18:30:00.000Z');
  });

  it('uses the system zone by default and refuses a zone it does not know', () => {
    assert.equal(new LocalCalendar().zone, Intl.DateTimeFormat().resolvedOptions().timeZone);
    assert.throws(() => new LocalCalendar('Mars/Olympus_Mons'), (error: unknown) => error instanceof UserFacingError && /IANA name/.test(error.message));
  });
});
