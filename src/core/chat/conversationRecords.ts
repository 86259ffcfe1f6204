// Conversations as the chat service keeps them, and the port of the store that keeps them
// (storage/conversationStore.ts). Times are epoch milliseconds here; the view gets ISO strings.
import type { AnswerMeta, ChatMessageView } from '../../shared/protocol/chat';

export type AttachedItem = ChatMessageView['attachments'][number];

export interface ConversationRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly title: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The sum of its answers' costs (an unpriced answer adds 0). */
  readonly costNanos: number;
  /** True when part of the total is estimated. */
  readonly estimated: boolean;
  readonly messageCount: number;
}

export interface StoredMessage {
  readonly id: string;
  readonly conversationId: string;
  /** 1, 2, 3…: the order of the transcript. */
  readonly seq: number;
  readonly role: 'user' | 'assistant';
  readonly text: string;
  readonly at: number;
  readonly attachments: readonly AttachedItem[];
  /** Assistant messages only. */
  readonly meta: AnswerMeta | null;
}

export interface NewMessage {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  readonly text: string;
  readonly at: number;
  readonly attachments: readonly AttachedItem[];
  readonly meta: AnswerMeta | null;
}

export interface Appended {
  readonly message: StoredMessage;
  /** The conversation with its totals after the message. */
  readonly conversation: ConversationRecord;
}

export interface ConversationWithMessages {
  readonly conversation: ConversationRecord;
  readonly messages: readonly StoredMessage[];
}

/** Every text (titles, prompts, answers) passes the redaction choke point before it is stored. */
export interface ConversationRepository {
  create(conversation: { readonly id: string; readonly workspaceId: string; readonly title: string; readonly at: number }): Promise<ConversationRecord>;
  /** One write: the message, and the conversation's count, cost and time. Null when the conversation is gone. */
  append(conversationId: string, message: NewMessage): Promise<Appended | null>;
  /** The workspace's conversations, most recently updated first. */
  list(workspaceId: string, limit?: number): Promise<readonly ConversationRecord[]>;
  get(id: string): Promise<ConversationWithMessages | null>;
  rename(id: string, title: string): Promise<ConversationRecord | null>;
  /** Deletes the conversation and its messages; false when there was none. */
  delete(id: string): Promise<boolean>;
}

/** Titles are one line, at most the protocol's 200 characters. */
export const MAX_TITLE_CHARS = 200;

export function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line || 'New conversation';
}

export function cleanTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_CHARS);
}
