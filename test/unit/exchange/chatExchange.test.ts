// The chat's conversations through export and import (format version 2): a workspace's
// conversations come back with every message, attachment and answer detail, and the chat store
// reads them as it reads its own; a second import adds nothing; a conversation that grew since the
// export is kept and the exported one lands beside it; a file whose messages the view could not
// show, or whose totals disagree with its messages, is refused naming line and field; secrets are
// redacted on the way out and on the way in; version 1 files still import.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NewMessage } from '../../../src/core/chat/conversationRecords';
import type { WorkspaceRef } from '../../../src/core/sessions/session';
import type { AnswerMeta } from '../../../src/shared/protocol/chat';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { ConversationStore } from '../../../src/storage/conversationStore';
import { EXCHANGE_VERSION } from '../../../src/storage/exchange/exchangeFormat';
import { ExchangeValidationError } from '../../../src/storage/exchange/exchangeValidation';
import { describeExport, describeImport, exportWorkspaceToFile, importFromFile } from '../../../src/storage/exchange/workspaceExchange';
import { randomText } from '../redaction/secretCorpus';
import { openDatabase } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const WS: WorkspaceRef = { id: 'ws-chat', name: 'shop', location: '/home/me/shop' };
const HEADER = { type: 'header', format: 'baton-export', version: EXCHANGE_VERSION, exportedAt: '2026-01-01T00:00:00.000Z', workspace: WS };

function meta(overrides: Partial<AnswerMeta> = {}): AnswerMeta {
  return {
    provider: 'openai', model: 'gpt-x', inputTokens: 120, outputTokens: 40, cachedTokens: 0, costNanos: 2_500, pricing: 'priced', estimated: false,
    latencyMs: 800, ttftMs: 90, cacheHit: false, fallback: { used: true, reason: 'anthropic: 429' }, status: 'ok', strategy: 'cheapest', why: 'the cheapest that fits', redacted: [],
    ...overrides,
  };
}

const user = (id: string, text: string, at: number, extra: Partial<NewMessage> = {}): NewMessage => ({ id, role: 'user', text, at, attachments: [], meta: null, ...extra });
const answer = (id: string, text: string, at: number, details: Partial<AnswerMeta> = {}): NewMessage => ({ id, role: 'assistant', text, at, attachments: [], meta: meta(details) });

