// The models a request could go to, with what the strategies rank them by, and for each one
// that may not be used, why. routingStrategy.ts orders what is left.
//
// Exclusions, in the order they are checked (the first that applies is the reason given):
// - not the requested provider or model (strategies other than `explicit`, when the request
//   names one: the name narrows the pool, the strategy ranks inside it);
// - a need the model does not declare (`vision`, `tools`; a model without a `capabilities`
//   list declares none: a request with images sent to a model that cannot see fails or
//   silently drops them). The model a request names explicitly is exempt: the user chose it;
// - a context window known to be smaller than input + max output (the request would fail);
//   under `capability` an unknown window excludes too: that strategy promises a fit;
// - the provider cannot be used (no key: `unavailable`), its key was refused (AuthGate),
//   or the model's circuit breaker refuses requests.
import type { AuthGate, KeyFingerprint } from './authGate';
import type { CircuitBreakers } from './circuitBreaker';
import type { PerformanceEstimate, ModelPerformanceAverages } from './modelPerformance';
import type { Capability, ModelConfig, RouterConfig, StrategyName } from './routerConfig';

export interface RouteRequest {
  readonly provider?: string;
  readonly model?: string;
  readonly strategy: StrategyName;
  readonly needs?: { readonly vision?: boolean; readonly tools?: boolean };
  readonly inputTokens: number;
  readonly maxTokens: number;
}

/** Nano-dollars (1e-9 USD) for this request; null = no known price (unpriced). */
export interface CostEstimate {
  readonly maxNanos: number | null;
  readonly expectedNanos: number | null;
  /** Covered by a plan (vscode-lm): ranked as cost 0, and said so. */
  readonly subscription?: boolean;
}

export type CostEstimator = (provider: string, model: string) => CostEstimate;

export interface RoutingContext {
  readonly config: Pick<RouterConfig, 'providers' | 'routing'>;
  readonly estimateCost: CostEstimator;
  readonly breakers: Pick<CircuitBreakers, 'allows' | 'snapshot'>;
  readonly authGate: Pick<AuthGate, 'disabledReason'>;
  /** The fingerprint of each provider's current key (see AuthGate). */
  readonly keyFingerprint: (providerId: string) => KeyFingerprint;
  readonly performance: Pick<ModelPerformanceAverages, 'get'>;
  /** Why a provider cannot be used at all (e.g. "no API key set"); null when it can. */
  readonly unavailable?: (providerId: string) => string | null;
}

export interface Candidate {
  readonly provider: string;
  readonly model: string;
  /** Undefined for a model the request named that the configuration does not list. */
  readonly config: ModelConfig | undefined;
  /** Position in the configuration: the last tie-breaker, so rankings are stable. */
  readonly order: number;
  /** True when the request names this provider/model (explicit strategy ranks it first). */
  readonly requested: boolean;
  readonly cost: CostEstimate;
  readonly performance: PerformanceEstimate | undefined;
  readonly excluded: string | null;
}

/** Every configured model (and a named, unlisted one), with its exclusion if any. */
export function gatherCandidates(request: RouteRequest, context: RoutingContext): Candidate[] {
  const candidates: Candidate[] = [];
  for (const [provider, model, config] of modelsOf(request, context.config)) {
    const requested = matchesRequest(request, provider, model);
    const excluded = exclusion(request, context, { provider, model, config, requested });
    candidates.push({
      provider,
      model,
      config,
      order: candidates.length,
      requested,
      cost: context.estimateCost(provider, model),
      performance: context.performance.get(provider, model),
      excluded,
    });
  }
  return candidates;
}

type ModelEntry = readonly [provider: string, model: string, config: ModelConfig | undefined];

/**
 * The configured models, plus the model an explicit request names on a configured provider
 * when the configuration does not list it (the price table may still know it).
 */
function modelsOf(request: RouteRequest, config: Pick<RouterConfig, 'providers'>): ModelEntry[] {
  const entries: ModelEntry[] = [];
  for (const provider of config.providers) {
    for (const model of provider.models) entries.push([provider.id, model.id, model]);
    const unlisted = request.strategy === 'explicit' && request.provider === provider.id && request.model !== undefined;
    if (unlisted && !provider.models.some((model) => model.id === request.model)) entries.push([provider.id, request.model ?? '', undefined]);
  }
  return entries;
}

export function namesAModel(request: RouteRequest): boolean {
  return request.provider !== undefined || request.model !== undefined;
}

function matchesRequest(request: RouteRequest, provider: string, model: string): boolean {
  if (!namesAModel(request)) return false;
  return (request.provider === undefined || request.provider === provider) && (request.model === undefined || request.model === model);
}

interface Subject {
  readonly provider: string;
  readonly model: string;
  readonly config: ModelConfig | undefined;
  readonly requested: boolean;
}

function exclusion(request: RouteRequest, context: RoutingContext, subject: Subject): string | null {
  return notRequested(request, subject) ?? unmetNeed(request, subject) ?? contextWindowShort(request, subject) ?? unhealthy(context, subject);
}

function notRequested(request: RouteRequest, subject: Subject): string | null {
  if (request.strategy === 'explicit' || subject.requested || !namesAModel(request)) return null;
  return request.provider !== undefined && request.provider !== subject.provider
    ? `not the requested provider ${request.provider}`
    : `not the requested model ${request.model ?? ''}`;
}

function unmetNeed(request: RouteRequest, subject: Subject): string | null {
  if (subject.requested && request.strategy === 'explicit') return null;
  const declared = subject.config?.capabilities ?? [];
  const missing = (['vision', 'tools'] as const satisfies readonly Capability[]).filter((need) => request.needs?.[need] && !declared.includes(need));
  return missing.length > 0 ? `no ${missing.join(' or ')} support declared` : null;
}

function contextWindowShort(request: RouteRequest, subject: Subject): string | null {
  const needed = request.inputTokens + request.maxTokens;
  const window = subject.config?.contextWindow;
  if (window === undefined) return request.strategy === 'capability' ? 'context window unknown (set contextWindow in the configuration)' : null;
  return window < needed ? `context window ${window} tokens < ${needed} needed (input ${request.inputTokens} + max output ${request.maxTokens})` : null;
}

function unhealthy(context: RoutingContext, subject: Subject): string | null {
  const unavailable = context.unavailable?.(subject.provider);
  if (unavailable) return unavailable;
  const refused = context.authGate.disabledReason(subject.provider, context.keyFingerprint(subject.provider));
  if (refused) return `API key refused (${refused.reason}); set a new key to try again`;
  if (context.breakers.allows(subject.provider, subject.model)) return null;
  const breaker = context.breakers.snapshot(subject.provider, subject.model);
  if (breaker.state === 'half-open') return 'circuit breaker half-open: a probe request is in flight';
  const wait = breaker.retryInMs === null ? '' : `; next try in ${Math.ceil(breaker.retryInMs / 1000)} s`;
  return `circuit breaker open: ${breaker.failures} of ${breaker.requests} recent requests failed${wait}`;
}
