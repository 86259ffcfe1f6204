// The credit window an account is in at a given moment, as the platform's user sees it: a
// daily allowance comes back at the reset time on the next local DATE (so a window is 23 or
// 25 hours long on DST days, never "+24 h"), a weekly one on Mondays, a monthly one on the
// first. A reset time that a spring-forward skips happens at the first minute after the gap;
// one that a fall-back repeats happens the first time. The zone arithmetic is the ZoneClock's.
import type { WindowSpec } from './account';
import type { ZoneClock } from './zoneClock';

export const ROLLING_WINDOW_MS = 5 * 60 * 60 * 1000;

export interface CreditWindow {
  /** Epoch ms: usage at or after it counts. */
  readonly start: number;
  /** Epoch ms of the next reset; null for a rolling window (see rollingResetsAt). */
  readonly resetsAt: number | null;
}

export interface ResetTime {
  readonly hour: number;
  readonly minute: number;
}

/** A local calendar date; day may be outside the month until normalised. */
interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** "HH:MM" from 00:00 to 23:59 (a one-digit hour is accepted: "7:30"); null when it is not one. */
export function parseResetTime(text: string): ResetTime | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (match === null) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

/** The canonical "HH:MM" spelling of a reset time. */
export function formatResetTime(time: ResetTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

function resetTimeOf(spec: WindowSpec): ResetTime {
  const time = parseResetTime(spec.resetTime);
  // Fields are validated where they are entered; a bad one here is a programming error.
  if (time === null) throw new Error(`Invalid reset time "${spec.resetTime}": expected HH:MM.`);
  return time;
}

/** Moves a date whose day is outside its month (0, −3, 32) onto the calendar; the zone plays no part. */
function normalise(date: CivilDate): CivilDate {
  const utc = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
}

function addDays(date: CivilDate, days: number): CivilDate {
  return normalise({ ...date, day: date.day + days });
}

function addMonths(date: CivilDate, months: number): CivilDate {
  const index = date.year * 12 + (date.month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1, day: date.day };
}

/** Calendar periods: the date whose reset opens the period holding `today`, and a step of whole periods. */
interface Period {
  readonly anchor: (today: CivilDate, weekday: number) => CivilDate;
  readonly step: (date: CivilDate, periods: number) => CivilDate;
}

const PERIODS: Record<'daily' | 'weekly' | 'monthly', Period> = {
  daily: { anchor: (today) => today, step: addDays },
  weekly: { anchor: (today, weekday) => addDays(today, 1 - weekday), step: (date, n) => addDays(date, 7 * n) },
  monthly: { anchor: (today) => ({ ...today, day: 1 }), step: addMonths },
};

function resetOn(date: CivilDate, time: ResetTime, spec: WindowSpec, clock: ZoneClock): number {
  return clock.instantOf({ ...date, ...time }, spec.timeZone);
}

/** The calendar window holding `now`: now at the reset instant exactly is in the new window. */
function calendarWindow(period: Period, spec: WindowSpec, now: number, clock: ZoneClock): { start: number; resetsAt: number } {
  const time = resetTimeOf(spec);
  const local = clock.localTime(now, spec.timeZone);
  const anchor = period.anchor({ year: local.year, month: local.month, day: local.day }, local.weekday);
  const reset = resetOn(anchor, time, spec, clock);
  // Today's (this week's, this month's) reset may still be ahead: then the window began one period earlier.
  if (reset <= now) return { start: reset, resetsAt: resetOn(period.step(anchor, 1), time, spec, clock) };
  return { start: resetOn(period.step(anchor, -1), time, spec, clock), resetsAt: reset };
}

/** The window of `spec` that holds `now`. */
export function currentWindow(spec: WindowSpec, now: number, clock: ZoneClock): CreditWindow {
  if (spec.kind === 'rolling-5h') return { start: now - ROLLING_WINDOW_MS, resetsAt: null };
  return calendarWindow(PERIODS[spec.kind], spec, now, clock);
}

/**
 * When a rolling window frees up: five hours after the earliest use still inside it (that use
 * drops out then). Null when nothing is used in the window: nothing is waiting to come back.
 */
export function rollingResetsAt(earliestUseInWindow: number | null): number | null {
  return earliestUseInWindow === null ? null : earliestUseInWindow + ROLLING_WINDOW_MS;
}

/**
 * The first calendar reset strictly after `at` (when an exhausted account comes back). Null
 * for a rolling window, which has no calendar reset: derive it from usage with rollingResetsAt.
 */
export function nextResetAfter(spec: WindowSpec, at: number, clock: ZoneClock): number | null {
  return currentWindow(spec, at, clock).resetsAt;
}
