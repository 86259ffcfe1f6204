// The conversation-level requests of the page — open, rename, delete, hand off — each with its
// outcome shown where the user looks: the header, the list, or a status line under the header.
import type { ChatProtocol, ConversationSummaryView, ConversationView } from '../../shared/protocol/chat';
import { RequestCancelledError } from '../../shared/protocol/ipc';
import { h, icon, iconButton } from '../common/dom';
import type { WebviewChannel } from '../common/hostChannel';
import { formatTokens } from './chatFormat';

export interface ConversationEvents {
  opened(conversation: ConversationView): void;
  renamed(summary: ConversationSummaryView): void;
  deleted(id: string): void;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class ConversationActions {
  /** The outcome of the last action: a hand-off's result, or why an action failed. */
  readonly status: HTMLElement;

  constructor(
    private readonly channel: WebviewChannel<ChatProtocol>,
    private readonly events: ConversationEvents,
  ) {
    this.status = h('div', { class: 'page-status', attrs: { 'data-testid': 'page-status', role: 'status' } });
    this.status.hidden = true;
  }

  open(id: string): void {
    this.channel.request('open', { id }).then(
      (conversation) => this.events.opened(conversation),
      (error: unknown) => this.failed('Could not open the conversation', error),
    );
  }

  rename(id: string): void {
    this.channel.request('rename', { id, title: null }).then(
      (summary) => summary && this.events.renamed(summary),
      (error: unknown) => this.failed('Could not rename the conversation', error),
    );
  }

  remove(id: string): void {
    this.channel.request('delete', { id }).then(
      (deleted) => deleted && this.events.deleted(id),
      (error: unknown) => this.failed('Could not delete the conversation', error),
    );
  }

  handoff(id: string): void {
    this.show('Writing the handoff briefing…', icon('loading', 'codicon-modifier-spin'), 'handoff-progress');
    this.channel.request('handoff', { id }).then(
      (result) => {
        const copied = result.copied ? 'Briefing copied to the clipboard' : 'Briefing written (not copied)';
        const note = result.noteAdded ? ' The last decision was added to the session notes.' : '';
        this.show(`${copied}: ${formatTokens(result.tokens)} tokens, ${result.level} level.${note}`, icon('pass'), 'handoff-outcome');
      },
      (error: unknown) => this.failed('Could not hand off', error),
    );
  }

  clear(): void {
    this.status.hidden = true;
    this.status.replaceChildren();
  }

  private failed(what: string, error: unknown): void {
    // A reload of the page cancels its requests; there is nothing to tell the user.
    if (error instanceof RequestCancelledError) return;
    this.show(`${what}: ${messageOf(error)}`, icon('error'), 'page-error');
  }

  private show(text: string, symbol: HTMLElement, testId: string): void {
    this.status.hidden = false;
    this.status.className = `page-status${testId === 'page-error' ? ' is-failure' : ''}`;
    this.status.replaceChildren(
      symbol,
      h('span', { attrs: { 'data-testid': testId } }, text),
      iconButton('close', 'Dismiss', { class: 'dismiss' }, () => this.clear()),
    );
  }
}
