// The conversations of this workspace, newest first, with their cost and date: open one,
// rename or delete it.
import type { ConversationSummaryView } from '../../shared/protocol/chat';
import { h, iconButton } from '../common/dom';
import { formatCount, formatRelativeTime } from '../common/format';
import { formatCost } from './chatFormat';

export interface ConversationListHandlers {
  open(id: string): void;
  rename(id: string): void;
  remove(id: string): void;
}

export class ConversationList {
  readonly element: HTMLElement;

  constructor(private readonly handlers: ConversationListHandlers) {
    this.element = h('section', { class: 'conversation-list', attrs: { id: 'conversation-list', 'aria-label': 'Conversations', 'data-testid': 'conversation-list' } });
    this.element.hidden = true;
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  setOpen(open: boolean): void {
    this.element.hidden = !open;
  }

  show(conversations: readonly ConversationSummaryView[], currentId: string | null): void {
    if (conversations.length === 0) {
      this.element.replaceChildren(h('p', { class: 'muted empty' }, 'No conversations yet.'));
      return;
    }
    const now = Date.now();
    this.element.replaceChildren(
      h(
        'ul',
        { class: 'conversations' },
        ...conversations.map((c) => {
          const openButton = h(
            'button',
            { class: 'conversation-open', attrs: { type: 'button', 'data-testid': 'conversation-open', 'aria-current': c.id === currentId ? 'true' : undefined } },
            h('span', { class: 'conversation-title' }, c.title || 'Untitled'),
            h('span', { class: 'conversation-facts muted' }, `${formatCost(c.costNanos)} · ${formatCount(c.messages, 'message')} · ${formatRelativeTime(c.updatedAt, now)}`),
          );
          openButton.addEventListener('click', () => this.handlers.open(c.id));
          return h(
            'li',
            { class: 'conversation', attrs: { 'data-testid': 'conversation' } },
            openButton,
            iconButton('edit', `Rename ${c.title || 'conversation'}`, { attrs: { 'data-testid': 'conversation-rename' } }, () => this.handlers.rename(c.id)),
            iconButton('trash', `Delete ${c.title || 'conversation'}`, { attrs: { 'data-testid': 'conversation-delete' } }, () => this.handlers.remove(c.id)),
          );
        }),
      ),
    );
  }
}
