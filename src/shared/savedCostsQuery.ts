// The costs panel's query as the page saves it (vscode.setState) and as the host reads it back
// when VS Code restores the panel after a reload: both sides agree on the default and on how a
// saved value is checked, so the host can start building the state the page is about to ask for.
import { type CostsQuery, costsQuery } from './protocol/costs';

export const DEFAULT_COSTS_QUERY: CostsQuery = {
  period: '30d',
  from: null,
  to: null,
  filters: { workspace: null, provider: null, model: null, account: null, source: null },
};

/** A query whose dates match its period: dates only for `custom`, both of them. */
export function normalizeQuery(query: CostsQuery): CostsQuery {
  if (query.period !== 'custom') return { ...query, from: null, to: null };
  if (query.from === null || query.to === null) return { ...query, period: DEFAULT_COSTS_QUERY.period, from: null, to: null };
  return query;
}

/** The query in a saved page state (`{ query, ... }`), or the default for anything else. */
export function savedCostsQuery(state: unknown): CostsQuery {
  if (typeof state !== 'object' || state === null) return DEFAULT_COSTS_QUERY;
  try {
    return normalizeQuery(costsQuery((state as { query?: unknown }).query, 'saved query'));
  } catch {
    return DEFAULT_COSTS_QUERY;
  }
}

export const sameQuery = (a: CostsQuery, b: CostsQuery): boolean => JSON.stringify(a) === JSON.stringify(b);
