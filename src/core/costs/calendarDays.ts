// Local calendar days as 'YYYY-MM-DD' strings, and as day numbers (days since 1970-01-01) for
// arithmetic on consecutive days. The string already names the local day, so it is counted on
// the UTC calendar, where every day has 24 hours: no time zone or DST change can shift a day.
const MS_PER_DAY = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** '2026-12-01' → days since 1970-01-01. Throws on anything that is not a real calendar day. */
export function dayNumber(day: string): number {
  const match = DAY.exec(day);
  const number = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY : Number.NaN;
  // Date.UTC rolls '2026-02-30' over into March; the round trip refuses it.
  if (!Number.isSafeInteger(number) || dayString(number) !== day) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${day}`);
  return number;
}

/** Days since 1970-01-01 → 'YYYY-MM-DD'. */
/** Day strings already made: a state names the same few hundred days over and over. */
const dayStrings = new Map<number, string>();
const MAX_CACHED_DAYS = 4096;

export function dayString(number: number): string {
  const known = dayStrings.get(number);
  if (known !== undefined) return known;
  if (!Number.isSafeInteger(number)) throw new RangeError(`Not a day number: ${number}`);
  const text = new Date(number * MS_PER_DAY).toISOString().slice(0, 10);
  if (dayStrings.size >= MAX_CACHED_DAYS) dayStrings.clear();
  dayStrings.set(number, text);
  return text;
}

/** 0 for Sunday to 6 for Saturday, like Date.getDay. */
export function weekdayOf(number: number): number {
  // 1970-01-01 was a Thursday.
  return (((number + 4) % 7) + 7) % 7;
}

/** The day number of the last day of the month `day` is in. */
export function lastDayOfMonth(day: string): number {
  const number = dayNumber(day);
  const date = new Date(number * MS_PER_DAY);
  // Day 0 of the next month is the last day of this one.
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0) / MS_PER_DAY;
}

/** '2026-11-03' → 'Nov 3', for sentences. */
export function shortDay(day: string): string {
  dayNumber(day);
  const month = MONTHS[Number(day.slice(5, 7)) - 1] ?? '';
  return `${month} ${Number(day.slice(8, 10))}`;
}

/** The day number of the first day of the month `number` is in. */
export function firstOfMonth(number: number): number {
  return dayNumber(dayString(number).slice(0, 8) + '01');
}
