// One attempt: reads an adapter's stream to its end, passes text on as it arrives, and keeps
// what the accounting needs (usage as reported, when the first token came, how it ended).
import type { TokenUsage } from '../costs/tokenUsage';
import type { FinishReason, ProviderFailure, StreamEvent } from './streamEvent';

export interface AttemptResult {
  readonly text: string;
  /** Usage fields the provider reported (the last report of each field wins). */
  readonly usage: Partial<TokenUsage>;
  readonly reportedCostUsd: number | undefined;
  readonly finish: FinishReason | undefined;
  /** Set when the stream ended in an error event (before or after content). */
  readonly failure: ProviderFailure | undefined;
  /** Milliseconds from the attempt's start to its first text; null when none came. */
  readonly ttftMs: number | null;
  readonly startedAt: number;
  readonly endedAt: number;
}

export function hasContent(result: AttemptResult): boolean {
  return result.text.length > 0;
}

/** Reads `events` to the end; never throws (a throwing adapter counts as an unknown failure). */
export async function readAttempt(events: AsyncIterable<StreamEvent>, now: () => number, onText: (text: string) => void): Promise<AttemptResult> {
  const startedAt = now();
  const parts: string[] = [];
  let usage: Partial<TokenUsage> = {};
  let reportedCostUsd: number | undefined;
  let finish: FinishReason | undefined;
  let failure: ProviderFailure | undefined;
  let firstTextAt: number | undefined;
  try {
    for await (const event of events) {
      if (event.type === 'text') {
        if (event.text.length === 0) continue;
        firstTextAt ??= now();
        parts.push(event.text);
        onText(event.text);
      } else if (event.type === 'usage') {
        usage = { ...usage, ...definedFields(event.usage) };
        if (event.costUsd !== undefined) reportedCostUsd = event.costUsd;
      } else if (event.type === 'finish') {
        finish = event.reason;
      } else {
        failure = event.failure;
        break;
      }
    }
  } catch (error) {
    failure = { errorClass: 'unknown', message: error instanceof Error ? error.message : String(error) };
  }
  const endedAt = now();
  if (!failure && finish === undefined) failure = { errorClass: 'network', message: 'the answer ended before the provider said it was complete' };
  const ttftMs = firstTextAt === undefined ? null : firstTextAt - startedAt;
  return { text: parts.join(''), usage, reportedCostUsd, finish, failure, ttftMs, startedAt, endedAt };
}

function definedFields(usage: Partial<TokenUsage>): Partial<TokenUsage> {
  const result: { -readonly [K in keyof TokenUsage]?: number } = {};
  for (const key of ['input', 'output', 'cacheRead', 'cacheWrite'] as const) {
    const value = usage[key];
    if (value !== undefined && Number.isFinite(value) && value >= 0) result[key] = value;
  }
  return result;
}
