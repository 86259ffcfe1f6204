// One request through the router, from redaction to its ledger row (see llmRouter.ts).
import { UserFacingError } from '../errors';
import { BudgetExceededError, budgetLimits, hasLimits, reservationRequest } from '../costs/budgets';
import { estimateFromTokens } from '../costs/costEstimate';
import { usdFromNanos } from '../costs/costMath';
import type { AttemptRecord, BudgetRefusal } from '../costs/ledgerPorts';
import type { ModelPricing } from '../costs/pricing';
import { type RedactionCounts, countEntries, mergeCounts } from '../redaction/redaction';
import type { AttemptResult } from './attemptStream';
import { type CandidateOutcome, runCandidate } from './candidateRunner';
import type { RouterDependencies, RouterState } from './routerDependencies';
import { type InputSize, inputSize } from './inputSize';
import type { ProviderConnection } from './providerConnections';
import { type Accounting, NOTHING_SPENT, accountFor, ledgerEntry } from './requestSettlement';
import type { RetrySchedule } from './retryPolicy';
import { type CostPreview, NO_PROVIDERS_MESSAGE, RouteCancelledError, RouteFailedError, type RouteObserver, type RoutePreview, type RouteRequest, type RouteResult } from './routeRequest';
import type { ProviderConfig, RouterConfig, StrategyName } from './routerConfig';
import { type RoutePlan, type RoutingTarget, planRoute } from './routingStrategy';
import type { ChatMessage, ProviderAdapter } from './streamEvent';

/** A request above the approval threshold with no one to ask (CLI without --yes): exit code 4. */
export class ApprovalRequiredError extends UserFacingError {
  /** Checked instead of `instanceof` across bundles (the CLI exits 4 on it). */
  readonly code = 'approval-required';

  constructor(readonly preview: CostPreview) {
    super(`This request may cost up to $${preview.maxUsd.toFixed(4)} on ${preview.provider}/${preview.model} (expected about $${preview.expectedUsd.toFixed(4)}), above the approval threshold of $${preview.thresholdUsd.toFixed(2)}. Confirm with --yes, lower --max-tokens, or raise routing.approvalThresholdUsd.`);
  }
}

export class RouteAttempt {
  private readonly id: string;
  private readonly startedAt: number;
  private readonly strategy: StrategyName;
  private messages: readonly ChatMessage[] = [];
  private redactions: RedactionCounts = {};
  private size: InputSize = { upperBound: 0, estimate: 0 };
  private plan: RoutePlan | undefined;
  private readonly attempts: AttemptRecord[] = [];
  private counted: number | undefined;

  constructor(
    private readonly deps: RouterDependencies,
    private readonly state: RouterState,
    private readonly config: RouterConfig,
    private readonly schedule: RetrySchedule,
    private readonly request: RouteRequest,
    private readonly observer: RouteObserver,
  ) {
    this.id = deps.ids.next();
    this.startedAt = deps.timers.now();
    this.strategy = request.strategy ?? config.routing.strategy;
  }

  async run(): Promise<RouteResult> {
    this.checkRequest();
    this.redact();
    const connections = await this.deps.connections.connect(this.config.providers);
    const plan = this.planWith(connections);
    const first = plan.candidates[0];
    if (!first) throw new RouteFailedError(`No configured model can take this request: ${plan.decision.why.replace(/^no usable model: /, '')}.${this.languageModelHint()}`, []);
    const cached = await this.fromCache(first);
    if (cached) return cached;
    await this.approve(first);
    return this.tryCandidates(plan.candidates, connections);
  }

  /** A vscode-lm provider without models means VS Code offers none (no Copilot or similar signed in). */
  private languageModelHint(): string {
    const empty = this.config.providers.some((provider) => provider.kind === 'vscode-lm' && provider.models.length === 0);
    return empty ? ' VS Code offers no chat models right now: install and sign in to an extension that provides them (such as GitHub Copilot), or list model ids under the vscode-lm provider.' : '';
  }

