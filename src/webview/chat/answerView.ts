// One assistant answer in the transcript: its markdown (streaming in, or as stored), a status
// line for retries and fallbacks while it streams, and the meta lines once it is done.
import type { ChatMessageView } from '../../shared/protocol/chat';
import { h } from '../common/dom';
import { renderMarkdown } from '../common/markdown';
import { type CodeActionHandlers, decorateCodeBlocks } from './codeActions';
import { renderAnswerMeta } from './answerMeta';
import { StreamingMarkdown } from './streamingMarkdown';

export class AnswerView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly status: HTMLElement;
  private stream: StreamingMarkdown | null = null;

  private constructor(private readonly code: CodeActionHandlers) {
    this.body = h('div', { class: 'answer-body markdown', attrs: { 'data-testid': 'answer-body' } });
    this.status = h('div', { class: 'answer-status muted', attrs: { 'data-testid': 'answer-status' } });
    this.element = h('article', { class: 'message assistant', attrs: { 'aria-label': 'Answer', 'data-testid': 'answer' } }, this.body, this.status);
  }

  /** An answer about to stream in; `aria-busy` keeps screen readers from reading every chunk. */
  static streaming(code: CodeActionHandlers): AnswerView {
    const view = new AnswerView(code);
    view.stream = new StreamingMarkdown(view.body, (nodes) => decorateCodeBlocks(nodes, code));
    view.element.setAttribute('aria-busy', 'true');
    view.status.textContent = 'Answering…';
    return view;
  }

  static stored(message: ChatMessageView, code: CodeActionHandlers): AnswerView {
    const view = new AnswerView(code);
    view.body.append(renderMarkdown(message.text));
    decorateCodeBlocks([...view.body.childNodes], code);
    view.status.hidden = true;
    if (message.meta) view.element.append(renderAnswerMeta(message.meta));
    return view;
  }

  get streamedText(): string {
    return this.stream?.source ?? '';
  }

  append(text: string): void {
    this.stream?.append(text);
  }

  notice(message: string): void {
    this.status.textContent = message;
  }

  /** The stream ended: with the stored answer, or with nothing (an error says why). */
  finish(message: ChatMessageView | null): void {
    const stream = this.stream;
    this.stream = null;
    stream?.finish(message?.text);
    if (!stream && message) {
      this.body.replaceChildren(renderMarkdown(message.text));
      decorateCodeBlocks([...this.body.childNodes], this.code);
    }
    this.element.removeAttribute('aria-busy');
    this.status.hidden = true;
    this.status.textContent = '';
    if (message?.meta) this.element.append(renderAnswerMeta(message.meta));
  }

  /** Nothing arrived and nothing came back: the answer's place is left out. */
  get isEmpty(): boolean {
    return this.body.childNodes.length === 0;
  }
}
