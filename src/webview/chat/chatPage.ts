// The chat page: lays out the header, the conversation list, the transcript and the composer,
// and keeps them in step with the host. The state is asked for with `load` (on start, and when
// the host says `changed`); while an answer streams, a `changed` waits until it has finished, so
// the transcript is never rebuilt under a streaming answer.
import type { ChatError, ChatFix, ChatProtocol, ChatSendResult, ChatState, ConversationSummaryView, ConversationView } from '../../shared/protocol/chat';
import { RequestCancelledError } from '../../shared/protocol/ipc';
import { h } from '../common/dom';
import type { WebviewChannel } from '../common/hostChannel';
import { AttachmentBar } from './attachmentBar';
import { Composer } from './composer';
import { ConversationActions } from './conversationActions';
import { ConversationList } from './conversationList';
import { renderEmptyConversation, renderNoProviders } from './emptyStates';
import { type EstimateParams, Estimator } from './estimator';
import { ChatHeader, type HeaderConversation } from './header';
import { ModelPicker } from './modelPicker';
import type { PageStore } from './pageStore';
import { SendFlow } from './sendFlow';
import { type Exchange, Transcript } from './transcript';

interface Current extends HeaderConversation {
  readonly id: string;
}

export class ChatPage {
  private state: ChatState | null = null;
  private current: Current | null = null;
  /** The ids of the messages the transcript shows, to skip rebuilding it when nothing changed. */
  private shownIds: string[] = [];
  private reloadWanted = false;
  private loading: AbortController | undefined;
  /** The user is at the bottom of the transcript: keep the newest text in view. */
  private follow = true;
  private scrollFrame = 0;

  private readonly header: ChatHeader;
  private readonly list: ConversationList;
  private readonly actions: ConversationActions;
  private readonly welcome = h('div', { class: 'welcome-area' });
  private readonly transcript: Transcript;
  private readonly picker: ModelPicker;
  private readonly attachments: AttachmentBar;
  private readonly estimator: Estimator;
  private readonly composer: Composer;
  private readonly flow: SendFlow;

  constructor(
    root: HTMLElement,
    private readonly channel: WebviewChannel<ChatProtocol>,
    private readonly store: PageStore,
  ) {
    const code = {
      copy: (text: string) => channel.command('copy', { text }),
      insert: (text: string, language: string) => channel.command('insertCode', { code: text, language }),
    };
    this.header = new ChatHeader({
      newConversation: () => this.newConversation(),
      toggleList: () => this.setListOpen(!this.list.open),
      rename: () => this.current && this.actions.rename(this.current.id),
      remove: () => this.current && this.actions.remove(this.current.id),
      handoff: () => this.current && this.actions.handoff(this.current.id),
    });
    this.actions = new ConversationActions(channel, {
      opened: (conversation) => this.showConversation(conversation),
      renamed: (summary) => this.renamed(summary),
      deleted: (id) => this.deleted(id),
    });
    this.list = new ConversationList({ open: (id) => this.actions.open(id), rename: (id) => this.actions.rename(id), remove: (id) => this.actions.remove(id) });
    this.transcript = new Transcript(code);
    this.picker = new ModelPicker(store.value.target, (target) => {
      store.update({ target });
      this.estimate();
    });
    this.attachments = new AttachmentBar(
      () => channel.request('pickKnowledge').catch(() => []),
      () => this.estimate(),
    );
    this.estimator = new Estimator((params, signal) => channel.request('estimate', params, { signal }));
    this.composer = new Composer(
      {
        send: (text) => this.send(text),
        stop: () => this.flow.stop(),
        input: (text) => {
          store.update({ draft: text });
          this.estimate();
        },
        lastPrompt: () => store.value.lastPrompt,
      },
      {
        top: [this.attachments.chipList],
        toolbar: [this.attachments.buttons, this.picker.element],
        bottom: [this.estimator.element, this.attachments.trustNote],
      },
    );
    this.flow = new SendFlow(channel, this.transcript, {
      settled: (exchange, result) => this.settled(exchange, result),
      fix: (fix, error, retry) => this.fix(fix, error, retry),
    });
    this.composer.value = store.value.draft;
    this.transcript.element.addEventListener('scroll', () => this.trackScroll(), { passive: true });
    document.addEventListener('keydown', (event) => this.onKey(event));
    root.replaceChildren(this.header.element, this.actions.status, this.list.element, this.welcome, this.transcript.element, this.composer.element);
  }

  load(): void {
    if (this.flow.streaming) {
      this.reloadWanted = true;
      return;
    }
    this.reloadWanted = false;
    this.loading?.abort();
    const mine = new AbortController();
    this.loading = mine;
    this.channel.request('load', { conversationId: this.store.value.conversationId }, { signal: mine.signal }).then(
      (state) => {
        if (this.loading !== mine) return;
        this.loading = undefined;
        if (this.flow.streaming) this.reloadWanted = true;
        else this.applyState(state);
      },
      (error: unknown) => {
        if (this.loading === mine) this.loading = undefined;
        if (!(error instanceof RequestCancelledError)) console.warn('Baton: could not load the chat', error);
      },
    );
  }

  /**
   * The scroll is queued before the chunk's render, so it runs first in the frame, while the
   * layout is still clean (no forced layout); once scrolled, the transcript's scroll anchor
   * keeps the growing answer in view (see transcript.ts).
   */
  delta(answerId: string, text: string): void {
    if (this.follow) this.scrollToEnd();
    this.flow.delta(answerId, text);
  }

  notice(answerId: string, message: string): void {
    this.flow.notice(answerId, message);
  }

  context(context: ChatState['context']): void {
    if (this.state) this.state = { ...this.state, context };
    this.attachments.setContext(context);
  }

