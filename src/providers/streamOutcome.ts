// How a stream ends, the same for every adapter: the usage known so far, then exactly one
// terminal event (`finish` or `error`). Which one depends on what was seen, in this order:
// the caller aborted; the answer had finished (a failure after the finish reason only cost
// us the usage, and the text is whole); the SDK failed; nothing recognisable arrived at all
// (an HTML page, not SSE); or the stream stopped early (cut mid-way).
import type { TokenUsage } from '../core/costs/tokenUsage';
import type { FinishReason, ProviderFailure, StreamEvent } from '../core/routing/streamEvent';
import { cancelledFailure } from './providerErrors';

export interface StreamProgress {
  /** Events of the wire format that were understood (chunks, SSE events). */
  events: number;
  /** Characters of answer text received. */
  textChars: number;
  finishReason: FinishReason | undefined;
  /** Usage not yet passed on as an event. */
  pendingUsage: Partial<TokenUsage> | undefined;
  pendingCostUsd: number | undefined;
}

export function newProgress(): StreamProgress {
  return { events: 0, textChars: 0, finishReason: undefined, pendingUsage: undefined, pendingCostUsd: undefined };
}

export function* endStream(
  progress: StreamProgress,
  failure: ProviderFailure | undefined,
  signal: AbortSignal,
  providerId: string,
  contentType: string | null,
): Generator<StreamEvent> {
  const usage = takeUsage(progress);
  if (usage) yield usage;
  yield terminal(progress, failure, signal, providerId, contentType);
}

export function takeUsage(progress: StreamProgress): StreamEvent | undefined {
  const usage = progress.pendingUsage;
  if (usage === undefined) return undefined;
  const costUsd = progress.pendingCostUsd;
  progress.pendingUsage = undefined;
  progress.pendingCostUsd = undefined;
  return costUsd === undefined ? { type: 'usage', usage } : { type: 'usage', usage, costUsd };
}

function terminal(progress: StreamProgress, failure: ProviderFailure | undefined, signal: AbortSignal, providerId: string, contentType: string | null): StreamEvent {
  if (signal.aborted) return { type: 'error', failure: cancelledFailure() };
  if (progress.finishReason !== undefined) return { type: 'finish', reason: progress.finishReason };
  if (failure !== undefined) return { type: 'error', failure };
  if (progress.events === 0) return { type: 'error', failure: notAStream(providerId, contentType) };
  return { type: 'error', failure: cutShort(providerId, progress.textChars) };
}

export function notAStream(providerId: string, contentType: string | null): ProviderFailure {
  const what = contentType ? `a ${contentType.split(';')[0]} body` : 'a body';
  return { errorClass: 'malformed', message: `${providerId}: the server answered 200 with ${what} in which no event of this API could be read (a proxy or a login page?).` };
}

function cutShort(providerId: string, textChars: number): ProviderFailure {
  return { errorClass: 'network', message: `${providerId}: the stream ended before the answer was complete (${textChars} characters received).` };
}

/** A 200 that is an HTML page (a captive portal, a proxy's error page) is not worth parsing. */
export function isHtml(contentType: string | null): boolean {
  return contentType !== null && contentType.toLowerCase().includes('text/html');
}
