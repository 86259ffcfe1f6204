// Shared by the adapter tests: a call, collecting a stream, the one-terminal-event rule, and a
// watch for unhandled rejections (an adapter that leaks one would crash the extension host).
import assert from 'node:assert/strict';
import type { TokenUsage } from '../../../src/core/costs/tokenUsage';
import type { ChatMessage, ProviderAdapter, ProviderFailure, StreamEvent } from '../../../src/core/routing/streamEvent';
import { reply, type WireServer } from '../../support/wire/wireServer';

export const USER_ONLY: readonly ChatMessage[] = [{ role: 'user', content: 'Say hello.' }];

export function call(signal: AbortSignal = new AbortController().signal, messages: readonly ChatMessage[] = USER_ONLY) {
  return { model: 'test-model', messages, maxTokens: 64, signal };
}

export async function collect(adapter: ProviderAdapter, signal?: AbortSignal, messages?: readonly ChatMessage[]): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of adapter.stream(call(signal, messages))) events.push(event);
  return events;
}

export const textOf = (events: readonly StreamEvent[]): string => events.map((event) => (event.type === 'text' ? event.text : '')).join('');

export const textEvents = (events: readonly StreamEvent[]): string[] => events.flatMap((event) => (event.type === 'text' ? [event.text] : []));

export const usageEvents = (events: readonly StreamEvent[]) => events.flatMap((event) => (event.type === 'usage' ? [event] : []));

/** Usage as the router would fold it: the last value of each field wins. */
export function foldedUsage(events: readonly StreamEvent[]): Partial<TokenUsage> {
  return usageEvents(events).reduce<Partial<TokenUsage>>((acc, event) => ({ ...acc, ...event.usage }), {});
}

/** Exactly one terminal event, and it is the last one. */
export function terminalOf(events: readonly StreamEvent[]): StreamEvent {
  const terminals = events.filter((event) => event.type === 'finish' || event.type === 'error');
  assert.equal(terminals.length, 1, `expected one finish or error event, got ${JSON.stringify(events)}`);
  const last = events[events.length - 1];
  assert.ok(last !== undefined && last === terminals[0], 'the finish or error event comes last');
  return last;
}

export function failureOf(events: readonly StreamEvent[]): ProviderFailure {
  const last = terminalOf(events);
  assert.equal(last.type, 'error', `expected an error, got ${JSON.stringify(events)}`);
  return last.failure;
}

export function finishOf(events: readonly StreamEvent[]): string {
  const last = terminalOf(events);
  assert.equal(last.type, 'finish', `expected a finish, got ${JSON.stringify(events)}`);
  return last.reason;
}

/** Installs a recorder for unhandled rejections around each test of the calling suite. */
export function watchUnhandledRejections(): void {
  const seen: unknown[] = [];
  const record = (reason: unknown) => seen.push(reason);
  beforeEach(() => {
    seen.length = 0;
    process.on('unhandledRejection', record);
  });
  afterEach(async () => {
    // Rejections surface after a turn of the event loop; give them one.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', record);
    assert.deepEqual(seen, [], 'no unhandled rejection');
  });
}

/** A promise that never settles: pauses a scripted reply until the client or the server goes. */
export const never = (): Promise<never> => new Promise<never>(() => undefined);

export type StatusClasses = readonly (readonly [status: number, errorClass: ProviderFailure['errorClass']])[];
export type RetryForms = readonly (readonly [header: string, value: string, expectedMs: number])[];

/**
 * The same checks for every adapter: each HTTP status maps to its error class with one request
 * (no SDK retry), and each retry-after form gives the wait the provider asked for.
 */
export function itClassifiesFailures(
  wire: () => { readonly server: WireServer; readonly adapter: () => ProviderAdapter },
  statuses: StatusClasses,
  retryForms: RetryForms,
): void {
  for (const [status, errorClass] of statuses) {
    it(`${status} is class ${errorClass}`, async () => {
      const { server, adapter } = wire();
      server.enqueue(reply.error(status));
      const failure = failureOf(await collect(adapter()));
      assert.equal(failure.errorClass, errorClass);
      assert.equal(failure.status, status);
      assert.equal(server.requests.length, 1, 'the SDK did not retry');
    });
  }
  for (const [header, value, expected] of retryForms) {
    it(`429 with ${header}: ${value} waits ${expected} ms`, async () => {
      const { server, adapter } = wire();
      server.enqueue(reply.error(429, { headers: { [header]: value } }));
      const failure = failureOf(await collect(adapter()));
      assert.equal(failure.errorClass, 'rate-limit');
      assert.equal(failure.retryAfterMs, expected);
      assert.equal(server.requests.length, 1);
    });
  }
}
