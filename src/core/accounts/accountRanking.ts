// Which account of the pool to use next, and one sentence saying why. The order of the rules
// is what a person juggling accounts would do: take an account made for the task, then the one
// with the most left, then the preferred one, then the one rested longest (to spread load),
// then the one whose credits expire soonest (use them before they are lost).
import { formatDuration } from '../format';
import { type Account, effectiveStatus } from './account';

export interface AccountUsage {
  readonly account: Account;
  /** Used in the current window, in the account's unit. */
  readonly used: number;
  readonly limit: number;
  /** Epoch ms of the current window's reset; null when unknown (a rolling window not in use). */
  readonly resetsAt: number | null;
  readonly lastUsedAt: number | null;
}

export interface RankingRequest {
  readonly tags?: readonly string[];
  /** What the user is about to do; its words select tags the accounts carry. */
  readonly task?: string;
  /** Accounts with less than this share left are kept for emergencies. Default 0.05. */
  readonly minimumRemainingShare?: number;
  readonly now: number;
}

export const DEFAULT_MINIMUM_REMAINING_SHARE = 0.05;

export interface RankedAccount {
  readonly usage: AccountUsage;
  /** (limit − used) / limit, between 0 and 1. */
  readonly remainingShare: number;
  /** The requested tags this account carries. */
  readonly matchedTags: readonly string[];
}

export type ExclusionKind = 'disabled' | 'exhausted' | 'used-up' | 'below-minimum';

export interface Exclusion {
  readonly name: string;
  readonly kind: ExclusionKind;
  /** When the account is usable again; null when disabled or unknown. */
  readonly availableAt: number | null;
  readonly reason: string;
}

export type RankingResult =
  | { readonly kind: 'chosen'; readonly best: RankedAccount; readonly ranked: readonly RankedAccount[]; readonly excluded: readonly Exclusion[]; readonly reason: string }
  | { readonly kind: 'none'; readonly reason: string; readonly earliestReset: { readonly name: string; readonly at: number } | null; readonly excluded: readonly Exclusion[] };

const percent = (share: number): number => Math.round(share * 100);

function remainingShare(usage: AccountUsage): number {
  if (!(usage.limit > 0)) return 0;
  return Math.min(1, Math.max(0, (usage.limit - usage.used) / usage.limit));
}

function inHowLong(at: number | null, now: number): string {
  return at === null ? 'at an unknown time' : `in ${formatDuration(at - now)}`;
}

function exclusionOf(usage: AccountUsage, minimum: number, now: number): Exclusion | null {
  const { account } = usage;
  const status = effectiveStatus(account, now);
  if (status === 'disabled') return { name: account.name, kind: 'disabled', availableAt: null, reason: `${account.name} is disabled` };
  if (account.status.kind === 'exhausted' && status === 'exhausted') {
    const until = account.status.until;
    return { name: account.name, kind: 'exhausted', availableAt: until, reason: `${account.name} is exhausted until its reset ${inHowLong(until, now)}` };
  }
  const share = remainingShare(usage);
  if (share <= 0) return { name: account.name, kind: 'used-up', availableAt: usage.resetsAt, reason: `${account.name} has used its whole limit; it resets ${inHowLong(usage.resetsAt, now)}` };
  if (share < minimum) {
    const reason = `${account.name} has ${percent(share)}% left, below the minimum of ${percent(minimum)}%; it resets ${inHowLong(usage.resetsAt, now)}`;
    return { name: account.name, kind: 'below-minimum', availableAt: usage.resetsAt, reason };
  }
  return null;
}

/**
 * A crude stem, enough to see "tests", "testing" and "test", or "styles" and "style", as one
 * word: a plural or verb ending, then a final e, comes off when three letters remain.
 */
