// The vscode-lm kind through its interface: a fake of the port the host builds over vscode.lm
// (code-server has no language model offline, so VS Code cannot show this; the host's wiring
// of the no-model path is in test/e2e/router.e2e.test.ts). Then through the whole router, to
// see such an answer recorded as covered by a subscription, never as a $0 price.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'mocha';
import { createRouterServices } from '../../../src/app/routerServices';
import { DEFAULT_ROUTING } from '../../../src/core/routing/routerConfig';
import type { ChatMessage, ProviderFailure, StreamEvent } from '../../../src/core/routing/streamEvent';
import { type LanguageModelHandle, type LanguageModelPort, languageModelStream } from '../../../src/providers/languageModelStream';
import { LedgerStore } from '../../../src/storage/ledgerStore';
import { openDatabase } from '../support/database';
import { makeTempDir, removeTempDirs } from '../support/tempDirs';

interface FakeModel {
  readonly pieces: readonly string[];
  readonly failWith?: unknown;
  /** Abort the call's controller after this many pieces. */
  readonly abortAfter?: number;
}

/** Counts a token per four characters, as a model's own countTokens would count its way. */
const count = (text: string) => Math.ceil(text.length / 4);

function fakePort(models: Readonly<Record<string, FakeModel>>, controller?: AbortController): LanguageModelPort<string> & { sent: string[][] } {
  const sent: string[][] = [];
  return {
    sent,
    async find(id) {
      const model = models[id];
      if (!model) return undefined;
      const handle: LanguageModelHandle<string> = {
        countTokens: async (input) => count(input),
        async send(messages) {
          sent.push([...messages]);
          if (model.failWith) throw model.failWith;
          return (async function* () {
            for (const [index, piece] of model.pieces.entries()) {
              if (index === model.abortAfter) controller?.abort();
              yield piece;
            }
          })();
        },
      };
      return handle;
    },
    toMessages: (messages: readonly ChatMessage[]) => messages.map((message) => `${message.role}: ${message.content}`),
    classify: (error): ProviderFailure => ({ errorClass: 'auth', message: `no permission: ${String(error)}` }),
  };
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const messages: ChatMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'What is a circuit breaker?' },
];

describe('the vscode-lm stream', () => {
  after(removeTempDirs);

  it('streams the text, then usage counted with the model\'s own tokenizer, then finish', async () => {
    const port = fakePort({ 'gpt-4o': { pieces: ['It stops ', 'calling a failing ', 'service.'] } });
    const events = await collect(languageModelStream(port, { model: 'gpt-4o', messages, maxTokens: 100, signal: new AbortController().signal }));
    assert.deepEqual(events, [
      { type: 'text', text: 'It stops ' },
      { type: 'text', text: 'calling a failing ' },
      { type: 'text', text: 'service.' },
      // input: "system: Be brief." (17 chars → 5) + "user: What is a circuit breaker?" (32 → 8); output: 35 chars → 9.
      { type: 'usage', usage: { input: 13, output: 9, cacheRead: 0, cacheWrite: 0 } },
      { type: 'finish', reason: 'stop' },
    ]);
    assert.deepEqual(port.sent, [['system: Be brief.', 'user: What is a circuit breaker?']]);
  });

  it('says which model is missing when VS Code offers none of that id or family', async () => {
    const events = await collect(languageModelStream(fakePort({}), { model: 'claude-sonnet', messages, maxTokens: 100, signal: new AbortController().signal }));
    assert.equal(events.length, 1);
    assert.deepEqual(events[0], { type: 'error', failure: { errorClass: 'bad-request', message: 'VS Code offers no chat model "claude-sonnet" (is the extension that provides it installed and signed in?)' } });
  });

  it('turns a refused consent into an auth failure, through the host\'s classifier', async () => {
    const port = fakePort({ m: { pieces: [], failWith: new Error('NoPermissions') } });
    const events = await collect(languageModelStream(port, { model: 'm', messages, maxTokens: 100, signal: new AbortController().signal }));
    assert.deepEqual(events, [{ type: 'error', failure: { errorClass: 'auth', message: 'no permission: Error: NoPermissions' } }]);
  });

  it('reports a cancelled answer as cancelled, not as complete, after the text that came', async () => {
    const controller = new AbortController();
    const port = fakePort({ m: { pieces: ['one ', 'two ', 'three'], abortAfter: 2 } }, controller);
    const events = await collect(languageModelStream(port, { model: 'm', messages, maxTokens: 100, signal: controller.signal }));
    assert.deepEqual(events, [
      { type: 'text', text: 'one ' },
      { type: 'text', text: 'two ' },
      { type: 'error', failure: { errorClass: 'cancelled', message: 'cancelled' } },
    ]);
  });

  it('is recorded by the router as covered by a subscription: no price, never $0', async () => {
    const dir = makeTempDir('baton-vscode-lm-');
    const database = await openDatabase(join(dir, 'baton.db'));
    try {
      const port = fakePort({ 'gpt-4o': { pieces: ['Hello'] } });
      const services = createRouterServices(database, {
        config: () => ({ providers: [{ id: 'copilot', kind: 'vscode-lm', models: [{ id: 'gpt-4o' }] }], routing: DEFAULT_ROUTING, budgets: { dailyUsd: 0.000001, perProvider: {} } }),
        apiKeys: { key: async () => undefined, howToSet: () => 'not needed' },
        hostAdapter: (provider) => ({ providerId: provider.id, stream: (call) => languageModelStream(port, call) }),
      });
      // A tiny daily budget does not refuse it: a subscription has no amount to hold it to.
      const result = await services.router.route({ messages, maxTokens: 100 }, { onText: () => undefined });
      assert.equal(result.text, 'Hello');
      assert.equal(result.pricing, 'subscription');
      assert.equal(result.costUsd, null);
      assert.equal(result.estimated, false);
      const row = await new LedgerStore(database).get(result.id);
      assert.equal(row?.pricing, 'subscription');
      assert.equal(row?.costNanos, null);
      assert.deepEqual(row?.usage, { input: 13, output: 2, cacheRead: 0, cacheWrite: 0 });
    } finally {
      await database.close();
    }
  });
});
