// The first state of a costs panel, started when the panel is created or restored, before its
// page has loaded: the page takes half a second to boot in VS Code, and the host's first state
// (its first run of the costs code, cold) fits in that time instead of adding to it. The page's
// first `load` takes the prefetched state when it asks for the same query and the ledger has
// not moved since; anything else is built afresh.
import type { CostsService } from './costsService';
import type { CostsQuery } from '../../shared/protocol/costs';
import { sameQuery } from '../../shared/savedCostsQuery';

type CostsState = Awaited<ReturnType<CostsService['state']>>;

/** A page that has not asked within this time is not coming for it (a hidden restored tab). */
const KEEP_MS = 15_000;

interface Started {
  readonly query: CostsQuery;
  readonly at: number;
  /** Null when building it failed: the page's own request will fail with the message. */
  readonly result: Promise<{ readonly version: string; readonly state: CostsState } | null>;
}

export class CostsStatePrefetch {
  private started: Started | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  start(costs: CostsService, query: CostsQuery): void {
    // The version first: a write landing during the build makes the kept state look older, never newer.
    const result = costs.version().then(async (version) => ({ version, state: await costs.state(query) }));
    this.started = { query, at: this.now(), result: result.catch(() => null) };
  }

  /** The prefetched state for this query if it is still current; undefined otherwise. */
  async take(costs: CostsService, query: CostsQuery): Promise<CostsState | undefined> {
    const started = this.started;
    this.started = undefined;
    if (!started || !sameQuery(started.query, query) || this.now() - started.at > KEEP_MS) return undefined;
    const kept = await started.result;
    if (!kept || kept.version !== (await costs.version())) return undefined;
    return kept.state;
  }

  clear(): void {
    this.started = undefined;
  }
}
