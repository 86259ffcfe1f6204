// The days a costs query covers, and the period it is compared with. Local day numbers, both
// ends included; "this month" is compared with the same days of the month before.
import { UserFacingError } from '../errors';
import type { DayRange } from './costsPorts';
import { dayNumber, dayString, firstOfMonth } from './calendarDays';

export type PeriodName = 'today' | '7d' | '30d' | 'month' | 'custom';

export interface PeriodQuery {
  readonly period: PeriodName;
  /** Local days YYYY-MM-DD, only for `custom`. */
  readonly from: string | null;
  readonly to: string | null;
}

export interface PeriodRange extends DayRange {
  readonly previous: DayRange;
  readonly label: string;
}

/** Custom ranges longer than this are refused: the charts would have a bar per pixel. */
export const MAX_PERIOD_DAYS = 366;

const LAST_DAYS: Readonly<Record<'7d' | '30d', number>> = { '7d': 7, '30d': 30 };

function before(range: DayRange): DayRange {
  const length = range.to - range.from + 1;
  return { from: range.from - length, to: range.from - 1 };
}

/** The same days of the month before (cut at that month's end). */
function monthBefore(from: number, to: number): DayRange {
  const first = new Date(dayString(from) + 'T00:00:00Z');
  const previousFirst = dayNumber(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - 1, 1)).toISOString().slice(0, 10));
  return { from: previousFirst, to: Math.min(previousFirst + (to - from), from - 1) };
}

function parseDay(text: string | null, what: string): number {
  try {
    if (text !== null) return dayNumber(text);
  } catch {
    // Not a calendar day: said below.
  }
  throw new UserFacingError(`The ${what} of a custom period must be a date such as 2026-11-30.`);
}

function customRange(query: PeriodQuery): PeriodRange {
  const from = parseDay(query.from, 'start');
  const to = parseDay(query.to, 'end');
  if (to < from) throw new UserFacingError('A custom period must end on or after the day it starts.');
  if (to - from + 1 > MAX_PERIOD_DAYS) throw new UserFacingError(`A custom period can be at most ${MAX_PERIOD_DAYS} days long.`);
  const range = { from, to };
  return { ...range, previous: before(range), label: `${dayString(from)} – ${dayString(to)}` };
}

/** The query's days as of `today` (a local day number). */
export function periodRange(query: PeriodQuery, today: number): PeriodRange {
  switch (query.period) {
    case 'today':
      return { from: today, to: today, previous: { from: today - 1, to: today - 1 }, label: 'Today' };
    case '7d':
    case '30d': {
      const range = { from: today - LAST_DAYS[query.period] + 1, to: today };
      return { ...range, previous: before(range), label: `Last ${LAST_DAYS[query.period]} days` };
    }
    case 'month': {
      const from = firstOfMonth(today);
      return { from, to: today, previous: monthBefore(from, today), label: 'This month' };
    }
    case 'custom':
      return customRange(query);
  }
}

/** Every day of a range, as YYYY-MM-DD. */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day++) days.push(dayString(day));
  return days;
}
