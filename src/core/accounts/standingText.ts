// How an account's standing reads in the status bar, its tooltip, quick picks and the CLI:
// `GenSpark-02 · 37/100`, `$1.20 / $5.00 today`, `Codex 5h · 42%`, with the time to reset.
import { formatUsd, nanosFromUsd } from '../costs/costMath';
import { formatDuration } from '../format';
import type { AccountStanding } from './accountPool';

const WINDOW_WORDS: Readonly<Record<string, string>> = { daily: 'today', weekly: 'this week', monthly: 'this month', 'rolling-5h': 'in 5 h' };
const WINDOW_SHORT: Readonly<Record<string, string>> = { daily: 'day', weekly: 'week', monthly: 'month', 'rolling-5h': '5h' };

function amount(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** The figure alone: "37/100", "$1.20 / $5.00 today", "42%". */
export function usedText(standing: AccountStanding): string {
  const { account } = standing;
  if (account.unit === 'usd') return `${formatUsd(nanosFromUsd(standing.used))} / ${formatUsd(nanosFromUsd(standing.limit))} ${WINDOW_WORDS[account.window.kind] ?? ''}`.trimEnd();
  if (account.unit === 'percent') return `${Math.round(standing.used)}%`;
  return `${amount(standing.used)}/${amount(standing.limit)}`;
}

/** The status bar's text: the account and what is used. */
export function standingLabel(standing: AccountStanding): string {
  const { account } = standing;
  if (account.unit === 'usd') return `${account.name} · ${usedText(standing)}`;
  if (account.unit === 'percent') return `${account.name} ${WINDOW_SHORT[account.window.kind] ?? ''} · ${usedText(standing)}`;
  return `${account.name} · ${usedText(standing)}`;
}

/** "resets in 3h 12m", "exhausted until reset in 1h 05m", "disabled", or "" when unknown. */
export function resetText(standing: AccountStanding, now: number): string {
  if (standing.status === 'disabled') return 'disabled';
  const until = standing.account.status.kind === 'exhausted' && standing.status === 'exhausted' ? standing.account.status.until : standing.resetsAt;
  if (until === null) return '';
  const wait = `in ${formatDuration(Math.max(0, until - now))}`;
  return standing.status === 'exhausted' ? `exhausted, back ${wait}` : `resets ${wait}`;
}

export type StandingLevel = 'ok' | 'warning' | 'critical';

/** Against the warning and critical shares used (0…1); an exhausted account is critical. */
export function standingLevel(standing: AccountStanding, warnAt: number, criticalAt: number): StandingLevel {
  if (standing.status === 'exhausted' || standing.usedShare >= criticalAt) return 'critical';
  return standing.usedShare >= warnAt ? 'warning' : 'ok';
}
