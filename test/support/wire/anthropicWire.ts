// The Anthropic messages wire format: SSE events message_start, content_block_start, ping,
// content_block_delta, content_block_stop, message_delta, message_stop (and `error`), usage in
// message_start (input and cache) and message_delta (cumulative output), and error bodies
// `{ "type": "error", "error": { "type", "message" } }`. The key is accepted as `x-api-key` or
// `Authorization: Bearer` (SDK 1.12 sends the latter).
import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedRequest, TextFrames, WireFormat } from './wireHttp';
import type { TextReply, WireUsage } from './wireReplies';

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'api_error',
  529: 'overloaded_error',
};

/** Anthropic's semantics: input_tokens excludes cache reads and writes. */
export function encodeAnthropicUsage(usage: WireUsage): Record<string, number> {
  return {
    input_tokens: usage.input,
    cache_creation_input_tokens: usage.cacheWrite ?? 0,
    cache_read_input_tokens: usage.cacheRead ?? 0,
    output_tokens: usage.output,
  };
}

function usageOf(reply: TextReply, request: RecordedRequest, pieces: number): WireUsage {
  return reply.usage ?? { input: Math.max(1, Math.ceil(request.bodyLength / 4)), output: pieces };
}

function modelOf(request: RecordedRequest): string {
  const model = request.json['model'];
  return typeof model === 'string' ? model : 'wire-model';
}

const event = (type: string, value: Readonly<Record<string, unknown>>): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...value })}\n\n`;

function message(request: RecordedRequest, startUsage: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const base = { id: 'msg_wire', type: 'message', role: 'assistant', model: modelOf(request), content: [], stop_reason: null, stop_sequence: null };
  return startUsage === undefined ? base : { ...base, usage: startUsage };
}

function frames(reply: TextReply, request: RecordedRequest, pieces: number): TextFrames {
  const usage = encodeAnthropicUsage(usageOf(reply, request, pieces));
  const startUsage = reply.withoutUsage ? undefined : (reply.rawUsage ?? { ...usage, output_tokens: 1 });
  const deltaUsage = reply.withoutUsage ? {} : { usage: reply.rawDeltaUsage ?? { output_tokens: usage['output_tokens'] } };
  return {
    head: [
      event('message_start', { message: message(request, startUsage) }),
      event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      event('ping', {}),
    ],
    content: (piece) => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } }),
    error: (type, text) => event('error', { error: { type, message: text } }),
    tail: [
      event('content_block_stop', { index: 0 }),
      event('message_delta', { delta: { stop_reason: reply.finishReason ?? 'end_turn', stop_sequence: null }, ...deltaUsage }),
      event('message_stop', {}),
    ],
  };
}

export const anthropicFormat: WireFormat = {
  name: 'anthropic',
  basePath: '',
  accepts: (method, path) => method === 'POST' && path.endsWith('/v1/messages'),
  keyOf(headers: IncomingHttpHeaders) {
    const apiKey = headers['x-api-key'];
    if (typeof apiKey === 'string') return apiKey;
    return /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  },
  errorBody: (status, type, text) => ({ type: 'error', error: { type: type ?? ERROR_TYPES[status] ?? 'api_error', message: text ?? `Scripted error ${status}` } }),
  textFrames: frames,
  jsonBody: (reply, request, pieces) => ({
    ...message(request, reply.withoutUsage ? undefined : (reply.rawUsage ?? encodeAnthropicUsage(usageOf(reply, request, pieces)))),
    content: [{ type: 'text', text: reply.text }],
    stop_reason: reply.finishReason ?? 'end_turn',
  }),
  brokenFrame: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":\n\n',
};
