// The conversation as a log: each prompt with what was attached, its answer, and an error
// under the prompt when it failed. Stored conversations are rendered once when opened; a new
// exchange is appended, and only its answer changes while it streams.
import type { ChatError, ChatFix, ChatMessageView } from '../../shared/protocol/chat';
import { h } from '../common/dom';
import { AnswerView } from './answerView';
import type { CodeActionHandlers } from './codeActions';
import { renderChatError } from './errorView';
import { formatTokens } from './chatFormat';

export interface AttachedLabel {
  readonly label: string;
  readonly tokens: number | null;
}

function renderUserMessage(text: string, attached: readonly AttachedLabel[]): HTMLElement {
  return h(
    'article',
    { class: 'message user', attrs: { 'aria-label': 'Your message', 'data-testid': 'user-message' } },
    h('div', { class: 'user-text', attrs: { 'data-testid': 'user-text' } }, text),
    attached.length > 0
      ? h(
          'ul',
          { class: 'attached', attrs: { 'aria-label': 'Attached' } },
          ...attached.map((a) => h('li', { class: 'chip' }, a.tokens === null ? a.label : `${a.label} · ${formatTokens(a.tokens)} tokens`)),
        )
      : null,
  );
}

const storedAttachments = (message: ChatMessageView): AttachedLabel[] => message.attachments.map((a) => ({ label: a.label, tokens: a.tokens }));

/** A prompt just sent and its answer. */
export class Exchange {
  readonly answer: AnswerView;
  private user: HTMLElement;

  constructor(
    private readonly container: HTMLElement,
    anchor: HTMLElement,
    text: string,
    attached: readonly AttachedLabel[],
    code: CodeActionHandlers,
  ) {
    this.user = renderUserMessage(text, attached);
    this.answer = AnswerView.streaming(code);
    anchor.before(this.user, this.answer.element);
  }

  /** The prompt as stored (after redaction, with the attachments' token counts). */
  showStoredPrompt(message: ChatMessageView): void {
    const stored = renderUserMessage(message.text, storedAttachments(message));
    this.user.replaceWith(stored);
    this.user = stored;
  }

  /** The error goes under the prompt; a partial answer, if any, stays above it. */
  showError(error: ChatError, onFix: (fix: ChatFix) => void): void {
    const box = renderChatError(error, onFix);
    if (this.answer.isEmpty) this.answer.element.replaceWith(box);
    else this.answer.element.after(box);
  }

  get isConnected(): boolean {
    return this.container.contains(this.user);
  }
}

export class Transcript {
  readonly element: HTMLElement;
  /**
   * Always the last child, and the only one the browser may anchor scrolling to: while it is in
   * view (the user is at the bottom), text growing above it keeps the view at the bottom, with
   * no layout read per chunk. Scrolled up, the view stays where the user put it.
   */
  private readonly anchor = h('div', { class: 'scroll-anchor', attrs: { 'aria-hidden': 'true' } });

  constructor(private readonly code: CodeActionHandlers) {
    this.element = h('div', {
      class: 'transcript',
      attrs: { role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', 'data-testid': 'transcript' },
    });
    this.element.append(this.anchor);
  }

  show(messages: readonly ChatMessageView[]): void {
    this.element.replaceChildren(
      ...messages.map((m) => (m.role === 'user' ? renderUserMessage(m.text, storedAttachments(m)) : AnswerView.stored(m, this.code).element)),
      this.anchor,
    );
  }

  clear(): void {
    this.element.replaceChildren(this.anchor);
  }

  /** Shows the end of the conversation (after sending, or opening one). */
  scrollToEnd(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }

  begin(text: string, attached: readonly AttachedLabel[]): Exchange {
    return new Exchange(this.element, this.anchor, text, attached, this.code);
  }

  get isEmpty(): boolean {
    return this.element.childElementCount <= 1;
  }
}
