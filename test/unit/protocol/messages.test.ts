// Commands, notifications and malformed input over a ChannelEndpoint pair: dispatch in both
// directions, validation of everything received (and sent), failing handlers and transports,
// and the compile-time checks of the protocol types. The bench is in ./harness.ts.
import assert from 'node:assert/strict';
import { ChannelEndpoint } from '../../../src/shared/protocol/channel';
import type { Handlers } from '../../../src/shared/protocol/ipc';
import { ProtocolError } from '../../../src/shared/protocol/validate';
import { type ToWebview, connect, forbidUnhandledRejections, hostHandlers, loneWebview, settle, testProtocol, tick } from './harness';

describe('protocol channel: messages', () => {
  forbidUnhandledRejections();

  describe('commands and notifications', () => {
    it('delivers commands and notifications from the webview to the host', async () => {
      const c = connect();
      c.webview.command('say', { text: 'hello' });
      c.webview.notify('progress', { done: 3 });
      await settle();
      assert.deepEqual(c.hostLog.said, ['hello']);
      assert.deepEqual(c.hostLog.progress, [3]);
      assert.deepEqual(c.toHost, [{ kind: 'command', method: 'say', params: { text: 'hello' } }, { kind: 'notification', method: 'progress', params: { done: 3 } }]);
    });

    it('delivers commands and notifications from the host to the webview', async () => {
      const c = connect();
      c.host.command('focus', { field: 'note' });
      c.host.notify('state', { count: 2 });
      c.host.notify('state', { count: 3, label: 'three' });
      await settle();
      assert.deepEqual(c.webviewLog.focused, ['note']);
      assert.deepEqual(c.webviewLog.states, [{ count: 2 }, { count: 3, label: 'three' }]);
    });

    it('lets params be omitted for a method whose params are empty, and sends {}', async () => {
      const c = connect();
      c.webview.command('explode');
      await settle();
      assert.deepEqual(c.toHost, [{ kind: 'command', method: 'explode', params: {} }]);
    });

    it('validates outgoing params too: a bad send throws and posts nothing; extra fields are not sent', async () => {
      const c = connect();
      assert.throws(() => c.webview.command('say', { text: 'x'.repeat(21) }), /params\.text: expected a string of at most 20 characters/);
      const withSecret = { count: 1, secret: 'token' };
      c.host.notify('state', withSecret);
      await settle();
      assert.deepEqual(c.toHost, []);
      assert.deepEqual(c.toWebview, [{ kind: 'notification', method: 'state', params: { count: 1 } }]);
      await assert.rejects(c.webview.request('add', { a: 1, b: Number.NaN }), ProtocolError);
    });

    it('reports a failing command handler through onHandlerError, never as an unhandled rejection', async () => {
      const c = connect();
      c.webview.command('explode');
      await settle();
      assert.equal(c.handlerErrors.length, 1);
      assert.equal(c.handlerErrors[0]?.method, 'explode');
      assert.ok(c.handlerErrors[0]?.error instanceof Error);
      // The afterEach hook asserts that no rejection went unhandled.
    });

    it('reports a handler that throws synchronously, and keeps dispatching', () => {
      const errors: string[] = [];
      const invalid: string[] = [];
      const seen: number[] = [];
      const webview = new ChannelEndpoint({
        post: () => undefined,
        outgoing: testProtocol.toHost,
        incoming: testProtocol.toWebview,
        handlers: {
          commands: { focus: () => undefined },
          requests: { confirm: async () => true },
          notifications: {
            state: ({ count }) => {
              if (count === 0) throw new Error('zero');
              seen.push(count);
            },
          },
        },
        onInvalid: (reason) => invalid.push(reason),
        onHandlerError: (method, error) => errors.push(`${method}: ${error instanceof Error ? error.message : ''}`),
      });
      for (const count of [0, 1]) webview.receive({ kind: 'notification', method: 'state', params: { count } });
      assert.deepEqual(errors, ['state: zero']);
      assert.deepEqual(seen, [1]);
      assert.deepEqual(invalid, []);
    });

    it('survives a reporter that throws: no exception out of receive, no unhandled rejection', async () => {
      const host = new ChannelEndpoint({
        post: () => undefined,
        outgoing: testProtocol.toWebview,
        incoming: testProtocol.toHost,
        handlers: hostHandlers({ said: [], progress: [], produced: 0, sawAbort: false }),
        onInvalid: () => {
          throw new Error('logger broken');
        },
        onHandlerError: () => {
          throw new Error('logger broken');
        },
      });
      assert.doesNotThrow(() => host.receive('garbage'));
      assert.doesNotThrow(() => host.receive({ kind: 'command', method: 'explode', params: {} }));
      await settle();
      // The afterEach hook asserts that no rejection went unhandled.
    });

    it('without onHandlerError, reports a failing handler through onInvalid', async () => {
      const c = connect({ noHandlerErrorSink: true });
      c.webview.command('explode');
      await settle();
      assert.deepEqual(c.invalid.host, ['handler for "explode" failed: command failed']);
    });
  });

  describe('malformed messages', () => {
    const cases: [string, unknown, string][] = [
      ['not an object', 'hello', 'message: expected an object'],
      ['null', null, 'message: expected an object'],
      ['an array', [], 'message: expected an object'],
      ['an unknown kind', { kind: 'shout', method: 'say' }, 'message.kind: expected one of "ready", "command", "notification", "request", "response", "error", "cancel"'],
      ['a missing kind', { method: 'say', params: {} }, 'message.kind: expected one of "ready", "command", "notification", "request", "response", "error", "cancel"'],
      ['a request without id', { kind: 'request', method: 'add', params: { a: 1, b: 2 } }, 'message.id: expected an integer from 0 to 9007199254740991'],
      ['a request with a string id', { kind: 'request', id: '1', method: 'add', params: { a: 1, b: 2 } }, 'message.id: expected an integer from 0 to 9007199254740991'],
      ['a fractional id', { kind: 'cancel', id: 1.5 }, 'message.id: expected an integer from 0 to 9007199254740991'],
      ['an empty method', { kind: 'command', method: '', params: {} }, 'message.method: expected a string of at least 1 and at most 200 characters'],
      ['an oversize method', { kind: 'command', method: 'x'.repeat(201), params: {} }, 'message.method: expected a string of at least 1 and at most 200 characters'],
      ['an unknown command', { kind: 'command', method: 'shout', params: {} }, 'unknown command "shout"'],
      ['a command named after a prototype member', { kind: 'command', method: 'toString', params: {} }, 'unknown command "toString"'],
      ['a notification named __proto__', { kind: 'notification', method: '__proto__', params: {} }, 'unknown notification "__proto__"'],
      ['a command with bad params', { kind: 'command', method: 'say', params: { text: 42 } }, 'command "say": params.text: expected a string of at most 20 characters'],
      ['an oversize string', { kind: 'command', method: 'say', params: { text: 'x'.repeat(21) } }, 'command "say": params.text: expected a string of at most 20 characters'],
      ['a command without params', { kind: 'command', method: 'say' }, 'command "say": params: expected an object'],
      ['a notification with bad params', { kind: 'notification', method: 'progress', params: { done: -1 } }, 'notification "progress": params.done: expected a finite number of at least 0'],
      ['a response for an unknown id', { kind: 'response', id: 99, result: 1 }, 'response for unknown request id 99'],
      ['an error for an unknown id', { kind: 'error', id: 99, message: 'x', cancelled: false }, 'error for unknown request id 99'],
      ['an error without cancelled', { kind: 'error', id: 99, message: 'x' }, 'message.cancelled: expected a boolean'],
      ['a cancel for an unknown id', { kind: 'cancel', id: 99 }, 'cancel for unknown request id 99'],
    ];
    for (const [name, raw, reason] of cases) {
      it(`rejects ${name} through onInvalid, and does nothing else`, async () => {
        const c = connect();
        assert.doesNotThrow(() => c.host.receive(raw));
        await settle();
        assert.deepEqual(c.invalid.host, [reason]);
        assert.deepEqual(c.hostLog.said, []);
        assert.deepEqual(c.toWebview, [], 'nothing posted in reply');
      });
    }

    it('answers a request for an unknown method or with bad params with one error, so the caller does not hang', async () => {
      const c = connect();
      c.host.receive({ kind: 'request', id: 7, method: 'constructor', params: {} });
      c.host.receive({ kind: 'request', id: 8, method: 'add', params: { a: 1, b: '2' } });
      await settle();
      assert.deepEqual(c.invalid.host, ['request "constructor": unknown request "constructor"', 'request "add": params.b: expected a finite number']);
      assert.deepEqual(c.toWebview, [
        { kind: 'error', id: 7, message: 'unknown request "constructor"', cancelled: false },
        { kind: 'error', id: 8, message: 'params.b: expected a finite number', cancelled: false },
      ]);
    });

    it('rejects a second request with the id of one still running, and runs it once', async () => {
      const c = connect();
      const request = { kind: 'request', id: 5, method: 'stream', params: { steps: 3 } };
      c.host.receive(request);
      c.host.receive(request);
      for (let i = 0; i < 10; i++) await tick();
      assert.deepEqual(c.invalid.host, ['request id 5 is already running']);
      assert.deepEqual(c.toWebview, [{ kind: 'response', id: 5, result: 3 }]);
    });

    it('drops extra fields from params before the handler sees them', async () => {
      const c = connect();
      const seen: unknown[] = [];
      const invalid: string[] = [];
      const host = new ChannelEndpoint({
        post: () => undefined,
        outgoing: testProtocol.toWebview,
        incoming: testProtocol.toHost,
        handlers: { ...hostHandlers(c.hostLog), commands: { say: (params) => void seen.push(params), explode: () => undefined } },
        onInvalid: (reason) => invalid.push(reason),
      });
      host.receive({ kind: 'command', method: 'say', params: { text: 'hi', admin: true }, extra: 1 });
      assert.deepEqual(seen, [{ text: 'hi' }]);
      assert.deepEqual(invalid, [], 'extra fields are dropped, not rejected');
    });
  });

  describe('transport failures', () => {
    it('reports a post that throws and rejects the request it carried', async () => {
      const invalid: string[] = [];
      const webview = new ChannelEndpoint({
        post: () => {
          throw new Error('webview is disposed');
        },
        outgoing: testProtocol.toHost,
        incoming: testProtocol.toWebview,
        handlers: { commands: { focus: () => undefined }, requests: { confirm: async () => true }, notifications: { state: () => undefined } },
        onInvalid: (reason) => invalid.push(reason),
      });
      await assert.rejects(webview.request('add', { a: 1, b: 1 }), /webview is disposed/);
      assert.doesNotThrow(() => webview.command('say', { text: 'x' }));
      assert.deepEqual(invalid, ['post of a request failed: webview is disposed', 'post of a command failed: webview is disposed']);
    });

    it('reports a post whose returned promise rejects (as webview.postMessage may)', async () => {
      const invalid: string[] = [];
      const webview = new ChannelEndpoint({
        post: () => Promise.reject(new Error('not delivered')),
        outgoing: testProtocol.toHost,
        incoming: testProtocol.toWebview,
        handlers: { commands: { focus: () => undefined }, requests: { confirm: async () => true }, notifications: { state: () => undefined } },
        onInvalid: (reason) => invalid.push(reason),
      });
      await assert.rejects(webview.request('add', { a: 1, b: 1 }), /not delivered/);
      assert.deepEqual(invalid, ['post of a request failed: not delivered']);
    });
  });

  it('checks handlers and sends against the protocol at compile time', () => {
    const { endpoint } = loneWebview();
    const incomplete: Handlers<ToWebview> = {
      // @ts-expect-error: a missing command handler is a compile error (exhaustive dispatch).
      commands: {},
      requests: { confirm: async () => true },
      notifications: { state: () => undefined },
    };
    assert.ok(incomplete);
    // @ts-expect-error: an unknown method.
    assert.throws(() => endpoint.command('shout', { text: 'x' }), ProtocolError);
    // @ts-expect-error: params of the wrong type.
    assert.throws(() => endpoint.command('say', { text: 1 }), ProtocolError);
    // @ts-expect-error: required params omitted.
    assert.throws(() => endpoint.command('say'), ProtocolError);
    const sum: Promise<number> = endpoint.request('add', { a: 1, b: 2 }, { timeoutMs: 5 });
    void sum.catch(() => undefined);
    // @ts-expect-error: a request's required params cannot be omitted either.
    void endpoint.request('add').catch(() => undefined);
    // @ts-expect-error: the result type comes from the protocol.
    const wrong: Promise<string> = endpoint.request('add', { a: 1, b: 2 });
    void wrong.catch(() => undefined);
    endpoint.dispose();
  });
});
