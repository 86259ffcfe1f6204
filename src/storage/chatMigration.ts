// Migration 8: the chat view's conversations and their messages, per workspace. Never edit
// once shipped; add a new migration.
//
// A conversation keeps its own totals (message count, cost, whether part of it is estimated),
// updated in the same write as each message, so the list and the header never sum messages.
// Messages are ordered by `seq` within their conversation; attachments (what was attached: kind,
// label, tokens, never the content) and the answer's meta are JSON.
export const CHAT_MIGRATION = {
  version: 8,
  description: 'chat conversations and their messages',
  sql: `
    CREATE TABLE conversations (
      id TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL,
      title TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      cost_nanos INTEGER NOT NULL DEFAULT 0,
      estimated INTEGER NOT NULL DEFAULT 0,
      message_count INTEGER NOT NULL DEFAULT 0
    );
    -- Read backwards: the newest first, ties by the newest row (rowid ends every index entry).
    CREATE INDEX conversations_by_workspace ON conversations(workspace_id, updated_at);
    CREATE TABLE chat_messages (
      id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
      text TEXT NOT NULL,
      at INTEGER NOT NULL,
      attachments TEXT NOT NULL DEFAULT '[]', -- JSON [{kind, label, tokens}]
      meta TEXT -- JSON AnswerMeta; NULL for the user's messages
    );
    CREATE UNIQUE INDEX chat_messages_in_order ON chat_messages(conversation_id, seq);
  `,
};
