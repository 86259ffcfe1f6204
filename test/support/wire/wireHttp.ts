// The HTTP side shared by both wire formats: writing an event stream chunk by chunk with the
// scripted delays, pauses, cuts and in-stream errors, and the format interface each of
// openaiWire.ts and anthropicWire.ts implements.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { TextReply } from './wireReplies';

// Taken when this module loads, so that a test's fake timers do not stall the server.
const realSetTimeout = globalThis.setTimeout;

export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body; `{}` when it was not a JSON object. */
  readonly json: Readonly<Record<string, unknown>>;
  /** Length of the raw body, in characters. */
  readonly bodyLength: number;
}

/** The SSE frames of one text reply, in the format's own words. */
export interface TextFrames {
  readonly head: readonly string[];
  content(piece: string): string;
  error(type: string, message: string, code: number | string | undefined): string;
  readonly tail: readonly string[];
}

export interface WireFormat {
  readonly name: 'openai' | 'anthropic';
  /** Appended to the server's URL to make the base URL its SDK expects. */
  readonly basePath: string;
  accepts(method: string, path: string): boolean;
  /** The key the client sent, in whichever header this API takes it. */
  keyOf(headers: IncomingHttpHeaders): string | undefined;
  errorBody(status: number, type: string | undefined, message: string | undefined): Readonly<Record<string, unknown>>;
  textFrames(reply: TextReply, request: RecordedRequest, pieces: number): TextFrames;
  /** The whole answer as one JSON body, for a request with `stream: false`. */
  jsonBody(reply: TextReply, request: RecordedRequest, pieces: number): Readonly<Record<string, unknown>>;
  /** A frame whose data is broken JSON. */
  readonly brokenFrame: string;
}

export const EVENT_STREAM_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

/** Writes one response; every write is a no-op once the client has gone. */
export class StreamWriter {
  private lastFlush: Promise<void> = Promise.resolve();

  constructor(private readonly res: ServerResponse) {}

  get gone(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  start(status: number, headers: Readonly<Record<string, string>>): void {
    if (!this.gone) this.res.writeHead(status, headers);
  }

  send(frame: string): void {
    if (this.gone) return;
    this.lastFlush = new Promise((resolve) => this.res.write(frame, () => resolve()));
  }

  end(body?: string): void {
    if (!this.gone) this.res.end(body);
  }

  /** Destroys the socket once what was written has left, so the client sees the chunks, then the cut. */
  async cut(): Promise<void> {
    await this.lastFlush;
    this.res.socket?.destroy();
  }

  async delay(ms: number | undefined): Promise<void> {
    if (ms !== undefined && ms > 0 && !this.gone) await realSleep(ms);
  }

  /** Waits for `until` to settle or the client to go away, whichever comes first. */
  async waitFor(until: Promise<unknown>): Promise<void> {
    if (this.gone) return;
    await new Promise<void>((resolve) => {
      const done = (): void => resolve();
      this.res.once('close', done);
      until.then(done, done);
    });
  }
}

/** Streams a text reply: head frames, content chunks with the scripted interruptions, tail frames. */
export async function streamText(reply: TextReply, pieces: readonly string[], frames: TextFrames, out: StreamWriter): Promise<void> {
  await out.delay(reply.firstByteDelayMs);
  out.start(200, { ...EVENT_STREAM_HEADERS, 'x-request-id': 'req_wire' });
  for (const frame of frames.head) out.send(frame);
  if (await interrupt(reply, 0, frames, out)) return;
  for (let index = 0; index < pieces.length; index++) {
    out.send(frames.content(pieces[index] ?? ''));
    if (await interrupt(reply, index + 1, frames, out)) return;
    await out.delay(reply.chunkDelayMs);
    if (out.gone) return;
  }
  for (const frame of frames.tail) out.send(frame);
  out.end();
}

/** After `sent` content chunks: true when the reply stops here (cut, error, early end or client gone). */
async function interrupt(reply: TextReply, sent: number, frames: TextFrames, out: StreamWriter): Promise<boolean> {
  if (reply.cutAfterChunks === sent) {
    await out.cut();
    return true;
  }
  const error = reply.errorAfterChunks;
  if (error?.chunks === sent) {
    out.send(frames.error(error.type, error.message ?? `Scripted ${error.type}`, error.code));
    out.end();
    return true;
  }
  if (reply.endAfterChunks === sent) {
    out.end();
    return true;
  }
  if (reply.pause?.afterChunks === sent) await out.waitFor(reply.pause.until);
  return out.gone;
}
