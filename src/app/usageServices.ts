// Reading other agents' usage from their local logs into the ledger. A bundle of its own
// (dist/usage.js, via usageServicesLoader.ts): it carries the price table, and activation never
// needs it; the first scan runs in the background after the database has opened.
import { agentUsageCost } from '../core/accounts/agentUsagePrice';
import { PriceBook } from '../core/costs/pricing';
import { type AgentLogScanOptions, type ScanProgressListener, type SourceScanTotals, scanAgentLogs } from '../context/agentLogs/usageScanner';
import { type LocationInputs, defaultAgentLogRoots } from '../context/agentLogs/logLocations';
import { GenaiPriceCatalog } from '../providers/builtinPrices';
import type { BatonDatabase } from '../storage/batonDatabase';
import { UsageStore } from '../storage/usageStore';
import { systemLocalDay } from './systemLocalDay';

export type { SourceScanTotals, ScanProgress } from '../context/agentLogs/usageScanner';
export type { LocationInputs } from '../context/agentLogs/logLocations';

export interface UsageScanner {
  /** Reads what is new in the agents' logs (defaults: their standard folders) into the ledger. */
  scan(options: Partial<AgentLogScanOptions>, onProgress?: ScanProgressListener): Promise<SourceScanTotals[]>;
}

export function createUsageScanner(database: BatonDatabase, locations: LocationInputs): UsageScanner {
  const prices = new PriceBook(new GenaiPriceCatalog());
  const store = new UsageStore(database, (record) => agentUsageCost(prices, record), systemLocalDay);
  return {
    // A key given as undefined keeps its default folder rather than wiping it out.
    scan: (options, onProgress) => scanAgentLogs({ ...defaultAgentLogRoots(locations), ...definedOnly(options) }, store, onProgress),
  };
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
