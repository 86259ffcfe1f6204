// One end of a validated message channel between the extension host and a webview. The same
// class runs on both sides: the host posts with `webview.postMessage`, the webview with
// `acquireVsCodeApi().postMessage`, and each feeds what it receives into `receive`.
//
// Invariants: everything received is validated (envelope, then params or result) before it
// reaches a handler or a caller; every incoming request is answered exactly once; nothing here
// throws into the transport or leaves a promise rejection unhandled.
import {
  type CancelReason, type CommandMethod, type CommandParams, type Direction, type Envelope, type Handlers, MAX_ERROR_MESSAGE_LENGTH,
  type NotificationMethod, type NotificationParams, type ParamsArg, type RequestArgs, RequestCancelledError, type RequestMethod, type RequestOptions,
  type RequestParams, type RequestResult, type RequestSpec, RemoteError, parseEnvelope,
} from './ipc';
import { ProtocolError, type Validator } from './validate';

// The errors a caller catches are declared with the envelope; re-exported for convenience.
export { type CancelReason, RemoteError, RequestCancelledError, type RequestOptions } from './ipc';

export interface ChannelOptions<Out extends Direction, In extends Direction> {
  /** The transport. May return a promise (as `webview.postMessage` does); a rejection is reported. */
  readonly post: (message: unknown) => void;
  readonly outgoing: Out;
  readonly incoming: In;
  readonly handlers: Handlers<In>;
  /** A received message was rejected, or a message could not be posted. */
  readonly onInvalid: (reason: string) => void;
  /** A command or notification handler threw or rejected. Defaults to reporting via onInvalid. */
  readonly onHandlerError?: (method: string, error: unknown) => void;
  /** The message of an error response. Defaults to the Error's message. */
  readonly describeError?: (error: unknown) => string;
  /** The other side said `ready`. Without it, a `ready` is rejected as unexpected. */
  readonly onReady?: () => void;
}

// Method syntax makes the parameter bivariant, so the typed handlers of Handlers<In> fit here.
// That is sound only because each handler is called with what its own method's validator returned.
type Handler = { call(params: unknown, signal: AbortSignal): unknown }['call'];
interface HandlerTable {
  readonly commands: Readonly<Record<string, Handler>>;
  readonly requests: Readonly<Record<string, Handler>>;
  readonly notifications: Readonly<Record<string, Handler>>;
}

interface RunningRequest {
  readonly method: string;
  readonly controller: AbortController;
}

interface Settle {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

interface PendingRequest extends Settle {
  readonly method: string;
  readonly result: Validator<unknown>;
  readonly cleanup: () => void;
}

/** How many ids of abandoned / answered requests are remembered to recognise late messages. */
const MEMORY = 512;

function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function remember(ids: Set<number>, id: number): void {
  ids.add(id);
  // Sets iterate in insertion order, so the first entry is the oldest.
  if (ids.size > MEMORY) for (const oldest of ids) return void ids.delete(oldest);
}

/** An Error's message; anything else thrown (a string, an object) as text. */
function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    // An object without a usable toString (e.g. Object.create(null)).
    return 'unprintable error';
  }
}

/**
 * Runs a reporting callback, dropping what it throws: reports are often made from a promise's
 * `catch`, where a throwing logger would become an unhandled rejection, and a failing reporter
 * has nowhere to report to.
 */
function guarded(report: () => void): void {
  try {
    report();
  } catch {
    // Dropped on purpose, see above.
  }
}

/** Commands and notifications cannot be cancelled; their handlers get a signal that never aborts. */
const NEVER_ABORTED = new AbortController().signal;

export class ChannelEndpoint<Out extends Direction, In extends Direction> {
  private readonly outgoing: Direction;
  private readonly incoming: Direction;
  private readonly handlers: HandlerTable;
  private nextId = 1;
  private disposed = false;
  /** Our requests awaiting an answer. */
  private readonly pending = new Map<number, PendingRequest>();
  /** Our requests we cancelled: their late answers are expected and dropped silently. */
  private readonly abandoned = new Set<number>();
  /** Incoming requests whose handler is running, by id. */
  private readonly running = new Map<number, RunningRequest>();
  /** Incoming requests already answered: a cancel racing the answer is not an error. */
  private readonly answered = new Set<number>();

  constructor(private readonly options: ChannelOptions<Out, In>) {
    this.outgoing = options.outgoing;
    this.incoming = options.incoming;
    this.handlers = options.handlers;
  }

  /** Feeds one received message in. Never throws; anything invalid goes to `onInvalid`. */
  receive(raw: unknown): void {
    if (this.disposed) return;
    let message: Envelope;
    try {
      message = parseEnvelope(raw);
    } catch (error) {
      return this.invalid(errorText(error));
    }
    switch (message.kind) {
      case 'ready':
        return this.receiveReady();
      case 'command':
        return this.receiveOneWay('command', message.method, message.params);
      case 'notification':
        return this.receiveOneWay('notification', message.method, message.params);
      case 'request':
        return this.receiveRequest(message.id, message.method, message.params);
      case 'response':
        return this.receiveResponse(message.id, message.result);
      case 'error':
        return this.receiveError(message.id, message.message, message.cancelled);
      case 'cancel':
        return this.receiveCancel(message.id);
      default: {
        const unhandled: never = message;
        return this.invalid(`unhandled message ${JSON.stringify(unhandled)}`);
      }
    }
  }

