/**
 * Local servers that speak the providers' wire formats, for tests and benchmarks that drive the
 * real `openai` and `@anthropic-ai/sdk` clients.
 *
 *   const server = await startOpenAIWire();            // or startAnthropicWire()
 *   const client = new OpenAI({ apiKey: 'k', baseURL: server.baseUrl, maxRetries: 0 });
 *   server.enqueue(
 *     reply.error(429, { headers: { 'retry-after': '2' } }),
 *     reply.text('Hello there', { chunks: 3, usage: { input: 200, output: 3, cacheRead: 800 } }),
 *   );
 *   ...
 *   server.requests[1].json.model;                     // what the client sent
 *   await server.close();
 *
 * Each request takes the next scripted reply (FIFO); when none is left it gets the default
 * reply (`reply.text('ok', { chunks: 1 })` unless `setDefault` changed it; cheap enough for a
 * benchmark's 50 concurrent requests). Replies (wireReplies.ts): a streamed text answer with
 * usage, delays before the first byte and between chunks, a cut, an early end, a pause or an
 * in-stream error (`reply.text`, `reply.cut`, `reply.streamError`); an HTTP error with
 * headers (retry-after-ms, retry-after in seconds or as a date) and a body in the format's
 * shape (`reply.error`); a connection reset before any byte (`reply.reset`); an HTML page with
 * 200 (`reply.html`); broken SSE (`reply.malformed`). A request with `stream: false` gets the
 * answer as one JSON body. Usage figures are given in Baton's normalized terms and encoded with
 * each format's semantics (OpenAI's prompt_tokens includes cached tokens); `rawUsage` sends an
 * object as is. OpenAI streams carry usage only when the request asked (`include_usage`),
 * unless `usageIn` says where to put it.
 *
 * Every request is recorded (method, path, lower-case headers, parsed JSON body) unless
 * `record: false` (benchmarks). With `apiKey` set, a request without that key gets a 401 in
 * the format's shape. `close()` destroys open sockets, so paused or slow replies never hold a
 * test up. Timers are the real ones, taken at load, so fake timers in a test do not stall it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { anthropicFormat } from './anthropicWire';
import { openaiFormat } from './openaiWire';
import { type RecordedRequest, StreamWriter, streamText, type WireFormat, EVENT_STREAM_HEADERS } from './wireHttp';
import { type MalformedReply, reply, splitText, type TextReply, type WireReply } from './wireReplies';

export { reply, type WireReply, type WireUsage } from './wireReplies';
export type { RecordedRequest } from './wireHttp';
export { encodeOpenAIUsage } from './openaiWire';
export { encodeAnthropicUsage } from './anthropicWire';

export interface WireServerOptions {
  /** Only this key is accepted; any key, or none, when absent. */
  readonly apiKey?: string;
  /** Record requests (default true). A benchmark turns it off: recorded prompts are heap. */
  readonly record?: boolean;
  readonly defaultReply?: WireReply;
}

export interface WireServer {
  readonly format: 'openai' | 'anthropic';
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** What to give the SDK as its base URL (`url + /v1` for OpenAI, `url` for Anthropic). */
  readonly baseUrl: string;
  readonly requests: readonly RecordedRequest[];
  /** Scripted replies not yet used. */
  readonly pending: number;
  enqueue(...replies: WireReply[]): void;
  setDefault(reply: WireReply): void;
  clearRequests(): void;
  close(): Promise<void>;
}

export const startOpenAIWire = (options: WireServerOptions = {}): Promise<WireServer> => startWire(openaiFormat, options);
export const startAnthropicWire = (options: WireServerOptions = {}): Promise<WireServer> => startWire(anthropicFormat, options);

