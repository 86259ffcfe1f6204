// A streamed answer grows in place: blocks already shown are never rendered again, the end
// result is what rendering the whole answer at once gives, code blocks get their buttons, and
// a stopped answer keeps what arrived.
import assert from 'node:assert/strict';
import {
  FakeChatHost, answerIdOf, answerMessage, chunksOf, conversation, frames, longAnswer, meta, sendResult, state, useChatPage, userMessage,
} from './chatFixtures';
import type { SidebarPage } from './harness';

interface Marked {
  __marked?: unknown[];
}

/** The answer body's HTML without the buttons the page adds to code blocks. */
function bodyHtml(view: SidebarPage, index: number): Promise<string> {
  return view.page.getByTestId('answer-body').nth(index).evaluate((body) => {
    const copy = body.cloneNode(true) as typeof body;
    for (const added of copy.querySelectorAll('[data-decoration]')) added.remove();
    return copy.innerHTML;
  });
}

describe('chat webview: streaming answers', () => {
  const currentPage = useChatPage();
  let view: SidebarPage;
  let host: FakeChatHost;
  beforeEach(async () => {
    view = currentPage();
    host = new FakeChatHost(view);
    await host.load(state());
  });

  async function ask(text: string) {
    await view.page.getByTestId('prompt').fill(text);
    await view.page.getByTestId('prompt').press('Enter');
    return host.next('send');
  }

  it('renders a 10,000-token answer in place: earlier blocks untouched, the end equal to a whole render', async () => {
    const answer = longAnswer(10_000);
    assert.ok(answer.length >= 40_000, 'about 10,000 tokens');
    const chunks = chunksOf(answer);
    const send = await ask('Explain the router');
    const half = Math.floor(chunks.length / 2);
    // In batches, with frames in between, as a real stream renders.
    for (let i = 0; i < half; i += 200) {
      await host.stream(answerIdOf(send), chunks.slice(i, Math.min(i + 200, half)));
      await frames(view.page);
    }
    const marked = await view.page.getByTestId('answer-body').evaluate((body) => {
      const blocks = [...body.children].slice(0, -2);
      (globalThis as unknown as Marked).__marked = blocks;
      return blocks.length;
    });
    assert.ok(marked > 50, `many blocks were shown halfway (${marked})`);
    assert.ok(await view.page.getByTestId('answer-body').locator('pre').count() > 5, 'code blocks shown halfway');

    for (let i = half; i < chunks.length; i += 400) {
      await host.stream(answerIdOf(send), chunks.slice(i, i + 400));
      await frames(view.page);
    }
    assert.equal(await view.page.getByTestId('answer').getAttribute('aria-busy'), 'true', 'busy while streaming');
    await host.answer(send, sendResult({ conversationId: null, text: 'Explain the router' }, answerMessage('a-1', answer, meta())));
    assert.equal(await view.page.getByTestId('answer').getAttribute('aria-busy'), null);

    const kept = await view.page.getByTestId('answer-body').evaluate((body) =>
      ((globalThis as unknown as Marked).__marked ?? []).filter((node) => (node as { parentElement?: unknown }).parentElement === body).length,
    );
    assert.equal(kept, marked, 'every block shown halfway is the same DOM node at the end');
    const streamed = await bodyHtml(view, 0);

    // The same text opened as a stored conversation is rendered whole, at once.
    await view.page.getByTestId('list-toggle').click();
    await view.page.getByTestId('conversation-open').nth(1).click();
    await host.answer(await host.next('open'), conversation('c-2', [userMessage('u-1', 'Explain the router'), answerMessage('a-1', answer)]));
    assert.equal(streamed, await bodyHtml(view, 0), 'the streamed DOM equals the whole render');
    assert.ok(streamed.length > 40_000);
  });

  it('grows an open code block in its <code> node and gives every code block Copy and Insert', async () => {
    const send = await ask('Show code');
    await host.stream(answerIdOf(send), ['Here:\n```ts\nconst a = 1;\n']);
    await frames(view.page);
    await view.page.getByTestId('answer-body').locator('code').evaluate((code) => ((globalThis as unknown as Marked).__marked = [code, code.firstChild]));
    const sameCode = () =>
      view.page.getByTestId('answer-body').locator('code').evaluate((code) => {
        const [node, text] = (globalThis as unknown as Marked).__marked ?? [];
        return node === code && text === code.firstChild;
      });
    // Frame by frame, as a slow stream arrives: the open block grows, and then closes.
    for (const chunk of ['const b = 2;\n', 'const c', ' = 3;\n``', '`\n\nDone.']) {
      await host.stream(answerIdOf(send), [chunk]);
      await frames(view.page);
      assert.equal(await sameCode(), true, `the <code> node and its text node were kept after ${JSON.stringify(chunk)}`);
    }
    assert.equal(await view.page.getByTestId('answer-body').locator('code').textContent(), 'const a = 1;\nconst b = 2;\nconst c = 3;\n');
    assert.equal(await view.page.getByTestId('answer-body').locator('p').last().innerText(), 'Done.');

    await view.page.getByTestId('code-copy').click();
    await view.page.getByTestId('code-insert').click();
    const commands = await host.commands();
    assert.deepEqual(commands.slice(-2), [
      { type: 'copy', text: 'const a = 1;\nconst b = 2;\nconst c = 3;\n' },
      { type: 'insertCode', code: 'const a = 1;\nconst b = 2;\nconst c = 3;\n', language: 'ts' },
    ]);
    assert.equal(await view.page.getByRole('button', { name: 'Copy code' }).count(), 1);
    assert.equal(await view.page.getByRole('button', { name: 'Insert code at cursor' }).count(), 1);
  });

  it('keeps the end of a growing answer in view while the user is at the bottom', async () => {
    const send = await ask('Long one');
    for (const part of [longAnswer(600), longAnswer(1_200)]) {
      await host.stream(answerIdOf(send), [part]);
      await frames(view.page);
    }
    const gap = await view.page.getByTestId('transcript').evaluate((t) => t.scrollHeight - t.scrollTop - t.clientHeight);
    assert.ok(gap < 4, `at the bottom (${gap}px away)`);
  });

  it('shows a retry or fallback notice while streaming', async () => {
    const send = await ask('Hello');
    await view.notify('notice', { answerId: answerIdOf(send), message: 'OpenAI failed (503); trying Groq' });
    assert.equal(await view.page.getByTestId('answer-status').innerText(), 'OpenAI failed (503); trying Groq');
    await view.notify('notice', { answerId: 'someone-else', message: 'not mine' });
    await host.stream('someone-else', ['not mine either']);
    await frames(view.page);
    assert.equal(await view.page.getByTestId('answer-status').innerText(), 'OpenAI failed (503); trying Groq');
    assert.equal(await view.page.getByTestId('answer-body').innerText(), '');
  });

  for (const how of ['Esc', 'the stop button', 'the palette command'] as const) {
    it(`stops mid-stream with ${how}: sends stop, keeps the partial answer, marks it incomplete and estimated`, async () => {
      const send = await ask('Write a long essay');
      const partial = '# Essay\n\nThe first paragraph arrived.\n\nThe second one was cut';
      await host.stream(answerIdOf(send), chunksOf(partial, 5));
      await frames(view.page);
      if (how === 'Esc') await view.page.getByTestId('prompt').press('Escape');
      else if (how === 'the stop button') await view.page.getByRole('button', { name: 'Stop the answer (Esc)' }).click();
      else await view.notify('stopAnswer');
      assert.deepEqual((await host.commands()).filter((c) => c.type === 'stop'), [{ type: 'stop', answerId: answerIdOf(send) }]);
      assert.equal(await view.page.getByTestId('answer-status').innerText(), 'Stopping…');
      const stopped = meta({ status: 'incomplete', estimated: true, costNanos: 4_200_000, outputTokens: 14 });
      await host.answer(send, sendResult({ conversationId: null, text: 'Write a long essay' }, answerMessage('a-1', partial, stopped)));
      assert.match(await view.page.getByTestId('answer-body').innerText(), /The first paragraph arrived\.\s+The second one was cut/);
      assert.equal(await view.page.getByTestId('meta-incomplete').innerText(), 'incomplete');
      assert.equal(await view.page.getByTestId('meta-cost').innerText(), '≈ $0.0042 estimated');
      assert.equal(await view.page.getByRole('button', { name: 'Send (Enter)' }).count(), 1, 'the stop button is the send button again');
    });
  }

  it('renders the stored answer when it differs from what streamed', async () => {
    const send = await ask('Key?');
    await host.stream(answerIdOf(send), ['My key is sk-live-1234567890abcdef']);
    await host.answer(send, sendResult({ conversationId: null, text: 'Key?' }, answerMessage('a-1', 'My key is [redacted: api key]')));
    assert.equal(await view.page.getByTestId('answer-body').innerText(), 'My key is [redacted: api key]');
  });
});