  // The overloads carry the protocol's static types; the implementations work on unknowns that
  // the very validators defining those types check at run time.
  /** Fire and forget. Throws a ProtocolError if `params` break the method's own validator. */
  command<M extends CommandMethod<Out>>(method: M, ...params: ParamsArg<CommandParams<Out, M>>): void;
  command(method: string, params?: unknown): void {
    if (this.disposed) return;
    const checked = this.checkOutgoing(own(this.outgoing.commands, method), method, params);
    this.post({ kind: 'command', method, params: checked });
  }

  /** State or partial updates. Throws a ProtocolError if `params` break the method's own validator. */
  notify<M extends NotificationMethod<Out>>(method: M, ...params: ParamsArg<NotificationParams<Out, M>>): void;
  notify(method: string, params?: unknown): void {
    if (this.disposed) return;
    const checked = this.checkOutgoing(own(this.outgoing.notifications, method), method, params);
    this.post({ kind: 'notification', method, params: checked });
  }

  /**
   * Resolves with the validated result. Rejects with RemoteError (the other side failed),
   * RequestCancelledError (aborted, timed out, disposed) or ProtocolError (bad params or result).
   */
  request<M extends RequestMethod<Out>>(method: M, ...args: RequestArgs<RequestParams<Out, M>>): Promise<RequestResult<Out, M>>;
  request(method: string, params?: unknown, options: RequestOptions = {}): Promise<unknown> {
    if (this.disposed) return Promise.reject(new RequestCancelledError(method, 'disposed'));
    const spec: RequestSpec | undefined = own(this.outgoing.requests, method);
    if (!spec) return Promise.reject(new ProtocolError(`unknown request "${method}"`));
    let checked: unknown;
    try {
      checked = this.checkOutgoing(spec.params, method, params);
    } catch (error) {
      return Promise.reject(error);
    }
    if (options.signal?.aborted) return Promise.reject(new RequestCancelledError(method, 'aborted'));
    return new Promise((resolve, reject) => this.startRequest(method, checked, spec.result, options, { resolve, reject }));
  }

  /** Tells the other side this end is listening. The webview sends it once, first. */
  sendReady(): void {
    if (!this.disposed) this.post({ kind: 'ready' });
  }

  /** Aborts running handlers, cancels pending requests; later calls do nothing. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.dropAll('disposed');
  }

  /** Aborts every running handler without answering, and rejects every pending request. */
  private dropAll(reason: CancelReason): void {
    for (const { method, controller } of this.running.values()) controller.abort(new RequestCancelledError(method, reason));
    this.running.clear();
    for (const request of this.pending.values()) {
      request.cleanup();
      request.reject(new RequestCancelledError(request.method, reason));
    }
    this.pending.clear();
    this.abandoned.clear();
    this.answered.clear();
  }

  private startRequest(method: string, params: unknown, result: Validator<unknown>, options: RequestOptions, settle: Settle): void {
    const id = this.nextId++;
    const { signal, timeoutMs } = options;
    const onAbort = () => this.abandon(id, 'aborted');
    const timer = timeoutMs !== undefined ? setTimeout(() => this.abandon(id, 'timeout'), timeoutMs) : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    this.pending.set(id, { method, result, cleanup, ...settle });
    this.post({ kind: 'request', id, method, params }, (error) => this.take(id)?.reject(error));
  }

  /** Gives up on one of our requests: the caller is rejected and the other side told to stop. */
  private abandon(id: number, reason: CancelReason): void {
    const request = this.take(id);
    if (!request) return;
    remember(this.abandoned, id);
    this.post({ kind: 'cancel', id });
    request.reject(new RequestCancelledError(request.method, reason));
  }

  private take(id: number): PendingRequest | undefined {
    const request = this.pending.get(id);
    if (!request) return undefined;
    this.pending.delete(id);
    request.cleanup();
    return request;
  }

  private checkOutgoing(validator: Validator<unknown> | undefined, method: string, params: unknown): unknown {
    if (!validator) throw new ProtocolError(`unknown method "${method}"`);
    // `{}` stands in for omitted params (see ParamsArg), so a send never carries `undefined`.
    return validator(params === undefined ? {} : params, 'params');
  }

  private receiveReady(): void {
    if (!this.options.onReady) return this.invalid('unexpected "ready"');
    // A second `ready` comes from a new page (the webview was reloaded): the old page's requests
    // and the answers it was waiting for are gone with it, and its ids will be reused.
    this.dropAll('reloaded');
    try {
      this.options.onReady();
    } catch (error) {
      this.handlerFailed('ready', error);
    }
  }

