// The chat's conversations in the Baton database (migration 8). Every text is redacted here,
// whoever the caller is: a prompt quoting a key is stored with the key's marker, never the key.
// Appending a message also moves the conversation's totals, in the same write, so two windows
// appending to one conversation keep its count and cost right.
import type {
  Appended, AttachedItem, ConversationRecord, ConversationRepository, ConversationWithMessages, NewMessage, StoredMessage,
} from '../core/chat/conversationRecords';
import { cleanTitle } from '../core/chat/conversationRecords';
import { redactText } from '../core/redaction/redaction';
import type { AnswerMeta } from '../shared/protocol/chat';
import type { BatonDatabase } from './batonDatabase';
import { type Row, type SqlReader, asNumber, asString } from './sqlAccess';

const CONVERSATION = 'id, workspace_id, title, created_at, updated_at, cost_nanos, estimated, message_count';
const MESSAGE = 'id, conversation_id, seq, role, text, at, attachments, meta';

export function conversationOf(row: Row): ConversationRecord {
  return {
    id: asString(row.id),
    workspaceId: asString(row.workspace_id),
    title: asString(row.title),
    createdAt: asNumber(row.created_at),
    updatedAt: asNumber(row.updated_at),
    costNanos: asNumber(row.cost_nanos),
    estimated: asNumber(row.estimated) !== 0,
    messageCount: asNumber(row.message_count),
  };
}

/** Rows this store wrote: the JSON is ours, so it is read back as what was written. */
function messageOf(row: Row): StoredMessage {
  const meta = row.meta == null ? null : (JSON.parse(asString(row.meta)) as AnswerMeta);
  return {
    id: asString(row.id),
    conversationId: asString(row.conversation_id),
    seq: asNumber(row.seq),
    role: asString(row.role) === 'assistant' ? 'assistant' : 'user',
    text: asString(row.text),
    at: asNumber(row.at),
    attachments: JSON.parse(asString(row.attachments) || '[]') as AttachedItem[],
    meta,
  };
}

function selectConversation(db: SqlReader, id: string): ConversationRecord | null {
  const row = db.one(`SELECT ${CONVERSATION} FROM conversations WHERE id = ?`, [id]);
  return row ? conversationOf(row) : null;
}

const redactedTitle = (title: string) => cleanTitle(redactText(title)) || 'Conversation';

function redactedMessage(message: NewMessage): NewMessage {
  return { ...message, text: redactText(message.text), attachments: message.attachments.map((item) => ({ ...item, label: redactText(item.label) })) };
}

export class ConversationStore implements ConversationRepository {
  constructor(private readonly database: BatonDatabase) {}

  create(conversation: { readonly id: string; readonly workspaceId: string; readonly title: string; readonly at: number }): Promise<ConversationRecord> {
    const title = redactedTitle(conversation.title);
    return this.database.write((db) => {
      db.run(`INSERT INTO conversations (${CONVERSATION}) VALUES (?, ?, ?, ?, ?, 0, 0, 0)`, [conversation.id, conversation.workspaceId, title, conversation.at, conversation.at]);
      return { id: conversation.id, workspaceId: conversation.workspaceId, title, createdAt: conversation.at, updatedAt: conversation.at, costNanos: 0, estimated: false, messageCount: 0 };
    });
  }

  append(conversationId: string, message: NewMessage): Promise<Appended | null> {
    const clean = redactedMessage(message);
    const cost = clean.meta?.costNanos ?? 0;
    const estimated = clean.meta?.estimated === true ? 1 : 0;
    return this.database.write((db) => {
      const current = selectConversation(db, conversationId);
      if (!current) return null;
      const seq = asNumber(db.one('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM chat_messages WHERE conversation_id = ?', [conversationId])?.seq);
      db.run(`INSERT INTO chat_messages (${MESSAGE}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
        clean.id, conversationId, seq, clean.role, clean.text, clean.at, JSON.stringify(clean.attachments), clean.meta === null ? null : JSON.stringify(clean.meta),
      ]);
      db.run('UPDATE conversations SET message_count = message_count + 1, cost_nanos = cost_nanos + ?, estimated = MAX(estimated, ?), updated_at = MAX(updated_at, ?) WHERE id = ?', [
        cost, estimated, clean.at, conversationId,
      ]);
      const conversation = selectConversation(db, conversationId) ?? current;
      return { message: { ...clean, conversationId, seq }, conversation };
    });
  }

  /** Ties (same millisecond) put the newest conversation first. */
  list(workspaceId: string, limit = 200): Promise<readonly ConversationRecord[]> {
    return this.database.read((db) =>
      db.all(`SELECT ${CONVERSATION} FROM conversations WHERE workspace_id = ? ORDER BY updated_at DESC, rowid DESC LIMIT ?`, [workspaceId, Math.max(0, limit)]).map(conversationOf),
    );
  }

  get(id: string): Promise<ConversationWithMessages | null> {
    return this.database.read((db) => {
      const conversation = selectConversation(db, id);
      if (!conversation) return null;
      const messages = db.all(`SELECT ${MESSAGE} FROM chat_messages WHERE conversation_id = ? ORDER BY seq`, [id]).map(messageOf);
      return { conversation, messages };
    });
  }

  rename(id: string, title: string): Promise<ConversationRecord | null> {
    const clean = redactedTitle(title);
    return this.database.write((db) => {
      if (db.run('UPDATE conversations SET title = ? WHERE id = ?', [clean, id]) === 0) return null;
      return selectConversation(db, id);
    });
  }

  delete(id: string): Promise<boolean> {
    // The messages go by name too: a replay must not depend on the foreign-keys pragma.
    return this.database.write((db) => {
      db.run('DELETE FROM chat_messages WHERE conversation_id = ?', [id]);
      return db.run('DELETE FROM conversations WHERE id = ?', [id]) > 0;
    });
  }
}