  private checkRequest(): void {
    if (this.config.providers.length === 0) throw new UserFacingError(NO_PROVIDERS_MESSAGE);
    if (this.request.messages.length === 0 || this.request.messages.every((message) => message.content.trim() === '')) {
      throw new UserFacingError('The prompt is empty: type what you want to ask.');
    }
    if (!Number.isInteger(this.request.maxTokens) || this.request.maxTokens < 1) {
      throw new UserFacingError(`The maximum answer length must be a whole number of tokens of at least 1 (found ${this.request.maxTokens}).`);
    }
  }

  /** The redaction choke point: nothing leaves Baton for a provider without passing here. */
  private redact(): void {
    const all: RedactionCounts[] = [];
    this.messages = this.request.messages.map((message) => {
      const { text, counts } = this.state.redactions.redact(message.content);
      all.push(counts);
      return text === message.content ? message : { role: message.role, content: text };
    });
    this.redactions = mergeCounts(...all);
    this.size = inputSize(this.messages);
  }

  private planWith(connections: ReadonlyMap<string, ProviderConnection>): RoutePlan {
    const status = (id: string) => connections.get(id);
    this.plan = planRoute(
      {
        ...(this.request.provider !== undefined && { provider: this.request.provider }),
        ...(this.request.model !== undefined && { model: this.request.model }),
        strategy: this.strategy,
        needs: { vision: this.request.needs?.includes('vision') ?? false, tools: this.request.needs?.includes('tools') ?? false },
        inputTokens: this.size.estimate,
        maxTokens: this.request.maxTokens,
      },
      {
        config: this.config,
        estimateCost: (provider, model) => this.routingEstimate(provider, model),
        breakers: this.state.breakers,
        authGate: this.state.authGate,
        keyFingerprint: (id) => {
          const connection = status(id);
          return connection?.ok ? connection.fingerprint : null;
        },
        performance: this.state.performance,
        unavailable: (id) => {
          const connection = status(id);
          return connection === undefined ? 'not configured' : connection.ok ? null : connection.unavailable;
        },
      },
    );
    return this.plan;
  }

  private routingEstimate(provider: string, model: string) {
    const pricing = this.pricingOf(provider, model);
    const estimate = estimateFromTokens(this.size.estimate, false, this.request.maxTokens, pricing);
    return { maxNanos: estimate.maxNanos, expectedNanos: estimate.expectedNanos, ...(pricing.kind === 'subscription' && { subscription: true }) };
  }

  private providerConfig(id: string): ProviderConfig {
    const provider = this.config.providers.find((candidate) => candidate.id === id);
    if (!provider) throw new UserFacingError(`Provider "${id}" is not configured.`);
    return provider;
  }

  private pricingOf(provider: string, model: string): ModelPricing {
    const config = this.providerConfig(provider);
    return this.deps.prices.resolve({ provider: config, model, atMs: this.startedAt, pricingProviderId: this.deps.pricingProviderId(config), local: this.deps.isLocal?.(config) ?? false });
  }

  /** Input tokens counted with the tokenizer (2 ms for 8k tokens: only when a decision needs it). */
  private countedInput(): number {
    this.counted ??= countMessages(this.messages, this.deps.countTokens);
    return this.counted;
  }

  private exactFor(target: RoutingTarget): boolean {
    return this.providerConfig(target.provider).kind === 'openai';
  }

  /** Input tokens for a maximum cost: the cheap byte bound, else a real count (with margin when it is not the model's tokenizer). */
  private maxInputTokens(target: RoutingTarget, precise: boolean): number {
    if (!precise) return this.size.upperBound;
    const counted = this.countedInput();
    return this.exactFor(target) ? counted : Math.min(this.size.upperBound, Math.ceil(counted * 1.25));
  }

  /** What `run` would try first and what it may cost, with nothing sent, reserved or written. */
  async preview(): Promise<RoutePreview> {
    this.checkRequest();
    this.redact();
    const plan = this.planWith(await this.deps.connections.connect(this.config.providers));
    const target = plan.candidates[0];
    if (!target) return { decision: plan.decision, target: null, inputTokens: this.countedInput(), inputExact: false, pricing: null, expectedNanos: null, maxNanos: null, needsApproval: false };
    const pricing = this.pricingOf(target.provider, target.model);
    const estimate = this.preciseEstimate(target, pricing);
    const needsApproval = pricing.kind === 'priced' && usdFromNanos(estimate.maxNanos ?? 0) > this.config.routing.approvalThresholdUsd;
    const inputExact = this.exactFor(target);
    return { decision: plan.decision, target, inputTokens: this.countedInput(), inputExact, pricing: pricing.kind, expectedNanos: estimate.expectedNanos, maxNanos: estimate.maxNanos, needsApproval };
  }

