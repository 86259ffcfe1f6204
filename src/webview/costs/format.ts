// The costs panel's number formats, in English with US separators (the ledger is in USD).
// Money arrives as integer nano-dollars; it becomes dollars only here, when it is shown.

const NANOS_PER_USD = 1e9;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const subCent = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });
const wholeDollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const integers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export const usdOf = (nanos: number): number => nanos / NANOS_PER_USD;

/** `$1.23`; below a cent with two significant digits (`$0.0042`); `$12,345.67` when large. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  const size = Math.abs(usd);
  if (size === 0) return '$0.00';
  if (size < 0.01) return subCent.format(usd);
  return cents.format(usd);
}

export const formatMoney = (nanos: number): string => formatUsd(usdOf(nanos));

/** A nullable amount: `—` when there is none. */
export const formatMoneyOrDash = (nanos: number | null): string => (nanos === null ? '—' : formatMoney(nanos));

/** For chart axes: `$0`, `$0.25`, `$12`, `$1.2K`. */
export function formatMoneyShort(nanos: number): string {
  const usd = usdOf(nanos);
  const size = Math.abs(usd);
  if (size === 0) return '$0';
  if (size >= 1000) return `$${compact.format(usd)}`;
  if (size >= 10) return wholeDollars.format(usd);
  return formatUsd(usd);
}

/** `12,345`. */
export const formatInteger = (n: number): string => (Number.isFinite(n) ? integers.format(n) : '—');

/** `950`, `12K`, `1.2M`: token counts on axes and in tight cells. */
export const formatCompact = (n: number): string => (Math.abs(n) < 1000 ? formatInteger(n) : compact.format(n));

/** A share 0..1 as `42%`; `<1%` for a sliver, one decimal when asked (`99.2%`). */
export function formatPercent(share: number, decimals = 0): string {
  if (!Number.isFinite(share)) return '—';
  const percent = share * 100;
  if (percent > 0 && percent < 1 && decimals === 0) return '<1%';
  return `${percent.toFixed(decimals)}%`;
}

export interface Change {
  readonly direction: 'up' | 'down' | 'flat' | 'new' | 'none';
  /** `+12%`, `−8%`, `no change`, `new`, or empty when both are zero. */
  readonly text: string;
}

/** The change from `previous` to `current`, for "vs previous period". */
export function changeOf(current: number, previous: number): Change {
  if (previous === 0) return current === 0 ? { direction: 'none', text: 'no change' } : { direction: 'new', text: 'new' };
  const ratio = (current - previous) / previous;
  const rounded = Math.round(ratio * 100);
  if (rounded === 0) return { direction: 'flat', text: 'no change' };
  return rounded > 0 ? { direction: 'up', text: `+${formatInteger(rounded)}%` } : { direction: 'down', text: `−${formatInteger(-rounded)}%` };
}

/** A local day `YYYY-MM-DD` as a Date at local midnight; null when malformed. */
export function parseDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? null : date;
}

// Built once: toLocaleDateString builds a formatter on every call, and a chart's axis asks
// for hundreds of labels while it measures them.
const DAY_FORMAT = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });
const DAY_YEAR_FORMAT = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
const WEEKDAY_FORMAT = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric' });
const TIMESTAMP_FORMAT = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `Nov 24`, or `Nov 24, 2026` with the year. */
export function formatDay(day: string, withYear = false): string {
  const date = parseDay(day);
  if (!date) return day;
  return (withYear ? DAY_YEAR_FORMAT : DAY_FORMAT).format(date);
}

/** `Mon, Nov 24`. */
export function formatWeekday(day: string): string {
  const date = parseDay(day);
  return date ? WEEKDAY_FORMAT.format(date) : day;
}

/** `Nov 24, 14:03` for a timestamp. */
export function formatTimestamp(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return TIMESTAMP_FORMAT.format(at);
}

/** `820 ms`, `1.4 s`, `2m 05s`; `—` when unknown. */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${(ms / SECOND).toFixed(1)} s`;
  const minutes = Math.floor(ms / MINUTE);
  return `${minutes}m ${String(Math.floor((ms % MINUTE) / SECOND)).padStart(2, '0')}s`;
}

/** How long until `iso`: `3d 4h`, `5h 20m`, `12m`; `now` when it has passed. */
export function formatTimeUntil(iso: string, now: number): string | null {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return null;
  const left = at - now;
  if (left < MINUTE) return 'now';
  if (left < HOUR) return `${Math.floor(left / MINUTE)}m`;
  if (left < DAY) return `${Math.floor(left / HOUR)}h ${Math.floor((left % HOUR) / MINUTE)}m`;
  return `${Math.floor(left / DAY)}d ${Math.floor((left % DAY) / HOUR)}h`;
}

/** `1 request`, `2,340 requests`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${formatInteger(count)} ${count === 1 ? noun : nouns}`;
}
