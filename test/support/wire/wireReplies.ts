// The replies a wire server can be scripted with, and short constructors for them (`reply.*`).
// See wireServer.ts for how to use them.

/** Token figures in Baton's normalized terms; each format encodes them with its own semantics. */
export interface WireUsage {
  /** Input at the plain rate (OpenAI: prompt_tokens minus cached and written; Anthropic: input_tokens). */
  readonly input: number;
  readonly output: number;
  readonly cacheRead?: number;
  /** OpenAI format: sent as OpenRouter's prompt_tokens_details.cache_write_tokens. */
  readonly cacheWrite?: number;
}

/** Where the OpenAI format puts usage. Default: a usage chunk only if the request asked (include_usage). */
export type OpenAIUsagePlacement = 'usage-chunk' | 'final-chunk' | 'x_groq' | 'every-chunk' | 'none';

export interface TextReply {
  readonly kind: 'text';
  readonly text: string;
  /** The text is split into this many content chunks (fewer if it is shorter). */
  readonly chunks: number;
  readonly usage?: WireUsage;
  /** Sent instead of the encoded `usage` (OpenAI: the `usage` object; Anthropic: message_start's usage). */
  readonly rawUsage?: Readonly<Record<string, unknown>>;
  /** Anthropic only: message_delta's usage object, sent as is. */
  readonly rawDeltaUsage?: Readonly<Record<string, unknown>>;
  readonly usageIn?: OpenAIUsagePlacement;
  /** No usage anywhere in the stream (Anthropic: message_start and message_delta without usage). */
  readonly withoutUsage?: boolean;
  /** The raw finish_reason (OpenAI) or stop_reason (Anthropic). */
  readonly finishReason?: string;
  readonly firstByteDelayMs?: number;
  readonly chunkDelayMs?: number;
  /** Destroy the socket after this many content chunks (a stream cut mid-way). */
  readonly cutAfterChunks?: number;
  /** End the response cleanly after this many content chunks, with no finish and no [DONE]. */
  readonly endAfterChunks?: number;
  /** After this many content chunks, an in-stream error (OpenAI `data: {"error":…}`, Anthropic `event: error`). */
  readonly errorAfterChunks?: { readonly chunks: number; readonly type: string; readonly message?: string; readonly code?: number | string };
  /** After this many content chunks, wait until the promise settles (or the client goes away). */
  readonly pause?: { readonly afterChunks: number; readonly until: Promise<unknown> };
}

export interface ErrorReply {
  readonly kind: 'error';
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Error type in the body; a sensible one for the status when absent. */
  readonly type?: string;
  readonly message?: string;
  /** Replaces the whole body (a string is sent as is, an object as JSON). */
  readonly body?: string | Readonly<Record<string, unknown>>;
}

/** The connection is destroyed before any byte of the response. */
export interface ResetReply {
  readonly kind: 'reset';
}

/** A 200 with an HTML page (a proxy's or captive portal's). */
export interface HtmlReply {
  readonly kind: 'html';
}

/**
 * A 200 event stream that goes wrong after `afterChunks` good content chunks of `text`:
 * `broken-json` sends a data line whose JSON is cut short; `not-sse` sends lines that are not
 * SSE fields at all (nothing an SSE parser would report).
 */
export interface MalformedReply {
  readonly kind: 'malformed';
  readonly afterChunks: number;
  readonly text: string;
  readonly form: 'broken-json' | 'not-sse';
}

export type WireReply = TextReply | ErrorReply | ResetReply | HtmlReply | MalformedReply;

type TextOptions = Omit<TextReply, 'kind' | 'text' | 'chunks'> & { readonly chunks?: number };

export const reply = {
  text: (text: string, options: TextOptions = {}): TextReply => ({ kind: 'text', text, chunks: 3, ...options }),
  /** A stream cut (socket destroyed) after `afterChunks` of `chunks` content chunks. */
  cut: (text: string, afterChunks: number, options: TextOptions = {}): TextReply => ({ kind: 'text', text, chunks: 4, ...options, cutAfterChunks: afterChunks }),
  error: (status: number, options: Omit<ErrorReply, 'kind' | 'status'> = {}): ErrorReply => ({ kind: 'error', status, ...options }),
  /** An error event inside a stream that started with a 200. */
  streamError: (type: string, afterChunks = 1, text = 'Partial answer'): TextReply => ({ kind: 'text', text, chunks: 3, errorAfterChunks: { chunks: afterChunks, type } }),
  reset: (): ResetReply => ({ kind: 'reset' }),
  html: (): HtmlReply => ({ kind: 'html' }),
  malformed: (options: Partial<Omit<MalformedReply, 'kind'>> = {}): MalformedReply => ({ kind: 'malformed', afterChunks: 0, text: 'Hello', form: 'broken-json', ...options }),
};

/** The text in `chunks` pieces of about equal length; empty text gives no piece. */
export function splitText(text: string, chunks: number): string[] {
  const count = Math.max(1, Math.min(chunks, text.length));
  const size = Math.ceil(text.length / count);
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}
