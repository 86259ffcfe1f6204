// How accounts and their standing read on the command line: amounts in their unit, resets as
// "in 3h 05m" and as the wall-clock time in the account's own zone, aligned tables, and the JSON
// shapes scripts read (times as ISO strings, amounts without floating-point noise).
import { luxonZoneClock } from '../app/luxonZoneClock';
import type { Account, CreditUnit, WindowSpec } from '../core/accounts/account';
import type { AccountStanding } from '../core/accounts/accountPool';
import { formatDuration } from '../core/format';

/** Sums of logged amounts carry float noise (0.1 + 0.2): nine decimals are more than any unit needs. */
export const tidy = (value: number): number => Math.round(value * 1e9) / 1e9;

export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function plain(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** "150 credits", "$2.50", "42%". */
export function amountText(value: number, unit: CreditUnit): string {
  if (unit === 'usd') return `$${value.toFixed(2)}`;
  if (unit === 'percent') return `${plain(value)}%`;
  return `${plain(value)} credits`;
}

/** "15/100 credits", "$1.20/$5.00", "42%/100%". */
export function usedOfLimit(standing: AccountStanding): string {
  const { unit } = standing.account;
  if (unit === 'credits') return `${plain(standing.used)}/${plain(standing.limit)} credits`;
  return `${amountText(standing.used, unit)}/${amountText(standing.limit, unit)}`;
}

const two = (n: number): string => String(n).padStart(2, '0');
const DAY_MS = 86_400_000;

/** "3h 05m", or "5d 23h" for a weekly or monthly window. */
export function durationText(ms: number): string {
  if (ms < DAY_MS) return formatDuration(ms);
  const hours = Math.floor(ms / 3_600_000);
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** "2026-12-02 00:00 Europe/Berlin": the wall-clock time in `zone`. */
export function localTimeText(ms: number, zone: string): string {
  const t = luxonZoneClock.localTime(ms, zone);
  return `${t.year}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)} ${zone}`;
}

/** "in 3h 05m (2026-12-02 00:00 Europe/Berlin)", or "unknown" (a rolling window not in use). */
export function whenText(ms: number | null, zone: string, now: number): string {
  if (ms === null) return 'unknown';
  return `in ${durationText(ms - now)} (${localTimeText(ms, zone)})`;
}

/** "daily at 00:00 UTC", "weekly, Mondays at 09:00 Europe/Berlin", "rolling 5 hours". */
export function windowText(window: WindowSpec): string {
  switch (window.kind) {
    case 'daily':
      return `daily at ${window.resetTime} ${window.timeZone}`;
    case 'weekly':
      return `weekly, Mondays at ${window.resetTime} ${window.timeZone}`;
    case 'monthly':
      return `monthly, on the 1st at ${window.resetTime} ${window.timeZone}`;
    case 'rolling-5h':
      return 'rolling 5 hours';
  }
}

/** The status a person reads: exhausted with its end, or used up although active. */
export function statusText(standing: AccountStanding): string {
  const { account } = standing;
  if (standing.status === 'exhausted' && account.status.kind === 'exhausted') return `exhausted until ${localTimeText(account.status.until, account.window.timeZone)}`;
  if (standing.status === 'active' && standing.remaining <= 0) return 'used up';
  return standing.status;
}

/** One line describing an account's settings. */
export function describeAccount(account: Account): string {
  const limit = account.unit === 'percent' ? 'a percentage the agent reports' : amountText(account.limit, account.unit);
  const extras = [
    account.label && `label "${account.label}"`,
    account.tags.length > 0 && `tags ${account.tags.join(', ')}`,
    account.priority !== 0 && `priority ${account.priority}`,
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  return `${account.name} (${account.platform}): ${limit}, ${windowText(account.window)}${extras.length > 0 ? `; ${extras.join('; ')}` : ''}`;
}

/** "A: 15/100 credits used, 85 credits left, resets in 3h 05m (…)". */
export function standingLine(standing: AccountStanding, now: number): string {
  const { account } = standing;
  const state = statusText(standing) === 'active' ? '' : `; ${statusText(standing)}`;
  return `${account.name}: ${usedOfLimit(standing)} used, ${amountText(standing.remaining, account.unit)} left, resets ${whenText(standing.resetsAt, account.window.timeZone, now)}${state}`;
}

/** The standing as `credits status --json` gives it. */
export function standingJson(standing: AccountStanding) {
  return {
    name: standing.account.name,
    unit: standing.account.unit,
    used: tidy(standing.used),
    limit: standing.limit,
    remaining: tidy(standing.remaining),
    window: standing.account.window.kind,
    resetsAt: isoOrNull(standing.resetsAt),
    status: standing.status,
  };
}

/** An account with its standing, as `accounts list --json` gives it. */
export function accountJson(standing: AccountStanding, currentId: string | null) {
  const { account } = standing;
  return {
    name: account.name,
    platform: account.platform,
    label: account.label,
    unit: account.unit,
    limit: standing.limit,
    window: account.window.kind,
    resetTime: account.window.resetTime,
    timeZone: account.window.timeZone,
    tags: account.tags,
    priority: account.priority,
    notes: account.notes,
    used: tidy(standing.used),
    remaining: tidy(standing.remaining),
    resetsAt: isoOrNull(standing.resetsAt),
    status: standing.status,
    exhaustedUntil: standing.status === 'exhausted' && account.status.kind === 'exhausted' ? isoOrNull(account.status.until) : null,
    current: account.id === currentId,
  };
}

/** Rows of cells as aligned columns (two spaces apart), the last column unpadded. */
export function alignedRows(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length))).join('  ').trimEnd());
}

/** The pool as a table: current (*), name, platform, used/limit, window, resets in, status. */
export function standingsTable(standings: readonly AccountStanding[], currentId: string | null, now: number): string[] {
  const header = [' ', 'NAME', 'PLATFORM', 'USED/LIMIT', 'WINDOW', 'RESETS IN', 'STATUS'];
  const rows = standings.map((s) => [
    s.account.id === currentId ? '*' : ' ',
    s.account.name,
    s.account.platform,
    usedOfLimit(s),
    s.account.window.kind,
    s.resetsAt === null ? '-' : durationText(s.resetsAt - now),
    statusText(s),
  ]);
  return alignedRows([header, ...rows]);
}
