// The OpenAI chat-completions wire format: `data: {chunk}` lines, `data: [DONE]`, usage in a last
// chunk with empty choices when the request asked for it (stream_options.include_usage), and
// error bodies `{ "error": { "message", "type", "code", "param" } }`.
import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedRequest, TextFrames, WireFormat } from './wireHttp';
import type { OpenAIUsagePlacement, TextReply, WireUsage } from './wireReplies';

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'permission_denied',
  404: 'not_found_error',
  409: 'conflict',
  422: 'invalid_request_error',
  429: 'rate_limit_exceeded',
  500: 'server_error',
  502: 'server_error',
  503: 'server_error',
};

const ERROR_CODES: Readonly<Record<number, string>> = { 401: 'invalid_api_key', 429: 'rate_limit_exceeded' };

/** OpenAI's semantics: prompt_tokens includes cached (and OpenRouter's written) tokens. */
export function encodeOpenAIUsage(usage: WireUsage): Record<string, unknown> {
  const cacheRead = usage.cacheRead ?? 0;
  const cacheWrite = usage.cacheWrite ?? 0;
  const prompt = usage.input + cacheRead + cacheWrite;
  const details: Record<string, number> = { cached_tokens: cacheRead };
  if (cacheWrite > 0) details['cache_write_tokens'] = cacheWrite;
  return { prompt_tokens: prompt, completion_tokens: usage.output, total_tokens: prompt + usage.output, prompt_tokens_details: details };
}

function usageOf(reply: TextReply, request: RecordedRequest, pieces: number): Record<string, unknown> {
  return reply.rawUsage ?? encodeOpenAIUsage(reply.usage ?? { input: Math.max(1, Math.ceil(request.bodyLength / 4)), output: pieces });
}

function placementOf(reply: TextReply, request: RecordedRequest): OpenAIUsagePlacement {
  if (reply.withoutUsage) return 'none';
  if (reply.usageIn) return reply.usageIn;
  const options = request.json['stream_options'];
  const asked = typeof options === 'object' && options !== null && 'include_usage' in options && options.include_usage === true;
  return asked ? 'usage-chunk' : 'none';
}

function modelOf(request: RecordedRequest): string {
  const model = request.json['model'];
  return typeof model === 'string' ? model : 'wire-model';
}

const data = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

function frames(reply: TextReply, request: RecordedRequest, pieces: number): TextFrames {
  const base = { id: 'chatcmpl-wire', object: 'chat.completion.chunk', created: 1_767_225_600, model: modelOf(request) };
  const placement = placementOf(reply, request);
  const usage = placement === 'none' ? undefined : usageOf(reply, request, pieces);
  const every = placement === 'every-chunk' ? { usage } : {};
  const finish = { ...base, choices: [{ index: 0, delta: {}, finish_reason: reply.finishReason ?? 'stop' }], ...every };
  if (placement === 'final-chunk') Object.assign(finish, { usage });
  if (placement === 'x_groq') Object.assign(finish, { x_groq: { id: 'req_wire', usage } });
  const tail = [data(finish)];
  if (placement === 'usage-chunk') tail.push(data({ ...base, choices: [], usage }));
  tail.push('data: [DONE]\n\n');
  return {
    head: [data({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }], ...every })],
    content: (piece) => data({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }], ...every }),
    error: (type, message, code) => data({ error: { message, type, code: code ?? null, param: null } }),
    tail,
  };
}

export const openaiFormat: WireFormat = {
  name: 'openai',
  basePath: '/v1',
  accepts: (method, path) => method === 'POST' && path.endsWith('/chat/completions'),
  keyOf(headers: IncomingHttpHeaders) {
    const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
    return match?.[1];
  },
  errorBody: (status, type, message) => ({
    error: { message: message ?? `Scripted error ${status}`, type: type ?? ERROR_TYPES[status] ?? 'api_error', code: ERROR_CODES[status] ?? null, param: null },
  }),
  textFrames: frames,
  jsonBody: (reply, request, pieces) => ({
    id: 'chatcmpl-wire',
    object: 'chat.completion',
    created: 1_767_225_600,
    model: modelOf(request),
    choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: reply.finishReason ?? 'stop' }],
    ...(reply.withoutUsage ? {} : { usage: usageOf(reply, request, pieces) }),
  }),
  brokenFrame: 'data: {"id":"chatcmpl-wire","choices":[{"index":0,"delta":{"content":"broken\n\n',
};