  private preciseEstimate(target: RoutingTarget, pricing: ModelPricing) {
    return estimateFromTokens(this.maxInputTokens(target, true), this.exactFor(target), this.request.maxTokens, pricing);
  }

  private async approve(target: RoutingTarget): Promise<void> {
    const threshold = this.config.routing.approvalThresholdUsd;
    const pricing = this.pricingOf(target.provider, target.model);
    if (pricing.kind !== 'priced') return;
    const bound = estimateFromTokens(this.size.upperBound, false, this.request.maxTokens, pricing);
    if (usdFromNanos(bound.maxNanos ?? 0) <= threshold) return;
    const exact = this.exactFor(target);
    const estimate = this.preciseEstimate(target, pricing);
    const preview: CostPreview = {
      provider: target.provider,
      model: target.model,
      inputTokens: exact ? this.countedInput() : estimate.inputTokens,
      inputExact: exact,
      expectedUsd: usdFromNanos(estimate.expectedNanos ?? 0),
      maxUsd: usdFromNanos(estimate.maxNanos ?? 0),
      thresholdUsd: threshold,
    };
    if (preview.maxUsd <= threshold) return;
    if (!this.observer.approve) throw new ApprovalRequiredError(preview);
    if (!(await this.observer.approve(preview))) throw new RouteCancelledError('Not sent: the cost was not approved.');
  }

  private async approveFallback(target: RoutingTarget): Promise<void> {
    try {
      await this.approve(target);
    } catch (error) {
      await this.recordFailure(target);
      throw error;
    }
  }

  private cacheable(): boolean {
    const mode = this.config.routing.cache.mode;
    return mode === 'always' || (mode === 'temperature-0' && this.request.temperature === 0);
  }

  private cacheKey(target: RoutingTarget): string {
    return this.deps.cacheKey({ ...target, messages: this.messages, maxTokens: this.request.maxTokens, ...(this.request.temperature !== undefined && { temperature: this.request.temperature }) });
  }

