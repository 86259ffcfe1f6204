// Stored conversations as the chat view shows them (ISO times, protocol limits), and the
// models the picker offers.
import type { ProviderConfig, RouterConfig } from '../routing/routerConfig';
import type { ChatMessageView, ChatState, ConversationSummaryView, ConversationView } from '../../shared/protocol/chat';
import type { ConversationRecord, StoredMessage } from './conversationRecords';

/** The protocol's longest list: a longer conversation shows its latest messages. */
const MAX_MESSAGES = 5_000;

type ModelOption = ChatState['models'][number];

const iso = (ms: number) => new Date(ms).toISOString();

export function messageView(message: StoredMessage): ChatMessageView {
  return { id: message.id, role: message.role, text: message.text, at: iso(message.at), attachments: [...message.attachments], meta: message.meta };
}

export function summaryView(conversation: ConversationRecord): ConversationSummaryView {
  return { id: conversation.id, title: conversation.title, updatedAt: iso(conversation.updatedAt), messages: conversation.messageCount, costNanos: conversation.costNanos };
}

export function conversationView(conversation: ConversationRecord, messages: readonly StoredMessage[]): ConversationView {
  return {
    id: conversation.id,
    title: conversation.title,
    createdAt: iso(conversation.createdAt),
    updatedAt: iso(conversation.updatedAt),
    costNanos: conversation.costNanos,
    estimated: conversation.estimated,
    messages: messages.slice(-MAX_MESSAGES).map(messageView),
  };
}

function priceDetail(provider: ProviderConfig, model: ProviderConfig['models'][number]): string {
  const prices = model.input !== undefined && model.output !== undefined ? ` · $${model.input} in / $${model.output} out per million tokens` : '';
  return `${provider.kind}${prices}`;
}

/** Every configured model; `available` is false for a provider that cannot be used now (no key). */
export async function modelOptions(config: RouterConfig, available: (provider: ProviderConfig) => Promise<boolean>): Promise<ModelOption[]> {
  const options: ModelOption[] = [];
  for (const provider of config.providers) {
    const usable = await available(provider).catch(() => false);
    for (const model of provider.models) {
      options.push({ provider: provider.id, model: model.id, label: `${provider.id}/${model.id}`, detail: priceDetail(provider, model), available: usable });
    }
  }
  return options;
}
