// The envelope every webview message travels in, and the shape of a per-view protocol. A view
// declares its protocol once with `defineProtocol`; both the host and the webview build a
// ChannelEndpoint from that one declaration, so the two sides cannot drift apart.
import { type Infer, type Validator, boolean, discriminated, number, object, string } from './validate';

export const MAX_METHOD_LENGTH = 200;
/** Error messages are cut to this length before they are posted (the receiver rejects longer ones). */
export const MAX_ERROR_MESSAGE_LENGTH = 4000;

/** Passes a payload through untouched: params and results are checked per method, later. */
const payload: Validator<unknown> = (value) => value;
const method = string({ min: 1, max: MAX_METHOD_LENGTH });
const id = number({ integer: true, min: 0, max: Number.MAX_SAFE_INTEGER });

const envelope = discriminated('kind', {
  ready: object({}),
  command: object({ method, params: payload }),
  notification: object({ method, params: payload }),
  request: object({ id, method, params: payload }),
  response: object({ id, result: payload }),
  error: object({ id, message: string({ max: MAX_ERROR_MESSAGE_LENGTH }), cancelled: boolean() }),
  cancel: object({ id }),
});

/** The only thing ever posted between host and webview, in either direction. */
export type Envelope = Infer<typeof envelope>;
export type EnvelopeKind = Envelope['kind'];

/** Checks a received message's envelope (not yet its params). Throws a ProtocolError. */
export function parseEnvelope(raw: unknown): Envelope {
  return envelope(raw, 'message');
}

export interface RequestSpec<P = unknown, R = unknown> {
  readonly params: Validator<P>;
  readonly result: Validator<R>;
}

/** What one side may send to the other. Any member may be `{}`. */
export interface Direction {
  readonly commands: Readonly<Record<string, Validator<unknown>>>;
  readonly requests: Readonly<Record<string, RequestSpec>>;
  readonly notifications: Readonly<Record<string, Validator<unknown>>>;
}

export interface Protocol {
  readonly toHost: Direction;
  readonly toWebview: Direction;
}

/** Declares a view's protocol; the identity at run time, it keeps the literal method types. */
export function defineProtocol<const P extends Protocol>(protocol: P): P {
  return protocol;
}

export type CommandMethod<D extends Direction> = keyof D['commands'] & string;
export type RequestMethod<D extends Direction> = keyof D['requests'] & string;
export type NotificationMethod<D extends Direction> = keyof D['notifications'] & string;

export type CommandParams<D extends Direction, M extends CommandMethod<D>> = Infer<D['commands'][M]>;
export type NotificationParams<D extends Direction, M extends NotificationMethod<D>> = Infer<D['notifications'][M]>;
export type RequestParams<D extends Direction, M extends RequestMethod<D>> = Infer<D['requests'][M]['params']>;
export type RequestResult<D extends Direction, M extends RequestMethod<D>> = Infer<D['requests'][M]['result']>;

/** The params argument of a send: optional when `{}` would do (e.g. for `empty`). */
export type ParamsArg<P> = Record<string, never> extends P ? [params?: P] : [params: P];
/** The arguments of `request` after the method: params as in ParamsArg, then options. */
export type RequestArgs<P> = Record<string, never> extends P ? [params?: P, options?: RequestOptions] : [params: P, options?: RequestOptions];

/**
 * One handler per incoming method. A mapped type, so a method without a handler (or a handler
 * for a method that does not exist) is a compile error: this is the exhaustive dispatch.
 */
export interface Handlers<D extends Direction> {
  readonly commands: { readonly [M in CommandMethod<D>]: (params: CommandParams<D, M>) => void | Promise<void> };
  readonly requests: {
    readonly [M in RequestMethod<D>]: (params: RequestParams<D, M>, signal: AbortSignal) => Promise<RequestResult<D, M>>;
  };
  readonly notifications: { readonly [M in NotificationMethod<D>]: (params: NotificationParams<D, M>) => void };
}

/** The other side answered a request with an error; `message` is its description. */
export class RemoteError extends Error {
  override readonly name = 'RemoteError';
  constructor(
    readonly method: string,
    message: string,
  ) {
    super(message);
  }
}

/** `remote`: the other side cancelled; `reloaded`: the webview said `ready` again (a new page). */
export type CancelReason = 'aborted' | 'timeout' | 'disposed' | 'remote' | 'reloaded';

/** A request ended without a result: aborted, timed out, disposed, or dropped by the other side. */
export class RequestCancelledError extends Error {
  override readonly name = 'RequestCancelledError';
  constructor(
    readonly method: string,
    readonly reason: CancelReason,
  ) {
    super(`Request "${method}" was cancelled (${reason}).`);
  }
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}
