// The costs panel's service over the ledger's rollup. A bundle of its own (dist/costs-service.js,
// via costsServicesLoader.ts): the forecast and anomaly rules load when the panel or a cost
// command first asks, never at activation.
import type { AccountPool } from '../core/accounts/accountPool';
import type { Clock } from '../core/clock';
import { type BreakerStates, CostsService } from '../core/costs/costsService';
import type { BreakerSnapshot } from '../core/routing/circuitBreaker';
import type { BudgetConfig } from '../core/routing/routerConfig';
import type { BatonDatabase } from '../storage/batonDatabase';
import { CostsStore } from '../storage/costsReadModel';
import { systemDayStart, systemLocalDay } from './systemLocalDay';

export { CostsService } from '../core/costs/costsService';

export interface CostsSources {
  readonly clock: Clock;
  readonly accounts: AccountPool;
  readonly budgets: () => BudgetConfig | null;
  /** The breakers of the router in this process, when it has been built. */
  readonly breakers: () => readonly BreakerSnapshot[] | null;
}

const SEVERITY = { closed: 0, 'half-open': 1, open: 2 } as const;

/** Each provider's most severe breaker: one open model makes the provider's state "open". */
export function providerBreakers(snapshots: readonly BreakerSnapshot[]): BreakerStates {
  const states = new Map<string, BreakerSnapshot['state']>();
  for (const { provider, state } of snapshots) {
    const known = states.get(provider);
    if (known === undefined || SEVERITY[state] > SEVERITY[known]) states.set(provider, state);
  }
  return states;
}

export function createCostsService(database: BatonDatabase, sources: CostsSources): CostsService {
  return new CostsService({
    model: new CostsStore(database, systemDayStart),
    clock: sources.clock,
    localDay: systemLocalDay,
    dayStart: systemDayStart,
    standings: () => sources.accounts.standings(),
    currentAccountId: async () => (await sources.accounts.current())?.account.id ?? null,
    budgets: sources.budgets,
    breakers: () => {
      const snapshots = sources.breakers();
      return snapshots ? providerBreakers(snapshots) : null;
    },
  });
}
