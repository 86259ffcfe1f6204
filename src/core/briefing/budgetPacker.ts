// Greedy packing into a token budget. Facts that must be kept (P0) go in first at their
// shortest, then grow to richer variants within a share of the budget; then P1 and P2 lines,
// one from each section in turn, each if it fits, so that no one long section (120 commits)
// crowds out the others; last, P0 facts grow into whatever room is left. Deterministic: same
// items, same budget, same result.
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

/** The share of the budget P0 facts may grow into before the other facts have had their turn. */
const ESSENTIAL_SHARE: Record<Priority, number> = { 0: 1, 1: 0.5, 2: 0.4 };

class Packing {
  readonly chosen = new Map<PackItem, string>();
  readonly addedOrder: PackItem[] = [];
  private readonly opened = new Set<SectionSpec>();
  private readonly headingCost = new Map<SectionSpec, number>();
  /** Variants are weighed again as facts grow: each text is counted once. */
  private readonly costs = new Map<string, number>();
  used: number;

  constructor(
    private readonly count: TokenCount,
    fixedTokens: number,
  ) {
    this.used = fixedTokens;
  }

  cost(text: string): number {
    const known = this.costs.get(text);
    if (known !== undefined) return known;
    const cost = this.count(itemLine(text));
    this.costs.set(text, cost);
    return cost;
  }

  private sectionCost(spec: SectionSpec): number {
    if (this.opened.has(spec)) return 0;
    const known = this.headingCost.get(spec);
    if (known !== undefined) return known;
    const cost = this.count(headingText(spec));
    this.headingCost.set(spec, cost);
    return cost;
  }

  /** Adds the item with this text if it fits under `limit`. */
  add(candidate: PackItem, text: string, limit: number): boolean {
    const extra = this.cost(text) + this.sectionCost(candidate.section);
    if (this.used + extra > limit) return false;
    this.used += extra;
    this.opened.add(candidate.section);
    this.chosen.set(candidate, text);
    this.addedOrder.push(candidate);
    return true;
  }

  /** Each essential fact grows to its richest variant that still fits under `limit`. */
  grow(essentials: readonly PackItem[], limit: number): void {
    for (const essential of essentials) {
      const current = this.chosen.get(essential) ?? '';
      const richer = essential.variants.find((v) => this.used - this.cost(current) + this.cost(v) <= limit);
      if (richer === undefined || essential.variants.indexOf(richer) >= essential.variants.indexOf(current)) continue;
      this.used += this.cost(richer) - this.cost(current);
      this.chosen.set(essential, richer);
    }
  }

  /** P0 at its shortest, whatever the budget: these are never dropped. */
  keep(essential: PackItem): void {
    const least = essential.variants.at(-1) ?? '';
    this.used += this.cost(least) + this.sectionCost(essential.section);
    this.opened.add(essential.section);
    this.chosen.set(essential, least);
    this.addedOrder.push(essential);
  }
}

/** The lines of one priority, one per section in turn: the first of each, then the second… */
function roundRobin(items: readonly PackItem[]): PackItem[] {
  const bySection = new Map<SectionSpec, PackItem[]>();
  for (const current of items) bySection.set(current.section, [...(bySection.get(current.section) ?? []), current]);
  const queues = [...bySection.values()];
  const order: PackItem[] = [];
  for (let round = 0; order.length < items.length; round++) for (const queue of queues) if (queue[round]) order.push(queue[round] as PackItem);
  return order;
}

/**
 * `reserve`: tokens kept from the other facts for a line the composer adds after packing (what
 * was left out); the essential facts may still grow into them at the end, as they matter more.
 */
export function packItems(items: readonly PackItem[], maxPriority: Priority, budget: number, fixedTokens: number, count: TokenCount, reserve = 0): Packed {
  const packing = new Packing(count, fixedTokens);
  const essentials = items.filter((i) => i.section.priority === 0 && i.variants.length > 0);
  for (const essential of essentials) packing.keep(essential);
  packing.grow(essentials, Math.floor((budget - reserve) * ESSENTIAL_SHARE[maxPriority]));
  for (const priority of [1, 2] as const) {
    if (priority > maxPriority) break;
    const lines = items.filter((i) => i.section.priority === priority && i.variants[0] !== undefined);
    for (const line of roundRobin(lines)) packing.add(line, line.variants[0] ?? '', budget - reserve);
  }
  packing.grow(essentials, budget);
  return { chosen: packing.chosen, addedOrder: packing.addedOrder };
}
