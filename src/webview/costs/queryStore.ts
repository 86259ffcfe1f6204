// What the costs page remembers on its own across reloads and while hidden: the query (period
// and filters), the sections the user folded and the charts shown as tables. Never anything
// the host sent; a saved query is checked with the protocol's own validator before it is used.
import { COST_PERIODS, type CostPeriod, type CostsQuery } from '../../shared/protocol/costs';
import { DEFAULT_COSTS_QUERY, normalizeQuery, savedCostsQuery } from '../../shared/savedCostsQuery';
import type { WebviewStorage } from '../common/vscodeApi';

export { sameQuery } from '../../shared/savedCostsQuery';

interface Saved {
  readonly query: CostsQuery;
  readonly collapsed: readonly string[];
  readonly tables: readonly string[];
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string').slice(0, 50) : [];

export const isPeriod = (value: string): value is CostPeriod => (COST_PERIODS as readonly string[]).includes(value);

function parse(value: unknown): Saved {
  if (typeof value !== 'object' || value === null) return { query: DEFAULT_COSTS_QUERY, collapsed: [], tables: [] };
  const v = value as Record<string, unknown>;
  return { query: savedCostsQuery(v), collapsed: strings(v.collapsed), tables: strings(v.tables) };
}

export class QueryStore {
  private saved: Saved;

  constructor(private readonly storage: WebviewStorage) {
    this.saved = parse(storage.loadState());
  }

  get query(): CostsQuery {
    return this.saved.query;
  }

  setQuery(query: CostsQuery): void {
    this.update({ query: normalizeQuery(query) });
  }

  isCollapsed(key: string): boolean {
    return this.saved.collapsed.includes(key);
  }

  setCollapsed(key: string, collapsed: boolean): void {
    if (collapsed === this.isCollapsed(key)) return;
    const others = this.saved.collapsed.filter((k) => k !== key);
    this.update({ collapsed: collapsed ? [...others, key] : others });
  }

  /** Whether a chart is shown as its table instead. */
  isTable(key: string): boolean {
    return this.saved.tables.includes(key);
  }

  setTable(key: string, table: boolean): void {
    if (table === this.isTable(key)) return;
    const others = this.saved.tables.filter((k) => k !== key);
    this.update({ tables: table ? [...others, key] : others });
  }

  private update(change: Partial<Saved>): void {
    this.saved = { ...this.saved, ...change };
    this.storage.saveState(this.saved);
  }
}