function stem(word: string): string {
  let base = word;
  if (base.endsWith('ies') && base.length > 4) base = `${base.slice(0, -3)}y`;
  else {
    const ending = ['ing', 'ed', 'es', 's'].find((suffix) => base.endsWith(suffix) && base.length - suffix.length >= 3);
    // "class" keeps its s; "classes" loses only the "es".
    if (ending !== undefined && !(ending === 's' && base.endsWith('ss'))) base = base.slice(0, -ending.length);
  }
  return base.endsWith('e') && base.length > 3 ? base.slice(0, -1) : base;
}

function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
}

/** Whether the task names the tag: its words in a row ("long context" for long-context), or glued ("front end" for frontend). */
function taskNames(taskStems: readonly string[], taskWords: readonly string[], tag: string): boolean {
  const tagStems = words(tag).map(stem);
  if (tagStems.length === 0) return false;
  for (let i = 0; i + tagStems.length <= taskStems.length; i++) {
    if (tagStems.every((tagStem, j) => taskStems[i + j] === tagStem)) return true;
  }
  const glued = stem(words(tag).join(''));
  return taskWords.some((word, i) => i + 1 < taskWords.length && stem(word + taskWords[i + 1]) === glued);
}

/** The tags among `known` that the task's words name, lower-case. */
export function tagsInTask(task: string, known: readonly string[]): string[] {
  const taskWords = words(task);
  const taskStems = taskWords.map(stem);
  return [...new Set(known.map((tag) => tag.toLowerCase()))].filter((tag) => taskNames(taskStems, taskWords, tag));
}

/** The tags asked for: those given, and those of the pool that the task's words name. */
function requestedTags(request: RankingRequest, usages: readonly AccountUsage[]): string[] {
  const given = (request.tags ?? []).map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== '');
  const known = usages.flatMap((usage) => usage.account.tags);
  return [...new Set([...given, ...tagsInTask(request.task ?? '', known)])];
}

function matchedTags(requested: readonly string[], carried: readonly string[]): string[] {
  const own = new Set(carried.map((tag) => tag.toLowerCase()));
  return requested.filter((tag) => own.has(tag));
}

function compareNames(a: string, b: string): number {
  const folded = a.toLowerCase().localeCompare(b.toLowerCase(), 'en');
  return folded !== 0 ? folded : a < b ? -1 : a > b ? 1 : 0;
}

/** Criteria in order; negative when `a` is better. Shares compare in whole percent: a user sees 63% and 63% as a tie. */
const CRITERIA = {
  tags: (a: RankedAccount, b: RankedAccount) => b.matchedTags.length - a.matchedTags.length,
  share: (a: RankedAccount, b: RankedAccount) => percent(b.remainingShare) - percent(a.remainingShare),
  priority: (a: RankedAccount, b: RankedAccount) => b.usage.account.priority - a.usage.account.priority,
  // Never used counts as rested longest.
  rest: (a: RankedAccount, b: RankedAccount) => (a.usage.lastUsedAt ?? -Infinity) - (b.usage.lastUsedAt ?? -Infinity) || 0,
  // An unknown reset sorts last.
  reset: (a: RankedAccount, b: RankedAccount) => (a.usage.resetsAt ?? Infinity) - (b.usage.resetsAt ?? Infinity) || 0,
  name: (a: RankedAccount, b: RankedAccount) => compareNames(a.usage.account.name, b.usage.account.name),
} as const;

type Criterion = keyof typeof CRITERIA;
const ORDER = Object.keys(CRITERIA) as Criterion[];

function compare(a: RankedAccount, b: RankedAccount): number {
  for (const criterion of ORDER) {
    const difference = CRITERIA[criterion](a, b);
    if (difference !== 0) return difference;
  }
  return 0;
}

function decidingCriterion(a: RankedAccount, b: RankedAccount): Criterion {
  return ORDER.find((criterion) => CRITERIA[criterion](a, b) !== 0) ?? 'name';
}

function lastUse(at: number | null, now: number): string {
  return at === null ? 'not used yet' : `last used ${formatDuration(now - at)} ago`;
}

