// Requests over a ChannelEndpoint pair: exactly one answer each, errors, cancellation and
// timeouts, the ready handshake and disposal. The bench is in ./harness.ts.
import assert from 'node:assert/strict';
import { RemoteError, RequestCancelledError } from '../../../src/shared/protocol/channel';
import { MAX_ERROR_MESSAGE_LENGTH } from '../../../src/shared/protocol/ipc';
import { ProtocolError } from '../../../src/shared/protocol/validate';
import { connect, forbidUnhandledRejections, lastRequestId, loneWebview, settle, tick } from './harness';

describe('protocol channel: requests', () => {
  forbidUnhandledRejections();

  describe('answers', () => {
    it('answers a request with exactly one response', async () => {
      const c = connect();
      assert.equal(await c.webview.request('add', { a: 2, b: 3 }), 5);
      await settle();
      const id = lastRequestId(c.toHost);
      assert.deepEqual(c.answers(c.toWebview, id), [{ kind: 'response', id, result: 5 }]);
      assert.deepEqual(c.invalid, { host: [], webview: [] });
    });

    it('gives every request its own id and matches answers to them', async () => {
      const c = connect();
      const sums = await Promise.all([1, 2, 3].map((a) => c.webview.request('add', { a, b: 10 })));
      assert.deepEqual(sums, [11, 12, 13]);
      assert.deepEqual(c.toHost.map((m) => m.id), [1, 2, 3]);
    });

    it('works from the host to the webview too', async () => {
      const c = connect();
      assert.equal(await c.host.request('confirm', { question: 'Restore the snapshot?' }), true);
      assert.equal(await c.host.request('confirm', { question: 'No question' }), false);
    });

    it('rejects with RemoteError carrying the message when the handler throws', async () => {
      const c = connect();
      await assert.rejects(c.webview.request('fail', { how: 'error' }), (error: unknown) => {
        assert.ok(error instanceof RemoteError);
        assert.equal(error.message, 'no such session');
        assert.equal(error.method, 'fail');
        return true;
      });
      await settle();
      assert.equal(c.answers(c.toWebview, lastRequestId(c.toHost)).length, 1);
    });

    for (const [how, message] of [
      ['string', 'a plain string'],
      ['object', '[object Object]'],
      ['null-prototype', 'unprintable error'],
    ] as const) {
      it(`answers one error when the handler throws a non-Error (${how})`, async () => {
        const c = connect();
        await assert.rejects(c.webview.request('fail', { how }), (error: unknown) => error instanceof RemoteError && error.message === message);
        await settle();
        assert.equal(c.answers(c.toWebview, lastRequestId(c.toHost)).length, 1);
      });
    }

    it('answers one error when a handler throws synchronously instead of rejecting', async () => {
      const c = connect({
        webviewRequests: {
          confirm: () => {
            throw new Error('thrown before any promise');
          },
        },
      });
      await assert.rejects(c.host.request('confirm', { question: '?' }), (error: unknown) => error instanceof RemoteError && error.message === 'thrown before any promise');
      await settle();
      assert.equal(c.answers(c.toHost, lastRequestId(c.toWebview)).length, 1);
    });

    it('turns a result that fails its own validator into an error response', async () => {
      const c = connect();
      await assert.rejects(c.webview.request('badResult'), (error: unknown) => {
        assert.ok(error instanceof RemoteError);
        assert.equal(error.message, 'result.n: expected an integer');
        return true;
      });
      await settle();
      assert.deepEqual(c.answers(c.toWebview, lastRequestId(c.toHost)).map((m) => m.kind), ['error']);
      assert.deepEqual(c.invalid.host, ['request "badResult" produced an invalid result: result.n: expected an integer']);
    });

    it('rejects with ProtocolError when a response fails the result validator', async () => {
      const { endpoint, posted, invalid } = loneWebview();
      const answer = endpoint.request('add', { a: 1, b: 1 });
      endpoint.receive({ kind: 'response', id: posted[0]?.id, result: 'two' });
      await assert.rejects(answer, (error: unknown) => error instanceof ProtocolError && error.message === 'result: expected a finite number');
      assert.deepEqual(invalid, ['response to "add": result: expected a finite number']);
    });

    it('describes errors with describeError when given, cut to the envelope limit', async () => {
      const c = connect({ describeError: (error) => `Baton: ${error instanceof Error ? error.message : 'unknown'}`.padEnd(5000, '.') });
      await assert.rejects(c.webview.request('fail', { how: 'error' }), (error: unknown) => {
        assert.ok(error instanceof RemoteError);
        assert.ok(error.message.startsWith('Baton: no such session...'));
        assert.equal(error.message.length, MAX_ERROR_MESSAGE_LENGTH);
        return true;
      });
    });
  });

  describe('cancellation', () => {
    it('aborts the producer, rejects the caller, and posts exactly one answer', async () => {
      const c = connect();
      const controller = new AbortController();
      const answer = c.webview.request('stream', { steps: 1000 }, { signal: controller.signal });
      while (c.hostLog.produced < 3) await tick();
      controller.abort();
      await assert.rejects(answer, (error: unknown) => error instanceof RequestCancelledError && error.reason === 'aborted');
      await settle();
      const producedAtCancel = c.hostLog.produced;
      for (let i = 0; i < 5; i++) await tick();
      assert.equal(c.hostLog.sawAbort, true, 'the handler saw its signal aborted');
      assert.equal(c.hostLog.produced, producedAtCancel, 'and stopped producing');
      const id = lastRequestId(c.toHost);
      assert.deepEqual(c.toHost.at(-1), { kind: 'cancel', id });
      assert.deepEqual(c.answers(c.toWebview, id), [{ kind: 'error', id, message: 'Request cancelled.', cancelled: true }]);
      // The late answer to a cancelled request is expected, not invalid.
      assert.deepEqual(c.invalid, { host: [], webview: [] });
    });

    it('does not post a request whose signal is already aborted', async () => {
      const c = connect();
      await assert.rejects(c.webview.request('add', { a: 1, b: 2 }, { signal: AbortSignal.abort() }), RequestCancelledError);
      assert.deepEqual(c.toHost, []);
    });

    it('times out: rejects, posts a cancel, aborts the producer, one answer', async () => {
      const c = connect();
      await assert.rejects(
        c.webview.request('stream', { steps: 1000 }, { timeoutMs: 20 }),
        (error: unknown) => error instanceof RequestCancelledError && error.reason === 'timeout' && error.method === 'stream',
      );
      await settle();
      await tick();
      const id = lastRequestId(c.toHost);
      assert.equal(c.toHost.filter((m) => m.kind === 'cancel' && m.id === id).length, 1);
      assert.equal(c.hostLog.sawAbort, true);
      assert.equal(c.answers(c.toWebview, id).length, 1);
      assert.deepEqual(c.invalid, { host: [], webview: [] });
    });

    it('does not time out a request answered in time', async () => {
      const c = connect();
      assert.equal(await c.webview.request('add', { a: 1, b: 1 }, { timeoutMs: 1000 }), 2);
      assert.equal(c.toHost.filter((m) => m.kind === 'cancel').length, 0);
    });

    it('ignores a cancel that races the answer', async () => {
      const c = connect();
      await c.webview.request('add', { a: 1, b: 1 });
      c.host.receive({ kind: 'cancel', id: lastRequestId(c.toHost) });
      await settle();
      assert.deepEqual(c.invalid.host, []);
      assert.equal(c.toWebview.length, 1);
    });

    it('rejects with RequestCancelledError when the other side answers cancelled', async () => {
      const { endpoint, posted } = loneWebview();
      const answer = endpoint.request('add', { a: 1, b: 1 });
      endpoint.receive({ kind: 'error', id: posted[0]?.id, message: 'gone', cancelled: true });
      await assert.rejects(answer, (error: unknown) => error instanceof RequestCancelledError && error.reason === 'remote');
    });
  });

  describe('ready', () => {
    it('calls onReady when the webview says ready', async () => {
      const c = connect();
      c.webview.sendReady();
      await settle();
      assert.deepEqual(c.toHost, [{ kind: 'ready' }]);
      assert.equal(c.webviewLog.readies, 1);
    });

    it('rejects a ready on an endpoint without onReady', async () => {
      const c = connect();
      c.webview.receive({ kind: 'ready' });
      assert.deepEqual(c.invalid.webview, ['unexpected "ready"']);
    });

    it('on a second ready (a reloaded page), aborts the old page\'s requests without answering them', async () => {
      const c = connect();
      c.webview.sendReady();
      void c.webview.request('stream', { steps: 1000 }).catch(() => undefined);
      while (c.hostLog.produced < 2) await tick();
      c.host.receive({ kind: 'ready' });
      for (let i = 0; i < 3; i++) await tick();
      assert.equal(c.hostLog.sawAbort, true);
      assert.deepEqual(c.answers(c.toWebview, lastRequestId(c.toHost)), []);
      assert.equal(c.webviewLog.readies, 2);
    });
  });

  describe('dispose', () => {
    it('rejects pending requests and aborts running handlers', async () => {
      const c = connect();
      const answer = c.webview.request('stream', { steps: 1000 });
      while (c.hostLog.produced < 2) await tick();
      c.host.dispose();
      c.webview.dispose();
      await assert.rejects(answer, (error: unknown) => error instanceof RequestCancelledError && error.reason === 'disposed');
      for (let i = 0; i < 3; i++) await tick();
      assert.equal(c.hostLog.sawAbort, true);
      assert.deepEqual(c.answers(c.toWebview, lastRequestId(c.toHost)), [], 'a disposed endpoint answers nothing');
    });

    it('makes later sends and receives no-ops', async () => {
      const c = connect();
      c.host.dispose();
      c.webview.dispose();
      c.webview.command('say', { text: 'late' });
      c.webview.notify('progress', { done: 1 });
      c.webview.sendReady();
      await assert.rejects(c.webview.request('add', { a: 1, b: 1 }), RequestCancelledError);
      c.host.receive({ kind: 'command', method: 'say', params: { text: 'late' } });
      c.host.receive('garbage');
      await settle();
      assert.deepEqual(c.toHost, []);
      assert.deepEqual(c.hostLog.said, []);
      assert.deepEqual(c.invalid, { host: [], webview: [] });
    });
  });
});
