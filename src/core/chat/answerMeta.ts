// What is shown under an answer, from the router's result. Input tokens are everything the
// model read (cache reads and writes included); `cachedTokens` is the part that went through
// the provider's cache, as the ledger's cached_tokens counts it.
import type { AttemptRecord } from '../costs/ledgerPorts';
import { nanosFromUsd } from '../costs/costMath';
import type { RouteResult } from '../routing/routeRequest';
import type { AnswerMeta } from '../../shared/protocol/chat';

const LABEL_MAX = 2_000;
const label = (text: string) => (text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text);

/** Why the answer came from a fallback: what happened to the candidates tried before it. */
export function fallbackReason(attempts: readonly AttemptRecord[]): string | null {
  const failed = attempts.filter((attempt) => attempt.status === 'error');
  if (failed.length === 0) return null;
  const reasons = [...new Set(failed.map((attempt) => `${attempt.provider}/${attempt.model}: ${(attempt.error ?? 'failed').replace(/\.$/, '')}`))];
  return label(reasons.join('; '));
}

export function answerMetaOf(result: RouteResult): AnswerMeta {
  const { usage } = result;
  const cached = usage.cacheRead + usage.cacheWrite;
  return {
    provider: label(result.provider),
    model: label(result.model),
    inputTokens: usage.input + cached,
    outputTokens: usage.output,
    cachedTokens: cached,
    costNanos: result.costUsd === null ? null : nanosFromUsd(result.costUsd),
    pricing: result.pricing,
    // What arrived before a stop is billed by the provider on counts we can only estimate.
    estimated: result.estimated || result.status === 'incomplete',
    latencyMs: result.latencyMs,
    ttftMs: result.ttftMs,
    cacheHit: result.cached,
    fallback: { used: result.fallbackUsed, reason: result.fallbackUsed ? fallbackReason(result.attempts) : null },
    status: result.status,
    strategy: label(result.strategy),
    why: label(result.why),
    redacted: result.redacted.slice(0, 50).map(label),
  };
}
