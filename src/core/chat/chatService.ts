// The chat view's backend (ChatBackend): conversations per workspace, turns through the router
// with the conversation's history, estimates, and the handoff of a conversation in a briefing.
//
// A turn: the prompt is stored first (redacted by the store), so an error never loses it; the
// attachments are read then; the router gets the history that fits HISTORY_TOKEN_CAP plus the
// prompt with the attachments' contents; the answer is stored with what is shown under it. A
// stop while the answer streams keeps what arrived (the router reports it incomplete, its cost
// estimated); a stop before it began, like any failure, comes back as a ChatError with its fixes.
import type { Clock, IdSource } from '../clock';
import { UserFacingError } from '../errors';
import type { BriefingLevel, ConversationBrief } from '../briefing/briefingTypes';
import type { KnowledgeEntry } from '../knowledge/knowledgeEntry';
import { NO_PROVIDERS_MESSAGE, type RouteObserver, type RoutePreview, type RouteRequest, type RouteResult } from '../routing/routeRequest';
import type { ProviderConfig, RouterConfig } from '../routing/routerConfig';
import type { ChatContextInfo, ChatError, ChatEstimate, ChatSendParams, ChatSendResult, ChatState, ChatTarget, ConversationSummaryView, ConversationView } from '../../shared/protocol/chat';
import { answerMetaOf } from './answerMeta';
import { AttachmentResolver, type ResolvedAttachment } from './chatAttachments';
import { ConversationNotFoundError, NoWorkspaceError, chatErrorOf } from './chatErrors';
import { estimateTurn } from './chatEstimate';
import { ANSWER_MAX_TOKENS, promptWithAttachments, routerMessages } from './chatHistory';
import type { ChatBackend, ChatEditor, ChatHandoff, ChatTurnHooks, KnowledgeChoice } from './chatPorts';
import { conversationView, messageView, modelOptions, summaryView } from './chatViews';
import { type ConversationRecord, type ConversationRepository, type NewMessage, type StoredMessage, cleanTitle, titleFrom } from './conversationRecords';
import { summarizeConversation } from './conversationSummary';

export interface ChatRouter {
  route(request: RouteRequest, observer: RouteObserver): Promise<RouteResult>;
  preview(request: RouteRequest): Promise<RoutePreview>;
}

export interface ChatServiceDeps {
  /** The workspace conversations belong to; null when no folder is open. */
  readonly workspaceId: string | null;
  readonly conversations: ConversationRepository;
  /** The router (built on first use); null when this process has none. */
  readonly router: () => ChatRouter | null;
  /** The router's configuration; throws RouterConfigError when the user's JSON is wrong. */
  readonly config: () => RouterConfig | null;
  /** False for a provider that cannot be used now (its key is missing). */
  readonly available?: (provider: ProviderConfig) => Promise<boolean>;
  /** The workspace's briefings; null without a workspace. */
  readonly briefings: { generate(level: BriefingLevel, options: { save: boolean; conversation?: ConversationBrief }): Promise<{ readonly markdown: string; readonly tokens: number; readonly level: BriefingLevel }> } | null;
  readonly knowledge: {
    find(workspaceId: string, id: string): Promise<KnowledgeEntry | null>;
    list(workspaceId: string, limit?: number): Promise<readonly KnowledgeEntry[]>;
  };
  /** The session tracker of the workspace; null without a workspace. */
  readonly session: { readonly running: { readonly id: string } | null; addNote(text: string): Promise<unknown> } | null;
  readonly editor: ChatEditor;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** o200k token counts. */
  readonly countTokens: (text: string) => number;
  /** Conversations changed: views showing them refresh. */
  readonly onChange?: () => void;
}

type Turn = { readonly result: RouteResult } | { readonly error: ChatError };

const KNOWLEDGE_CHOICES = 200;
/** The briefing level of a handoff and of an attached briefing: what a new assistant can take in at once. */
const HANDOFF_LEVEL: BriefingLevel = 'medium';

function targetFields(target: ChatTarget): Partial<RouteRequest> {
  return target.kind === 'model' ? { provider: target.provider, model: target.model, strategy: 'explicit' } : {};
}

export class ChatService implements ChatBackend {
  private readonly attachments: AttachmentResolver;
  private knowledgeCount = 0;

