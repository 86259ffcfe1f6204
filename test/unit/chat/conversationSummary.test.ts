// What a successor needs from a conversation, written from the successor's side: the latest ask
// word for word, what the last answer covered, what is still open, and the last decision.
import assert from 'node:assert/strict';
import type { StoredMessage } from '../../../src/core/chat/conversationRecords';
import { summarizeConversation } from '../../../src/core/chat/conversationSummary';
import { HISTORY_TOKEN_CAP, routerMessages } from '../../../src/core/chat/chatHistory';
import { tokenCounter } from '../../../src/providers/tokenCounter';

let seq = 0;
function msg(role: 'user' | 'assistant', text: string, status: 'ok' | 'incomplete' = 'ok'): StoredMessage {
  seq += 1;
  const meta = role === 'user' ? null : {
    provider: 'oa', model: 'm', inputTokens: 1, outputTokens: 1, cachedTokens: 0, costNanos: 1, pricing: 'priced' as const, estimated: status === 'incomplete',
    latencyMs: 1, ttftMs: 1, cacheHit: false, fallback: { used: false, reason: null }, status, strategy: 'cheapest', why: '', redacted: [],
  };
  return { id: `m${seq}`, conversationId: 'c', seq, role, text, at: seq, attachments: [], meta };
}

const ANSWER = `Rounding per line loses a cent on invoices with many lines.

## Cause
The total sums rounded lines.

## Fix
\`\`\`ts
// Is this the right place? Not a question for the user.
const total = round(sum(lines));
\`\`\`

Do you want me to update the tests as well?

## Next steps
- Add a test with 3 lines at 0.333
- Check the PDF renderer`;

describe('chat: the conversation summary', () => {
  it('hands over the latest ask verbatim, what was answered, what is open and the last decision', () => {
    const messages = [
      msg('user', 'The VAT total is off by a cent. Should we round per line or on the total?'),
      msg('assistant', 'Both exist; the law here wants the total rounded.'),
      msg('user', "Let's go with rounding on the total.\nNow fix `invoiceTotal()` in src/vat.ts and keep the API."),
      msg('assistant', ANSWER),
    ];
    const summary = summarizeConversation('VAT rounding', messages);
    assert.equal(summary.latestAsk, "Let's go with rounding on the total.\nNow fix `invoiceTotal()` in src/vat.ts and keep the API.");
    assert.equal(summary.decision, "Let's go with rounding on the total.");
    assert.match(summary.answered[0] ?? '', /^Rounding per line loses a cent/);
    assert.ok(summary.answered.some((line) => /Cause/.test(line)) && summary.answered.some((line) => /Fix/.test(line)), 'the headings say what the answer covered');
    assert.ok(summary.open.some((line) => /update the tests as well\?/.test(line)), 'the question asked back is open');
    assert.ok(summary.open.some((line) => /Add a test with 3 lines at 0\.333/.test(line)));
    assert.ok(summary.open.some((line) => /Check the PDF renderer/.test(line)));
    assert.ok(!summary.open.some((line) => /right place/.test(line)), 'code is not a question');
  });

  it('an unanswered or cut-off last turn is open; a conversation without a decision says none', () => {
    const unanswered = summarizeConversation('t', [msg('user', 'First?'), msg('assistant', 'Yes.'), msg('user', 'And the second?')]);
    assert.equal(unanswered.latestAsk, 'And the second?');
    assert.ok(unanswered.open.some((line) => /no answer/.test(line)));
    assert.equal(unanswered.decision, null);
    const cut = summarizeConversation('t', [msg('user', 'Explain.'), msg('assistant', 'It starts with', 'incomplete')]);
    assert.ok(cut.open.some((line) => /cut off/.test(line)));
    assert.deepEqual(summarizeConversation('empty', []), { title: 'empty', latestAsk: null, answered: [], open: [], decision: null });
  });

  it('a decision stated in an answer ("Decision: …") counts when it is the newest', () => {
    const summary = summarizeConversation('t', [msg('user', "We'll use Postgres."), msg('assistant', 'Decision: SQLite for the CLI, Postgres for the server.')]);
    assert.equal(summary.decision, 'SQLite for the CLI, Postgres for the server.');
  });
});

describe('chat: the history sent with a prompt', () => {
  const count = tokenCounter();
  it('keeps the newest exchanges within the cap, drops the oldest first, never the new prompt', () => {
    const long = 'word '.repeat(1_500); // about 1,500 tokens
    const history: StoredMessage[] = [];
    for (let i = 1; i <= 8; i++) history.push(msg('user', `question ${i}: ${long}`), msg('assistant', `answer ${i}`));
    const prompt = `the new prompt ${'x '.repeat(9_000)}`;
    const messages = routerMessages(history, prompt, count);
    const asked = messages.filter((m) => m.role === 'user').map((m) => /^question (\d+)/.exec(m.content)?.[1]).filter(Boolean);
    assert.deepEqual(asked, ['4', '5', '6', '7', '8'], 'the five newest fit in 8,000 tokens, the oldest three are dropped');
    const historyTokens = messages.slice(0, -1).reduce((sum, m) => sum + count(m.content) + 4, 0);
    assert.ok(historyTokens <= HISTORY_TOKEN_CAP, `${historyTokens} tokens of history`);
    assert.equal(messages.at(-1)?.content, prompt, 'the new prompt is whole, even above the cap');
    assert.deepEqual(messages.slice(0, 2).map((m) => m.role), ['user', 'assistant'], 'exchanges stay paired');
  });

  it('leaves out a question that got no answer', () => {
    const messages = routerMessages([msg('user', 'failed one'), msg('user', 'asked again'), msg('assistant', 'answered')], 'next', count);
    assert.deepEqual(messages.map((m) => m.content), ['asked again', 'answered', 'next']);
  });
});
