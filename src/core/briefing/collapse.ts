// Repeated lines said once with their count: 300 TODOs that are 40 copies of "handle errors"
// and a few real notes read as a handful of lines, and the rare ones are not buried.
export interface Collapsed<T> {
  readonly key: string;
  /** Every occurrence, in the input's order. */
  readonly members: readonly T[];
}

/** Groups items with the same key (case and spacing folded), in order of first appearance. */
export function collapse<T>(items: readonly T[], keyOf: (item: T) => string): Collapsed<T>[] {
  const groups = new Map<string, T[]>();
  for (const current of items) {
    const key = keyOf(current).replace(/\s+/g, ' ').trim().toLowerCase();
    const members = groups.get(key);
    if (members) members.push(current);
    else groups.set(key, [current]);
  }
  return [...groups.entries()].map(([key, members]) => ({ key, members }));
}

/** " ×40" for a repeated line, nothing for a single one. */
export const times = (count: number): string => (count > 1 ? ` ×${count}` : '');
