// Finds where a growing markdown text can be cut so that rendering the part before the cut and
// the part after it separately gives the same HTML as rendering the whole. The streaming
// renderer freezes everything before the latest such cut and re-renders only what follows.
//
// A cut is made only where CommonMark starts a new top-level block that nothing before it can
// absorb: before a line at column 0 after a blank line (not a list item continuing a list: a
// blank line between items makes the whole list "loose", so its earlier items would change),
// before a fence opened at column 0 (a fence interrupts any paragraph, list or quote), and
// after such a fence closes. Lines are scanned once each, as they complete.
// What this cannot see — a link reference definition (it changes links above it) or a fence
// indented inside a list item — is reported by `needsWholeRender`, and the renderer then checks
// the finished answer against one whole render.

/** An open fenced code block. */
export interface OpenFence {
  readonly char: '`' | '~';
  readonly length: number;
  /** Spaces before the opener (0–3); only a fence at column 0 gets the renderer's fast path. */
  readonly indent: number;
  /** Offset of the opener line, and of the first content line. */
  readonly openerStart: number;
  readonly contentStart: number;
}

const FENCE_OPENER = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSER = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const LIST_MARKER = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const BLANK = /^[ \t]*$/;
/** `[label]: destination` — defines a link for the whole document, above it as well. */
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:/;

function fenceOpener(line: string, lineStart: number, nextStart: number): OpenFence | null {
  const match = FENCE_OPENER.exec(line);
  if (!match) return null;
  const indent = match[1]?.length ?? 0;
  const marks = match[2] ?? '';
  const char = marks[0] === '~' ? '~' : '`';
  // A backtick fence's info string may not hold a backtick (that is inline code instead).
  if (char === '`' && (match[3] ?? '').includes('`')) return null;
  return { char, length: marks.length, indent, openerStart: lineStart, contentStart: nextStart };
}

/** Whether `line` closes `fence`. */
export function closesFence(fence: OpenFence, line: string): boolean {
  const match = FENCE_CLOSER.exec(line);
  const marks = match?.[1];
  return marks !== undefined && marks[0] === fence.char && marks.length >= fence.length;
}

export class BlockBoundaries {
  /** Offset of the first line not yet scanned (every line before it ended with `\n`). */
  private scanned = 0;
  private previousBlank = true;
  /** A list may still be open: a later item after a blank line would join it. */
  private inList = false;
  private openFence: OpenFence | null = null;
  private risky = false;
  /** The latest safe cut: the text before it is complete blocks. */
  private cut = 0;

  get boundary(): number {
    return this.cut;
  }

  /** The fenced code block still open at the end of the scanned lines, if any. */
  get fence(): OpenFence | null {
    return this.openFence;
  }

  /** The text holds something a piecewise render can get wrong; check the finished answer. */
  get needsWholeRender(): boolean {
    return this.risky;
  }

  /** Scans the lines of `text` completed since the last call. `text` only ever grows. */
  scan(text: string): void {
    let start = this.scanned;
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      this.line(text.slice(start, end), start, end + 1);
      start = end + 1;
    }
    this.scanned = start;
  }

  private line(line: string, start: number, next: number): void {
    const fence = this.openFence;
    if (fence) {
      if (!closesFence(fence, line)) return;
      this.openFence = null;
      this.previousBlank = false;
      if (fence.indent === 0) this.cut = next;
      return;
    }
    if (BLANK.test(line)) {
      this.previousBlank = true;
      return;
    }
    const blockStart = this.previousBlank;
    this.previousBlank = false;
    if (REFERENCE_DEFINITION.test(line)) this.risky = true;
    const opener = fenceOpener(line, start, next);
    if (opener) {
      this.openFence = opener;
      if (opener.indent === 0) {
        this.cut = start;
        this.inList = false;
      } else {
        this.risky = true;
      }
      return;
    }
    if (LIST_MARKER.test(line)) {
      if (blockStart && !this.inList && line[0] !== ' ') this.cut = start;
      this.inList = true;
      return;
    }
    if (blockStart && line[0] !== ' ' && line[0] !== '\t') {
      this.cut = start;
      this.inList = false;
    }
  }
}
