// Turns what came back into the figures a ledger row holds. A finished answer with the
// provider's usage is exact. Anything else (a cut or cancelled stream, a provider that sent no
// usage) is never recorded as $0: what was received is counted with the tokenizer, the input
// the provider did not confirm is counted too, and the row is marked estimated.
import type { AttemptRecord, LedgerEntry } from '../costs/ledgerPorts';
import { type ModelPricing, type RequestCost, priceForInput, requestCost } from '../costs/pricing';
import { type TokenUsage, totalInput } from '../costs/tokenUsage';
import type { AttemptResult } from './attemptStream';
import type { StrategyName } from './routerConfig';

export interface Accounting {
  readonly usage: TokenUsage;
  readonly cost: RequestCost;
  readonly estimated: boolean;
  /** The unit prices the cost came from (LedgerEntry.prices); '' when none applied. */
  readonly prices: string;
}

export interface AccountingInput {
  readonly result: AttemptResult;
  readonly pricing: ModelPricing;
  /** The request's input tokens, counted by Baton (used when the provider did not say). */
  readonly countInput: () => number;
  readonly countText: (text: string) => number;
}

export function accountFor(input: AccountingInput): Accounting {
  const { result } = input;
  const reported = result.usage;
  const complete = result.failure === undefined && reported.input !== undefined && reported.output !== undefined;
  if (complete) {
    const usage = { input: reported.input ?? 0, output: reported.output ?? 0, cacheRead: reported.cacheRead ?? 0, cacheWrite: reported.cacheWrite ?? 0 };
    const cost = requestCost(input.pricing, usage, result.reportedCostUsd);
    return { usage, cost, estimated: false, prices: pricesUsed(input.pricing, usage, cost) };
  }
  const counted = result.text.length > 0 ? input.countText(result.text) : 0;
  const usage: TokenUsage = {
    input: reported.input ?? Math.max(0, input.countInput() - (reported.cacheRead ?? 0) - (reported.cacheWrite ?? 0)),
    output: Math.max(reported.output ?? 0, counted),
    cacheRead: reported.cacheRead ?? 0,
    cacheWrite: reported.cacheWrite ?? 0,
  };
  const cost = requestCost(input.pricing, usage);
  return { usage, cost, estimated: true, prices: pricesUsed(input.pricing, usage, cost) };
}

/** The unit prices behind a computed cost, so the costs panel can show the formula as billed. */
function pricesUsed(pricing: ModelPricing, usage: TokenUsage, cost: RequestCost): string {
  if (pricing.kind !== 'priced' || cost.pricing !== 'priced' || cost.origin === 'provider-reported') return '';
  return JSON.stringify({ ...priceForInput(pricing, totalInput(usage)), source: pricing.source });
}

export interface LedgerFacts {
  readonly id: string;
  readonly at: number;
  readonly workspaceId: string | null;
  readonly sessionId: string | null;
  readonly provider: string;
  readonly model: string;
  readonly strategy: StrategyName;
  readonly attempts: readonly AttemptRecord[];
  readonly status: LedgerEntry['status'];
  readonly latencyMs: number;
  readonly ttftMs: number | null;
  readonly cacheHit: boolean;
  readonly savedNanos: number;
  readonly fallbackUsed: boolean;
  readonly decision: string;
  readonly redacted: string;
}

export function ledgerEntry(facts: LedgerFacts, accounting: Accounting): LedgerEntry {
  return {
    ...facts,
    accountId: null,
    usage: accounting.usage,
    costNanos: accounting.cost.nanos,
    estimated: accounting.estimated,
    pricing: accounting.cost.pricing,
    source: 'router',
    prices: accounting.prices,
  };
}

export const NOTHING_SPENT: Accounting = {
  usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  cost: { pricing: 'priced', nanos: 0, origin: 'built-in' },
  estimated: false,
  prices: '',
};
