// Single requests as the costs panel lists them, and one request's drill-down: its attempts and
// the cost formula with the unit prices it was billed at.
import type { CostRequestRow, RequestDetail } from '../../shared/protocol/costs';
import type { LedgerRequest, SessionLabel } from './costsPorts';
import type { LedgerEntry } from './ledgerPorts';

/** Names for the ids a row carries. */
export interface RowLabels {
  readonly workspaces: ReadonlyMap<string, string>;
  readonly accounts: ReadonlyMap<string, string>;
}

export function requestRow(request: LedgerRequest, labels: RowLabels): CostRequestRow {
  return {
    id: request.id,
    at: new Date(request.at).toISOString(),
    provider: request.provider,
    model: request.model,
    workspace: request.workspaceId === null ? null : (labels.workspaces.get(request.workspaceId) ?? request.workspaceId),
    account: request.accountId === null ? null : (labels.accounts.get(request.accountId) ?? request.accountId),
    source: request.source,
    sessionId: request.sessionId,
    inputTokens: request.inputTokens,
    outputTokens: request.outputTokens,
    cachedTokens: request.cachedTokens,
    costNanos: request.costNanos,
    estimated: request.estimated,
    pricing: request.pricing,
    status: request.status,
    latencyMs: request.latencyMs,
    fallbackUsed: request.fallbackUsed,
    cacheHit: request.cacheHit,
  };
}

/** A ledger entry as a table row (the drill-down's header). */
export function requestOfEntry(entry: LedgerEntry, day: number): LedgerRequest {
  const { usage } = entry;
  return {
    id: entry.id, at: entry.at, day, provider: entry.provider, model: entry.model, workspaceId: entry.workspaceId, accountId: entry.accountId,
    sessionId: entry.sessionId, source: entry.source, inputTokens: usage.input, outputTokens: usage.output, cachedTokens: usage.cacheRead + usage.cacheWrite,
    costNanos: entry.costNanos, estimated: entry.estimated, pricing: entry.pricing, status: entry.status,
    latencyMs: entry.latencyMs > 0 || entry.source === 'router' ? entry.latencyMs : null, fallbackUsed: entry.fallbackUsed, cacheHit: entry.cacheHit,
  };
}

interface BilledPrices {
  readonly input: number;
  readonly output: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
  readonly source: string;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** The prices column; null when absent or not what settle() writes. */
export function parsePrices(text: string | undefined): BilledPrices | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { input, output, cacheRead, cacheWrite, source } = value as Record<string, unknown>;
    if (!isFiniteNumber(input) || !isFiniteNumber(output) || typeof source !== 'string') return null;
    return { input, output, source, ...(isFiniteNumber(cacheRead) ? { cacheRead } : {}), ...(isFiniteNumber(cacheWrite) ? { cacheWrite } : {}) };
  } catch {
    return null;
  }
}

/** tokens × USD per million, in nano-dollars: exact for the prices' decimals (1 USD/M = 1,000 nanos per token). */
const lineNanos = (tokens: number, usdPerMillion: number) => Math.round(tokens * usdPerMillion * 1000);

function formulaOf(entry: LedgerEntry, prices: BilledPrices | null): RequestDetail['formula'] {
  const { usage } = entry;
  const lines: [string, number, number | undefined][] = [
    ['Input', usage.input, prices?.input],
    ['Cache reads', usage.cacheRead, prices ? (prices.cacheRead ?? prices.input) : undefined],
    ['Cache writes', usage.cacheWrite, prices ? (prices.cacheWrite ?? prices.input) : undefined],
    ['Output', usage.output, prices?.output],
  ];
  return lines
    .filter(([label, tokens]) => tokens > 0 || label === 'Input' || label === 'Output')
    .map(([label, tokens, price]) => ({ label, tokens, usdPerMillion: price ?? null, nanos: price === undefined ? null : lineNanos(tokens, price) }));
}

function pricesNote(entry: LedgerEntry, prices: BilledPrices | null): string {
  if (entry.pricing === 'subscription') return 'Covered by a subscription (VS Code language models): no money price.';
  if (entry.pricing === 'unpriced') return 'No price is known for this model: the request is counted, never priced as $0.';
  if (prices) return `Billed at these prices (USD per million tokens), from ${prices.source}.`;
  if (entry.source !== 'router') return `Cost as ${entry.estimated ? 'estimated from list prices when the log was read' : `reported by ${entry.source}`}; the unit prices were not recorded.`;
  return 'Cost as reported by the provider, or recorded before Baton kept the unit prices: the formula is not available.';
}

export function requestDetail(entry: LedgerEntry, labels: RowLabels, day: number): RequestDetail {
  const prices = parsePrices(entry.prices);
  return {
    row: requestRow(requestOfEntry(entry, day), labels),
    attempts: entry.attempts.map((attempt) => ({ provider: attempt.provider, model: attempt.model, status: attempt.status, error: attempt.error ?? null })),
    formula: formulaOf(entry, prices),
    pricesNote: pricesNote(entry, prices),
    ttftMs: entry.ttftMs,
    savedNanos: entry.savedNanos,
    decision: entry.decision,
    redacted: entry.redacted,
  };
}

/** A session as the table of the dearest sessions shows it. */
export function sessionRow(id: string, totals: { readonly nanos: number; readonly requests: number }, session: SessionLabel | undefined, labels: RowLabels) {
  return {
    id,
    goal: session?.goal || '(no goal)',
    workspace: session ? (labels.workspaces.get(session.workspaceId) ?? null) : null,
    startedAt: session ? new Date(session.startedAt).toISOString() : null,
    nanos: totals.nanos,
    requests: totals.requests,
  };
}