  private async fromCache(target: RoutingTarget): Promise<RouteResult | null> {
    if (!this.cacheable()) return null;
    const hit = await this.deps.cache.get(this.cacheKey(target), this.startedAt);
    if (!hit) return null;
    this.observer.onText(hit.text);
    const result: AttemptResult = { text: hit.text, usage: {}, reportedCostUsd: undefined, finish: 'stop', failure: undefined, ttftMs: 0, startedAt: this.startedAt, endedAt: this.deps.timers.now() };
    this.attempts.push({ provider: hit.provider, model: hit.model, status: 'ok' });
    const saved = hit.costNanos ?? 0;
    return this.settle(target, result, null, { fallbackUsed: false, cacheHit: true, savedNanos: saved }, { ...NOTHING_SPENT, usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } });
  }

  private async tryCandidates(targets: readonly RoutingTarget[], connections: ReadonlyMap<string, ProviderConnection>): Promise<RouteResult> {
    let refusal: BudgetRefusal | undefined;
    for (const [index, target] of targets.entries()) {
      const connection = connections.get(target.provider);
      if (!connection?.ok) continue;
      // The first candidate was approved before the cache; a dearer fallback needs its own approval.
      if (index > 0) await this.approveFallback(target);
      const reservation = await this.reserve(target);
      if (reservation.refused) {
        refusal ??= reservation.refused;
        this.attempts.push({ provider: target.provider, model: target.model, status: 'error', error: `over the ${reservation.refused.budget}` });
        continue;
      }
      const outcome = await this.runOne(target, connection.adapter, connection.fingerprint, reservation.id);
      this.attempts.push(...outcome.attempts);
      const fallbackUsed = index > 0;
      if (outcome.kind === 'answered') return this.answered(target, outcome.result, reservation.id, fallbackUsed);
      if (reservation.id !== null) await this.deps.ledger.release(reservation.id);
      if (outcome.failure.errorClass === 'cancelled') return this.cancelled(target, outcome.sent);
      const next = targets[index + 1];
      if (next) this.observer.onNotice?.(`${target.provider}/${target.model} failed (${outcome.failure.message.replace(/\.$/, '')}); trying ${next.provider}/${next.model}`);
    }
    if (refusal && this.attempts.every((attempt) => attempt.errorClass === undefined)) throw new BudgetExceededError(refusal);
    await this.recordFailure(targets[0]);
    throw new RouteFailedError(failureSummary(this.attempts), this.attempts);
  }

  private async runOne(target: RoutingTarget, adapter: ProviderAdapter, fingerprint: string | null, reservationId: string | null): Promise<CandidateOutcome> {
    try {
      return await runCandidate(
        {
          ...target,
          adapter,
          fingerprint,
          messages: this.messages,
          maxTokens: this.request.maxTokens,
          ...(this.request.temperature !== undefined && { temperature: this.request.temperature }),
          tokens: this.size.estimate + this.request.maxTokens,
          signal: this.request.signal,
          onText: (text) => this.observer.onText(text),
          onNotice: (message) => this.observer.onNotice?.(message),
        },
        { timers: this.deps.timers, breakers: this.state.breakers, authGate: this.state.authGate, rateLimiter: this.state.rateLimiter, routing: this.config.routing, schedule: this.schedule },
      );
    } catch (error) {
      if (reservationId !== null) await this.deps.ledger.release(reservationId).catch(() => undefined);
      throw error;
    }
  }

  private async reserve(target: RoutingTarget): Promise<{ id: string | null; refused?: BudgetRefusal }> {
    const limits = budgetLimits(this.config.budgets, target.provider);
    const pricing = this.pricingOf(target.provider, target.model);
    // A dollar account on the provider is charged through the same reservation as the budgets.
    const charged = hasLimits(limits) || ((await this.deps.chargesAccount?.(target.provider)) ?? false);
    if (!charged || pricing.kind !== 'priced') return { id: null };
    let refused: BudgetRefusal | undefined;
    for (const precise of [false, true]) {
      const maxNanos = estimateFromTokens(this.maxInputTokens(target, precise), false, this.request.maxTokens, pricing).maxNanos ?? 0;
      const id = this.deps.ids.next();
      const now = this.deps.timers.now();
      const result = await this.deps.ledger.reserve(reservationRequest({ id, provider: target.provider, maxNanos, atMs: now, budgets: this.config.budgets, calendar: this.deps.calendar }));
      if (result.ok) return { id };
      refused = result.refusal;
    }
    return { id: null, ...(refused && { refused }) };
  }

  private answered(target: RoutingTarget, result: AttemptResult, reservationId: string | null, fallbackUsed: boolean): Promise<RouteResult> {
    const accounting = accountFor({ result, pricing: this.pricingOf(target.provider, target.model), countInput: () => this.countedInput(), countText: this.deps.countTokens });
    return this.settle(target, result, reservationId, { fallbackUsed, cacheHit: false, savedNanos: 0 }, accounting);
  }

  private async cancelled(target: RoutingTarget, sent: boolean): Promise<never> {
    const empty: AttemptResult = { text: '', usage: {}, reportedCostUsd: undefined, finish: undefined, failure: { errorClass: 'cancelled', message: 'cancelled' }, ttftMs: null, startedAt: this.startedAt, endedAt: this.deps.timers.now() };
    // A provider may bill the input it had started on: counted, marked estimated, never $0.
    // A request cancelled before it went out (waiting its turn or a retry) cost nothing.
    const accounting = sent ? accountFor({ result: empty, pricing: this.pricingOf(target.provider, target.model), countInput: () => this.countedInput(), countText: this.deps.countTokens }) : NOTHING_SPENT;
    await this.settle(target, empty, null, { fallbackUsed: false, cacheHit: false, savedNanos: 0 }, accounting);
    throw new RouteCancelledError('Cancelled before the answer started.');
  }

  private async recordFailure(target: RoutingTarget | undefined): Promise<void> {
    const failed: AttemptResult = { text: '', usage: {}, reportedCostUsd: undefined, finish: undefined, failure: { errorClass: 'unknown', message: 'every candidate failed' }, ttftMs: null, startedAt: this.startedAt, endedAt: this.deps.timers.now() };
    await this.settle(target ?? { provider: 'none', model: 'none' }, failed, null, { fallbackUsed: this.attempts.length > 1, cacheHit: false, savedNanos: 0 }, NOTHING_SPENT);
  }

  private async settle(target: RoutingTarget, result: AttemptResult, reservationId: string | null, flags: { fallbackUsed: boolean; cacheHit: boolean; savedNanos: number }, accounting: Accounting): Promise<RouteResult> {
    const endedAt = this.deps.timers.now();
    const status = statusOf(result);
    const ttftMs = result.ttftMs === null ? null : result.startedAt - this.startedAt + result.ttftMs;
    const redacted = countEntries(this.redactions).map(([kind, n]) => `${n} ${kind}`);
    const entry = ledgerEntry(
      {
        id: this.id,
        at: this.startedAt,
        workspaceId: this.request.workspaceId ?? null,
        sessionId: this.request.sessionId ?? null,
        ...target,
        strategy: this.strategy,
        attempts: this.attempts,
        status,
        latencyMs: endedAt - this.startedAt,
        ttftMs,
        ...flags,
        decision: JSON.stringify(this.plan?.decision ?? null),
        redacted: redacted.join(', '),
      },
      accounting,
    );
    await this.deps.ledger.settle(reservationId, entry);
    this.deps.onSettled?.();
    if (status === 'ok' && !flags.cacheHit) await this.afterSuccess(target, result, accounting);
    return {
      id: this.id,
      text: result.text,
      ...target,
      usage: accounting.usage,
      costUsd: accounting.cost.nanos === null ? null : usdFromNanos(accounting.cost.nanos),
      pricing: accounting.cost.pricing,
      estimated: accounting.estimated,
      status: status === 'ok' ? 'ok' : 'incomplete',
      attempts: this.attempts,
      cached: flags.cacheHit,
      savedUsd: usdFromNanos(flags.savedNanos),
      fallbackUsed: flags.fallbackUsed,
      latencyMs: entry.latencyMs,
      ttftMs,
      redacted,
      strategy: this.strategy,
      why: this.plan?.decision.why ?? '',
    };
  }

  private async afterSuccess(target: RoutingTarget, result: AttemptResult, accounting: Accounting): Promise<void> {
    this.state.performance.record(target.provider, target.model, {
      ttftMs: result.ttftMs,
      outputTokens: accounting.usage.output,
      generationMs: result.endedAt - result.startedAt - (result.ttftMs ?? 0),
    });
    if (!this.cacheable()) return;
    const entry = { text: result.text, ...target, usage: accounting.usage, costNanos: accounting.cost.nanos, storedAt: this.startedAt };
    const cache = this.config.routing.cache;
    // A cache that cannot be written costs a future saving, not this answer.
    await this.deps.cache.put(this.cacheKey(target), entry, { ttlMs: cache.ttlSeconds * 1000, maxEntries: cache.maxEntries }).catch(() => undefined);
  }
}

function statusOf(result: AttemptResult): 'ok' | 'incomplete' | 'cancelled' | 'error' {
  if (!result.failure) return 'ok';
  if (result.text.length > 0) return 'incomplete';
  return result.failure.errorClass === 'cancelled' ? 'cancelled' : 'error';
}

function countMessages(messages: readonly ChatMessage[], count: (text: string) => number): number {
  let tokens = 3;
  for (const message of messages) tokens += 4 + count(message.content);
  return tokens;
}

function failureSummary(attempts: readonly AttemptRecord[]): string {
  const lines = attempts.map((attempt) => `${attempt.provider}/${attempt.model}: ${(attempt.error ?? attempt.status).replace(/\.$/, '')}`);
  const unique = [...new Set(lines)];
  return `No provider answered. ${unique.join('; ')}. Check the keys ("Baton: Show Providers"), the network, or try again later.`;
}