const fileOf = (...lines: readonly object[]) => `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
const CONVERSATION = { type: 'conversation', id: 'c1', title: 'VAT', createdAt: 1_000, updatedAt: 3_000, costNanos: 2_500, estimated: false, messageCount: 2 };
const QUESTION = { type: 'message', id: 'm1', conversationId: 'c1', seq: 1, role: 'user', text: 'Why off by a cent?', at: 2_000, attachments: '[]', meta: null };
const ANSWER = { type: 'message', id: 'm2', conversationId: 'c1', seq: 2, role: 'assistant', text: 'Rounding.', at: 3_000, attachments: '[]', meta: JSON.stringify(meta()) };

describe('chat conversations through export and import', () => {
  useTempDirs();
  let dir: string;
  let source: BatonDatabase;
  let target: BatonDatabase;

  beforeEach(async () => {
    dir = makeTempDir();
    source = await openDatabase(join(dir, 'source.db'));
    target = await openDatabase(join(dir, 'target.db'));
    await source.write((db) => db.run('INSERT INTO workspaces (id, name, location) VALUES (?, ?, ?)', [WS.id, WS.name, WS.location]));
  });

  afterEach(async () => {
    await source.close();
    await target.close();
  });

  async function exported(): Promise<{ file: string; rows: number; conversations: number; summary: string }> {
    const file = join(dir, 'export.jsonl');
    const summary = await exportWorkspaceToFile(source, WS, file, new Date('2026-11-24T10:00:00Z'));
    return { file, rows: summary.rows, conversations: summary.conversations, summary: describeExport(summary) };
  }

  const written = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  /** Two conversations: one with an attachment and an estimated, stopped answer. */
  async function twoConversations(store: ConversationStore): Promise<void> {
    await store.create({ id: 'c-vat', workspaceId: WS.id, title: 'Fix the VAT total', at: 1_000 });
    await store.append('c-vat', user('m-1', 'Why is the total off by a cent?', 2_000, { attachments: [{ kind: 'file', label: 'src/vat.ts', tokens: 420 }] }));
    await store.append('c-vat', answer('m-2', 'Rounding per line; round the sum.', 3_000, { costNanos: 1_500 }));
    await store.append('c-vat', answer('m-3', 'Partial', 4_000, { costNanos: 700, estimated: true, status: 'incomplete' }));
    await store.create({ id: 'c-empty', workspaceId: WS.id, title: 'Nothing yet', at: 5_000 });
    await store.create({ id: 'c-other', workspaceId: 'ws-elsewhere', title: 'Another workspace', at: 6_000 });
  }

  it('round trip: every conversation of the workspace comes back as the store wrote it; a second import adds nothing', async () => {
    await twoConversations(new ConversationStore(source));
    const { file, conversations, summary } = await exported();
    assert.equal(conversations, 2, 'the other workspace\'s conversation is not exported');
    assert.match(summary, /^0 sessions and 2 conversations \(\d+ rows\)$/);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines[0]?.version, 2);
    assert.deepEqual(lines.filter((line) => line.type === 'message').map((line) => [line.conversationId, line.seq]), [['c-vat', 1], ['c-vat', 2], ['c-vat', 3]]);

    const report = await importFromFile(target, file);
    assert.deepEqual([report.conversations, report.messages], [{ added: 2, unchanged: 0, remapped: 0 }, { added: 3, unchanged: 0, remapped: 0 }]);
    const [from, to] = [new ConversationStore(source), new ConversationStore(target)];
    assert.deepEqual(await to.list(WS.id), await from.list(WS.id));
    assert.deepEqual(await to.get('c-vat'), await from.get('c-vat'));
    assert.equal((await to.get('c-vat'))?.conversation.costNanos, 2_200);
    assert.deepEqual((await to.get('c-vat'))?.messages[0]?.attachments, [{ kind: 'file', label: 'src/vat.ts', tokens: 420 }]);
    assert.equal((await to.get('c-vat'))?.messages[2]?.meta?.status, 'incomplete');
    // The store goes on from the imported messages.
    const next = await to.append('c-vat', user('m-4', 'Thanks', 7_000));
    assert.deepEqual([next?.message.seq, next?.conversation.messageCount], [4, 4]);

    const sequence = source.sequence;
    const again = await importFromFile(source, file);
    assert.deepEqual([again.conversations, again.messages], [{ added: 0, unchanged: 2, remapped: 0 }, { added: 0, unchanged: 3, remapped: 0 }]);
    assert.equal(source.sequence, sequence, 'nothing was written');
    assert.match(describeImport(again, false).join('\n'), /conversations: added 0, 2 already present\nmessages: added 0, 3 already present/);
  });

  it('a conversation that grew since the export is kept; the exported one lands beside it, once', async () => {
    const store = new ConversationStore(source);
    await twoConversations(store);
    const { file } = await exported();
    await store.append('c-vat', user('m-late', 'One more question', 9_000));
    const first = await importFromFile(source, file);
    assert.deepEqual([first.conversations, first.messages], [{ added: 0, unchanged: 1, remapped: 1 }, { added: 0, unchanged: 0, remapped: 3 }]);
    const listed = await store.list(WS.id);
    assert.equal(listed.length, 3);
    const copy = listed.find((c) => c.id.startsWith('c-vat~'));
    assert.ok(copy, 'the exported conversation under a derived id');
    assert.deepEqual((await store.get(copy.id))?.messages.map((m) => m.text), ['Why is the total off by a cent?', 'Rounding per line; round the sum.', 'Partial']);
    assert.equal((await store.get('c-vat'))?.messages.length, 4, 'the grown conversation is left as it was');
    const second = await importFromFile(source, file);
    assert.deepEqual([second.conversations, second.messages], [{ added: 0, unchanged: 2, remapped: 0 }, { added: 0, unchanged: 3, remapped: 0 }]);
  });

  it('refuses, naming line and field, messages the chat view could not show and totals that disagree with the messages', async () => {
    const cases: [string, object[], RegExp][] = [
      ['meta that is not an answer\'s details', [CONVERSATION, QUESTION, { ...ANSWER, meta: JSON.stringify({ provider: 'openai' }) }], /^line 4, field meta: meta\.model: expected/],
      ['meta that is not JSON', [CONVERSATION, QUESTION, { ...ANSWER, meta: '{oops' }], /^line 4, field meta: expected JSON text/],
      ['an attachment of an unknown kind', [CONVERSATION, { ...QUESTION, attachments: '[{"kind":"secret","label":"x","tokens":1}]' }, ANSWER], /^line 3, field attachments: attachments\[0\]\.kind: expected/],
      ['a role that is neither', [CONVERSATION, { ...QUESTION, role: 'system' }, ANSWER], /^line 3, field role: expected one of user, assistant/],
      ['a message of no conversation in the file', [CONVERSATION, QUESTION, ANSWER, { ...QUESTION, id: 'm9', conversationId: 'gone' }], /^line 5, field conversationId: no conversation with id gone/],
      ['two messages at one position', [CONVERSATION, QUESTION, { ...ANSWER, seq: 1 }], /^line 4, field seq: another message of conversation c1 is at position 1/],
      ['a message twice', [CONVERSATION, QUESTION, { ...ANSWER, id: 'm1' }], /^line 4, field id: message m1 appears twice/],
      ['a conversation twice', [CONVERSATION, QUESTION, ANSWER, { ...CONVERSATION, messageCount: 2 }], /^line 5, field id: conversation c1 appears twice/],
      ['a count that is not its messages\'', [{ ...CONVERSATION, messageCount: 3 }, QUESTION, ANSWER], /^line 2, field messageCount: 3, but the file has 2/],
      ['a cost that is not its answers\'', [{ ...CONVERSATION, costNanos: 1 }, QUESTION, ANSWER], /^line 2, field costNanos: 1, but its messages' costs add up to 2500/],
      ['an estimate flag no answer has', [{ ...CONVERSATION, estimated: true }, QUESTION, ANSWER], /^line 2, field estimated: true, but no answer of it is estimated/],
    ];
    for (const [name, lines, expected] of cases) {
      const file = written('bad.jsonl', fileOf(HEADER, ...lines));
      await assert.rejects(importFromFile(target, file), (error: unknown) => {
        assert.ok(error instanceof ExchangeValidationError, name);
        assert.match(error.problems[0] ?? '', expected, `${name}: ${error.problems.join('; ')}`);
        return true;
      });
    }
    assert.deepEqual(await target.read((db) => db.all('SELECT id FROM conversations')), [], 'nothing was imported');
    const good = written('good.jsonl', fileOf(HEADER, CONVERSATION, QUESTION, ANSWER));
    assert.deepEqual((await importFromFile(target, good)).messages, { added: 2, unchanged: 0, remapped: 0 });
  });

  it('a stored message at the position an imported one needs stops the whole import', async () => {
    const store = new ConversationStore(target);
    await store.create({ id: 'c1', workspaceId: WS.id, title: 'VAT', at: 1_000 });
    await store.append('c1', user('m-mine', 'Mine', 2_000));
    await store.append('c1', answer('m-mine-2', 'Also mine', 3_000));
    await target.write((db) => db.run('UPDATE conversations SET updated_at = 3000 WHERE id = ?', ['c1']));
    const file = written('clash.jsonl', fileOf(HEADER, CONVERSATION, QUESTION, ANSWER));
    await assert.rejects(importFromFile(target, file), /Message m1 would take position 1 of conversation c1, where message m-mine is already stored; nothing was imported/);
    assert.deepEqual((await store.get('c1'))?.messages.map((m) => m.id), ['m-mine', 'm-mine-2']);
  });

  it('redacts secrets on the way out (a row another writer left) and on the way in (a file made by hand)', async () => {
    const token = `gh${'p_'}${randomText(36)}`;
    await source.write((db) => {
      db.run('INSERT INTO conversations (id, workspace_id, title, created_at, updated_at, cost_nanos, estimated, message_count) VALUES (?, ?, ?, 1, 2, 0, 0, 1)', ['c-raw', WS.id, `key ${token}`]);
      db.run('INSERT INTO chat_messages (id, conversation_id, seq, role, text, at, attachments, meta) VALUES (?, ?, 1, ?, ?, 2, ?, NULL)', [
        'm-raw', 'c-raw', 'user', `use ${token} here`, JSON.stringify([{ kind: 'selection', label: token, tokens: 9 }]),
      ]);
    });
    const { file } = await exported();
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes(token), 'no secret in the export');
    assert.equal(text.match(/\[redacted: github-token\]/g)?.length, 3, "the title, the text and the attachment's label");

    const byHand = written('hand.jsonl', fileOf(HEADER, { ...CONVERSATION, title: `about ${token}` }, { ...QUESTION, text: `my key is ${token}` }, ANSWER));
    await importFromFile(target, byHand);
    const stored = JSON.stringify(await target.read((db) => [db.all('SELECT * FROM conversations'), db.all('SELECT * FROM chat_messages')]));
    assert.ok(!stored.includes(token), 'no secret stored by an import');
    assert.equal((await importFromFile(target, byHand)).messages.unchanged, 2, 'the same file again adds nothing');
  });

  it('a version 1 file (from before conversations) still imports', async () => {
    const file = written('v1.jsonl', fileOf({ ...HEADER, version: 1 }, { type: 'session', id: 's1', goal: 'g', startedAt: 1, endedAt: 2, lastActivityAt: 2, activeMs: 1, branchStart: null, headStart: null, branchEnd: null, headEnd: null, summary: null }));
    const report = await importFromFile(target, file);
    assert.deepEqual([report.sessions.added, report.conversations.added], [1, 0]);
  });
});
