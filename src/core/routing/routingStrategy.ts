// Orders the candidates of one request by its strategy and writes down why, as plain data
// (the decision is stored as JSON in the ledger row).
//
// - explicit: the named provider/model first (a provider alone: its models, cheapest first);
//   with fallback, every other usable model after it, cheapest first. When the named model
//   is excluded or not configured, fallback on goes to the others (and says why), fallback off
//   returns nothing. Naming nothing falls back to cheapest, and says so.
// - cheapest: the estimated cost of THIS request (expected, else maximum). A model covered by
//   a subscription ranks as $0 and is labelled so; unpriced models come after every priced
//   one, in configuration order (an unknown price is not a low price).
// - fastest: expected time to first token + time to write `maxTokens` at the model's
//   throughput, from the moving averages. Models with both figures first, then those with a
//   time to first token only, then those without data, cheapest first. No exploration: a
//   random detour would make routing unpredictable and cost the user; data comes from the
//   ledger seed, explicit requests and fallbacks.
// - capability: only models that declare the needed capabilities and whose known context
//   window holds input + max output (candidates.ts); then cheapest.
// Every strategy drops excluded candidates and records each one's reason. With `fallback`
// off, only the winner is returned.
import { gatherCandidates, namesAModel, type Candidate, type RouteRequest, type RoutingContext } from './candidates';
import type { StrategyName } from './routerConfig';

export interface RoutingTarget {
  readonly provider: string;
  readonly model: string;
}

export interface CandidateRecord {
  readonly provider: string;
  readonly model: string;
  /** Estimated USD of this request; null when unpriced; 0 for a subscription. */
  readonly estimatedUsd: number | null;
  readonly subscription?: true;
  readonly ttftMs?: number;
  /** Output tokens per second. */
  readonly throughput?: number;
  readonly excluded?: string;
}

export interface RoutingDecision {
  readonly strategy: StrategyName;
  /** Ranked candidates first (in the order they will be tried), then the excluded ones. */
  readonly candidates: readonly CandidateRecord[];
  readonly winner: RoutingTarget | null;
  readonly why: string;
}

export interface RoutePlan {
  /** What to try, in order: only the winner when fallback is off; empty when none is usable. */
  readonly candidates: readonly RoutingTarget[];
  readonly decision: RoutingDecision;
}

export function planRoute(request: RouteRequest, context: RoutingContext): RoutePlan {
  const all = gatherCandidates(request, context);
  const usable = all.filter((candidate) => candidate.excluded === null);
  const fallback = context.config.routing.fallback;
  const { ranked, why } = rank(request, usable, all, fallback);
  const tried = fallback ? ranked : ranked.slice(0, 1);
  const winner = ranked[0];
  const reason = winner ? why + (fallback || ranked.length < 2 ? '' : '; fallback is off, so only the winner is tried') : why || noneUsable(all);
  return {
    candidates: tried.map(target),
    decision: {
      strategy: request.strategy,
      candidates: [...ranked, ...all.filter((candidate) => candidate.excluded !== null)].map(record),
      winner: winner ? target(winner) : null,
      why: reason,
    },
  };
}

interface Ranking {
  readonly ranked: Candidate[];
  readonly why: string;
}

function rank(request: RouteRequest, usable: Candidate[], all: readonly Candidate[], fallback: boolean): Ranking {
  switch (request.strategy) {
    case 'explicit':
      return rankExplicit(request, usable, all, fallback);
    case 'cheapest':
      return rankCheapest(usable);
    case 'fastest':
      return rankFastest(usable, request.maxTokens);
    case 'capability':
      return rankCapability(request, usable);
  }
}

function rankExplicit(request: RouteRequest, usable: Candidate[], all: readonly Candidate[], fallback: boolean): Ranking {
  const cheapest = rankCheapest(usable);
  if (!namesAModel(request)) return { ranked: cheapest.ranked, why: `no provider or model named, so ${cheapest.why}` };
  const named = describeRequested(request);
  const ranked = [...cheapest.ranked.filter((candidate) => candidate.requested), ...cheapest.ranked.filter((candidate) => !candidate.requested)];
  const first = ranked[0];
  if (first?.requested) return { ranked, why: `requested explicitly: ${name(first)}` };
  const requested = all.filter((candidate) => candidate.requested);
  const missing = requested.length === 0 ? `${named} is not configured` : `${named} is excluded (${requested[0]?.excluded ?? ''})`;
  // Without fallback the user gets the model they named or nothing, never a different price.
  if (!fallback) return { ranked: [], why: `${missing}, and fallback is off` };
  if (!first) return { ranked: [], why: `${missing}; ${noneUsable(all)}` };
  return { ranked, why: `${missing}; fell back to ${cheapest.why}` };
}

function describeRequested(request: RouteRequest): string {
  if (request.provider !== undefined && request.model !== undefined) return `${request.provider}/${request.model}`;
  return request.provider !== undefined ? `provider ${request.provider}` : `model ${request.model ?? ''}`;
}

