// The test bench of the channel tests: a small protocol, and two ChannelEndpoints, a "host" and
// a "webview", joined by a transport that JSON round-trips every message and delivers it on a
// later microtask, as postMessage does. Every envelope posted is recorded, so "exactly one
// answer" is counted, not assumed.
import assert from 'node:assert/strict';
import { ChannelEndpoint } from '../../../src/shared/protocol/channel';
import { type Handlers, defineProtocol } from '../../../src/shared/protocol/ipc';
import { boolean, empty, literal, number, object, optional, string } from '../../../src/shared/protocol/validate';

export const testProtocol = defineProtocol({
  toHost: {
    commands: { say: object({ text: string({ max: 20 }) }), explode: empty },
    requests: {
      add: { params: object({ a: number(), b: number() }), result: number() },
      fail: { params: object({ how: literal('error', 'string', 'object', 'null-prototype', 'sync') }), result: empty },
      stream: { params: object({ steps: number({ integer: true, min: 1, max: 1000 }) }), result: number() },
      badResult: { params: empty, result: object({ n: number({ integer: true }) }) },
    },
    notifications: { progress: object({ done: number({ min: 0 }) }) },
  },
  toWebview: {
    commands: { focus: object({ field: literal('goal', 'note') }) },
    requests: { confirm: { params: object({ question: string({ max: 100 }) }), result: boolean() } },
    notifications: { state: object({ count: number({ integer: true }), label: optional(string()) }) },
  },
});
export type ToHost = typeof testProtocol.toHost;
export type ToWebview = typeof testProtocol.toWebview;
export type Envelope = { kind?: unknown; id?: unknown; cancelled?: unknown; message?: unknown };

export const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));
/** Lets queued deliveries and the handlers they start run. */
export const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** What the host side's handlers saw, for assertions. */
export interface HostLog {
  said: string[];
  progress: number[];
  produced: number;
  sawAbort: boolean;
}

export function hostHandlers(log: HostLog): Handlers<ToHost> {
  return {
    commands: {
      say: ({ text }) => void log.said.push(text),
      explode: async () => {
        throw new Error('command failed');
      },
    },
    requests: {
      add: async ({ a, b }) => a + b,
      fail: async ({ how }) => {
        if (how === 'error') throw new Error('no such session');
        if (how === 'string') throw 'a plain string';
        if (how === 'object') throw { code: 7 };
        if (how === 'null-prototype') throw Object.create(null);
        return {};
      },
      // Produces one step per tick until done or aborted, like a streaming answer.
      stream: async ({ steps }, signal) => {
        while (log.produced < steps) {
          if (signal.aborted) {
            log.sawAbort = true;
            throw new Error('stopped');
          }
          log.produced++;
          await tick();
        }
        return log.produced;
      },
      badResult: async () => ({ n: 1.5 }),
    },
    notifications: { progress: ({ done }) => void log.progress.push(done) },
  };
}

export interface ConnectOptions {
  readonly webviewRequests?: Partial<Handlers<ToWebview>['requests']>;
  readonly describeError?: (error: unknown) => string;
  /** Leaves the host without onHandlerError, to see the default report. */
  readonly noHandlerErrorSink?: boolean;
}

export function connect(options: ConnectOptions = {}) {
  const toHost: Envelope[] = [];
  const toWebview: Envelope[] = [];
  const invalid = { host: [] as string[], webview: [] as string[] };
  const handlerErrors: { method: string; error: unknown }[] = [];
  const hostLog: HostLog = { said: [], progress: [], produced: 0, sawAbort: false };
  const webviewLog = { focused: [] as string[], states: [] as unknown[], readies: 0 };
  // JSON round trip: the receiver never shares an object with the sender.
  const deliver = (sent: Envelope[], to: () => { receive(raw: unknown): void }) => (message: unknown) => {
    const copy: Envelope = JSON.parse(JSON.stringify(message));
    sent.push(copy);
    queueMicrotask(() => to().receive(JSON.parse(JSON.stringify(message))));
  };
  const host: ChannelEndpoint<ToWebview, ToHost> = new ChannelEndpoint({
    post: deliver(toWebview, () => webview),
    outgoing: testProtocol.toWebview,
    incoming: testProtocol.toHost,
    handlers: hostHandlers(hostLog),
    onInvalid: (reason) => invalid.host.push(reason),
    ...(options.noHandlerErrorSink ? {} : { onHandlerError: (method: string, error: unknown) => handlerErrors.push({ method, error }) }),
    ...(options.describeError ? { describeError: options.describeError } : {}),
    onReady: () => webviewLog.readies++,
  });
  const webview: ChannelEndpoint<ToHost, ToWebview> = new ChannelEndpoint({
    post: deliver(toHost, () => host),
    outgoing: testProtocol.toHost,
    incoming: testProtocol.toWebview,
    handlers: {
      commands: { focus: ({ field }) => void webviewLog.focused.push(field) },
      requests: { confirm: async ({ question }) => question.endsWith('?'), ...options.webviewRequests },
      notifications: { state: (state) => void webviewLog.states.push(state) },
    },
    onInvalid: (reason) => invalid.webview.push(reason),
  });
  /** The responses and errors posted for one request id. */
  const answers = (sent: Envelope[], id: unknown) => sent.filter((m) => (m.kind === 'response' || m.kind === 'error') && m.id === id);
  return { host, webview, toHost, toWebview, invalid, handlerErrors, hostLog, webviewLog, answers };
}

/** A lone webview-side endpoint whose posts are only recorded: the test plays the host by hand. */
export function loneWebview() {
  const posted: Envelope[] = [];
  const invalid: string[] = [];
  const endpoint = new ChannelEndpoint({
    post: (message) => void posted.push(JSON.parse(JSON.stringify(message))),
    outgoing: testProtocol.toHost,
    incoming: testProtocol.toWebview,
    handlers: { commands: { focus: () => undefined }, requests: { confirm: async () => true }, notifications: { state: () => undefined } },
    onInvalid: (reason) => invalid.push(reason),
  });
  return { endpoint, posted, invalid };
}

/** The id of the last request posted in `sent`. */
export function lastRequestId(sent: Envelope[]): unknown {
  return sent.filter((m) => m.kind === 'request').at(-1)?.id;
}

/**
 * Fails the current test if a promise rejection went unhandled during it: handler failures must
 * all reach onHandlerError / onInvalid or an answer, never the process.
 */
export function forbidUnhandledRejections(): void {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  before(() => process.on('unhandledRejection', onUnhandled));
  after(() => process.off('unhandledRejection', onUnhandled));
  afterEach(async () => {
    await settle();
    assert.deepEqual(unhandled.splice(0), [], 'no promise rejection may go unhandled');
  });
}
