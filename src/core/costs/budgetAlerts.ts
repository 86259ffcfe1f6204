// Budget alerts: which limits (router budgets, accounts) have passed 80%, 90% or 100% in their
// current period, what the notification says, and which buttons it offers. Each alert has a
// mark key (limit, period, threshold) that storage claims once across windows and the CLI, so
// one alert is shown per threshold and period however many windows are open.
//
// Choices:
// - Only the highest threshold reached alerts: passing 80% and 90% in one step alerts at 90%.
//   The lower thresholds' keys of the same period are claimed along (`supersedes`), so a window
//   that read older figures does not alert at 80% after another window alerted at 90%.
// - A share within 1e-9 below a threshold counts as reached (0.88 / 1.1 is 0.7999999999999999).
// - A limit of 0 (or less) alerts only once something is used against it (then at 100%): a zero
//   limit is the user's way to allow nothing, and saying so every period would be noise.
// - Disabled accounts and accounts marked exhausted do not alert: the user already knows.
import type { AccountStanding } from '../accounts/accountPool';
import { ROLLING_WINDOW_MS } from '../accounts/creditWindow';
import type { BudgetConfig } from '../routing/routerConfig';
import { budgetSetting } from './budgets';
import { formatUsd, nanosFromUsd, usdFromNanos } from './costMath';
import { formatDuration } from '../format';

export const ALERT_THRESHOLDS = [0.8, 0.9, 1] as const;
export type AlertThreshold = (typeof ALERT_THRESHOLDS)[number];

/** What a limit belongs to: a router budget (and the setting that holds it) or an account. */
export type LimitOwner =
  | { readonly kind: 'budget'; readonly setting: string }
  /** `current`: the account in use (Rotate Now moves off it); `usd`: router requests are charged to it. */
  | { readonly kind: 'account'; readonly current: boolean; readonly usd: boolean };

export interface LimitStanding {
  /** Stable id: 'budget:monthly', 'budget:daily:openai', 'account:<id>'. */
  readonly key: string;
  /** 'Monthly budget', 'Daily budget for openai', 'Account GenSpark-02'. */
  readonly name: string;
  /** The current period or window: '2026-12', '2026-12-01', a window's start ms. */
  readonly periodKey: string;
  readonly used: number;
  readonly limit: number;
  readonly unit: 'usd' | 'credits' | 'percent';
  /** Epoch ms of the next reset; null when unknown. */
  readonly resetsAt: number | null;
  readonly owner: LimitOwner;
}

export interface AlertDue {
  readonly standing: LimitStanding;
  readonly threshold: AlertThreshold;
  /** `${key}|${periodKey}|${threshold}`: claimed once across processes. */
  readonly markKey: string;
  /** The mark keys of the lower thresholds in the same period, claimed along with this one. */
  readonly supersedes: readonly string[];
}

/** The buttons of an alert; the host gives each a label and an action. */
export type AlertAction = 'showCosts' | 'rotateNow';

const SHARE_TOLERANCE = 1e-9;
const DAY_MS = 86_400_000;

export function markKeyOf(standing: Pick<LimitStanding, 'key' | 'periodKey'>, threshold: AlertThreshold): string {
  return `${standing.key}|${standing.periodKey}|${threshold}`;
}

/** used / limit; a limit of 0 or less is reached once anything is used, and never before. */
function shareOf(standing: LimitStanding): number {
  if (!Number.isFinite(standing.used) || !Number.isFinite(standing.limit)) return 0;
  if (standing.limit <= 0) return standing.used > 0 ? 1 : 0;
  return standing.used / standing.limit;
}

/** For each standing, the highest threshold its share has reached, if any. */
export function alertsDue(standings: readonly LimitStanding[]): AlertDue[] {
  const due: AlertDue[] = [];
  for (const standing of standings) {
    const share = shareOf(standing);
    const reached = ALERT_THRESHOLDS.filter((threshold) => share >= threshold - SHARE_TOLERANCE);
    const threshold = reached.at(-1);
    if (threshold === undefined) continue;
    due.push({ standing, threshold, markKey: markKeyOf(standing, threshold), supersedes: reached.slice(0, -1).map((lower) => markKeyOf(standing, lower)) });
  }
  return due;
}

/** Every alert offers the costs; an alert on the current account also offers to rotate. */
export function alertActions(due: AlertDue): AlertAction[] {
  const { owner } = due.standing;
  return owner.kind === 'account' && owner.current ? ['showCosts', 'rotateNow'] : ['showCosts'];
}

export function alertSeverity(due: AlertDue): 'warning' | 'error' {
  return due.threshold >= 1 ? 'error' : 'warning';
}

function percentText(standing: LimitStanding): string {
  return `${Math.floor(shareOf(standing) * 100 + SHARE_TOLERANCE * 100)}%`;
}

