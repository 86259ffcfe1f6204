// A conversation's messages in an export file: their JSON columns are checked with the chat
// view's own validators (shared/protocol/chat.ts), because an imported message is shown there as
// it is stored: what the view would refuse, an import refuses, naming line and field. The
// conversation's totals are checked against its messages, as the store keeps them (a message and
// its conversation's totals in one write).
import { ProtocolError, type Validator } from '../../shared/protocol/validate';
import { type AnswerMeta, answerMeta, attachedItems, chatText } from '../../shared/protocol/chat';
import type { ConversationLine, MessageLine } from './exchangeFormat';
import { found, parsed } from './ledgerLineFields';

/** What `validator` says is wrong with `value`, or null. */
function problemOf<T>(validator: Validator<T>, value: unknown, path: string): string | null {
  try {
    validator(value, path);
    return null;
  } catch (error) {
    if (error instanceof ProtocolError) return error.message;
    throw error;
  }
}

/** What is wrong with a message's `attachments` (JSON text of a list of `{kind, label, tokens}`), or null. */
export function attachmentsProblem(value: unknown): string | null {
  const json = typeof value === 'string' ? parsed(value) : { ok: false as const };
  if (!json.ok) return `expected JSON text of a list of attachments, found ${found(value)}`;
  return problemOf(attachedItems, json.value, 'attachments');
}

/** What is wrong with a message's `meta` (JSON text of an answer's details, or null), or null. */
export function metaProblem(value: unknown): string | null {
  if (value === null) return null;
  const json = typeof value === 'string' ? parsed(value) : { ok: false as const };
  if (!json.ok) return `expected JSON text of an answer's details, or null, found ${found(value)}`;
  return problemOf(answerMeta, json.value, 'meta');
}

export function textProblem(value: unknown): string | null {
  return problemOf(chatText, value, 'text');
}

/** The details of a checked message's answer, or null for a user's message. */
const metaOf = (message: MessageLine): AnswerMeta | null => (message.meta === null ? null : (JSON.parse(message.meta) as AnswerMeta));

/** What is wrong with a conversation's totals, given its messages in the file; each problem names its field. */
export function totalsProblems(conversation: ConversationLine, messages: readonly MessageLine[]): string[] {
  const problems: string[] = [];
  const metas = messages.map(metaOf);
  const cost = metas.reduce((sum, meta) => sum + (meta?.costNanos ?? 0), 0);
  const estimated = metas.some((meta) => meta?.estimated === true);
  if (conversation.messageCount !== messages.length) problems.push(`field messageCount: ${conversation.messageCount}, but the file has ${messages.length} message(s) of this conversation`);
  if (conversation.costNanos !== cost) problems.push(`field costNanos: ${conversation.costNanos}, but its messages' costs add up to ${cost}`);
  if (conversation.estimated !== estimated) problems.push(`field estimated: ${conversation.estimated}, but ${estimated ? 'an answer' : 'no answer'} of it is estimated`);
  return problems;
}
