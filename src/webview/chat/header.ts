// The top of the chat: the open conversation's title and total cost, and its actions (new,
// the list of conversations, rename, delete, hand off).
import { h, iconButton } from '../common/dom';
import { formatMaybeEstimated } from './chatFormat';

export interface HeaderHandlers {
  newConversation(): void;
  toggleList(): void;
  rename(): void;
  remove(): void;
  handoff(): void;
}

export interface HeaderConversation {
  readonly title: string;
  readonly costNanos: number;
  readonly estimated: boolean;
}

export class ChatHeader {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly cost: HTMLElement;
  private readonly listButton: HTMLButtonElement;
  private readonly forCurrent: HTMLButtonElement[];

  constructor(handlers: HeaderHandlers) {
    this.title = h('h1', { class: 'chat-title', attrs: { 'data-testid': 'chat-title' } });
    this.cost = h('span', { class: 'chat-cost', attrs: { 'data-testid': 'chat-cost' } });
    this.listButton = iconButton('history', 'Conversations', { attrs: { 'aria-expanded': 'false', 'aria-controls': 'conversation-list', 'data-testid': 'list-toggle' } }, handlers.toggleList);
    const rename = iconButton('edit', 'Rename conversation', { attrs: { 'data-testid': 'rename' } }, handlers.rename);
    const remove = iconButton('trash', 'Delete conversation', { attrs: { 'data-testid': 'delete' } }, handlers.remove);
    const handoff = iconButton('export', 'Hand off: copy a briefing with this conversation', { attrs: { 'data-testid': 'handoff' } }, handlers.handoff);
    this.forCurrent = [rename, remove, handoff];
    this.element = h(
      'header',
      { class: 'chat-header' },
      h('div', { class: 'title-block' }, this.title, this.cost),
      h(
        'div',
        { class: 'header-actions', attrs: { role: 'toolbar', 'aria-label': 'Conversation actions' } },
        iconButton('add', 'New conversation', { attrs: { 'data-testid': 'new-conversation' } }, handlers.newConversation),
        this.listButton,
        rename,
        remove,
        handoff,
      ),
    );
    this.show(null);
  }

  show(conversation: HeaderConversation | null): void {
    this.title.textContent = conversation?.title || 'New chat';
    this.cost.textContent = conversation ? formatMaybeEstimated(conversation.costNanos, conversation.estimated) : '';
    this.cost.title = conversation?.estimated ? 'Total cost; part of it is estimated' : 'Total cost of this conversation';
    for (const button of this.forCurrent) button.disabled = conversation === null;
  }

  setListOpen(open: boolean): void {
    this.listButton.setAttribute('aria-expanded', String(open));
  }
}
