// Ledger entries for the storage tests: a complete, plausible row with the fields a test cares
// about overridden.
import type { LedgerEntry } from '../../../src/core/costs/ledgerPorts';

let counter = 0;

export function ledgerEntry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  counter += 1;
  return {
    id: `entry-${counter}`,
    at: Date.UTC(2026, 10, 24, 12),
    workspaceId: 'ws',
    sessionId: null,
    accountId: null,
    provider: 'openai',
    model: 'gpt-4o-mini',
    strategy: 'cheapest',
    attempts: [{ provider: overrides.provider ?? 'openai', model: overrides.model ?? 'gpt-4o-mini', status: 'ok' }],
    usage: { input: 1_000, output: 100, cacheRead: 0, cacheWrite: 0 },
    costNanos: 210_000,
    estimated: false,
    pricing: 'priced',
    status: 'ok',
    latencyMs: 800,
    ttftMs: 300,
    cacheHit: false,
    savedNanos: 0,
    fallbackUsed: false,
    source: 'router',
    decision: '{}',
    redacted: '',
    ...overrides,
  };
}
