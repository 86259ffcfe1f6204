// Turns whatever an SDK threw into the ProviderFailure the router decides on (retry, fall
// back, open the breaker, disable the provider). The SDK classes arrive with the lazily loaded
// bundle, so they are passed in rather than imported. Every message is redacted: the SDKs and
// some providers echo the key (or part of it) in 401 bodies.
import { redactText } from '../core/redaction/redaction';
import { retryAfterFromHeaders } from '../core/routing/retryAfter';
import type { ErrorClass, ProviderFailure } from '../core/routing/streamEvent';
import { isRecord, recordAt, stringAt } from './wireValues';

/** What both SDKs' APIError instances carry; Anthropic puts the whole body in `error`. */
interface ApiErrorShape extends Error {
  readonly status?: number | undefined;
  readonly headers?: Headers | undefined;
  readonly error?: unknown;
}

type ErrorConstructor<T> = abstract new (...args: never[]) => T;

/** The error classes of one SDK (both openaiSdk.ts and anthropicSdk.ts export these names). */
export interface SdkErrorClasses {
  readonly APIError: ErrorConstructor<ApiErrorShape>;
  readonly APIConnectionError: ErrorConstructor<Error>;
  readonly APIConnectionTimeoutError: ErrorConstructor<Error>;
  readonly APIUserAbortError: ErrorConstructor<Error>;
}

export interface FailureContext {
  readonly providerId: string;
  /** Removed from every message, whatever form the SDK echoed it in. */
  readonly apiKey?: string | undefined;
  readonly nowMs?: number;
}

/** The class a plain HTTP status means, or undefined for a status that is not an error. */
export function classOfStatus(status: number): ErrorClass | undefined {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limit';
  if (status === 529) return 'overloaded';
  if (status === 408 || status === 409 || (status >= 500 && status <= 599)) return 'server';
  // 400, 404, 413, 422 and the rest of 4xx (402 payment required…): retrying will not help.
  if (status >= 400 && status <= 499) return 'bad-request';
  return undefined;
}

/**
 * A provider's error `type` (Anthropic's `overloaded_error`, OpenAI's `rate_limit_exceeded`,
 * an in-stream `{"error": …}` without a status) as a class. Unknown types mean the server
 * broke off an answer it had accepted: `server`, so the router may retry.
 */
export function classOfErrorType(type: string | undefined): ErrorClass {
  const value = type?.toLowerCase() ?? '';
  if (value.includes('overloaded')) return 'overloaded';
  if (value.includes('rate_limit') || value.includes('rate-limit') || value.includes('quota')) return 'rate-limit';
  if (value.includes('authentication') || value.includes('permission') || value.includes('api_key')) return 'auth';
  if (value.includes('invalid_request') || value.includes('not_found') || value.includes('too_large')) return 'bad-request';
  if (value.includes('timeout')) return 'timeout';
  return 'server';
}

export function cancelledFailure(): ProviderFailure {
  return { errorClass: 'cancelled', message: 'The request was cancelled.' };
}

/** Redacts a message for a user or a log: known key forms, then this provider's own key. */
export function cleanMessage(message: string, apiKey?: string): string {
  let text = message;
  if (apiKey !== undefined && apiKey.length >= 4) text = text.split(apiKey).join('[redacted: api-key]');
  // OpenAI-style "Incorrect API key provided: sk-ab***cd" echoes part of the key.
  text = text.replace(/(API key provided:\s*)\S+/gi, '$1[redacted: api-key]');
  return redactText(text);
}

export function toProviderFailure(error: unknown, sdk: SdkErrorClasses | undefined, context: FailureContext): ProviderFailure {
  const failure = classify(error, sdk, context);
  return { ...failure, message: cleanMessage(`${context.providerId}: ${failure.message}`, context.apiKey) };
}

function classify(error: unknown, sdk: SdkErrorClasses | undefined, context: FailureContext): ProviderFailure {
  if (sdk !== undefined) {
    if (error instanceof sdk.APIUserAbortError) return cancelledFailure();
    if (error instanceof sdk.APIConnectionTimeoutError) return { errorClass: 'timeout', message: 'the request timed out.' };
    if (error instanceof sdk.APIConnectionError) return { errorClass: 'network', message: connectionMessage(error) };
    if (error instanceof sdk.APIError) return fromApiError(error, context.nowMs ?? Date.now());
  }
  return fromPlainError(error);
}

function fromApiError(error: ApiErrorShape, nowMs: number): ProviderFailure {
  const status = error.status;
  const type = errorType(error);
  const detail = apiMessage(error) ?? error.message;
  if (status === undefined) {
    // An error event inside a stream that had started well: its type (or a numeric code, as
    // OpenRouter sends) is all there is to go by.
    const code = numericCode(error);
    const errorClass = code !== undefined ? (classOfStatus(code) ?? 'server') : classOfErrorType(type);
    return { errorClass, message: `the stream reported an error: ${detail}` };
  }
  const byStatus = classOfStatus(status) ?? 'unknown';
  const errorClass = byStatus === 'server' && type === 'overloaded_error' ? 'overloaded' : byStatus;
  const headers = error.headers;
  const retryAfterMs = headers ? retryAfterFromHeaders((name) => headers.get(name), nowMs) : undefined;
  const message = detail.startsWith(String(status)) ? detail : `${status} ${detail}`;
  return retryAfterMs === undefined ? { errorClass, status, message } : { errorClass, status, message, retryAfterMs };
}

function errorType(error: ApiErrorShape): string | undefined {
  const own = stringAt(error, 'type');
  if (own !== undefined) return own;
  return stringAt(error.error, 'type') === 'error' ? stringAt(recordAt(error.error, 'error'), 'type') : stringAt(error.error, 'type');
}

function apiMessage(error: ApiErrorShape): string | undefined {
  return stringAt(recordAt(error.error, 'error'), 'message') ?? stringAt(error.error, 'message');
}

function numericCode(error: ApiErrorShape): number | undefined {
  const code = isRecord(error.error) ? error.error['code'] : undefined;
  if (typeof code === 'number') return code;
  return typeof code === 'string' && /^\d{3}$/.test(code) ? Number(code) : undefined;
}

/** The system's reason (ECONNREFUSED, ECONNRESET, "other side closed") beside the SDK's words. */
function connectionMessage(error: Error): string {
  const cause = causeCode(error);
  return cause ? `could not reach the server (${cause}).` : 'could not reach the server.';
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && isRecord(current); depth++) {
    const code = stringAt(current, 'code');
    if (code !== undefined && /^[A-Z_]+$/.test(code)) return code;
    current = current['cause'];
  }
  return undefined;
}

function fromPlainError(error: unknown): ProviderFailure {
  if (isRecord(error) && error['name'] === 'AbortError') return cancelledFailure();
  if (error instanceof SyntaxError) return { errorClass: 'malformed', message: `the stream carried something that is not JSON (${error.message}).` };
  const message = error instanceof Error ? error.message : String(error);
  // undici reports a body cut mid-way as TypeError('terminated') with the socket error as cause.
  if (message === 'terminated' || causeCode(error) !== undefined) {
    const cause = causeCode(error);
    return { errorClass: 'network', message: `the connection broke off${cause ? ` (${cause})` : ''}.` };
  }
  return { errorClass: 'unknown', message };
}
