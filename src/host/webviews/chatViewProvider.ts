// `Baton: Chat`: a webview view on the generic WebviewHost that translates between the page's
// typed intents and the chat service (ChatBackend). A message is one `send` request; its answer
// streams back as `delta` notifications and the request resolves with the stored exchange. Stop
// aborts that answer's controller, so the request still resolves, with the partial answer. The
// view keeps its page while hidden: an answer streaming into a collapsed view is not lost.
import * as vscode from 'vscode';
import type { ChatProtocol, ChatSendParams, ChatSendResult, ChatState, ConversationSummaryView } from '../../shared/protocol/chat';
import { chatProtocol } from '../../shared/protocol/chat';
import type { Handlers } from '../../shared/protocol/ipc';
import { describeCost } from '../../core/costs/costMath';
import { UserFacingError } from '../../core/errors';
import { redactText } from '../../core/redaction/redaction';
import { AnswerStreams } from '../chat/answerStreams';
import type { ChatBackendSource } from '../chat/chatBackendSource';
import { askTitle, confirmDelete, pickKnowledge, titleProblem } from '../chat/chatDialogs';
import type { VscodeChatEditor } from '../chat/chatEditor';
import type { ChatHandoffFlow } from '../chat/chatHandoff';
import { approveCost } from '../router/costApproval';
import type { Log } from '../log';
import { type LoadRescue, WebviewHost, reopenViewOption } from './webviewHost';
import { ReopenBudget } from '../../shared/protocol/readyWatchdog';

export const CHAT_VIEW_ID = 'baton.chat';
/** Set while an answer streams in this window: enables `Baton: Stop Chat Answer`. */
const ANSWERING_KEY = 'baton.chatAnswering';
/** Cursor moves come in bursts: one context line per pause. */
const CONTEXT_DEBOUNCE_MS = 200;
/** Writes come in bursts (a message and its answer, a scan): one `changed` per burst. */
const CHANGE_DEBOUNCE_MS = 250;
/** The protocol's limit on a notice (a `label`). */
const MAX_NOTICE = 2_000;
/** Settings whose change alters the models, the strategy, the threshold or the budgets shown. */
const WATCHED_SETTINGS = ['baton.providers', 'baton.routing', 'baton.budgets'];

export interface ChatViewSources {
  readonly backend: ChatBackendSource;
  readonly editor: VscodeChatEditor;
  readonly handoff: ChatHandoffFlow;
  /** Baton's change feed, relayed by the runtime (this window's writes and other processes'). */
  readonly onDataChange: vscode.Event<void>;
  /** Other changes to what the view shows, such as an API key set or removed. */
  readonly refreshOn: readonly vscode.Event<unknown>[];
  readonly log: Log;
  /** Gets VS Code to load a page that waits for its service worker. */
  readonly rescue?: LoadRescue;
}