  constructor(private readonly deps: ChatServiceDeps) {
    this.attachments = new AttachmentResolver({
      editor: deps.editor,
      briefing: async () => (deps.briefings ? (await deps.briefings.generate(HANDOFF_LEVEL, { save: false })).markdown : null),
      knowledge: (ids) => this.knowledgeEntries(ids),
      countTokens: deps.countTokens,
    });
  }

  async state(conversationId: string | null): Promise<ChatState> {
    const { workspaceId } = this.deps;
    const list = workspaceId === null ? [] : await this.deps.conversations.list(workspaceId);
    const wanted = conversationId ?? list[0]?.id ?? null;
    const current = wanted === null ? null : await this.openIfHere(wanted);
    if (workspaceId !== null) this.knowledgeCount = (await this.deps.knowledge.list(workspaceId, KNOWLEDGE_CHOICES)).length;
    const config = this.configOrNull();
    return {
      conversations: list.map(summaryView),
      current,
      models: config ? await modelOptions(config, this.deps.available ?? (async () => true)) : [],
      hasProviders: (config?.providers.length ?? 0) > 0,
      context: this.context(),
      strategy: config?.routing.strategy ?? 'cheapest',
      approvalThresholdUsd: config?.routing.approvalThresholdUsd ?? null,
    };
  }

  context(): ChatContextInfo {
    const { editor } = this.deps;
    const selection = editor.selection();
    const file = editor.activeFile();
    return {
      selection: selection && { file: selection.file, lines: selection.lines },
      file: file && { file: file.file, lines: file.lines },
      briefing: this.deps.briefings !== null,
      knowledge: this.knowledgeCount,
      trusted: editor.trusted(),
    };
  }

  async send(params: ChatSendParams, hooks: ChatTurnHooks, signal: AbortSignal): Promise<ChatSendResult> {
    const workspaceId = this.requireWorkspace();
    const { conversation, history } = await this.conversationFor(params.conversationId, params.text, workspaceId);
    let resolved: ResolvedAttachment[] = [];
    let failure: ChatError | null = null;
    try {
      resolved = await this.attachments.resolve(params.attachments);
    } catch (error) {
      failure = await chatErrorOf(error, { declined: false, stopped: false, excluded: async () => [] });
    }
    const user = await this.append(conversation.id, { role: 'user', text: params.text, attachments: resolved.map((a) => a.item), meta: null });
    const turn: Turn = failure ? { error: failure } : await this.routeTurn(this.request(history, params, resolved, workspaceId, signal), hooks, signal);
    if ('error' in turn) return { conversation: summaryView(user.conversation), user: messageView(user.message), answer: null, error: turn.error };
    const answer = await this.append(conversation.id, { role: 'assistant', text: turn.result.text, attachments: [], meta: answerMetaOf(turn.result) });
    return { conversation: summaryView(answer.conversation), user: messageView(user.message), answer: messageView(answer.message), error: null };
  }

  async estimate(params: Omit<ChatSendParams, 'answerId'>): Promise<ChatEstimate> {
    const history = params.conversationId === null || this.deps.workspaceId === null ? [] : ((await this.findHere(params.conversationId))?.messages ?? []);
    const resolved = await this.attachments.resolve(params.attachments);
    const request = this.request(history, params, resolved, this.deps.workspaceId, undefined);
    const tokens = request.messages.reduce((sum, message) => sum + this.deps.countTokens(message.content) + 4, 3);
    return estimateTurn(this.routerOrNull(), request, tokens, NO_PROVIDERS_MESSAGE);
  }

  async open(id: string): Promise<ConversationView> {
    this.requireWorkspace();
    const found = await this.openIfHere(id);
    if (!found) throw new ConversationNotFoundError();
    return found;
  }

  async rename(id: string, title: string): Promise<ConversationSummaryView> {
    await this.requireHere(id);
    const clean = cleanTitle(title);
    if (clean === '') throw new UserFacingError('A conversation needs a title: type at least one character.');
    const renamed = await this.deps.conversations.rename(id, clean);
    if (!renamed) throw new ConversationNotFoundError();
    this.deps.onChange?.();
    return summaryView(renamed);
  }

  async remove(id: string): Promise<void> {
    await this.requireHere(id);
    await this.deps.conversations.delete(id);
    this.deps.onChange?.();
  }

