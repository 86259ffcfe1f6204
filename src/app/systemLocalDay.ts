// The local day of this machine's time zone (the one the budgets' LocalCalendar uses too):
// JavaScript's local date fields follow the system zone, DST included, without Luxon.
import { DAY_MS, type LocalDayOf } from '../core/costs/localDay';

export const systemLocalDay: LocalDayOf = (atMs) => {
  const date = new Date(atMs);
  return Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / DAY_MS;
};

/** When a local day (days since 1970-01-01 of the local date) starts, in epoch ms. */
export function systemDayStart(day: number): number {
  const date = new Date(day * DAY_MS);
  return new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()).getTime();
}