type ChatHost = WebviewHost<ChatProtocol>;

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  /** Builds of this view VS Code was asked for in a row because its page did not load. */
  private readonly reopens = new ReopenBudget(1);
  private host: ChatHost | undefined;
  private viewDisposables: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[];
  private readonly answers = new AnswerStreams((streaming) => this.streamingChanged(streaming));
  /** The conversation the page shows, for `Baton: Hand Off Chat`. */
  private currentId: string | null = null;
  /** `Baton: New Chat` arrived before the page was ready: its first load shows a new conversation. */
  private newRequested = false;
  /** The page has loaded once since it said `ready`: its later loads without an id refresh a new chat. */
  private pageLoaded = false;
  private changePending = false;
  private contextTimer: NodeJS.Timeout | undefined;
  private changeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly sources: ChatViewSources,
  ) {
    this.subscriptions = [
      sources.onDataChange(() => this.scheduleChanged()),
      ...sources.refreshOn.map((event) => event(() => this.scheduleChanged())),
      vscode.workspace.onDidChangeConfiguration((event) => WATCHED_SETTINGS.some((key) => event.affectsConfiguration(key)) && this.scheduleChanged()),
      sources.editor.onDidChange(() => this.scheduleContext()),
    ];
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    // Said once per page VS Code builds: a Chat view that stays empty without this line never reached Baton.
    this.sources.log.info('Chat view resolved');
    this.disposeView();
    this.view = view;
    const host: ChatHost = new WebviewHost(view.webview, {
      extensionUri: this.extensionUri,
      page: { script: 'chat.js', style: 'chat.css', title: 'Chat' },
      protocol: chatProtocol,
      handlers: this.handlersFor(() => host),
      // The page asks for its state (`load`); the host has nothing to push first.
      onReady: () => {
        this.reopens.reset();
        this.pageLoaded = false;
      },
      log: this.sources.log,
      visible: () => view.visible,
      rescue: this.sources.rescue,
      reopen: reopenViewOption(view, CHAT_VIEW_ID, 'Chat', this.reopens, this.sources.rescue, this.sources.log),
    });
    this.host = host;
    this.viewDisposables = [
      host,
      view.onDidChangeVisibility(() => {
        if (!view.visible) return;
        this.flushChanged();
        this.postContext();
      }),
      view.onDidDispose(() => {
        if (this.host === host) this.disposeView();
      }),
    ];
  }

  /** Shows the view (VS Code registers `<view id>.focus` for every view). */
  async show(): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  /** `Baton: New Chat`: the page starts a new conversation (on its first load if it is not up yet). */
  async newConversation(): Promise<void> {
    const host = this.host?.isReady ? this.host : undefined;
    if (!host) this.newRequested = true;
    await this.show();
    host?.channel.notify('newConversation');
    this.currentId = null;
  }

  /** `Baton: Stop Chat Answer`: stops this window's answers here and tells the page. */
  stopAnswers(): number {
    const stopped = this.answers.stopAll();
    if (this.host?.isReady) this.host.channel.notify('stopAnswer');
    return stopped;
  }

  /** `Baton: Hand Off Chat`: the conversation the view shows. */
  async handoffCurrent(): Promise<void> {
    if (!this.currentId) throw new UserFacingError('Open a conversation in the Baton Chat view first: the handoff briefing summarises it.');
    await this.sources.handoff.handoff(this.currentId);
  }

  private handlersFor(host: () => ChatHost | undefined): Handlers<ChatProtocol['toHost']> {
    const { backend, editor, handoff } = this.sources;
    const run = async (command: string, ...args: unknown[]): Promise<void> => {
      await vscode.commands.executeCommand(command, ...args);
    };
    return {
      commands: {
        stop: ({ answerId }) => void this.answers.stop(answerId),
        insertCode: ({ code, language }) => editor.insert(code, language),
        copy: async ({ text }) => {
          // The clipboard leaves Baton: through the redaction choke point like every way out.
          await vscode.env.clipboard.writeText(redactText(text));
          vscode.window.setStatusBarMessage('$(check) Baton: copied to the clipboard', 2_000);
        },
        setApiKey: ({ provider }) => run('baton.setApiKey', provider ?? undefined),
        configureProviders: () => run('workbench.action.openSettings', 'baton.providers'),
        openCosts: () => run('baton.showCosts'),
        openBudgetSettings: () => run('workbench.action.openSettings', 'baton.budgets'),
      },
      requests: {
        load: ({ conversationId }) => this.load(conversationId),
        send: (params, signal) => this.send(params, signal, host),
        estimate: async ({ conversationId, text, target, attachments }) => (await backend.get()).estimate({ conversationId, text, target, attachments }),
        open: async ({ id }) => {
          const conversation = await (await backend.get()).open(id);
          this.currentId = conversation.id;
          return conversation;
        },
        rename: ({ id, title }) => this.rename(id, title),
        delete: ({ id }) => this.remove(id),
        pickKnowledge: async () => pickKnowledge(await (await backend.get()).knowledgeChoices()),
        handoff: ({ id }) => handoff.handoff(id),
      },
      notifications: {},
    };
  }

  /**
   * The service opens the latest conversation for a null id. That is right for a page's first
   * load (it remembers nothing), but a later load without an id refreshes a new chat the page
   * shows, which must stay new.
   */
  private async load(conversationId: string | null): Promise<ChatState> {
    const refresh = this.pageLoaded;
    this.pageLoaded = true;
    const state = await (await this.sources.backend.get()).state(conversationId);
    this.changePending = false; // the page has the latest now
    if (this.newRequested || (conversationId === null && refresh)) {
      this.newRequested = false;
      this.currentId = null;
      return { ...state, current: null };
    }
    this.currentId = state.current?.id ?? null;
    return state;
  }

  private async send(params: ChatSendParams, channelSignal: AbortSignal, host: () => ChatHost | undefined): Promise<ChatSendResult> {
    const backend = await this.sources.backend.get();
    const { answerId } = params;
    // Deltas go to the page that asked, never to one that replaced it.
    const asker = host();
    const result = await this.answers.run(answerId, channelSignal, (signal) =>
      backend.send(params, {
        onText: (text) => asker?.channel.notify('delta', { answerId, text }),
        onNotice: (message) => asker?.channel.notify('notice', { answerId, message: message.slice(0, MAX_NOTICE) }),
        approve: (preview) => approveCost(preview),
      }, signal),
    );
    this.currentId = result.conversation.id;
    this.logOutcome(result);
    return result;
  }

  private logOutcome(result: ChatSendResult): void {
    const meta = result.answer?.meta;
    if (result.error) this.sources.log.warn(`Chat: no answer (${result.error.kind}): ${result.error.message}`);
    if (!meta) return;
    const cost = `${describeCost(meta.costNanos, meta.pricing)}${meta.estimated && meta.pricing === 'priced' ? ' (estimated)' : ''}`;
    const status = meta.status === 'incomplete' ? ', incomplete (stopped or cut off)' : '';
    this.sources.log.info(`Chat answered by ${meta.provider}/${meta.model}: ${meta.inputTokens} in / ${meta.outputTokens} out, ${cost}${status}`);
  }

  private async rename(id: string, title: string | null): Promise<ConversationSummaryView | null> {
    const backend = await this.sources.backend.get();
    const next = title === null ? await askTitle((await backend.open(id)).title) : title.trim();
    if (next === undefined) return null;
    const problem = titleProblem(next);
    if (problem) throw new UserFacingError(problem);
    return backend.rename(id, next);
  }

  private async remove(id: string): Promise<boolean> {
    const backend = await this.sources.backend.get();
    if (!(await confirmDelete((await backend.open(id)).title))) return false;
    await backend.remove(id);
    if (this.currentId === id) this.currentId = null;
    this.sources.log.info('Chat: a conversation was deleted');
    return true;
  }

  private streamingChanged(streaming: boolean): void {
    void vscode.commands.executeCommand('setContext', ANSWERING_KEY, streaming);
    // `changed` waits while an answer streams (reloading the page's state mid-stream helps
    // nobody), and goes a moment after it ends: after the `send` response, not before it.
    if (!streaming && this.changePending) this.scheduleChanged();
  }

  private scheduleChanged(): void {
    this.changePending = true;
    clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => this.flushChanged(), CHANGE_DEBOUNCE_MS);
  }

  /** Sends a pending `changed` once the page is ready, visible and not streaming. */
  private flushChanged(): void {
    const host = this.host;
    if (!this.changePending || !host?.isReady || !this.view?.visible || this.answers.streaming) return;
    this.changePending = false;
    host.channel.notify('changed');
  }

  private scheduleContext(): void {
    if (!this.host?.isReady) return;
    clearTimeout(this.contextTimer);
    this.contextTimer = setTimeout(() => this.postContext(), CONTEXT_DEBOUNCE_MS);
  }

  private postContext(): void {
    const host = this.host;
    if (!host?.isReady || !this.view?.visible) return;
    try {
      const backend = this.sources.backend.now();
      if (backend) host.channel.notify('context', backend.context());
    } catch (error) {
      this.sources.log.error('Could not update the chat view\'s context line', error);
    }
  }

  private disposeView(): void {
    clearTimeout(this.contextTimer);
    for (const d of this.viewDisposables.splice(0)) d.dispose();
    this.host = this.view = undefined;
  }

  dispose(): void {
    clearTimeout(this.changeTimer);
    this.answers.stopAll();
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.disposeView();
  }
}