  private receiveOneWay(kind: 'command' | 'notification', method: string, raw: unknown): void {
    const validator = own(kind === 'command' ? this.incoming.commands : this.incoming.notifications, method);
    const handler = own(kind === 'command' ? this.handlers.commands : this.handlers.notifications, method);
    if (!validator || !handler) return this.invalid(`unknown ${kind} "${method}"`);
    let params: unknown;
    try {
      params = validator(raw, 'params');
    } catch (error) {
      return this.invalid(`${kind} "${method}": ${errorText(error)}`);
    }
    try {
      // Promise.resolve adopts a returned promise, so its rejection is caught here too.
      Promise.resolve(handler(params, NEVER_ABORTED)).catch((error: unknown) => this.handlerFailed(method, error));
    } catch (error) {
      this.handlerFailed(method, error);
    }
  }

  private receiveRequest(id: number, method: string, raw: unknown): void {
    if (this.running.has(id)) return this.invalid(`request id ${id} is already running`);
    const spec = own(this.incoming.requests, method);
    const handler = own(this.handlers.requests, method);
    let params: unknown;
    try {
      if (!spec || !handler) throw new ProtocolError(`unknown request "${method}"`);
      params = spec.params(raw, 'params');
    } catch (error) {
      this.invalid(`request "${method}": ${errorText(error)}`);
      // Still answered, so the caller fails now instead of waiting for a timeout.
      return this.answer(id, { kind: 'error', id, message: this.clip(errorText(error)), cancelled: false });
    }
    const running = { method, controller: new AbortController() };
    this.running.set(id, running);
    void this.runRequest(id, running, () => handler(params, running.controller.signal), spec.result);
  }

  // Never rejects: every outcome, including a failing describeError, becomes one answer.
  private async runRequest(id: number, running: RunningRequest, run: () => unknown, result: Validator<unknown>): Promise<void> {
    let answer: Envelope;
    try {
      answer = { kind: 'response', id, result: this.validResult(running.method, await run(), result) };
    } catch (error) {
      answer = { kind: 'error', id, message: this.describe(error), cancelled: running.controller.signal.aborted };
    }
    // A cancel or dispose already answered (or silenced) this request.
    if (this.running.get(id) !== running) return;
    this.running.delete(id);
    this.answer(id, answer);
  }

  private validResult(method: string, value: unknown, validator: Validator<unknown>): unknown {
    try {
      return validator(value, 'result');
    } catch (error) {
      this.invalid(`request "${method}" produced an invalid result: ${errorText(error)}`);
      throw error;
    }
  }

  private receiveCancel(id: number): void {
    const running = this.running.get(id);
    if (!running) {
      if (!this.answered.has(id)) this.invalid(`cancel for unknown request id ${id}`);
      return;
    }
    this.running.delete(id);
    running.controller.abort(new RequestCancelledError(running.method, 'remote'));
    this.answer(id, { kind: 'error', id, message: 'Request cancelled.', cancelled: true });
  }

  private answer(id: number, answer: Envelope): void {
    remember(this.answered, id);
    this.post(answer);
  }

  private receiveResponse(id: number, raw: unknown): void {
    const request = this.takeAnswered(id, 'response');
    if (!request) return;
    try {
      request.resolve(request.result(raw, 'result'));
    } catch (error) {
      this.invalid(`response to "${request.method}": ${errorText(error)}`);
      request.reject(error);
    }
  }

  private receiveError(id: number, message: string, cancelled: boolean): void {
    const request = this.takeAnswered(id, 'error');
    if (!request) return;
    request.reject(cancelled ? new RequestCancelledError(request.method, 'remote') : new RemoteError(request.method, message));
  }

  /** The pending request an answer belongs to; reports an answer nobody is waiting for. */
  private takeAnswered(id: number, kind: string): PendingRequest | undefined {
    const request = this.take(id);
    if (request) return request;
    if (this.abandoned.has(id)) this.abandoned.delete(id);
    else this.invalid(`${kind} for unknown request id ${id}`);
    return undefined;
  }

  /** Posts through the transport; a failure (thrown or rejected) is reported, then `onFail` runs. */
  private post(message: Envelope, onFail?: (error: unknown) => void): void {
    if (this.disposed) return;
    const failed = (error: unknown) => {
      this.invalid(`post of a ${message.kind} failed: ${errorText(error)}`);
      onFail?.(error);
    };
    try {
      Promise.resolve(this.options.post(message)).catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  private describe(error: unknown): string {
    try {
      return this.clip((this.options.describeError ?? errorText)(error));
    } catch {
      return this.clip(errorText(error));
    }
  }

  private clip(text: string): string {
    return text.length > MAX_ERROR_MESSAGE_LENGTH ? `${text.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…` : text;
  }

  private handlerFailed(method: string, error: unknown): void {
    const { onHandlerError } = this.options;
    if (!onHandlerError) return this.invalid(`handler for "${method}" failed: ${errorText(error)}`);
    guarded(() => onHandlerError(method, error));
  }

  private invalid(reason: string): void {
    guarded(() => this.options.onInvalid(reason));
  }
}
