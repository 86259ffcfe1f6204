// What callers hand the router and what they get back: the extension's Ask command, the chat
// view and the CLI all speak this.
import { UserFacingError } from '../errors';
import type { AttemptRecord } from '../costs/ledgerPorts';
import type { TokenUsage } from '../costs/tokenUsage';
import type { Capability, StrategyName } from './routerConfig';
import type { RoutingDecision, RoutingTarget } from './routingStrategy';
import type { ChatMessage } from './streamEvent';

export interface RouteRequest {
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  readonly temperature?: number;
  /** With `model`, names the candidate for the explicit strategy (or puts it first). */
  readonly provider?: string;
  readonly model?: string;
  /** Overrides the configured strategy for this request. */
  readonly strategy?: StrategyName;
  readonly needs?: readonly Capability[];
  readonly signal?: AbortSignal;
  readonly workspaceId?: string | null;
  readonly sessionId?: string | null;
}

/** Shown before a request whose maximum cost passes the approval threshold. */
export interface CostPreview {
  readonly provider: string;
  readonly model: string;
  readonly inputTokens: number;
  /** True when the input count comes from the model's own tokenizer. */
  readonly inputExact: boolean;
  readonly expectedUsd: number;
  readonly maxUsd: number;
  readonly thresholdUsd: number;
}

/** What a request would go to and may cost, before it is sent (the chat's estimate). */
export interface RoutePreview {
  readonly decision: RoutingDecision;
  /** The first candidate, null when none is usable (`decision.why` says why). */
  readonly target: RoutingTarget | null;
  /** Input tokens counted with o200k; `inputExact` when that is the model's own tokenizer. */
  readonly inputTokens: number;
  readonly inputExact: boolean;
  readonly pricing: 'priced' | 'subscription' | 'unpriced' | null;
  /** Nano-dollars; null without a price. */
  readonly expectedNanos: number | null;
  readonly maxNanos: number | null;
  /** The maximum passes the approval threshold: sending asks first. */
  readonly needsApproval: boolean;
}

export interface RouteObserver {
  /** Each piece of the answer as it arrives (a cache hit replays the stored answer). */
  onText(text: string): void;
  /** A retry or a fallback, worded for a status line. */
  onNotice?(message: string): void;
  /** Asked only above the approval threshold; false cancels the request before it is sent. */
  approve?(preview: CostPreview): Promise<boolean>;
}

export interface RouteResult {
  readonly id: string;
  readonly text: string;
  readonly provider: string;
  readonly model: string;
  readonly usage: TokenUsage;
  /** Null when the model has no known price (unpriced) or a subscription covers it. */
  readonly costUsd: number | null;
  readonly pricing: 'priced' | 'subscription' | 'unpriced';
  readonly estimated: boolean;
  /** 'incomplete': the stream broke or was cancelled after part of the answer arrived. */
  readonly status: 'ok' | 'incomplete';
  readonly attempts: readonly AttemptRecord[];
  readonly cached: boolean;
  readonly savedUsd: number;
  readonly fallbackUsed: boolean;
  readonly latencyMs: number;
  readonly ttftMs: number | null;
  /** What the redaction choke point replaced before sending, e.g. ["1 OpenAI key"]. */
  readonly redacted: readonly string[];
  readonly strategy: StrategyName;
  readonly why: string;
}

/** Every candidate failed before answering (or none could be tried). Names what happened to each. */
export class RouteFailedError extends UserFacingError {
  constructor(
    message: string,
    readonly attempts: readonly AttemptRecord[],
  ) {
    super(message);
  }
}

/** The user declined the cost, or cancelled before any content arrived. */
export class RouteCancelledError extends UserFacingError {}

export const NO_PROVIDERS_MESSAGE =
  'No LLM provider is configured. Add one to the "baton.providers" setting (CLI: a --config file), for example { "id": "openai", "kind": "openai", "models": [{ "id": "gpt-4o-mini" }] }.';
