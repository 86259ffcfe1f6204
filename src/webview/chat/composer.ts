// Where a message is written: Enter sends, Shift+Enter starts a new line, Up in an empty box
// recalls the last prompt, and while an answer streams the send button becomes a stop button
// (Esc stops from anywhere in the page; see chatPage.ts).
import { h, icon } from '../common/dom';

export interface ComposerHandlers {
  send(text: string): void;
  stop(): void;
  input(text: string): void;
  /** The prompt Up brings back, or '' when there is none. */
  lastPrompt(): string;
}

export class Composer {
  readonly element: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private streaming = false;

  constructor(
    private readonly handlers: ComposerHandlers,
    extras: { readonly top: readonly HTMLElement[]; readonly toolbar: readonly HTMLElement[]; readonly bottom: readonly HTMLElement[] },
  ) {
    this.textarea = h('textarea', {
      class: 'prompt',
      attrs: { rows: '3', 'aria-label': 'Message', placeholder: 'Ask anything (Enter to send, Shift+Enter for a new line)', 'data-testid': 'prompt' },
    });
    this.sendButton = h('button', { class: 'send-button', attrs: { type: 'button', 'data-testid': 'send' } });
    this.sendButton.addEventListener('click', () => (this.streaming ? this.handlers.stop() : this.submit()));
    this.textarea.addEventListener('keydown', (event) => this.onKey(event));
    this.textarea.addEventListener('input', () => this.handlers.input(this.textarea.value));
    this.element = h(
      'div',
      { class: 'composer', attrs: { role: 'group', 'aria-label': 'Compose a message' } },
      ...extras.top,
      this.textarea,
      h('div', { class: 'composer-toolbar' }, ...extras.toolbar, h('span', { class: 'spacer' }), this.sendButton),
      ...extras.bottom,
    );
    this.setStreaming(false);
  }

  get value(): string {
    return this.textarea.value;
  }

  set value(text: string) {
    this.textarea.value = text;
  }

  focus(): void {
    this.textarea.focus();
  }

  setStreaming(streaming: boolean): void {
    this.streaming = streaming;
    const label = streaming ? 'Stop the answer (Esc)' : 'Send (Enter)';
    this.sendButton.replaceChildren(icon(streaming ? 'debug-stop' : 'send'));
    this.sendButton.setAttribute('aria-label', label);
    this.sendButton.title = label;
    this.sendButton.classList.toggle('is-stop', streaming);
  }

  private submit(): void {
    if (this.textarea.value.trim() === '') return;
    this.handlers.send(this.textarea.value);
  }

  private onKey(event: KeyboardEvent): void {
    // An IME composing a character uses Enter to confirm it.
    if (event.isComposing) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      if (!this.streaming) this.submit();
      return;
    }
    if (event.key === 'ArrowUp' && this.textarea.value === '') {
      const last = this.handlers.lastPrompt();
      if (last === '') return;
      event.preventDefault();
      this.textarea.value = last;
      this.textarea.setSelectionRange(last.length, last.length);
      this.handlers.input(last);
    }
  }
}
