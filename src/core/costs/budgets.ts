// Daily and monthly budgets, global and per provider: the limits a request is checked against,
// the check itself (storage runs it inside one cross-process write, see storage/ledgerStore.ts),
// and what the user reads when a request is refused.
//
// A request reserves its maximum cost before it is sent and settles to its real cost after, so
// concurrent requests (two windows and the CLI) never commit more than a limit as long as each
// costs at most its maximum. Requests without a price (unpriced models, subscriptions) reserve
// and count nothing: there is no amount to hold them to.
import { UserFacingError } from '../errors';
import type { BudgetConfig } from '../routing/routerConfig';
import { formatUsd, nanosFromUsd } from './costMath';
import type { BudgetRefusal, Calendar, ReservationRequest } from './ledgerPorts';

export type BudgetLimits = ReservationRequest['limits'];
export type BudgetKey = keyof BudgetLimits;

/**
 * A reservation left by a crashed process stops counting after this. It must outlast the
 * longest answer: a stream still running when its reservation expires no longer holds its
 * maximum against the budget.
 */
export const DEFAULT_RESERVATION_TTL_MS = 30 * 60_000;

/**
 * What is committed in each period when a request asks: spent (ledger) plus reserved by
 * requests in flight, nano-dollars. Provider figures are for the request's provider.
 */
export type CommittedSpend = Readonly<Record<BudgetKey, number>>;

/**
 * Checked in this order, and the first exceeded is reported: a monthly budget first, because
 * waiting until tomorrow does not help with it, then the daily ones.
 */
export const BUDGET_ORDER: readonly BudgetKey[] = ['monthlyNanos', 'providerMonthlyNanos', 'dailyNanos', 'providerDailyNanos'];

const PERIOD: Readonly<Record<BudgetKey, 'daily' | 'monthly'>> = {
  dailyNanos: 'daily',
  monthlyNanos: 'monthly',
  providerDailyNanos: 'daily',
  providerMonthlyNanos: 'monthly',
};

const isProviderBudget = (key: BudgetKey) => key === 'providerDailyNanos' || key === 'providerMonthlyNanos';

/** The limits that apply to a request sent to `provider` (its configured id, the key of `perProvider`), nano-dollars. */
export function budgetLimits(config: BudgetConfig, provider: string): BudgetLimits {
  const own = Object.hasOwn(config.perProvider, provider) ? config.perProvider[provider] : undefined;
  const entries: [BudgetKey, number | undefined][] = [
    ['dailyNanos', config.dailyUsd],
    ['monthlyNanos', config.monthlyUsd],
    ['providerDailyNanos', own?.dailyUsd],
    ['providerMonthlyNanos', own?.monthlyUsd],
  ];
  return Object.fromEntries(entries.filter((entry): entry is [BudgetKey, number] => entry[1] !== undefined).map(([key, usd]) => [key, nanosFromUsd(usd)]));
}

export function hasLimits(limits: BudgetLimits): boolean {
  return BUDGET_ORDER.some((key) => limits[key] !== undefined);
}

/** "daily budget", "monthly budget for openai": the name a refusal carries. */
export function budgetName(key: BudgetKey, provider: string): string {
  return `${PERIOD[key]} budget${isProviderBudget(key) ? ` for ${provider}` : ''}`;
}

/** The setting that holds the limit (the same JSON in the settings and the CLI's --config file). */
export function budgetSetting(key: BudgetKey, provider: string): string {
  const field = `${PERIOD[key]}Usd`;
  return isProviderBudget(key) ? `baton.budgets.perProvider.${provider}.${field}` : `baton.budgets.${field}`;
}

export interface ReservationInput {
  readonly id: string;
  readonly provider: string;
  readonly maxNanos: number;
  readonly atMs: number;
  readonly budgets: BudgetConfig;
  readonly calendar: Calendar;
  readonly ttlMs?: number;
}

export function reservationRequest(input: ReservationInput): ReservationRequest {
  return {
    id: input.id,
    provider: input.provider,
    maxNanos: input.maxNanos,
    at: input.atMs,
    dayStart: input.calendar.dayStart(input.atMs),
    monthStart: input.calendar.monthStart(input.atMs),
    limits: budgetLimits(input.budgets, input.provider),
    expiresAt: input.atMs + (input.ttlMs ?? DEFAULT_RESERVATION_TTL_MS),
  };
}

/** The first budget that committed + this request's maximum would exceed, or null when all allow it. */
export function firstExceeded(committed: CommittedSpend, request: Pick<ReservationRequest, 'provider' | 'maxNanos' | 'limits'>): BudgetRefusal | null {
  for (const key of BUDGET_ORDER) {
    const limit = request.limits[key];
    if (limit === undefined || committed[key] + request.maxNanos <= limit) continue;
    return { budget: budgetName(key, request.provider), limitNanos: limit, spentNanos: committed[key], requestMaxNanos: request.maxNanos };
  }
  return null;
}

const NAMED = /^(daily|monthly) budget(?: for (.+))?$/;

/**
 * What the user reads: the budget, what is spent or reserved, the limit, what this request may
 * cost, and what to do about it.
 */
export function refusalMessage(refusal: BudgetRefusal): string {
  if (refusal.account) return accountRefusalMessage(refusal, refusal.account);
  const named = NAMED.exec(refusal.budget);
  const period = named?.[1] === 'monthly' ? 'monthly' : 'daily';
  const provider = named?.[2];
  const key: BudgetKey = provider === undefined ? `${period}Nanos` : period === 'daily' ? 'providerDailyNanos' : 'providerMonthlyNanos';
  const title = refusal.budget.charAt(0).toUpperCase() + refusal.budget.slice(1);
  const facts = `${formatUsd(refusal.spentNanos)} of ${formatUsd(refusal.limitNanos)} is spent or reserved, and this request may cost up to ${formatUsd(refusal.requestMaxNanos)}.`;
  const wait = period === 'daily' ? 'wait until tomorrow' : 'wait until next month';
  const setting = budgetSetting(key, provider ?? '');
  const advice = refusal.requestMaxNanos > refusal.limitNanos
    ? `This request alone may cost more than the whole budget: pick a cheaper model, lower --max-tokens, or raise ${setting}.`
    : `To go on: raise ${setting}, ${wait}, pick a cheaper model, or lower --max-tokens.`;
  return `${title} would be exceeded: ${facts} ${advice}`;
}

function accountRefusalMessage(refusal: BudgetRefusal, account: NonNullable<BudgetRefusal['account']>): string {
  const facts = `${formatUsd(refusal.spentNanos)} of ${formatUsd(refusal.limitNanos)} is used or reserved in its window, and this request may cost up to ${formatUsd(refusal.requestMaxNanos)}.`;
  const reset = account.resetsAt === null ? '' : ` (it resets at ${new Date(account.resetsAt).toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
  return `The limit of account ${account.name} would be exceeded: ${facts} To go on: switch account (Baton: Rotate Account, or baton accounts use NAME), raise its limit, or wait for its reset${reset}.`;
}

/** A request refused by a budget before anything was sent. The CLI exits with code 3. */
export class BudgetExceededError extends UserFacingError {
  /** Checked instead of `instanceof` across bundles (the CLI exits 3 on it). */
  readonly code = 'budget-exceeded';

  constructor(readonly refusal: BudgetRefusal) {
    super(refusalMessage(refusal));
  }
}