function amount(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** "$45.50 of $50.00", "91 of 100 credits"; nothing for percent (the share is the figure). */
function figures(standing: LimitStanding): string | null {
  if (standing.unit === 'usd') return `${formatUsd(nanosFromUsd(standing.used))} of ${formatUsd(nanosFromUsd(standing.limit))}`;
  if (standing.unit === 'credits') return `${amount(standing.used)} of ${amount(standing.limit)} credits`;
  return null;
}

/** "in 3h 12m" within a day, else the local date ("Jan 1"); null when unknown. */
function resetWhen(resetsAt: number | null, now: number): string | null {
  if (resetsAt === null) return null;
  if (resetsAt - now < DAY_MS) return `in ${formatDuration(resetsAt - now)}`;
  return new Date(resetsAt).toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
}

/** What the notification says: where the limit stands, when it resets, and at 100% what to do. */
export function alertMessage(due: AlertDue, now: number): string {
  const { standing } = due;
  const shown = figures(standing);
  const when = resetWhen(standing.resetsAt, now);
  if (due.threshold < 1) {
    return `Baton: ${standing.name} is at ${percentText(standing)}${shown ? ` (${shown})` : ''}${when ? `; resets ${when}` : ''}.`;
  }
  const facts = `Baton: ${standing.name} reached its limit (${percentText(standing)}${shown ? `: ${shown}` : ''}).`;
  const until = when ? `until it resets ${when}` : 'until it resets';
  const { owner } = standing;
  if (owner.kind === 'budget') {
    return `${facts} Router requests that cost money are refused ${until}. To go on, raise ${owner.setting} in Settings (Baton › Budgets) or wait.`;
  }
  const refused = owner.usd ? ` Router requests charged to it are refused ${until}.` : ` It is used up ${until}.`;
  const rotate = owner.current ? 'rotate to another account (Rotate Now)' : 'switch account (Baton: Switch Account)';
  return `${facts}${refused} To go on, ${rotate} or raise its limit (Baton: Edit Account).`;
}

/** What the router spent in the current periods, nano-dollars; per provider by its configured id. */
export interface BudgetSpend {
  readonly daily: number;
  readonly monthly: number;
  readonly providerDaily: Readonly<Record<string, number>>;
  readonly providerMonthly: Readonly<Record<string, number>>;
}

/** The current local day and month: keys that name them ('2026-12-01', '2026-12') and when they end. */
export interface BudgetPeriods {
  readonly dayKey: string;
  readonly monthKey: string;
  readonly dayEndsAt: number;
  readonly monthEndsAt: number;
}

function spentOf(spent: Readonly<Record<string, number>>, provider: string): number {
  return Object.hasOwn(spent, provider) ? (spent[provider] ?? 0) : 0;
}

/** The router budgets that are set, as standings in USD: global monthly and daily, then per provider. */
export function budgetStandings(config: BudgetConfig, spent: BudgetSpend, periods: BudgetPeriods): LimitStanding[] {
  const standings: LimitStanding[] = [];
  const add = (period: 'daily' | 'monthly', provider: string | null, limitUsd: number | undefined, usedNanos: number) => {
    if (limitUsd === undefined) return;
    const monthly = period === 'monthly';
    const key = monthly ? (provider === null ? 'monthlyNanos' : 'providerMonthlyNanos') : provider === null ? 'dailyNanos' : 'providerDailyNanos';
    standings.push({
      key: `budget:${period}${provider === null ? '' : `:${provider}`}`,
      name: `${monthly ? 'Monthly' : 'Daily'} budget${provider === null ? '' : ` for ${provider}`}`,
      periodKey: monthly ? periods.monthKey : periods.dayKey,
      used: usdFromNanos(usedNanos),
      limit: limitUsd,
      unit: 'usd',
      resetsAt: monthly ? periods.monthEndsAt : periods.dayEndsAt,
      owner: { kind: 'budget', setting: budgetSetting(key, provider ?? '') },
    });
  };
  add('monthly', null, config.monthlyUsd, spent.monthly);
  add('daily', null, config.dailyUsd, spent.daily);
  for (const [provider, limits] of Object.entries(config.perProvider)) {
    add('monthly', provider, limits.monthlyUsd, spentOf(spent.providerMonthly, provider));
    add('daily', provider, limits.dailyUsd, spentOf(spent.providerDaily, provider));
  }
  return standings;
}

/**
 * A calendar window is named by its start. A rolling window's start moves with the clock, so it
 * is named by the 5-hour slot its reset falls in: an agent-reported reset (which jitters by
 * seconds between reports) stays in one slot, and the next window's reset, at least five hours
 * later, falls in another.
 */
function windowKey(standing: AccountStanding): string {
  if (standing.account.window.kind !== 'rolling-5h') return String(standing.windowStart);
  return standing.resetsAt === null ? 'rolling' : `rolling-${Math.floor(standing.resetsAt / ROLLING_WINDOW_MS)}`;
}

/** The pool's active accounts as standings, in each account's unit; `currentId` is the account in use. */
export function accountStandings(standings: readonly AccountStanding[], currentId: string | null): LimitStanding[] {
  return standings.filter((standing) => standing.status === 'active').map((standing) => ({
    key: `account:${standing.account.id}`,
    name: `Account ${standing.account.name}`,
    periodKey: windowKey(standing),
    used: standing.used,
    limit: standing.limit,
    unit: standing.account.unit,
    resetsAt: standing.resetsAt,
    owner: { kind: 'account', current: standing.account.id === currentId, usd: standing.account.unit === 'usd' },
  }));
}
