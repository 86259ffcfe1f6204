// The ZoneClock answered with Luxon: where Luxon's own answer differs from the port's promise
// (skipped times, repeated times, days beyond the month), the promise wins. Expected instants
// are the local wall time with the offset the zone has then.
import assert from 'node:assert/strict';
import { luxonZoneClock } from '../../../src/app/luxonZoneClock';
import type { LocalTime } from '../../../src/core/accounts/zoneClock';

type Wall = Omit<LocalTime, 'weekday'>;

function wall(text: string): Wall {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text);
  assert.ok(match, `bad test wall time ${text}`);
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  return { year, month, day, hour, minute };
}

function expectInstant(local: string, zone: string, expected: string): void {
  const actual = new Date(luxonZoneClock.instantOf(wall(local), zone)).toISOString();
  assert.equal(actual, new Date(Date.parse(expected)).toISOString(), `${local} in ${zone}`);
}

describe('luxonZoneClock', () => {
  it('finds the instant of an ordinary wall-clock time', () => {
    expectInstant('2026-06-15 09:00', 'Europe/Berlin', '2026-06-15T09:00:00+02:00');
    expectInstant('2026-01-15 09:00', 'Europe/Berlin', '2026-01-15T09:00:00+01:00');
    expectInstant('2026-01-01 00:00', 'Asia/Kolkata', '2026-01-01T00:00:00+05:30');
    expectInstant('2026-07-01 12:50', 'Pacific/Chatham', '2026-07-01T12:50:00+12:45');
    expectInstant('2026-12-31 23:59', 'UTC', '2026-12-31T23:59:00Z');
  });

  it('puts a time skipped by spring-forward at the first valid minute after it', () => {
    expectInstant('2026-03-08 02:30', 'America/New_York', '2026-03-08T03:00:00-04:00');
    expectInstant('2026-03-08 02:00', 'America/New_York', '2026-03-08T03:00:00-04:00');
    expectInstant('2026-03-08 02:59', 'America/New_York', '2026-03-08T03:00:00-04:00');
    expectInstant('2026-03-08 03:00', 'America/New_York', '2026-03-08T03:00:00-04:00');
    expectInstant('2026-03-08 01:59', 'America/New_York', '2026-03-08T01:59:00-05:00');
    expectInstant('2026-03-29 02:15', 'Europe/Berlin', '2026-03-29T03:00:00+02:00');
    // Half-hour change: 02:00 → 02:30 on Lord Howe Island; Chatham skips 02:45 → 03:45.
    expectInstant('2026-10-04 02:15', 'Australia/Lord_Howe', '2026-10-04T02:30:00+11:00');
    expectInstant('2026-09-27 02:50', 'Pacific/Chatham', '2026-09-27T03:45:00+13:45');
  });

  it('puts a time repeated by fall-back at its first occurrence', () => {
    expectInstant('2026-11-01 01:30', 'America/New_York', '2026-11-01T01:30:00-04:00');
    expectInstant('2026-11-01 01:00', 'America/New_York', '2026-11-01T01:00:00-04:00');
    expectInstant('2026-11-01 02:00', 'America/New_York', '2026-11-01T02:00:00-05:00');
    expectInstant('2026-10-25 02:30', 'Europe/Berlin', '2026-10-25T02:30:00+02:00');
    expectInstant('2026-04-05 01:45', 'Australia/Lord_Howe', '2026-04-05T01:45:00+11:00');
  });

  it('rolls days beyond the month into the next one', () => {
    expectInstant('2026-01-32 00:00', 'UTC', '2026-02-01T00:00:00Z');
    expectInstant('2026-02-29 10:00', 'Europe/Berlin', '2026-03-01T10:00:00+01:00');
    expectInstant('2026-12-32 00:00', 'America/New_York', '2027-01-01T00:00:00-05:00');
  });

  it('reads the wall-clock time and the ISO weekday at an instant', () => {
    assert.deepEqual(luxonZoneClock.localTime(Date.parse('2026-06-14T20:00:00Z'), 'Asia/Kolkata'), {
      year: 2026, month: 6, day: 15, hour: 1, minute: 30, weekday: 1,
    });
    assert.deepEqual(luxonZoneClock.localTime(Date.parse('2026-11-01T06:30:00Z'), 'America/New_York'), {
      year: 2026, month: 11, day: 1, hour: 1, minute: 30, weekday: 7,
    });
  });

  it('knows IANA zones and refuses others', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Pacific/Chatham']) assert.equal(luxonZoneClock.isValidZone(zone), true, zone);
    for (const zone of ['', ' ', 'Mars/Olympus', 'Berlin', '+02:00']) assert.equal(luxonZoneClock.isValidZone(zone), false, zone);
  });

  it('an unknown zone in arithmetic is a programming error', () => {
    assert.throws(() => luxonZoneClock.instantOf(wall('2026-01-01 00:00'), 'Mars/Olympus'), /Unknown time zone "Mars\/Olympus"/);
    assert.throws(() => luxonZoneClock.localTime(0, 'Mars/Olympus'), /Unknown time zone/);
  });
});