/** Priced (and subscription) by cost, then unpriced, each in configuration order on ties. */
function rankCheapest(usable: Candidate[]): Ranking {
  const ranked = [...usable].sort(byCost);
  const first = ranked[0];
  if (!first) return { ranked, why: '' };
  if (first.cost.subscription) return { ranked, why: `cheapest: ${name(first)} is covered by a subscription (ranked as $0)` };
  const cost = costNanos(first);
  if (cost === null) return { ranked, why: `cheapest: no usable model has a known price; ${name(first)} is first in the configuration` };
  const second = ranked[1];
  const next = second ? `; next ${name(second)} at ${formatCost(second)}` : '';
  return { ranked, why: `cheapest estimated cost for this request: ${name(first)} at ${formatUsd(cost / 1e9)}${next}` };
}

function rankCapability(request: RouteRequest, usable: Candidate[]): Ranking {
  const cheapest = rankCheapest(usable);
  // Nothing fits: an empty reason lets planRoute say why each model was excluded.
  if (cheapest.ranked.length === 0) return { ranked: [], why: '' };
  const needs = (['vision', 'tools'] as const).filter((need) => request.needs?.[need]);
  const window = request.inputTokens + request.maxTokens;
  const fits = `${needs.length > 0 ? `${needs.join(' and ')}, and ` : ''}a context window of at least ${window} tokens`;
  return { ranked: cheapest.ranked, why: `capable (${fits}), then ${cheapest.why}` };
}

function rankFastest(usable: Candidate[], maxTokens: number): Ranking {
  const keyed = usable.map((candidate) => ({ candidate, speed: speedOf(candidate, maxTokens) }));
  keyed.sort((a, b) => a.speed.tier - b.speed.tier || a.speed.expectedMs - b.speed.expectedMs || byCost(a.candidate, b.candidate));
  const ranked = keyed.map((entry) => entry.candidate);
  const first = keyed[0];
  if (!first) return { ranked, why: '' };
  const perf = first.candidate.performance;
  if (first.speed.tier === 2) return { ranked, why: `fastest: no speed data yet for any usable model, so ${rankCheapest(usable).why}` };
  const ttft = `${Math.round(perf?.ttftMs ?? 0)} ms to first token`;
  const tps = perf?.outputTokensPerSecond;
  const output = tps ? ` + ${formatSeconds(first.speed.expectedMs - (perf?.ttftMs ?? 0))} for ${maxTokens} tokens at ${Math.round(tps)} tokens/s` : ' (throughput unknown)';
  return { ranked, why: `fastest expected: ${name(first.candidate)}, ${ttft}${output}` };
}

interface Speed {
  /** 0: time to first token and throughput known; 1: time to first token only; 2: nothing. */
  readonly tier: 0 | 1 | 2;
  readonly expectedMs: number;
}

function speedOf(candidate: Candidate, maxTokens: number): Speed {
  const ttft = candidate.performance?.ttftMs ?? null;
  const tps = candidate.performance?.outputTokensPerSecond ?? null;
  if (ttft === null) return { tier: 2, expectedMs: 0 };
  if (tps === null || tps <= 0) return { tier: 1, expectedMs: ttft };
  return { tier: 0, expectedMs: ttft + (maxTokens / tps) * 1000 };
}

/** The cost strategies rank by: 0 for a subscription, null when unpriced. */
function costNanos(candidate: Candidate): number | null {
  if (candidate.cost.subscription) return 0;
  return candidate.cost.expectedNanos ?? candidate.cost.maxNanos;
}

function byCost(a: Candidate, b: Candidate): number {
  const costA = costNanos(a);
  const costB = costNanos(b);
  if (costA === null || costB === null) return (costA === null ? 1 : 0) - (costB === null ? 1 : 0) || a.order - b.order;
  return costA - costB || a.order - b.order;
}

function target(candidate: Candidate): RoutingTarget {
  return { provider: candidate.provider, model: candidate.model };
}

function record(candidate: Candidate): CandidateRecord {
  const cost = costNanos(candidate);
  const ttftMs = candidate.performance?.ttftMs;
  const throughput = candidate.performance?.outputTokensPerSecond;
  return {
    provider: candidate.provider,
    model: candidate.model,
    estimatedUsd: cost === null ? null : cost / 1e9,
    ...(candidate.cost.subscription ? { subscription: true as const } : {}),
    ...(ttftMs != null ? { ttftMs: Math.round(ttftMs) } : {}),
    ...(throughput != null ? { throughput: Math.round(throughput * 10) / 10 } : {}),
    ...(candidate.excluded !== null ? { excluded: candidate.excluded } : {}),
  };
}

function noneUsable(all: readonly Candidate[]): string {
  if (all.length === 0) return 'no usable model: none is configured';
  const reasons = [...new Set(all.map((candidate) => candidate.excluded ?? ''))].filter(Boolean);
  return `no usable model: every candidate is excluded (${reasons.join('; ')})`;
}

function name(candidate: Candidate): string {
  return `${candidate.provider}/${candidate.model}`;
}

function formatCost(candidate: Candidate): string {
  if (candidate.cost.subscription) return 'a subscription';
  const cost = costNanos(candidate);
  return cost === null ? 'an unknown price' : formatUsd(cost / 1e9);
}

/** Two significant digits for small per-request costs ($0.00012, $0.0042), cents above. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  const digits = Math.min(12, Math.max(2, Math.ceil(-Math.log10(Math.abs(usd))) + 1));
  return `$${usd.toFixed(digits)}`;
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
