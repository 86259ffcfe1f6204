// One `chat.completion.chunk` of the OpenAI wire format, as sent by OpenAI and the compatible
// providers, read into the adapter's progress: the text delta, the finish reason, and usage in
// whichever of its forms it came (see UsageQuirks). Runs per chunk: typeof checks only.
import type { TokenUsage } from '../core/costs/tokenUsage';
import type { FinishReason } from '../core/routing/streamEvent';
import type { UsageQuirks } from './providerPresets';
import type { StreamProgress } from './streamOutcome';
import { countAt, firstOf, isRecord, recordAt, stringAt, type WireRecord } from './wireValues';

/** Reads one chunk; returns its answer text, if any. A chunk that is not an object is ignored. */
export function readOpenAIChunk(chunk: unknown, progress: StreamProgress, quirks: UsageQuirks): string | undefined {
  if (!isRecord(chunk)) return undefined;
  progress.events++;
  const usage = chunk['usage'] ?? recordAt(chunk, 'x_groq')?.['usage'];
  if (isRecord(usage)) noteUsage(usage, progress, quirks);
  const choice = firstOf(chunk['choices']);
  if (!isRecord(choice)) return undefined;
  const reason = choice['finish_reason'];
  if (typeof reason === 'string' && reason !== '') progress.finishReason = finishReasonOf(reason);
  const text = stringAt(recordAt(choice, 'delta'), 'content');
  if (text === undefined || text === '') return undefined;
  progress.textChars += text.length;
  return text;
}

function noteUsage(raw: WireRecord, progress: StreamProgress, quirks: UsageQuirks): void {
  const usage = normalizeOpenAIUsage(raw);
  if (usage === undefined) return;
  progress.pendingUsage = usage;
  const cost = quirks.reportsCost ? countAt(raw, 'cost') : undefined;
  if (cost !== undefined) progress.pendingCostUsd = cost;
}

/**
 * OpenAI-format usage in Baton's terms, where `input` excludes cache reads and writes:
 * - `prompt_tokens` includes `prompt_tokens_details.cached_tokens` (and OpenRouter's
 *   `cache_write_tokens`), so both are taken out of it;
 * - DeepSeek reports `prompt_cache_hit_tokens` and `prompt_cache_miss_tokens` instead;
 * - xAI counts reasoning tokens outside `completion_tokens` but inside `total_tokens`: they are
 *   added to output only when the total shows they were left out (OpenAI's are already inside).
 */
export function normalizeOpenAIUsage(raw: WireRecord): Partial<TokenUsage> | undefined {
  const prompt = countAt(raw, 'prompt_tokens');
  const completion = countAt(raw, 'completion_tokens');
  if (prompt === undefined && completion === undefined) return undefined;
  const details = recordAt(raw, 'prompt_tokens_details');
  const hit = countAt(raw, 'prompt_cache_hit_tokens');
  const miss = countAt(raw, 'prompt_cache_miss_tokens');
  const cacheRead = hit ?? countAt(details, 'cached_tokens') ?? 0;
  const cacheWrite = countAt(details, 'cache_write_tokens') ?? 0;
  const input = miss ?? Math.max(0, (prompt ?? 0) - cacheRead - cacheWrite);
  const output = (completion ?? 0) + reasoningOutside(raw, prompt ?? 0, completion ?? 0);
  const usage: Partial<TokenUsage> = { output, cacheRead, cacheWrite };
  return prompt === undefined && miss === undefined ? usage : { input, ...usage };
}

function reasoningOutside(raw: WireRecord, prompt: number, completion: number): number {
  const reasoning = countAt(recordAt(raw, 'completion_tokens_details'), 'reasoning_tokens') ?? 0;
  const total = countAt(raw, 'total_tokens');
  return reasoning > 0 && total !== undefined && total >= prompt + completion + reasoning ? reasoning : 0;
}

const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  eos: 'stop', // Together
  end_turn: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  max_tokens: 'length',
  content_filter: 'content-filter',
  safety: 'content-filter',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
};

export function finishReasonOf(reason: string): FinishReason {
  return FINISH_REASONS[reason.toLowerCase()] ?? 'other';
}
