// Tries one candidate (provider + model) until it answers, the retry policy gives up, or the
// answer breaks after content arrived (then there is no going back: the caller reports an
// incomplete answer). Each attempt passes the breaker, the auth gate and the rate limiter.
import type { AttemptRecord } from '../costs/ledgerPorts';
import { type AttemptResult, hasContent, readAttempt } from './attemptStream';
import type { AuthGate } from './authGate';
import type { CircuitBreakers } from './circuitBreaker';
import type { RateLimiter } from './rateLimiter';
import { AbortError, type Timers, sleep } from './timers';
import type { RetrySchedule } from './retryPolicy';
import type { RoutingConfig } from './routerConfig';
import { withStreamTimeouts } from './streamTimeouts';
import type { ChatMessage, ProviderAdapter, ProviderFailure } from './streamEvent';

export interface RunnerPolicy {
  readonly timers: Timers;
  readonly breakers: CircuitBreakers;
  readonly authGate: AuthGate;
  readonly rateLimiter: RateLimiter;
  readonly routing: RoutingConfig;
  readonly schedule: RetrySchedule;
}

export interface CandidateCall {
  readonly provider: string;
  readonly model: string;
  readonly adapter: ProviderAdapter;
  readonly fingerprint: string | null;
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  readonly temperature?: number;
  /** Input + max output, what the rate limiter's tpm counts. */
  readonly tokens: number;
  readonly signal: AbortSignal | undefined;
  readonly onText: (text: string) => void;
  readonly onNotice: (message: string) => void;
}

export type CandidateOutcome =
  /** Finished, or broke after content (`result.failure` set): either way, the answer to report. */
  | { readonly kind: 'answered'; readonly result: AttemptResult; readonly attempts: AttemptRecord[] }
  /**
   * No content: the router may fall back to the next candidate. `sent` is false when the last
   * thing that happened was not a call to the provider (cancelled while waiting its turn or
   * before a retry): nothing of it can have been billed.
   */
  | { readonly kind: 'failed'; readonly failure: ProviderFailure; readonly attempts: AttemptRecord[]; readonly sent: boolean };

export async function runCandidate(call: CandidateCall, policy: RunnerPolicy): Promise<CandidateOutcome> {
  const attempts: AttemptRecord[] = [];
  for (let attempt = 1; ; attempt++) {
    const permit = policy.breakers.acquire(call.provider, call.model);
    if (!permit) return failed(call, attempts, { errorClass: 'server', message: 'its circuit breaker is open after repeated failures' }, false);
    let result: AttemptResult;
    try {
      await policy.rateLimiter.acquire(call.provider, call.tokens, call.signal);
      result = await attemptOnce(call, policy);
    } catch (error) {
      policy.breakers.release(permit);
      if (error instanceof AbortError) return failed(call, attempts, { errorClass: 'cancelled', message: 'cancelled' }, false);
      throw error;
    }
    const failure = result.failure;
    if (!failure) {
      policy.breakers.succeeded(permit);
      attempts.push({ provider: call.provider, model: call.model, status: 'ok' });
      return { kind: 'answered', result, attempts };
    }
    if (failure.errorClass === 'cancelled') policy.breakers.release(permit);
    else policy.breakers.failed(permit, failure.errorClass);
    attempts.push(recordOf(call, failure, hasContent(result) ? 'incomplete' : 'error'));
    if (hasContent(result)) return { kind: 'answered', result, attempts };
    if (failure.errorClass === 'auth') policy.authGate.disable(call.provider, call.fingerprint, failure.message);
    const delay = policy.schedule.nextDelay(failure, attempt);
    if (delay === null) return { kind: 'failed', failure, attempts, sent: true };
    call.onNotice(`${call.provider}/${call.model}: ${failure.message.replace(/\.$/, '')}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.routing.maxAttempts})`);
    try {
      await sleep(policy.timers, delay, call.signal);
    } catch {
      return { kind: 'failed', failure: { errorClass: 'cancelled', message: 'cancelled' }, attempts, sent: false };
    }
  }
}

function attemptOnce(call: CandidateCall, policy: RunnerPolicy): Promise<AttemptResult> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (call.signal?.aborted) controller.abort();
  call.signal?.addEventListener('abort', abort, { once: true });
  const events = call.adapter.stream({
    model: call.model,
    messages: call.messages,
    maxTokens: call.maxTokens,
    ...(call.temperature !== undefined && { temperature: call.temperature }),
    signal: controller.signal,
  });
  const timed = withStreamTimeouts(events, {
    firstTokenTimeoutMs: policy.routing.firstTokenTimeoutMs,
    chunkTimeoutMs: policy.routing.chunkTimeoutMs,
    timers: policy.timers,
    controller,
  });
  return readAttempt(timed, () => policy.timers.now(), call.onText).finally(() => call.signal?.removeEventListener('abort', abort));
}

function recordOf(call: CandidateCall, failure: ProviderFailure, status: 'error' | 'incomplete'): AttemptRecord {
  return {
    provider: call.provider,
    model: call.model,
    status,
    errorClass: failure.errorClass,
    error: failure.message,
    ...(failure.status !== undefined && { httpStatus: failure.status }),
  };
}

function failed(call: CandidateCall, attempts: AttemptRecord[], failure: ProviderFailure, sent: boolean): CandidateOutcome {
  attempts.push(recordOf(call, failure, 'error'));
  return { kind: 'failed', failure, attempts, sent };
}