/** The phrase that says why `best` beat `next`, by the criterion that decided. */
function whyBetter(criterion: Criterion, best: RankedAccount, next: RankedAccount, now: number): string {
  const nextName = next.usage.account.name;
  const left = `${percent(best.remainingShare)}% left`;
  switch (criterion) {
    case 'tags':
      return next.matchedTags.length === 0
        ? `, which ${nextName} does not; ${left}`
        : `, while ${nextName} matches only ${next.matchedTags.join(', ')}; ${left}`;
    case 'share':
      return `${left} (vs ${percent(next.remainingShare)}% for ${nextName})`;
    case 'priority':
      return `priority ${best.usage.account.priority} (vs ${next.usage.account.priority} for ${nextName}); both ${left}`;
    case 'rest':
      return `${lastUse(best.usage.lastUsedAt, now)} (vs ${lastUse(next.usage.lastUsedAt, now).replace(/^last /, '')} for ${nextName}), which spreads the load; both ${left}`;
    case 'reset':
      return `resets sooner (${inHowLong(best.usage.resetsAt, now)} vs ${inHowLong(next.usage.resetsAt, now)} for ${nextName}), so its credits are used before they expire; both ${left}`;
    case 'name':
      return `ties with ${nextName} on everything else (${left}), first by name`;
  }
}

function chosenReason(ranked: readonly RankedAccount[], excludedCount: number, now: number): string {
  const [best, next] = ranked;
  if (best === undefined) return '';
  const name = best.usage.account.name;
  const matches = best.matchedTags.length > 0 ? `matches ${best.matchedTags.join(', ')}; ` : '';
  if (next === undefined) {
    const others = excludedCount > 0 ? ` (${excludedCount} other${excludedCount === 1 ? ' is' : 's are'} excluded)` : '';
    return `${name}: ${matches}the only available account${others}; ${percent(best.remainingShare)}% left`;
  }
  const criterion = decidingCriterion(best, next);
  // "matches frontend, which Claude-1 does not" reads better than two separate clauses.
  if (criterion === 'tags') return `${name}: matches ${best.matchedTags.join(', ')}${whyBetter(criterion, best, next, now)}`;
  return `${name}: ${matches}${whyBetter(criterion, best, next, now)}`;
}

function noneReason(usages: readonly AccountUsage[], excluded: readonly Exclusion[], now: number): { reason: string; earliestReset: { name: string; at: number } | null } {
  if (usages.length === 0) return { reason: 'There are no accounts in the pool: add one first.', earliestReset: null };
  const coming = excluded.filter((e): e is Exclusion & { availableAt: number } => e.availableAt !== null);
  const first = coming.reduce<(Exclusion & { availableAt: number }) | null>((soonest, e) => (soonest === null || e.availableAt < soonest.availableAt ? e : soonest), null);
  const head = 'Every account is exhausted, disabled or nearly used up';
  if (first === null) return { reason: `${head}, and none has a reset coming: enable an account or add one.`, earliestReset: null };
  return {
    reason: `${head}: the first to reset is ${first.name}, ${inHowLong(first.availableAt, now)}.`,
    earliestReset: { name: first.name, at: first.availableAt },
  };
}

/** Ranks the usable accounts for a request, best first, and says why the first won. */
export function rankAccounts(usages: readonly AccountUsage[], request: RankingRequest): RankingResult {
  const minimum = request.minimumRemainingShare ?? DEFAULT_MINIMUM_REMAINING_SHARE;
  const tags = requestedTags(request, usages);
  const excluded: Exclusion[] = [];
  const usable: RankedAccount[] = [];
  for (const usage of usages) {
    const exclusion = exclusionOf(usage, minimum, request.now);
    if (exclusion !== null) excluded.push(exclusion);
    else usable.push({ usage, remainingShare: remainingShare(usage), matchedTags: matchedTags(tags, usage.account.tags) });
  }
  const ranked = usable.sort(compare);
  const best = ranked[0];
  if (best === undefined) return { kind: 'none', ...noneReason(usages, excluded, request.now), excluded };
  return { kind: 'chosen', best, ranked, excluded, reason: chosenReason(ranked, excluded.length, request.now) };
}
