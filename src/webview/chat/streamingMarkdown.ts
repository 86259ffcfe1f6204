// An answer's markdown, rendered as it streams in without re-rendering what is already shown.
//
// The text is split at the latest safe cut (blockBoundaries.ts): the blocks before it are
// rendered once, appended and never touched again; only the open tail after it is rendered
// again, and at most once per animation frame however many chunks arrived (a hidden view
// renders nothing until it is shown). A fenced code block at the start of the tail is not
// rendered again at all: new text is appended to its <code> node's text. `finish` renders the
// tail one last time, so the finished DOM is what rendering the whole text at once gives.
import { renderMarkdown } from '../common/markdown';
import { BlockBoundaries, closesFence, type OpenFence } from './blockBoundaries';

/** Adds controls (the code blocks' buttons) to nodes just inserted; must not change the text. */
export type Decorate = (nodes: readonly Node[]) => void;

/** markdown-it's own input normalization, applied as text arrives (a `\r` may end a chunk). */
function normalize(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}

interface OpenCode {
  readonly fence: OpenFence;
  /** Offset in the text up to which the <code> node holds the fence's content. */
  shownTo: number;
  readonly text: Text;
}

export class StreamingMarkdown {
  private text = '';
  /** A `\r` that ended the last chunk: with a `\n` next it is one line break, not two. */
  private pendingCr = false;
  private readonly boundaries = new BlockBoundaries();
  /** Offset where the tail begins; everything before it is frozen in the DOM. */
  private frozenEnd = 0;
  private tail: Node[] = [];
  /** The tail is one open fence at column 0 whose content grows in place. */
  private code: OpenCode | null = null;
  private frame = 0;
  private finished = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly decorate: Decorate,
  ) {}

  /** The text received so far (normalized as markdown-it would). */
  get source(): string {
    return this.pendingCr ? `${this.text}\n` : this.text;
  }

  append(chunk: string): void {
    if (this.finished || chunk === '') return;
    let next = this.pendingCr ? `\r${chunk}` : chunk;
    this.pendingCr = next.endsWith('\r');
    if (this.pendingCr) next = next.slice(0, -1);
    this.text += normalize(next);
    this.boundaries.scan(this.text);
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Shows everything received now, without waiting for the next frame. */
  flush(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.render();
  }

  /**
   * Ends the stream and renders what is left. `finalText` is the answer as stored: when it
   * differs from what streamed (or the text holds what a piecewise render can get wrong), the
   * answer is rendered whole once, replacing the nodes only if the result differs.
   */
  finish(finalText?: string): void {
    if (this.finished) return;
    if (this.pendingCr) {
      this.text += '\n';
      this.pendingCr = false;
      this.boundaries.scan(this.text);
    }
    this.flush();
    this.code = null;
    this.replaceTail();
    this.finished = true;
    const text = finalText === undefined ? this.text : normalize(finalText);
    if (text === this.text && !this.boundaries.needsWholeRender) return;
    const whole = renderMarkdown(text);
    const probe = document.createElement('div');
    probe.append(whole.cloneNode(true));
    this.text = text;
    if (probe.innerHTML === this.rootHtmlWithoutDecorations()) return;
    this.root.replaceChildren(whole);
    this.decorate([...this.root.childNodes]);
  }

  private render(): void {
    const cut = this.boundaries.boundary;
    if (cut > this.frozenEnd) this.freeze(cut);
    if (this.growCode()) return;
    this.replaceTail();
    this.startCode();
  }

  /** Makes the blocks before `cut` permanent. */
  private freeze(cut: number): void {
    const closed = this.code ? this.closeCode(this.code, cut) : null;
    if (closed === null) {
      this.removeTail();
    } else {
      // The growing fence closed before `cut`: its nodes are kept as they are.
      this.tail = [];
      this.frozenEnd = closed;
    }
    this.code = null;
    if (cut > this.frozenEnd) this.insert(renderMarkdown(this.text.slice(this.frozenEnd, cut)));
    this.frozenEnd = cut;
  }

  /**
   * Gives the growing <code> node exactly the content its fence closed on (a closing line's
   * first backticks may have been shown as code meanwhile); returns the offset after the
   * closing line, or null when the fence does not close before `cut`.
   */
  private closeCode(code: OpenCode, cut: number): number | null {
    let start = code.fence.contentStart;
    for (let end = this.text.indexOf('\n', start); end !== -1 && end < cut; end = this.text.indexOf('\n', start)) {
      if (closesFence(code.fence, this.text.slice(start, end))) {
        code.text.data = this.text.slice(code.fence.contentStart, start);
        return end + 1;
      }
      start = end + 1;
    }
    return null;
  }

  /** Appends the new text of an open fence at the tail's start to its <code> node. */
  private growCode(): boolean {
    const code = this.code;
    const fence = this.boundaries.fence;
    if (!code || !fence || fence.openerStart !== this.frozenEnd) return false;
    if (this.text.length > code.shownTo) code.text.appendData(this.text.slice(code.shownTo));
    code.shownTo = this.text.length;
    return true;
  }

  /** After a render of the tail: if it is an open fence at column 0, grow it in place from now on. */
  private startCode(): void {
    const fence = this.boundaries.fence;
    if (!fence || fence.indent !== 0 || fence.openerStart !== this.frozenEnd || this.tail.length === 0) return;
    const pre = this.tail.find((node): node is HTMLPreElement => node instanceof HTMLPreElement);
    const codeElement = pre?.querySelector('code');
    if (!codeElement) return;
    let text = codeElement.firstChild;
    if (!(text instanceof Text) || codeElement.childNodes.length !== 1) {
      text = document.createTextNode(codeElement.textContent ?? '');
      codeElement.replaceChildren(text);
    }
    if (text instanceof Text) this.code = { fence, shownTo: this.text.length, text };
  }

  private replaceTail(): void {
    this.removeTail();
    const fragment = renderMarkdown(this.text.slice(this.frozenEnd));
    this.tail = [...fragment.childNodes];
    this.insert(fragment);
  }

  private removeTail(): void {
    for (const node of this.tail) node.parentNode?.removeChild(node);
    this.tail = [];
  }

  private insert(fragment: DocumentFragment): void {
    const nodes = [...fragment.childNodes];
    this.root.append(fragment);
    this.decorate(nodes);
  }

  /** The rendered markdown as HTML, without the controls `decorate` added. */
  private rootHtmlWithoutDecorations(): string {
    const copy = this.root.cloneNode(true);
    if (copy instanceof HTMLElement) for (const added of copy.querySelectorAll('[data-decoration]')) added.remove();
    return copy instanceof HTMLElement ? copy.innerHTML : '';
  }
}
