// The last line of a briefing that did not fit everything: what was left out, counted, and how
// to get it, so the successor knows the summary is a summary and where the rest is.
import type { BriefingLevel } from './briefingTypes';
import type { PackItem } from './packItem';
import { thousands } from './briefingText';

const WHERE_MORE: Record<BriefingLevel, string> = {
  high: '`baton briefing --level medium` or `--level low` has more',
  medium: '`baton briefing --level low` has more',
  low: '`git log`, `git status` and the Problems panel have the rest',
};

const nounFor = (noun: string, n: number) => (n === 1 ? noun : noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`);
const countOf = (noun: string, n: number) => `${thousands(n)} ${nounFor(noun, n)}`;

/** What the unchosen items stand for, by noun, in the order the briefing ranks them. */
export function leftOutCounts(items: readonly PackItem[], chosen: ReadonlyMap<PackItem, string>): [string, number][] {
  const counts = new Map<string, number>();
  for (const current of items) {
    if (chosen.has(current) || !current.counts) continue;
    counts.set(current.counts.noun, (counts.get(current.counts.noun) ?? 0) + current.counts.n);
  }
  return [...counts.entries()];
}

/** Richest first; empty when nothing was left out. */
export function leftOutVariants(counts: readonly [string, number][], level: BriefingLevel): string[] {
  if (counts.length === 0) return [];
  const list = (n: number) => {
    const shown = counts.slice(0, n).map(([noun, k]) => countOf(noun, k));
    return counts.length > n ? `${shown.join(', ')} and more` : shown.join(', ');
  };
  return [`**Left out:** ${list(counts.length)}; ${WHERE_MORE[level]}.`, `**Left out:** ${list(2)}; ${WHERE_MORE[level]}.`, `**Left out for the budget;** ${WHERE_MORE[level]}.`];
}
