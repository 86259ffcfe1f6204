// The chat view's service over the conversation store, the router, the briefings and the
// knowledge base. A bundle of its own (dist/chat.js, via chatServicesLoader.ts): the chat's
// history, summary and error rules load when the chat view first asks, never at activation.
import type { ChangeNotifier } from '../core/changeFeed';
import type { Clock, IdSource } from '../core/clock';
import type { ChatEditor } from '../core/chat/chatPorts';
import { type ChatServiceDeps, ChatService } from '../core/chat/chatService';
import type { KnowledgeService } from '../core/knowledge/knowledgeService';
import type { RouterConfig } from '../core/routing/routerConfig';
import { tokenCounter } from '../providers/tokenCounter';
import type { BatonDatabase } from '../storage/batonDatabase';
import { ConversationStore } from '../storage/conversationStore';
import type { RouterServices } from './routerServices';

export { ChatService } from '../core/chat/chatService';

export interface ChatSources {
  readonly database: BatonDatabase;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly workspaceId: string | null;
  readonly router: () => RouterServices | null;
  readonly config: () => RouterConfig | null;
  readonly briefings: ChatServiceDeps['briefings'];
  readonly session: ChatServiceDeps['session'];
  readonly knowledge: KnowledgeService;
  readonly changes: ChangeNotifier;
}

export function createChatService(sources: ChatSources, editor: ChatEditor): ChatService {
  return new ChatService({
    workspaceId: sources.workspaceId,
    conversations: new ConversationStore(sources.database),
    router: () => sources.router()?.router ?? null,
    config: sources.config,
    available: async (provider) => {
      const router = sources.router();
      return router !== null && (await router.connections.keyState(provider)) !== 'missing';
    },
    briefings: sources.briefings,
    knowledge: sources.knowledge,
    session: sources.session,
    editor,
    clock: sources.clock,
    ids: sources.ids,
    countTokens: (text) => tokenCounter()(text),
    onChange: () => sources.changes.notify(),
  });
}
