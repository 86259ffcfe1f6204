// Copy and Insert at Cursor on every code block of an answer. The buttons read the <code>
// node's text when clicked, so a block still growing while its answer streams copies what is
// shown at that moment. They are marked `data-decoration`, so the streaming renderer can tell
// them from the markdown it rendered.
import { h, iconButton } from '../common/dom';

export interface CodeActionHandlers {
  copy(code: string): void;
  insert(code: string, language: string): void;
}

/** The fence's language, from the `language-*` class the sanitizer keeps on <code>. */
function languageOf(pre: HTMLPreElement): string {
  const cls = pre.querySelector('code')?.className ?? '';
  return /(?:^| )language-(\S+)/.exec(cls)?.[1] ?? '';
}

function addActions(pre: HTMLPreElement, handlers: CodeActionHandlers): void {
  if (pre.querySelector(':scope > .code-actions')) return;
  const code = (): string => pre.querySelector('code')?.textContent ?? '';
  const copied = h('span', { class: 'visually-hidden', attrs: { role: 'status' } });
  const copy = iconButton('copy', 'Copy code', { attrs: { 'data-testid': 'code-copy' } }, () => {
    handlers.copy(code());
    copied.textContent = 'Copied';
  });
  const insert = iconButton('insert', 'Insert code at cursor', { attrs: { 'data-testid': 'code-insert' } }, () => handlers.insert(code(), languageOf(pre)));
  pre.prepend(h('div', { class: 'code-actions', attrs: { 'data-decoration': '' } }, copy, insert, copied));
}

/** Decorates the code blocks among `nodes` (and inside them). */
export function decorateCodeBlocks(nodes: readonly Node[], handlers: CodeActionHandlers): void {
  for (const node of nodes) {
    if (!(node instanceof HTMLElement)) continue;
    if (node instanceof HTMLPreElement) addActions(node, handlers);
    else for (const pre of node.querySelectorAll('pre')) addActions(pre, handlers);
  }
}
