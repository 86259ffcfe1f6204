// Answers are LLM output and names come from the database: both are shown inert (no script,
// no handler, no navigating link, no image, no request), and nothing breaks the page's CSP.
import assert from 'node:assert/strict';
import { FakeChatHost, HOSTILE, answerIdOf, answerMessage, chatError, chunksOf, conversation, frames, meta, sendResult, state, summary, useChatPage, userMessage } from './chatFixtures';
import type { PageGlobals, SidebarPage } from './harness';

const HOSTILE_MARKDOWN = [
  `Intro ${HOSTILE} text`,
  '<script>window.__pwned = 2</script>',
  '[x](javascript:alert(1)) and [run](javascript:window.__pwned=3) and [vb](vbscript:msgbox)',
  '<a href="https://example.com/raw">raw link</a> <iframe src="https://example.com/frame"></iframe>',
  '<div style="background:url(https://example.com/bg.png)" onclick="window.__pwned=4">raw div</div>',
  '![remote](https://example.com/a.png) ![](https://example.com/b.png "no alt")',
  '[looks safe](https://example.com/page) <https://example.com/autolink>',
  '```html" onmouseover="window.__pwned=6\n<img src="https://example.com/c.png" onerror="window.__pwned=5">\n```',
  '```<img/src=x/onerror=window.__pwned=7>\ncode\n```',
].join('\n\n');

describe('chat webview: security', () => {
  const currentPage = useChatPage();
  let view: SidebarPage;
  let host: FakeChatHost;
  let requests: string[];
  beforeEach(async () => {
    view = currentPage();
    host = new FakeChatHost(view);
    requests = [];
    view.page.on('request', (request) => requests.push(request.url()));
  });

  async function assertInert(): Promise<void> {
    const bodies = view.page.getByTestId('answer-body');
    const dangerous = 'img, script, iframe, frame, object, embed, a, form, input, style, link, svg, math, video, audio, picture';
    assert.equal(await bodies.locator(dangerous).count(), 0, 'no active or remote element inside an answer');
    assert.equal(await bodies.locator('button:not([data-decoration] button)').count(), 0, 'no button but the code blocks’ own');
    assert.equal(await view.page.locator('img').count(), 0);
    const attributes = await bodies.evaluateAll((all) =>
      all.flatMap((body) => [...body.querySelectorAll('*')].filter((el) => !el.closest('[data-decoration]')).flatMap((el) => [...el.attributes].map((a) => `${a.name}=${a.value}`))),
    );
    assert.deepEqual(attributes.filter((a) => !/^(title|start)=/.test(a) && !/^class=(md-link|md-image|language-[\w+#.-]+)$/.test(a)), [], 'only harmless attributes');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const probe = await view.page.evaluate(() => ({ pwned: (globalThis as unknown as PageGlobals).__pwned, violations: (globalThis as unknown as PageGlobals).__cspViolations }));
    assert.equal(probe.pwned, undefined, 'no hostile code ran');
    assert.deepEqual(probe.violations, [], 'no CSP violation');
    assert.deepEqual(requests.filter((url) => !url.startsWith(view.page.url().replace(/\/$/, ''))), [], 'no request left the page origin');
  }

  it('renders a hostile streamed answer inert, while streaming and when done', async () => {
    await host.load(state());
    await view.page.getByTestId('prompt').fill('Hi');
    await view.page.getByTestId('prompt').press('Enter');
    const send = await host.next('send');
    await host.stream(answerIdOf(send), chunksOf(HOSTILE_MARKDOWN, 7));
    await frames(view.page);
    await assertInert();
    await host.answer(send, sendResult({ conversationId: null, text: 'Hi' }, answerMessage('a-1', HOSTILE_MARKDOWN, meta({ provider: HOSTILE, model: HOSTILE, why: HOSTILE, strategy: HOSTILE, redacted: [HOSTILE], fallback: { used: true, reason: HOSTILE } }))));
    const text = await view.page.getByTestId('answer-body').innerText();
    assert.match(text, /Intro <img src=x onerror="window\.__pwned=1"> text/);
    assert.match(text, /<script>window\.__pwned = 2<\/script>/);
    assert.match(await view.page.getByTestId('meta-model').innerText(), /<img src=x onerror=/);
    await view.page.getByTestId('meta-why').locator('summary').click();
    assert.match(await view.page.getByTestId('meta-why').innerText(), /Strategy: <img src=x/);
    for (const link of await view.page.getByTestId('answer-body').locator('.md-link').all()) await link.click();
    await assertInert();
    assert.equal(view.page.url().endsWith('/'), true, 'the page did not navigate');
  });

  it('shows hostile titles, prompts, errors and model names as text', async () => {
    await host.load(
      state({
        conversations: [summary('c-1', { title: HOSTILE })],
        models: [{ provider: 'p', model: 'm', label: HOSTILE, detail: HOSTILE, available: false }],
        strategy: HOSTILE,
        current: conversation('c-1', [userMessage('u-1', HOSTILE, { attachments: [{ kind: 'file', label: HOSTILE, tokens: 3 }] }), answerMessage('a-1', HOSTILE_MARKDOWN)], { title: HOSTILE }),
      }),
    );
    assert.equal(await view.page.getByTestId('chat-title').innerText(), HOSTILE);
    assert.equal(await view.page.getByTestId('user-text').innerText(), HOSTILE);
    await view.page.getByTestId('prompt').fill('Again');
    await view.page.getByTestId('prompt').press('Enter');
    const send = await host.next('send');
    await host.answer(send, sendResult({ conversationId: 'c-1', text: 'Again' }, null, chatError('all-failed', { message: HOSTILE, attempts: [{ provider: HOSTILE, model: HOSTILE, status: HOSTILE, error: HOSTILE }] })));
    assert.equal(await view.page.getByTestId('error-message').innerText(), HOSTILE);
    assert.match(await view.page.getByTestId('error-attempts').innerText(), /<img src=x/);
    await assertInert();
  });

  it('declares the same CSP as every Baton webview, with only the nonce’d script', async () => {
    await host.load(state());
    const csp = await view.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', /^default-src 'none'; style-src http:\/\/127\.0\.0\.1:\d+; font-src .*script-src 'nonce-[^']+'; base-uri 'none'; form-action 'none'$/);
    assert.equal(await view.page.locator('script').count(), 1);
    assert.equal(await view.page.locator('style').count(), 0);
    assert.deepEqual(await view.cspViolations(), []);
  });
});
