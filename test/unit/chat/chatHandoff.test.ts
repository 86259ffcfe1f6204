// Handing a conversation off: the workspace's briefing with the conversation as its own
// section, within the level's budget, saved to the briefing history; the last decision for the
// session's notes; and the conversations' list, rename and delete per workspace.
import assert from 'node:assert/strict';
import { DEFAULT_BUDGETS } from '../../../src/core/briefing/briefingTypes';
import { composeBriefing } from '../../../src/core/briefing/briefingComposer';
import { tokenCounter } from '../../../src/providers/tokenCounter';
import { reply } from '../../support/wire/wireServer';
import { config, openaiProvider } from '../router/routerHarness';
import { makeChat, useChatCleanup, wire } from './chatHarness';

const ASK = 'Keep the public API of invoiceTotal() and make the rounding happen once, on the total.';

describe('chat: handoff', () => {
  useChatCleanup();

  it('writes the workspace briefing with the conversation section, within budget, saved like any briefing', async () => {
    const server = await wire();
    const h = await makeChat(config([openaiProvider(server)]));
    server.enqueue(reply.text('Per line or on the total?'), reply.text('Changed src/vat.ts.\n\n## Next steps\n- Run the invoice tests'));
    const first = await h.send("We'll round on the total, decided with finance.");
    const id = first.result.conversation.id;
    await h.send(ASK, { conversationId: id });
    const handoff = await h.chat.handoff(id);

    assert.equal(handoff.level, 'medium');
    assert.ok(handoff.tokens <= DEFAULT_BUDGETS.medium, `${handoff.tokens} tokens`);
    assert.equal(handoff.tokens, tokenCounter()(handoff.text));
    assert.match(handoff.text, /^# Handoff briefing: /, 'the workspace briefing, as the sidebar writes it');
    assert.match(handoff.text, /\*\*Goal:\*\*/);
    assert.match(handoff.text, /\n## Conversation\n/);
    assert.ok(handoff.text.includes(ASK), 'the latest ask, verbatim');
    assert.match(handoff.text, /\*\*Open:\*\*.*Run the invoice tests/);
    assert.match(handoff.text, /\*\*Last decision:\*\* We'll round on the total, decided with finance\./);
    assert.match(handoff.text, /\*\*Answered:\*\* Changed src\/vat\.ts\./);
    assert.equal(handoff.decision, "We'll round on the total, decided with finance.");
    const saved = await h.services.work?.briefingHistory.latest(h.services.work.workspace.id);
    assert.equal(saved?.briefing.markdown, handoff.text);
  });

  it('a long ask still fits the smallest level: shortened, never dropped, the budget kept', async () => {
    const h = await makeChat(config([]));
    const work = h.services.work;
    assert.ok(work);
    const ask = `Please ${'refactor the invoice module carefully '.repeat(80)}`;
    const input = { ...(await work.briefings.gather()), conversation: { title: 'Refactor', latestAsk: ask, answered: ['Started.'], open: ['Tests are red'], decision: 'Keep the API' } };
    const count = tokenCounter();
    const high = composeBriefing(input, 'high', count);
    assert.ok(high.tokens <= DEFAULT_BUDGETS.high, `${high.tokens} tokens at high`);
    assert.match(high.markdown, /\*\*Latest ask:\*\* Please refactor the invoice module carefully/);
    assert.match(high.markdown, /\*\*Open:\*\* Tests are red/);
    const low = composeBriefing(input, 'low', count);
    assert.ok(low.markdown.includes(ask.trim()), 'verbatim where the budget allows');
    assert.ok(low.tokens <= DEFAULT_BUDGETS.low);
  });

  it('adds a note to the running session only', async () => {
    const h = await makeChat(config([]));
    assert.equal(await h.chat.addSessionNote('Decision: round on the total'), false);
    await h.services.work?.tracker.start('VAT');
    assert.equal(await h.chat.addSessionNote('Decision: round on the total'), true);
    const session = await h.services.work?.sessions.getDetail(h.services.work.tracker.running?.id ?? '');
    assert.deepEqual(session?.notes.map((n) => n.text), ['Decision: round on the total']);
  });

  it('lists, renames and deletes conversations of this workspace only', async () => {
    const server = await wire();
    const h = await makeChat(config([openaiProvider(server)]));
    const a = (await h.send('First')).result.conversation.id;
    const b = (await h.send('Second')).result.conversation.id;
    assert.deepEqual((await h.chat.state(null)).conversations.map((c) => c.id), [b, a]);
    assert.equal((await h.chat.rename(a, 'Renamed')).title, 'Renamed');
    await assert.rejects(h.chat.rename(a, '   '), /title/);
    await h.chat.remove(b);
    assert.deepEqual((await h.chat.state(null)).conversations.map((c) => [c.id, c.title]), [[a, 'Renamed']]);
    await assert.rejects(h.chat.open(b), /no longer exists/);
  });
});