class Wire implements WireServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: WireReply[] = [];
  private readonly sockets = new Set<Socket>();
  private defaultReply: WireReply;
  url = '';

  constructor(
    private readonly wireFormat: WireFormat,
    private readonly options: WireServerOptions,
    private readonly server: Server,
  ) {
    this.defaultReply = options.defaultReply ?? reply.text('ok', { chunks: 1 });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  get format(): 'openai' | 'anthropic' {
    return this.wireFormat.name;
  }

  get baseUrl(): string {
    return this.url + this.wireFormat.basePath;
  }

  get pending(): number {
    return this.queue.length;
  }

  enqueue(...replies: WireReply[]): void {
    this.queue.push(...replies);
  }

  setDefault(next: WireReply): void {
    this.defaultReply = next;
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await readRequest(req);
    if (this.options.record !== false) this.requests.push(request);
    const out = new StreamWriter(res);
    if (!this.wireFormat.accepts(request.method, request.path)) return sendError(this.wireFormat, out, 404, undefined, `No route ${request.method} ${request.path}`);
    if (this.options.apiKey !== undefined && this.wireFormat.keyOf(req.headers) !== this.options.apiKey) {
      return sendError(this.wireFormat, out, 401, undefined, 'Invalid API key.');
    }
    const next = this.queue.shift() ?? this.defaultReply;
    await respond(this.wireFormat, next, request, req, out);
  }
}

async function startWire(wireFormat: WireFormat, options: WireServerOptions): Promise<WireServer> {
  const server = createServer();
  const wire = new Wire(wireFormat, options, server);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    wire.handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  wire.url = `http://127.0.0.1:${port}`;
  return wire;
}

async function readRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(typeof part === 'string' ? Buffer.from(part) : part);
  const raw = Buffer.concat(parts).toString('utf8');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', headers, json: parseObject(raw), bodyLength: raw.length };
}

function parseObject(raw: string): Readonly<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {};
  } catch {
    return {};
  }
}

async function respond(wireFormat: WireFormat, next: WireReply, request: RecordedRequest, req: IncomingMessage, out: StreamWriter): Promise<void> {
  switch (next.kind) {
    case 'text':
      return respondText(wireFormat, next, request, out);
    case 'error':
      return respondError(wireFormat, next, out);
    case 'reset':
      req.socket.resetAndDestroy();
      return;
    case 'html':
      out.start(200, { 'content-type': 'text/html; charset=utf-8' });
      out.end('<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n<body><h1>Please sign in to the network</h1></body></html>\n');
      return;
    case 'malformed':
      return respondMalformed(wireFormat, next, request, out);
  }
}

async function respondText(wireFormat: WireFormat, next: TextReply, request: RecordedRequest, out: StreamWriter): Promise<void> {
  const pieces = splitText(next.text, next.chunks);
  if (request.json['stream'] !== true) {
    await out.delay(next.firstByteDelayMs);
    out.start(200, { 'content-type': 'application/json' });
    out.end(JSON.stringify(wireFormat.jsonBody(next, request, pieces.length)));
    return;
  }
  await streamText(next, pieces, wireFormat.textFrames(next, request, pieces.length), out);
}

function respondError(wireFormat: WireFormat, next: Extract<WireReply, { kind: 'error' }>, out: StreamWriter): void {
  const body = next.body ?? wireFormat.errorBody(next.status, next.type, next.message);
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  out.start(next.status, { 'content-type': type, ...next.headers });
  out.end(text);
}

function sendError(wireFormat: WireFormat, out: StreamWriter, status: number, type: string | undefined, message: string): void {
  respondError(wireFormat, { kind: 'error', status, type, message }, out);
}

function respondMalformed(wireFormat: WireFormat, next: MalformedReply, request: RecordedRequest, out: StreamWriter): void {
  out.start(200, EVENT_STREAM_HEADERS);
  if (next.form === 'not-sse') {
    out.end('this is not an event stream\n{"neither": "is this"}\n\n');
    return;
  }
  const pieces = splitText(next.text, Math.max(1, next.afterChunks));
  const frames = wireFormat.textFrames(reply.text(next.text), request, pieces.length);
  for (const frame of frames.head) out.send(frame);
  for (const piece of pieces.slice(0, next.afterChunks)) out.send(frames.content(piece));
  out.send(wireFormat.brokenFrame);
  out.end();
}
