// The LLM router: one request in, one answer out, with the user's money accounted for.
//   redact → plan candidates → approval above the threshold → cache → per candidate: reserve
//   the budget, try it (retries, breakers, rate limits, timeouts), fall back before the first
//   chunk only → settle one ledger row with the exact (or marked estimated) cost.
// Policy only: adapters, storage and the clock come in through ports.
import { AuthGate } from './authGate';
import { CircuitBreakers } from './circuitBreaker';
import { ModelPerformanceAverages } from './modelPerformance';
import { RedactionMemo } from '../redaction/redactionMemo';
import { RateLimiter } from './rateLimiter';
import { RetrySchedule, retryPolicyFrom } from './retryPolicy';
import type { RouteObserver, RoutePreview, RouteRequest, RouteResult } from './routeRequest';
import type { RouterConfig } from './routerConfig';
import { RouteAttempt } from './routeAttempt';
import type { RouterDependencies, RouterState } from './routerDependencies';

export type { CacheKeyParts, RouterDependencies, RouterState } from './routerDependencies';

const PERFORMANCE_HISTORY_MS = 7 * 86_400_000;

export class LlmRouter {
  readonly state: RouterState;
  private seeded: Promise<void> | undefined;
  private limitsOf: RouterConfig | undefined;

  constructor(private readonly deps: RouterDependencies) {
    this.state = {
      breakers: new CircuitBreakers(deps.timers),
      authGate: new AuthGate(deps.timers),
      rateLimiter: new RateLimiter(deps.timers),
      performance: new ModelPerformanceAverages(),
      redactions: new RedactionMemo(),
    };
  }

  /** Sends `request`; text reaches `observer` as it streams. Throws a UserFacingError on refusal or failure. */
  async route(request: RouteRequest, observer: RouteObserver): Promise<RouteResult> {
    const config = this.deps.config();
    this.applyLimits(config);
    // Reading the history takes a while on a large ledger: only `fastest` waits for it.
    const seeding = this.seedPerformance();
    if ((request.strategy ?? config.routing.strategy) === 'fastest') await seeding;
    const schedule = new RetrySchedule(retryPolicyFrom(config.routing, this.deps.random));
    return new RouteAttempt(this.deps, this.state, config, schedule, request, observer).run();
  }

  /** What `route` would choose for `request` and what it may cost; nothing is sent, reserved or written. */
  async preview(request: RouteRequest): Promise<RoutePreview> {
    const config = this.deps.config();
    if ((request.strategy ?? config.routing.strategy) === 'fastest') await this.seedPerformance();
    const schedule = new RetrySchedule(retryPolicyFrom(config.routing, this.deps.random));
    return new RouteAttempt(this.deps, this.state, config, schedule, request, { onText: () => undefined }).preview();
  }

  /** Rate limits follow the configuration; re-applied only when it changed. */
  private applyLimits(config: RouterConfig): void {
    if (this.limitsOf === config) return;
    this.limitsOf = config;
    for (const provider of config.providers) this.state.rateLimiter.setLimits(provider.id, provider.limits);
  }

  /** The first request in a process learns speeds from the ledger, so `fastest` starts informed. */
  private seedPerformance(): Promise<void> {
    this.seeded ??= this.state.performance.seedFrom(this.deps.history, this.deps.timers.now() - PERFORMANCE_HISTORY_MS).catch(() => undefined);
    return this.seeded;
  }
}
