// The one shape every provider adapter produces, and the port adapters implement. The router
// (core) owns retries, fallback and accounting; adapters only translate a wire format.
import type { TokenUsage } from '../costs/tokenUsage';

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
}

/** What an adapter is asked to send: one model, already chosen, already redacted. */
export interface ProviderCall {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  readonly temperature?: number;
  /** Aborting ends the stream promptly with an `error` event of class `cancelled`. */
  readonly signal: AbortSignal;
}

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'other';

/**
 * Why a call failed, as the router needs to know it. `retryAfterMs` is already parsed from
 * `retry-after-ms` / `retry-after` (see core/routing/retryPolicy.ts `retryAfterFromHeaders`).
 */
export type ErrorClass =
  | 'network' // connection refused, reset, DNS
  | 'timeout' // no first token / no next chunk in time
  | 'rate-limit' // 429
  | 'overloaded' // 529, or a provider's overloaded_error
  | 'server' // 5xx, 408, 409
  | 'auth' // 401, 403: the key is wrong or lacks access
  | 'bad-request' // 400, 404, 413, 422: the request itself is wrong, retrying will not help
  | 'malformed' // 200 with a body that is not the wire format (an HTML page, broken SSE)
  | 'cancelled' // the caller aborted
  | 'unknown';

export interface ProviderFailure {
  readonly errorClass: ErrorClass;
  readonly message: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
}

export type StreamEvent =
  | { readonly type: 'text'; readonly text: string }
  /**
   * Usage as reported by the provider, normalized (see TokenUsage). Several usage events may
   * arrive (Anthropic: message_start then message_delta); each carries the cumulative figures
   * known so far, so the last one wins field by field. `costUsd` only when the provider reports
   * the price itself (OpenRouter `usage.cost`).
   */
  | { readonly type: 'usage'; readonly usage: Partial<TokenUsage>; readonly costUsd?: number }
  | { readonly type: 'finish'; readonly reason: FinishReason }
  | { readonly type: 'error'; readonly failure: ProviderFailure };

/** One configured provider, ready to stream. Never throws from `stream`: failures are events. */
export interface ProviderAdapter {
  readonly providerId: string;
  stream(call: ProviderCall): AsyncIterable<StreamEvent>;
  /** Exact input token count for this model, when the provider offers one (vscode-lm). */
  countTokens?(call: Omit<ProviderCall, 'signal'>): Promise<number>;
}
