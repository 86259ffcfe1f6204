// The `anthropic` kind, through the real `@anthropic-ai/sdk` (1.12), loaded from its own bundle
// on the first request, retries off. Usage is passed on as soon as it is known: input and cache
// figures from `message_start`, the cumulative output from each `message_delta`. An `error`
// event in the stream (overloaded_error…) becomes one `error` event; `stream` never throws.
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import type { TokenUsage } from '../core/costs/tokenUsage';
import type { FinishReason, ProviderAdapter, ProviderCall, StreamEvent } from '../core/routing/streamEvent';
import { loadLazyBundle } from './lazyBundle';
import { missingKey, sdkStream } from './sdkStream';
import { type StreamProgress, takeUsage } from './streamOutcome';
import { countAt, isRecord, recordAt, stringAt, type WireRecord } from './wireValues';

type AnthropicSdk = typeof import('./sdk/anthropicSdk');

export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

export interface AnthropicAdapterOptions {
  readonly providerId: string;
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly apiKeyEnv?: string | undefined;
  /** For `retry-after` given as a date; Date.now by default. */
  readonly clock?: () => number;
}

export class AnthropicAdapter implements ProviderAdapter {
  readonly providerId: string;
  private sdk: AnthropicSdk | undefined;
  private client: Anthropic | undefined;

  constructor(private readonly options: AnthropicAdapterOptions) {
    this.providerId = options.providerId;
  }

  stream(call: ProviderCall): AsyncGenerator<StreamEvent, void, undefined> {
    return sdkStream({
      providerId: this.providerId,
      call,
      // Without a key the SDK would go looking for credentials in files and the environment.
      refused: this.options.apiKey ? undefined : missingKey(this.providerId, this.options.apiKeyEnv),
      sdk: () => this.sdk,
      apiKey: this.options.apiKey,
      clock: this.options.clock ?? Date.now,
      open: () => this.connect().messages.create(requestBody(call), { signal: call.signal }).withResponse(),
      read: readAnthropicEvent,
    });
  }

  private connect(): Anthropic {
    if (this.client) return this.client;
    this.sdk ??= loadLazyBundle<AnthropicSdk>('anthropic-sdk.js', 'anthropicSdk');
    // baseURL and the key are always given, so ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN and
    // credential files are never consulted.
    // The SDK appends /v1/messages itself; a configured ".../v1" would double it.
    const baseURL = this.options.baseUrl.replace(/\/v1\/?$/, '');
    this.client = new this.sdk.Anthropic({ apiKey: this.options.apiKey, baseURL, maxRetries: 0, logLevel: 'off' });
    return this.client;
  }
}

/**
 * System messages go to `system`, joined in order; the rest stay as the conversation. The
 * Messages API deprecated `temperature` (SDK 1.12 dropped it from its types), so it is not sent.
 */
export function requestBody(call: ProviderCall): MessageCreateParamsStreaming {
  const system = call.messages.filter((message) => message.role === 'system').map((message) => message.content);
  const body: MessageCreateParamsStreaming = {
    model: call.model,
    max_tokens: call.maxTokens,
    messages: call.messages.flatMap((message) => (message.role === 'system' ? [] : [{ role: message.role, content: message.content }])),
    stream: true,
  };
  if (system.length > 0) body.system = system.join('\n\n');
  return body;
}

/** Reads one stream event into the progress; returns what to pass on (text or usage). */
export function readAnthropicEvent(event: unknown, progress: StreamProgress): StreamEvent | undefined {
  if (!isRecord(event)) return undefined;
  progress.events++;
  switch (event['type']) {
    case 'content_block_delta':
      return textOf(recordAt(event, 'delta'), progress);
    case 'message_start':
      return usageOf(recordAt(recordAt(event, 'message'), 'usage'), progress);
    case 'message_delta':
      return messageDelta(event, progress);
    default:
      return undefined;
  }
}

function textOf(delta: WireRecord | undefined, progress: StreamProgress): StreamEvent | undefined {
  if (stringAt(delta, 'type') !== 'text_delta') return undefined;
  const text = stringAt(delta, 'text');
  if (text === undefined || text === '') return undefined;
  progress.textChars += text.length;
  return { type: 'text', text };
}

function messageDelta(event: WireRecord, progress: StreamProgress): StreamEvent | undefined {
  const reason = stringAt(recordAt(event, 'delta'), 'stop_reason');
  if (reason !== undefined) progress.finishReason = stopReasonOf(reason);
  return usageOf(recordAt(event, 'usage'), progress);
}

/** Anthropic's `input_tokens` already excludes cache reads and writes: no subtraction. */
function usageOf(raw: WireRecord | undefined, progress: StreamProgress): StreamEvent | undefined {
  if (raw === undefined) return undefined;
  const usage: { -readonly [K in keyof TokenUsage]?: number } = {};
  const input = countAt(raw, 'input_tokens');
  const output = countAt(raw, 'output_tokens');
  const cacheRead = countAt(raw, 'cache_read_input_tokens');
  const cacheWrite = countAt(raw, 'cache_creation_input_tokens');
  if (input !== undefined) usage.input = input;
  if (output !== undefined) usage.output = output;
  if (cacheRead !== undefined) usage.cacheRead = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWrite = cacheWrite;
  if (Object.keys(usage).length === 0) return undefined;
  progress.pendingUsage = usage;
  return takeUsage(progress);
}

const STOP_REASONS: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
};

export function stopReasonOf(reason: string): FinishReason {
  return STOP_REASONS[reason] ?? 'other';
}
