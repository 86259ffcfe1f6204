// A failed message shows its reason under the prompt, with a button for each fix the host
// offered; each button sends the command that fixes it (retry sends the message again).
import assert from 'node:assert/strict';
import type { ChatError } from '../../src/shared/protocol/chat';
import { FakeChatHost, answerIdOf, answerMessage, chatError, meta, sendResult, state, useChatPage } from './chatFixtures';
import type { PostedRequest, SidebarPage } from './harness';

describe('chat webview: errors', () => {
  const currentPage = useChatPage();
  let view: SidebarPage;
  let host: FakeChatHost;
  beforeEach(async () => {
    view = currentPage();
    host = new FakeChatHost(view);
    await host.load(state());
  });

  async function failWith(error: ChatError, text = 'Summarize the diff'): Promise<PostedRequest> {
    await view.page.getByTestId('prompt').fill(text);
    await view.page.getByTestId('prompt').press('Enter');
    const send = await host.next('send');
    await host.answer(send, sendResult({ conversationId: null, text }, null, error));
    return send;
  }

  const cases: { name: string; error: ChatError; clicks: { fix: string; label: RegExp; sends: Record<string, unknown> }[] }[] = [
    {
      name: 'no key',
      error: chatError('no-key', { message: 'Anthropic has no API key.', fixes: ['setApiKey'], provider: 'anthropic' }),
      clicks: [{ fix: 'setApiKey', label: /Set API Key \(anthropic\)/, sends: { type: 'setApiKey', provider: 'anthropic' } }],
    },
    {
      name: 'no provider',
      error: chatError('no-provider', { message: 'No provider is configured.', fixes: ['configureProviders', 'setApiKey'] }),
      clicks: [
        { fix: 'configureProviders', label: /Configure Providers/, sends: { type: 'configureProviders' } },
        { fix: 'setApiKey', label: /^Set API Key$/, sends: { type: 'setApiKey', provider: null } },
      ],
    },
    {
      name: 'budget reached',
      error: chatError('budget', { message: 'The daily budget of $5.00 is reached ($5.02 spent).', fixes: ['openCosts', 'openBudgetSettings'] }),
      clicks: [
        { fix: 'openCosts', label: /Open Costs/, sends: { type: 'openCosts' } },
        { fix: 'openBudgetSettings', label: /Budget Settings/, sends: { type: 'openBudgetSettings' } },
      ],
    },
    {
      name: 'configuration',
      error: chatError('config', { message: 'baton.router.providers[1].baseUrl is not a URL.', fixes: ['configureProviders'] }),
      clicks: [{ fix: 'configureProviders', label: /Configure Providers/, sends: { type: 'configureProviders' } }],
    },
  ];

  for (const { name, error, clicks } of cases) {
    it(`shows "${name}" under the prompt with its fixes`, async () => {
      await failWith(error);
      const box = view.page.getByRole('alert');
      assert.equal(await box.getByTestId('error-message').innerText(), error.message);
      assert.equal(await box.getAttribute('data-kind'), error.kind);
      const previous = await view.page.getByTestId('chat-error').evaluate((el) => el.previousElementSibling?.getAttribute('data-testid'));
      assert.equal(previous, 'user-message', 'the error sits right under the failed prompt');
      assert.equal(await view.page.getByTestId('answer').count(), 0, 'no empty answer is left behind');
      assert.equal(await box.getByRole('button').count(), clicks.length);
      for (const click of clicks) {
        const button = box.getByTestId(`fix-${click.fix}`);
        assert.match(await button.innerText(), click.label);
        await button.click();
        assert.deepEqual((await host.commands()).at(-1), click.sends);
      }
    });
  }

  it('lists every attempt when all providers failed, and Retry sends the same message again', async () => {
    await view.page.getByTestId('model-picker').selectOption({ label: 'Groq · llama-3.3-70b' });
    await view.page.getByTestId('attach-selection').click();
    const attempts = [
      { provider: 'OpenAI', model: 'gpt-4o', status: 'failed', error: '503 Service Unavailable' },
      { provider: 'Groq', model: 'llama-3.3-70b', status: 'rate limited', error: 'retry after 20 s' },
      { provider: 'Anthropic', model: 'claude-sonnet-4', status: 'skipped', error: null },
    ];
    const first = await failWith(chatError('all-failed', { message: 'Every provider failed.', fixes: ['retry'], attempts }));
    assert.deepEqual(await view.page.getByTestId('error-attempts').locator('li').allInnerTexts(), [
      'OpenAI · gpt-4o — failed: 503 Service Unavailable',
      'Groq · llama-3.3-70b — rate limited: retry after 20 s',
      'Anthropic · claude-sonnet-4 — skipped',
    ]);
    await view.page.getByTestId('fix-retry').click();
    const again = await host.next('send');
    const { answerId: firstId, ...firstParams } = first.params as { answerId: string };
    const { answerId: againId, ...againParams } = again.params as { answerId: string; conversationId: string | null };
    assert.notEqual(againId, firstId, 'a new answer id');
    assert.deepEqual(againParams, { ...firstParams, conversationId: 'c-new' }, 'the same text, target and attachments, into the conversation just made');
    await host.stream(answerIdOf(again), ['Now it works.']);
    await host.answer(again, sendResult({ conversationId: 'c-new', text: 'Summarize the diff' }, answerMessage('a-2', 'Now it works.', meta({ fallback: { used: true, reason: 'OpenAI returned 503' } }))));
    assert.equal(await view.page.getByTestId('answer-body').innerText(), 'Now it works.');
    assert.equal(await view.page.getByTestId('meta-fallback').innerText(), 'Fallback used: OpenAI returned 503');
  });

  it('shows offline with Retry, and a refused cost quietly without fixes', async () => {
    await failWith(chatError('offline', { message: 'You appear to be offline.', fixes: ['retry'] }));
    assert.equal(await view.page.getByRole('alert').getByTestId('fix-retry').count(), 1);
    await failWith(chatError('declined', { message: 'You declined the estimated cost of $0.80.' }), 'Second');
    const quiet = view.page.locator('[data-kind="declined"]');
    assert.equal(await quiet.getAttribute('role'), 'status');
    assert.equal(await quiet.getByRole('button').count(), 0);
  });

  it('keeps a partial answer above the error when a stream breaks', async () => {
    await view.page.getByTestId('prompt').fill('Go');
    await view.page.getByTestId('prompt').press('Enter');
    const send = await host.next('send');
    await host.stream(answerIdOf(send), ['Half of the ']);
    await host.answer(send, sendResult({ conversationId: null, text: 'Go' }, null, chatError('all-failed', { message: 'The stream broke.', fixes: ['retry'] })));
    assert.equal(await view.page.getByTestId('answer-body').innerText(), 'Half of the');
    const next = await view.page.getByTestId('answer').evaluate((el) => el.nextElementSibling?.getAttribute('data-testid'));
    assert.equal(next, 'chat-error');
  });

  it('turns a failed request into an error with Retry', async () => {
    await view.page.getByTestId('prompt').fill('Hello');
    await view.page.getByTestId('prompt').press('Enter');
    await host.fail(await host.next('send'), 'The router bundle could not load.');
    assert.equal(await view.page.getByRole('alert').getByTestId('error-message').innerText(), 'The router bundle could not load.');
    await view.page.getByTestId('fix-retry').click();
    assert.equal(((await host.next('send')).params as { text: string }).text, 'Hello');
  });
});
