// First-token and between-chunk timeouts on a provider stream; no total timeout.
import assert from 'node:assert/strict';
import type { StreamEvent } from '../../../src/core/routing/streamEvent';
import { withStreamTimeouts } from '../../../src/core/routing/streamTimeouts';
import { FakeTimers, flushPromises } from '../../support/fakeTimers';

/**
 * A provider stream the test feeds by hand. `respectsAbort`: like a real adapter, an abort
 * ends it with a `cancelled` error; otherwise it stays stuck (a broken adapter).
 */
class ScriptedStream implements AsyncIterable<StreamEvent> {
  private readonly queued: (StreamEvent | null)[] = [];
  private waiter: ((result: IteratorResult<StreamEvent>) => void) | null = null;
  returned = false;

  constructor(signal: AbortSignal, respectsAbort = true) {
    if (respectsAbort) signal.addEventListener('abort', () => this.push({ type: 'error', failure: { errorClass: 'cancelled', message: 'aborted' } }));
  }

  push(event: StreamEvent | null): void {
    const waiter = this.waiter;
    this.waiter = null;
    if (!waiter) this.queued.push(event);
    else waiter(event ? { done: false, value: event } : { done: true, value: undefined });
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    return {
      next: () => {
        if (this.queued.length > 0) {
          const event = this.queued.shift() ?? null;
          return Promise.resolve(event ? { done: false, value: event } : { done: true, value: undefined });
        }
        return new Promise((resolve) => (this.waiter = resolve));
      },
      return: () => {
        this.returned = true;
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }
}

const text = (value: string): StreamEvent => ({ type: 'text', text: value });

/** Drains the wrapped stream into `seen`; `ended` turns true when it finishes. */
function consume(stream: AsyncIterable<StreamEvent>): { seen: StreamEvent[]; done: Promise<void>; ended: () => boolean } {
  const seen: StreamEvent[] = [];
  let finished = false;
  const done = (async () => {
    for await (const event of stream) seen.push(event);
    finished = true;
  })();
  return { seen, done, ended: () => finished };
}

function setup(respectsAbort = true): { timers: FakeTimers; controller: AbortController; source: ScriptedStream; wrapped: AsyncIterable<StreamEvent> } {
  const timers = new FakeTimers(0);
  const controller = new AbortController();
  const source = new ScriptedStream(controller.signal, respectsAbort);
  const wrapped = withStreamTimeouts(source, { firstTokenTimeoutMs: 10_000, chunkTimeoutMs: 3_000, timers, controller });
  return { timers, controller, source, wrapped };
}

function timeoutOf(event: StreamEvent | undefined): string {
  assert.ok(event?.type === 'error', `expected an error event, got ${JSON.stringify(event)}`);
  assert.equal(event.failure.errorClass, 'timeout');
  return event.failure.message;
}

describe('withStreamTimeouts', () => {
  it('passes a prompt stream through unchanged and leaves no timer behind', async () => {
    const { timers, source, wrapped } = setup();
    const run = consume(wrapped);
    source.push(text('Hel'));
    source.push(text('lo'));
    source.push({ type: 'usage', usage: { input: 3, output: 2 } });
    source.push({ type: 'finish', reason: 'stop' });
    source.push(null);
    await run.done;
    assert.deepEqual(run.seen, [text('Hel'), text('lo'), { type: 'usage', usage: { input: 3, output: 2 } }, { type: 'finish', reason: 'stop' }]);
    assert.equal(timers.pending, 0);
  });

  it('times out when no text arrives within the first-token timeout, aborting the call', async () => {
    const { timers, controller, source, wrapped } = setup();
    const run = consume(wrapped);
    source.push({ type: 'usage', usage: { input: 3 } });
    await timers.advance(9_999);
    assert.equal(run.ended(), false, 'a usage event is not a first token, and the chunk timeout does not apply yet');
    assert.equal(controller.signal.aborted, false);
    await timers.advance(1);
    await run.done;
    assert.equal(controller.signal.aborted, true);
    assert.equal(run.seen.length, 2);
    assert.match(timeoutOf(run.seen[1]), /first-token timeout/);
    assert.equal(source.returned, true);
  });

  it('times out when the stream stalls between chunks', async () => {
    const { timers, controller, source, wrapped } = setup();
    const run = consume(wrapped);
    await timers.advance(8_000);
    source.push(text('a'));
    await timers.advance(2_999);
    source.push(text('b'));
    await timers.advance(2_999);
    assert.equal(run.ended(), false);
    await timers.advance(1);
    await run.done;
    assert.deepEqual(run.seen.slice(0, 2), [text('a'), text('b')]);
    assert.match(timeoutOf(run.seen[2]), /chunk timeout/);
    assert.equal(run.seen.length, 3, 'one error event, then the end');
    assert.equal(controller.signal.aborted, true);
  });

  it('has no total timeout: a slow but steady stream completes', async () => {
    const { timers, source, wrapped } = setup();
    const run = consume(wrapped);
    for (let i = 0; i < 200; i++) {
      await timers.advance(2_500);
      source.push(text(`${i} `));
    }
    source.push({ type: 'finish', reason: 'stop' });
    source.push(null);
    await run.done;
    assert.equal(timers.now(), 500_000, 'far past both timeouts in total');
    assert.equal(run.seen.length, 201);
    assert.deepEqual(run.seen.at(-1), { type: 'finish', reason: 'stop' });
  });

  it('ends even when the source ignores the abort and stays stuck', async () => {
    const { timers, source, wrapped } = setup(false);
    const run = consume(wrapped);
    source.push(text('a'));
    await timers.advance(3_000);
    await run.done;
    assert.match(timeoutOf(run.seen[1]), /chunk timeout/);
  });

  it('does not hold time the consumer spends with an event against the provider', async () => {
    const { timers, source, wrapped } = setup();
    const iterator = wrapped[Symbol.asyncIterator]();
    source.push(text('a'));
    assert.deepEqual(await iterator.next(), { done: false, value: text('a') });
    await timers.advance(5_000);
    source.push(text('b'));
    assert.deepEqual(await iterator.next(), { done: false, value: text('b') });
    const next = iterator.next();
    await timers.advance(3_000);
    const result = await next;
    assert.match(timeoutOf(result.done ? undefined : result.value), /chunk timeout/);
  });

  it('re-arms one timer lazily instead of one per chunk', async () => {
    const { timers, source, wrapped } = setup();
    const created: number[] = [];
    const setTimer = timers.setTimer.bind(timers);
    timers.setTimer = (ms, callback) => {
      created.push(ms);
      return setTimer(ms, callback);
    };
    const run = consume(wrapped);
    source.push(text('first'));
    await flushPromises();
    for (let i = 0; i < 100; i++) source.push(text('.'));
    source.push(null);
    await run.done;
    assert.ok(created.length <= 2, `timers created: ${created.length}`);
  });
});
