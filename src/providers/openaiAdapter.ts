// The `openai` and `openai-compatible` kinds, through the real `openai` SDK (v6), loaded from its
// own bundle on the first request. The SDK's retries are off: the router owns retries,
// fallback and timeouts. Failures become one `error` event; `stream` never throws.
import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { ProviderAdapter, ProviderCall, StreamEvent } from '../core/routing/streamEvent';
import { loadLazyBundle } from './lazyBundle';
import { readOpenAIChunk } from './openaiChunks';
import type { UsageQuirks } from './providerPresets';
import { missingKey, sdkStream } from './sdkStream';

type OpenAISdk = typeof import('./sdk/openaiSdk');

export interface OpenAIAdapterOptions {
  readonly providerId: string;
  readonly baseUrl: string;
  /** Undefined for servers that take none (Ollama, LM Studio): no Authorization header is sent. */
  readonly apiKey: string | undefined;
  /** When true and `apiKey` is missing, calls fail at once with `auth` and nothing is sent. */
  readonly needsKey: boolean;
  /** Where the CLI looks for the key, named in the "no key" message. */
  readonly apiKeyEnv?: string | undefined;
  readonly quirks: UsageQuirks;
  /** For `retry-after` given as a date; Date.now by default. */
  readonly clock?: () => number;
}

/** OpenRouter's usage accounting flag is not in the SDK's types; the body is sent as is. */
type RequestBody = ChatCompletionCreateParamsStreaming & { usage?: { include: boolean } };

export class OpenAIAdapter implements ProviderAdapter {
  readonly providerId: string;
  private sdk: OpenAISdk | undefined;
  private client: OpenAI | undefined;

  constructor(private readonly options: OpenAIAdapterOptions) {
    this.providerId = options.providerId;
  }

  stream(call: ProviderCall): AsyncGenerator<StreamEvent, void, undefined> {
    const { quirks } = this.options;
    return sdkStream({
      providerId: this.providerId,
      call,
      refused: this.options.apiKey || !this.options.needsKey ? undefined : missingKey(this.providerId, this.options.apiKeyEnv),
      sdk: () => this.sdk,
      apiKey: this.options.apiKey,
      clock: this.options.clock ?? Date.now,
      open: () => this.connect().chat.completions.create(this.body(call), { signal: call.signal }).withResponse(),
      read: (chunk, progress) => {
        const text = readOpenAIChunk(chunk, progress, quirks);
        return text === undefined ? undefined : { type: 'text', text };
      },
    });
  }

  private connect(): OpenAI {
    if (this.client) return this.client;
    this.sdk ??= loadLazyBundle<OpenAISdk>('openai-sdk.js', 'openaiSdk');
    const key = this.options.apiKey;
    this.client = new this.sdk.OpenAI({
      // Every option the SDK would otherwise read from the environment is given, so that an
      // OPENAI_API_KEY or OPENAI_ORG_ID meant for OpenAI never goes to another endpoint.
      apiKey: key || 'no-key',
      baseURL: this.options.baseUrl,
      organization: null,
      project: null,
      webhookSecret: null,
      maxRetries: 0,
      logLevel: 'off',
      // A keyless server gets no Authorization header at all (null removes the SDK's).
      defaultHeaders: key ? undefined : { Authorization: null },
    });
    return this.client;
  }

  private body(call: ProviderCall): RequestBody {
    const { quirks } = this.options;
    const body: RequestBody = {
      model: call.model,
      messages: call.messages.map((message) => ({ role: message.role, content: message.content })),
      stream: true,
    };
    if (quirks.maxTokensField === 'max_completion_tokens') body.max_completion_tokens = call.maxTokens;
    else body.max_tokens = call.maxTokens;
    if (call.temperature !== undefined) body.temperature = call.temperature;
    if (quirks.streamOptions) body.stream_options = { include_usage: true };
    if (quirks.usageInclude) body.usage = { include: true };
    return body;
  }
}
