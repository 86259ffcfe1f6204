// The ZoneClock port answered with Luxon and the IANA data Node ships. Luxon alone does not
// give the answers the port promises: it moves a wall-clock time skipped by a spring-forward
// ahead by the length of the gap (02:30 in New York on the change day becomes 03:30, not
// 03:00), takes the LATER of two fall-back occurrences, and refuses day 32 of a month. So
// instantOf solves the wall-clock equation itself and uses Luxon only for the zone's offsets.
import { DateTime, IANAZone, Info } from 'luxon';
import type { LocalTime, ZoneClock } from '../core/accounts/zoneClock';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function zoneOf(zone: string): IANAZone {
  const found = IANAZone.create(zone);
  // A programming error: zones are checked with isValidZone where users enter them.
  if (!found.isValid) throw new Error(`Unknown time zone "${zone}".`);
  return found;
}

/** The zone's UTC offset at `instant`, in ms. */
function offsetAt(zone: IANAZone, instant: number): number {
  return zone.offset(instant) * MINUTE;
}

/** The wall-clock reading at `instant`, as if that reading were a UTC time (ms). */
function wallAt(zone: IANAZone, instant: number): number {
  return instant + offsetAt(zone, instant);
}

/**
 * Every offset the zone could have at a wall time `wall`: real offsets lie within −12 h and
 * +14 h, so the instant lies within [wall − 14 h, wall + 12 h]; zones change offset at most
 * twice in such a span, so its two ends and its middle see every offset in play.
 */
function offsetsNear(zone: IANAZone, wall: number): number[] {
  const probes = [wall - 15 * HOUR, wall, wall + 13 * HOUR].map((instant) => offsetAt(zone, instant));
  return [...new Set(probes)];
}

/**
 * The first instant whose wall-clock reading is at or after `wall`, searched between `low`
 * (reads before `wall`) and `high` (reads after it). Inside a spring-forward gap that is the
 * moment of the change: the first valid minute after the skipped time.
 */
function firstInstantReading(zone: IANAZone, wall: number, low: number, high: number): number {
  let before = low;
  let after = high;
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (wallAt(zone, middle) >= wall) after = middle;
    else before = middle;
  }
  return after;
}

function instantOf(local: Omit<LocalTime, 'weekday'>, zoneName: string): number {
  const zone = zoneOf(zoneName);
  // Date.UTC rolls days, hours and minutes beyond their range into the next unit.
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const candidates = offsetsNear(zone, wall).map((offset) => wall - offset);
  const matching = candidates.filter((instant) => wallAt(zone, instant) === wall);
  if (matching.length > 0) return Math.min(...matching);
  return firstInstantReading(zone, wall, Math.min(...candidates), Math.max(...candidates));
}

function localTime(epochMs: number, zone: string): LocalTime {
  const at = DateTime.fromMillis(epochMs, { zone: zoneOf(zone) });
  return { year: at.year, month: at.month, day: at.day, hour: at.hour, minute: at.minute, weekday: at.weekday };
}

export const luxonZoneClock: ZoneClock = {
  isValidZone: (zone) => Info.isValidIANAZone(zone),
  localTime,
  instantOf,
};
