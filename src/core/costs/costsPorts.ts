// What the costs panel and the cost commands read: the daily rollup of the ledger and the few
// per-request lookups it cannot answer (storage/costsReadModel.ts implements them on narrow
// indexes). Days are local day numbers (core/costs/localDay.ts), ranges inclusive.
import type { LedgerEntry } from './ledgerPorts';

/** Narrows everything read; null = all. Ids as stored (workspace and account ids, provider names). */
export interface LedgerFilter {
  readonly workspace: string | null;
  readonly provider: string | null;
  readonly model: string | null;
  readonly account: string | null;
  readonly source: string | null;
}

export const NO_FILTER: LedgerFilter = { workspace: null, provider: null, model: null, account: null, source: null };

/** One rollup row: the totals of one (day, source, provider, model, workspace, account, session). */
export interface RollupRow {
  readonly day: number;
  readonly source: string;
  readonly provider: string;
  readonly model: string;
  readonly workspaceId: string | null;
  readonly accountId: string | null;
  readonly sessionId: string | null;
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedTokens: number;
  readonly costNanos: number;
  readonly savedNanos: number;
  readonly estimatedRequests: number;
  readonly unpricedRequests: number;
  readonly subscriptionRequests: number;
  readonly okRequests: number;
  readonly cancelledRequests: number;
  readonly fallbackRequests: number;
  readonly cacheHits: number;
}

/** One request as the tables show it. */
export interface LedgerRequest {
  readonly id: string;
  readonly at: number;
  readonly day: number;
  readonly provider: string;
  readonly model: string;
  readonly workspaceId: string | null;
  readonly accountId: string | null;
  readonly sessionId: string | null;
  readonly source: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedTokens: number;
  /** Null when the request has no money price (unpriced, subscription). */
  readonly costNanos: number | null;
  readonly estimated: boolean;
  readonly pricing: LedgerEntry['pricing'];
  readonly status: string;
  readonly latencyMs: number | null;
  readonly fallbackUsed: boolean;
  readonly cacheHit: boolean;
}

/** A request as the outlier check needs it: which, when, and what it cost. */
export interface PricedRequestRef {
  readonly id: string;
  readonly day: number;
  readonly costNanos: number;
}

export interface DayRange {
  readonly from: number;
  readonly to: number;
}

export interface LatencySamples {
  readonly latencyMs: readonly number[];
  readonly ttftMs: readonly number[];
}

export interface Named {
  readonly id: string;
  readonly name: string;
}

export interface SessionLabel {
  readonly id: string;
  readonly goal: string;
  readonly workspaceId: string;
  readonly startedAt: number;
}

/** The reads, inside one database read: synchronous, all seeing the same data. */
export interface CostsReads {
  /** Rollup rows with requests in the range, narrowed by the filter. */
  rollup(range: DayRange, filter: LedgerFilter): RollupRow[];
  /** Every value each filter can take, over the whole ledger (few rows: read from the rollup). */
  dimensions(): { readonly providers: string[]; readonly models: string[]; readonly sources: string[]; readonly workspaces: Named[]; readonly accounts: Named[] };
  /** True when the ledger holds any request. */
  hasAny(): boolean;
  /** The dearest priced requests in the range, dearest first. */
  dearest(range: DayRange, filter: LedgerFilter, limit: number): LedgerRequest[];
  /** The median cost of each of these models' priced requests (key `provider/model`). */
  medianCosts(models: readonly { readonly provider: string; readonly model: string }[]): Map<string, number>;
  /** A model's priced requests in the range that cost more than `aboveNanos`, dearest first. */
  costlierThan(model: { readonly provider: string; readonly model: string }, aboveNanos: number, range: DayRange, filter: LedgerFilter, limit: number): PricedRequestRef[];
  /** A provider's requests of one day that fell back to another route, latest first. */
  fallbacks(provider: string, day: number, filter: LedgerFilter, limit: number): LedgerRequest[];
  /** A provider's latest router requests in the range: latencies and times to first token. */
  latencies(provider: string, range: DayRange, limit: number): LatencySamples;
  /** Requests by id, in the order asked (unknown ids are left out). */
  requests(ids: readonly string[]): LedgerRequest[];
  /** One request, whole. */
  entry(id: string): LedgerEntry | null;
  sessions(ids: readonly string[]): SessionLabel[];
  /** Every request in the range, oldest first, for the CSV export. */
  entries(range: DayRange, filter: LedgerFilter): LedgerEntry[];
  /** Changes whenever a request is added or changed: the panel refreshes when it does. */
  version(): string;
}

export interface CostsReadModel {
  /** Runs `query` inside one read of the database. */
  read<T>(query: (reads: CostsReads) => T): Promise<T>;
}
