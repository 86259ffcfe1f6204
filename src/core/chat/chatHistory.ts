// The messages a chat turn sends: the conversation's earlier exchanges, then the new prompt
// with what was attached.
//
// History cap: HISTORY_TOKEN_CAP tokens (o200k) of earlier exchanges, oldest dropped first, a
// question and its answer together. 8,000 keeps a turn (history + a 4,096-token answer + the
// prompt) inside a 16k context window, the smallest the configured models commonly have, and
// bounds what every turn costs however long the conversation grows. The new prompt and its
// attachments are never dropped: the user asked for them. A question that got no answer (an
// error, stopped before the answer began) is left out: the user asks again in the new prompt.
import type { ChatMessage } from '../routing/streamEvent';
import type { StoredMessage } from './conversationRecords';

export const HISTORY_TOKEN_CAP = 8_000;
/** The longest answer a chat turn asks for. */
export const ANSWER_MAX_TOKENS = 4_096;

/** Chat-format overhead per message, as the router counts it. */
const PER_MESSAGE = 4;

export interface Exchange {
  readonly ask: string;
  readonly answer: string;
}

/** Each question with the answer that followed it, in order; unanswered questions are skipped. */
export function exchangesOf(messages: readonly StoredMessage[]): Exchange[] {
  const exchanges: Exchange[] = [];
  for (let i = 0; i < messages.length - 1; i++) {
    const ask = messages[i];
    const answer = messages[i + 1];
    if (ask?.role === 'user' && answer?.role === 'assistant') exchanges.push({ ask: ask.text, answer: answer.text });
  }
  return exchanges;
}

/** The newest exchanges that fit in `cap` tokens, oldest first. */
export function recentExchanges(exchanges: readonly Exchange[], count: (text: string) => number, cap = HISTORY_TOKEN_CAP): Exchange[] {
  const kept: Exchange[] = [];
  let used = 0;
  for (let i = exchanges.length - 1; i >= 0; i--) {
    const exchange = exchanges[i];
    if (!exchange) continue;
    const tokens = count(exchange.ask) + count(exchange.answer) + 2 * PER_MESSAGE;
    if (used + tokens > cap) break;
    used += tokens;
    kept.unshift(exchange);
  }
  return kept;
}

/** The prompt followed by each attachment's content, as the model reads it. */
export function promptWithAttachments(prompt: string, contents: readonly string[]): string {
  return contents.length === 0 ? prompt : [prompt, ...contents].join('\n\n');
}

export function routerMessages(history: readonly StoredMessage[], prompt: string, count: (text: string) => number, cap = HISTORY_TOKEN_CAP): ChatMessage[] {
  const earlier = recentExchanges(exchangesOf(history), count, cap).flatMap((exchange): ChatMessage[] => [
    { role: 'user', content: exchange.ask },
    { role: 'assistant', content: exchange.answer },
  ]);
  return [...earlier, { role: 'user', content: prompt }];
}
