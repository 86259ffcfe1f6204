// Greedy packing into a token budget. Facts that must be kept (P0) go in first at their
// shortest; then each is given its richest variant that still fits; then P1 and P2 lines in
// rank order, each if it fits. Deterministic: same items, same budget, same result.
import type { Priority } from './briefingTypes';
import type { PackItem, SectionSpec } from './packItem';

export type TokenCount = (text: string) => number;

export interface Packed {
  /** Chosen variant per included item, in item order. */
  readonly chosen: ReadonlyMap<PackItem, string>;
  /** Included items in the order they were added, for trimming from the end. */
  readonly addedOrder: readonly PackItem[];
}

export const itemLine = (text: string) => `- ${text}\n`;
export const headingText = (spec: SectionSpec) => (spec.style === 'lead' ? '' : `\n## ${spec.title}\n`);

export function packItems(items: readonly PackItem[], maxPriority: Priority, budget: number, fixedTokens: number, count: TokenCount): Packed {
  const cost = (text: string) => count(itemLine(text));
  const headingCost = new Map<SectionSpec, number>();
  const sectionCost = (spec: SectionSpec) => headingCost.get(spec) ?? headingCost.set(spec, count(headingText(spec))).get(spec) ?? 0;
  const opened = new Set<SectionSpec>();
  const chosen = new Map<PackItem, string>();
  const addedOrder: PackItem[] = [];
  let used = fixedTokens;

  const essentials = items.filter((i) => i.section.priority === 0 && i.variants.length > 0);
  for (const essential of essentials) {
    const least = essential.variants.at(-1) ?? '';
    chosen.set(essential, least);
    addedOrder.push(essential);
    // A kept section with a heading (a handed-off conversation) pays for its heading too.
    used += cost(least) + (opened.has(essential.section) ? 0 : sectionCost(essential.section));
    opened.add(essential.section);
  }
  for (const essential of essentials) {
    const current = chosen.get(essential) ?? '';
    const richer = essential.variants.find((v) => used - cost(current) + cost(v) <= budget);
    if (richer !== undefined && richer !== current) {
      used += cost(richer) - cost(current);
      chosen.set(essential, richer);
    }
  }
  for (const priority of [1, 2] as const) {
    if (priority > maxPriority) break;
    for (const candidate of items) {
      if (candidate.section.priority !== priority) continue;
      const text = candidate.variants[0];
      if (text === undefined) continue;
      const extra = cost(text) + (opened.has(candidate.section) ? 0 : sectionCost(candidate.section));
      if (used + extra > budget) continue;
      used += extra;
      opened.add(candidate.section);
      chosen.set(candidate, text);
      addedOrder.push(candidate);
    }
  }
  return { chosen, addedOrder };
}