  async knowledgeChoices(): Promise<KnowledgeChoice[]> {
    const entries = await this.deps.knowledge.list(this.requireWorkspace(), KNOWLEDGE_CHOICES);
    this.knowledgeCount = entries.length;
    return entries.map((entry) => ({ id: entry.id, title: entry.title, detail: [entry.kind, ...entry.tags].join(' · ') }));
  }

  async handoff(id: string): Promise<ChatHandoff> {
    const { conversation, messages } = await this.requireHere(id);
    if (!this.deps.briefings) throw new NoWorkspaceError();
    const brief = summarizeConversation(conversation.title, messages);
    const briefing = await this.deps.briefings.generate(HANDOFF_LEVEL, { save: true, conversation: brief });
    return { text: briefing.markdown, tokens: briefing.tokens, level: briefing.level, decision: brief.decision };
  }

  async addSessionNote(text: string): Promise<boolean> {
    const session = this.deps.session;
    if (!session?.running || text.trim() === '') return false;
    await session.addNote(text.trim());
    return true;
  }

  private request(history: readonly StoredMessage[], params: Omit<ChatSendParams, 'answerId'>, resolved: readonly ResolvedAttachment[], workspaceId: string | null, signal: AbortSignal | undefined): RouteRequest {
    const prompt = promptWithAttachments(params.text, resolved.map((a) => a.content));
    return {
      messages: routerMessages(history, prompt, this.deps.countTokens),
      maxTokens: ANSWER_MAX_TOKENS,
      workspaceId,
      sessionId: this.deps.session?.running?.id ?? null,
      ...(signal && { signal }),
      ...targetFields(params.target),
    };
  }

  private async routeTurn(request: RouteRequest, hooks: ChatTurnHooks, signal: AbortSignal): Promise<Turn> {
    const router = this.routerOrNull();
    let declined = false;
    try {
      if (!router) throw new UserFacingError(NO_PROVIDERS_MESSAGE);
      const result = await router.route(request, {
        onText: (text) => hooks.onText(text),
        onNotice: (message) => hooks.onNotice(message),
        approve: async (preview) => {
          declined = !(await hooks.approve(preview));
          return !declined;
        },
      });
      return { result };
    } catch (error) {
      const { signal: _unused, ...unsent } = request;
      const excluded = async () => (router ? (await router.preview(unsent)).decision.candidates : []);
      return { error: await chatErrorOf(error, { declined, stopped: signal.aborted, excluded }) };
    }
  }

  private async conversationFor(id: string | null, prompt: string, workspaceId: string): Promise<{ conversation: ConversationRecord; history: readonly StoredMessage[] }> {
    if (id !== null) return (({ conversation, messages }) => ({ conversation, history: messages }))(await this.requireHere(id));
    const conversation = await this.deps.conversations.create({ id: this.deps.ids.next(), workspaceId, title: titleFrom(prompt), at: this.deps.clock.now() });
    return { conversation, history: [] };
  }

  private async append(conversationId: string, message: Omit<NewMessage, 'id' | 'at'>) {
    const appended = await this.deps.conversations.append(conversationId, { ...message, id: this.deps.ids.next(), at: this.deps.clock.now() });
    if (!appended) throw new ConversationNotFoundError();
    this.deps.onChange?.();
    return appended;
  }

  private async knowledgeEntries(ids: readonly string[]) {
    const workspaceId = this.requireWorkspace();
    const entries = await Promise.all(ids.map((id) => this.deps.knowledge.find(workspaceId, id)));
    return entries.filter((entry): entry is KnowledgeEntry => entry !== null);
  }

  private requireWorkspace(): string {
    if (this.deps.workspaceId === null) throw new NoWorkspaceError();
    return this.deps.workspaceId;
  }

  /** The conversation if it belongs to this workspace: another workspace's id finds nothing. */
  private async findHere(id: string) {
    const found = await this.deps.conversations.get(id);
    return found && found.conversation.workspaceId === this.deps.workspaceId ? found : null;
  }

  private async requireHere(id: string) {
    this.requireWorkspace();
    const found = await this.findHere(id);
    if (!found) throw new ConversationNotFoundError();
    return found;
  }

  private async openIfHere(id: string): Promise<ConversationView | null> {
    const found = await this.findHere(id);
    return found ? conversationView(found.conversation, found.messages) : null;
  }

  private routerOrNull(): ChatRouter | null {
    return this.deps.router();
  }

  private configOrNull(): RouterConfig | null {
    try {
      return this.deps.config();
    } catch {
      return null;
    }
  }
}
