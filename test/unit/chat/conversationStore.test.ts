// The chat's conversations in a real database file: one write per message that also moves the
// conversation's totals, lists per workspace, rename, delete with its messages, and no secret
// ever stored.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AnswerMeta } from '../../../src/shared/protocol/chat';
import type { NewMessage } from '../../../src/core/chat/conversationRecords';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { ConversationStore } from '../../../src/storage/conversationStore';
import { LATEST_SCHEMA_VERSION } from '../../../src/storage/migrations';
import { openDatabase, queryFile } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { GITHUB_TOKEN } from './chatHarness';

function meta(overrides: Partial<AnswerMeta> = {}): AnswerMeta {
  return {
    provider: 'oa', model: 'wire-mini', inputTokens: 10, outputTokens: 5, cachedTokens: 0, costNanos: 1_000, pricing: 'priced', estimated: false,
    latencyMs: 10, ttftMs: 5, cacheHit: false, fallback: { used: false, reason: null }, status: 'ok', strategy: 'cheapest', why: 'cheapest', redacted: [],
    ...overrides,
  };
}

let n = 0;
const message = (role: 'user' | 'assistant', text: string, at: number, extra: Partial<NewMessage> = {}): NewMessage => ({
  id: `m-${++n}`, role, text, at, attachments: [], meta: role === 'assistant' ? meta() : null, ...extra,
});

describe('chat: the conversation store', () => {
  useTempDirs();
  let database: BatonDatabase;
  let path: string;
  let store: ConversationStore;
  beforeEach(async () => {
    path = join(makeTempDir('baton-chat-'), 'baton.db');
    database = await openDatabase(path);
    store = new ConversationStore(database);
  });
  afterEach(() => database.close());

  it('migration 8 creates the tables with the indexes for the list and the transcript', async () => {
    assert.ok(LATEST_SCHEMA_VERSION >= 8);
    const indexes = await database.read((db) => db.all("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('conversations', 'chat_messages') AND sql IS NOT NULL ORDER BY name").map((row) => String(row.name)));
    assert.deepEqual(indexes, ['chat_messages_in_order', 'conversations_by_workspace']);
    const plan = await database.read((db) => db.all("EXPLAIN QUERY PLAN SELECT id FROM conversations WHERE workspace_id = 'w' ORDER BY updated_at DESC, rowid DESC LIMIT 200").map((row) => String(row.detail)).join(' '));
    assert.match(plan, /conversations_by_workspace/);
    assert.doesNotMatch(plan, /TEMP B-TREE/, 'the list is read in index order, not sorted');
  });

  it('appending moves the count, the cost and the estimated flag in the same write, durably', async () => {
    await store.create({ id: 'c1', workspaceId: 'w1', title: 'Fix the VAT total', at: 1_000 });
    await store.append('c1', message('user', 'Why is the total off by a cent?', 2_000));
    await store.append('c1', message('assistant', 'Rounding per line.', 3_000, { meta: meta({ costNanos: 1_500 }) }));
    await store.append('c1', message('user', 'And the fix?', 4_000));
    const appended = await store.append('c1', message('assistant', 'Round the sum', 5_000, { meta: meta({ costNanos: 700, estimated: true, status: 'incomplete' }) }));
    assert.deepEqual(
      { count: appended?.conversation.messageCount, cost: appended?.conversation.costNanos, estimated: appended?.conversation.estimated, updatedAt: appended?.conversation.updatedAt, seq: appended?.message.seq },
      { count: 4, cost: 2_200, estimated: true, updatedAt: 5_000, seq: 4 },
    );
    const [row] = await queryFile(path, 'SELECT message_count, cost_nanos, estimated FROM conversations WHERE id = ?', ['c1']);
    assert.deepEqual({ ...row }, { message_count: 4, cost_nanos: 2_200, estimated: 1 }, 'another process reads the same totals');
    const found = await store.get('c1');
    assert.deepEqual(found?.messages.map((m) => [m.seq, m.role, m.text]), [
      [1, 'user', 'Why is the total off by a cent?'], [2, 'assistant', 'Rounding per line.'], [3, 'user', 'And the fix?'], [4, 'assistant', 'Round the sum'],
    ]);
    assert.equal(found?.messages[3]?.meta?.status, 'incomplete');
    assert.equal(await store.append('gone', message('user', 'x', 1)), null);
  });

  it('lists a workspace\'s conversations only, the most recently updated first', async () => {
    await store.create({ id: 'a', workspaceId: 'w1', title: 'A', at: 1_000 });
    await store.create({ id: 'b', workspaceId: 'w1', title: 'B', at: 2_000 });
    await store.create({ id: 'other', workspaceId: 'w2', title: 'Elsewhere', at: 3_000 });
    await store.append('a', message('user', 'later', 4_000));
    assert.deepEqual((await store.list('w1')).map((c) => c.id), ['a', 'b']);
    assert.deepEqual((await store.list('w2')).map((c) => c.id), ['other']);
  });

  it('renames, and deletes a conversation with its messages', async () => {
    await store.create({ id: 'c1', workspaceId: 'w1', title: 'Old', at: 1_000 });
    await store.append('c1', message('user', 'hello', 2_000));
    assert.equal((await store.rename('c1', '  New   title '))?.title, 'New title');
    assert.equal((await store.get('c1'))?.conversation.title, 'New title');
    assert.equal(await store.rename('gone', 'x'), null);
    assert.equal(await store.delete('c1'), true);
    assert.equal(await store.get('c1'), null);
    const left = await database.read((db) => Number(db.one('SELECT count(*) AS n FROM chat_messages')?.n));
    assert.equal(left, 0, 'no orphan messages');
    assert.equal(await store.delete('c1'), false);
  });

  it('stores a secret in a prompt, an answer, a title or a label only as its marker', async () => {
    await store.create({ id: 'c1', workspaceId: 'w1', title: `Token ${GITHUB_TOKEN}`, at: 1 });
    await store.append('c1', message('user', `My token is ${GITHUB_TOKEN}, why 401?`, 2, { attachments: [{ kind: 'file', label: `notes ${GITHUB_TOKEN}`, tokens: 3 }] }));
    await store.append('c1', message('assistant', `Revoke ${GITHUB_TOKEN} now.`, 3));
    const everything = JSON.stringify(await queryFile(path, 'SELECT c.title, m.text, m.attachments FROM conversations c JOIN chat_messages m ON m.conversation_id = c.id'));
    assert.ok(!everything.includes(GITHUB_TOKEN), 'the token is nowhere in the database');
    assert.match(everything, /My token is \[redacted: [a-z-]+\], why 401\?/);
  });
});