  stop(): void {
    this.flow.stop();
  }

  newConversation(): void {
    this.flow.stop();
    this.current = null;
    this.store.update({ conversationId: null });
    this.header.show(null);
    this.transcript.clear();
    this.shownIds = [];
    this.setListOpen(false);
    this.renderWelcome();
    this.composer.focus();
  }

  private applyState(state: ChatState): void {
    this.state = state;
    this.picker.show(state);
    this.attachments.setContext(state.context);
    if (state.current) this.showConversation(state.current);
    else if (this.current !== null || this.store.value.conversationId !== null) this.newConversation();
    this.list.show(state.conversations, this.current?.id ?? null);
    this.renderWelcome();
  }

  private showConversation(conversation: ConversationView): void {
    this.current = { id: conversation.id, title: conversation.title, costNanos: conversation.costNanos, estimated: conversation.estimated };
    this.store.update({ conversationId: conversation.id });
    this.header.show(this.current);
    const ids = conversation.messages.map((m) => m.id);
    if (ids.join('\n') !== this.shownIds.join('\n') || this.transcript.isEmpty !== (ids.length === 0)) {
      this.transcript.show(conversation.messages);
      this.shownIds = ids;
      this.follow = true;
      this.scrollToEnd();
    }
    this.setListOpen(false);
    this.renderWelcome();
  }

  private send(text: string): void {
    const message = { text, target: this.picker.value, attachments: this.attachments.attachments() };
    if (!this.flow.send(this.current?.id ?? null, message, this.attachments.labels(), () => this.current?.id ?? null)) return;
    this.composer.value = '';
    this.attachments.clear();
    this.estimator.schedule(null);
    this.store.update({ draft: '', lastPrompt: text });
    this.composer.setStreaming(true);
    this.follow = true;
    this.scrollToEnd();
    this.renderWelcome();
  }

  private settled(exchange: Exchange, result: ChatSendResult | null): void {
    this.composer.setStreaming(false);
    if (result && exchange.isConnected) {
      const summary = result.conversation;
      const sameConversation = this.current?.id === summary.id;
      const estimated = (sameConversation && this.current?.estimated === true) || result.answer?.meta?.estimated === true;
      this.current = { id: summary.id, title: summary.title, costNanos: summary.costNanos, estimated };
      this.store.update({ conversationId: summary.id });
      this.header.show(this.current);
      if (!sameConversation) this.shownIds = [];
      this.shownIds.push(result.user.id, ...(result.answer ? [result.answer.id] : []));
      this.upsertSummary(summary);
    }
    if (this.reloadWanted) this.load();
  }

  private fix(fix: ChatFix, error: ChatError, retry: () => void): void {
    switch (fix) {
      case 'setApiKey':
        return this.channel.command('setApiKey', { provider: error.provider });
      case 'configureProviders':
      case 'openCosts':
      case 'openBudgetSettings':
        return this.channel.command(fix);
      case 'retry':
        // One answer streams at a time; the button stays for later.
        if (this.flow.streaming) return;
        this.composer.setStreaming(true);
        return retry();
      default: {
        const unknown: never = fix;
        return unknown;
      }
    }
  }

  private renamed(summary: ConversationSummaryView): void {
    if (this.current?.id === summary.id) {
      this.current = { ...this.current, title: summary.title };
      this.header.show(this.current);
    }
    this.upsertSummary(summary, false);
  }

  private deleted(id: string): void {
    if (this.state) this.state = { ...this.state, conversations: this.state.conversations.filter((c) => c.id !== id) };
    if (this.current?.id === id) this.newConversation();
    this.list.show(this.state?.conversations ?? [], this.current?.id ?? null);
  }

  /** Puts `summary` in the list: first when it just got a message, in place when renamed. */
  private upsertSummary(summary: ConversationSummaryView, moveToTop = true): void {
    if (!this.state) return;
    const others = this.state.conversations.filter((c) => c.id !== summary.id);
    const index = this.state.conversations.findIndex((c) => c.id === summary.id);
    const conversations = moveToTop || index === -1 ? [summary, ...others] : this.state.conversations.map((c) => (c.id === summary.id ? summary : c));
    this.state = { ...this.state, conversations };
    this.list.show(conversations, this.current?.id ?? null);
  }

  private estimate(): void {
    const text = this.composer.value;
    const params: EstimateParams | null =
      text.trim() === '' ? null : { conversationId: this.current?.id ?? null, text, target: this.picker.value, attachments: this.attachments.attachments() };
    this.estimator.schedule(params);
  }

  private renderWelcome(): void {
    const noProviders = this.state !== null && !this.state.hasProviders;
    const empty = this.transcript.isEmpty;
    this.welcome.replaceChildren(
      ...(noProviders
        ? [renderNoProviders({ configureProviders: () => this.channel.command('configureProviders'), setApiKey: () => this.channel.command('setApiKey', { provider: null }) })]
        : []),
      ...(empty && this.state !== null && !noProviders ? [renderEmptyConversation()] : []),
    );
  }

  private setListOpen(open: boolean): void {
    this.list.setOpen(open);
    this.header.setListOpen(open);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || event.isComposing) return;
    if (this.flow.streaming) {
      event.preventDefault();
      this.flow.stop();
    } else if (this.list.open) {
      this.setListOpen(false);
    }
  }

  private trackScroll(): void {
    const t = this.transcript.element;
    this.follow = t.scrollHeight - t.scrollTop - t.clientHeight < 48;
  }

  /** Scrolls to the end in the next frame, after what was just added has rendered. */
  private scrollToEnd(): void {
    this.scrollFrame ||= requestAnimationFrame(() => {
      this.scrollFrame = 0;
      this.transcript.scrollToEnd();
    });
  }
}
