// Finds TODO / FIXME / HACK / XXX markers in lines the uncommitted work adds: the added lines
// of the diff and the lines of untracked text files. Upper case, whole word, first per line.
import type { AddedTodo, TodoTag } from '../../core/workContext/workContext';

export const MAX_TODOS = 200;
const MAX_TODO_TEXT = 200;

const MARKER = /\b(TODO|FIXME|HACK|XXX)\b/;
/** Quick pre-test so that most lines never reach the regular expression. */
const LETTERS = /[TFHX]/;

export class TodoCollector {
  readonly todos: AddedTodo[] = [];
  /** True once more markers were found than MAX_TODOS. */
  overflowed = false;

  /** Looks at one added line. */
  readonly visit = (path: string, line: number, text: string): void => {
    if (!LETTERS.test(text)) return;
    const match = MARKER.exec(text);
    if (!match) return;
    if (this.todos.length >= MAX_TODOS) {
      this.overflowed = true;
      return;
    }
    this.todos.push({ path, line, tag: match[1] as TodoTag, text: todoText(text, match.index + (match[1]?.length ?? 0)) });
  };

  /** Every line of a new file counts as added. */
  scanFile(path: string, content: string): void {
    let line = 1;
    let start = 0;
    while (start <= content.length) {
      let end = content.indexOf('\n', start);
      if (end === -1) end = content.length;
      this.visit(path, line, content.slice(start, end));
      start = end + 1;
      line++;
    }
  }
}

/** The words after the marker, without `(owner)`, `:` and comment closers; the line if none. */
function todoText(line: string, after: number): string {
  const rest = line
    .slice(after)
    .replace(/^\([^)]*\)/, '')
    .replace(/^[\s:\-!]+/, '')
    .replace(/\s*(\*\/|-->|#}|%>)\s*$/, '')
    .trim();
  const text = rest || line.trim();
  return text.length > MAX_TODO_TEXT ? `${text.slice(0, MAX_TODO_TEXT - 1)}…` : text;
}
