// The knowledge base: patterns, solutions, decisions, gotchas and notes for this workspace
// (and global ones). An entry opens to show its body as sanitized markdown.
import type { KnowledgeKindView, KnowledgeView } from '../../../shared/viewState';
import { button, h, icon, iconButton } from '../../common/dom';
import { matchesFilter } from '../knowledgeFilter';
import { renderMarkdown } from '../../common/markdown';
import type { RenderContext } from './context';
import { disclosure } from './disclosure';
import { section } from './section';

const KINDS: Readonly<Record<KnowledgeKindView, { readonly label: string; readonly icon: string }>> = {
  pattern: { label: 'Pattern', icon: 'symbol-structure' },
  solution: { label: 'Solution', icon: 'check' },
  decision: { label: 'Decision', icon: 'law' },
  gotcha: { label: 'Gotcha', icon: 'warning' },
  note: { label: 'Note', icon: 'note' },
};

const kindOf = (entry: KnowledgeView) => KINDS[entry.kind] ?? KINDS.note;

function kindIcon(entry: KnowledgeView): HTMLElement {
  const kind = kindOf(entry);
  return h('span', {
    class: `codicon codicon-${kind.icon} row-icon kind-icon kind-${entry.kind}`,
    attrs: { role: 'img', 'aria-label': kind.label, title: kind.label },
  });
}

function badges(entry: KnowledgeView): HTMLElement | false {
  if (entry.tags.length === 0 && entry.scope !== 'global') return false;
  return h(
    'div',
    { class: 'tag-list' },
    entry.scope === 'global' &&
      h('span', { class: 'tag tag-global', attrs: { 'data-testid': 'knowledge-global', title: 'Shared by all workspaces' } }, icon('globe'), 'global'),
    ...entry.tags.map((tag) => h('span', { class: 'tag', attrs: { 'data-testid': 'knowledge-tag' } }, tag)),
  );
}

function bodyContent(entry: KnowledgeView): HTMLElement[] {
  const body = entry.body.trim() === '' ? [h('p', { class: 'description' }, '(no text)')] : [h('div', { class: 'markdown' }, renderMarkdown(entry.body))];
  const paths = entry.paths.length > 0 && h('p', { class: 'knowledge-paths description' }, icon('file'), `Applies to ${entry.paths.join(', ')}`);
  return paths ? [...body, paths] : body;
}

function knowledgeItem(entry: KnowledgeView, index: number, ctx: RenderContext): HTMLElement {
  const key = `knowledge:${entry.id}`;
  const title = entry.title.trim() === '' ? '(untitled)' : entry.title;
  const { toggle, panel } = disclosure(
    ctx,
    {
      key,
      panelId: `knowledge-body-${index}`,
      toggleClass: 'item-toggle',
      panelClass: 'knowledge-body',
      attrs: { 'data-testid': 'knowledge-toggle', title: entry.title },
      panelAttrs: { 'data-testid': 'knowledge-body' },
    },
    [kindIcon(entry), h('span', { class: 'item-title' }, title)],
    () => bodyContent(entry),
  );
  return h(
    'li',
    { class: 'item knowledge-item', attrs: { 'data-testid': 'knowledge', 'data-kind': entry.kind } },
    h(
      'div',
      { class: 'item-row' },
      toggle,
      h(
        'div',
        { class: 'item-actions' },
        iconButton('edit', `Edit ${title}`, { attrs: { 'data-testid': 'edit-knowledge', 'data-focus-key': `${key}:edit` } }, () =>
          ctx.actions.editKnowledge(entry.id),
        ),
        iconButton('trash', `Delete ${title}`, { attrs: { 'data-testid': 'delete-knowledge', 'data-focus-key': `${key}:delete` } }, () =>
          ctx.actions.deleteKnowledge(entry.id),
        ),
      ),
    ),
    badges(entry),
    panel,
  );
}

function knowledgeList(entries: readonly KnowledgeView[], ctx: RenderContext): HTMLElement[] {
  const items = entries.map((entry, index) => ({ entry, element: knowledgeItem(entry, index, ctx) }));
  const noMatch = h('p', { class: 'empty', attrs: { 'data-testid': 'knowledge-no-match', role: 'status' } });
  const list = h('ul', { class: 'plain-list item-list', attrs: { 'aria-label': 'Knowledge entries' } }, ...items.map((i) => i.element));
  ctx.filter.attach((query) => {
    let shown = 0;
    for (const { entry, element } of items) {
      element.hidden = !matchesFilter(entry, query);
      if (!element.hidden) shown += 1;
    }
    noMatch.hidden = shown > 0;
    noMatch.textContent = shown > 0 ? '' : `No entries match “${query.trim()}”.`;
  });
  return [list, noMatch];
}

export function renderKnowledge(entries: readonly KnowledgeView[], ctx: RenderContext): HTMLElement {
  const empty = entries.length === 0;
  const add = button(
    [icon('add'), empty ? 'Add Knowledge' : 'Add'],
    {
      variant: 'secondary',
      class: empty ? 'wide' : '',
      attrs: { 'data-testid': 'add-knowledge', 'data-focus-key': 'add-knowledge', 'aria-label': 'Add knowledge entry', title: 'Add a knowledge entry' },
    },
    () => ctx.actions.addKnowledge(),
  );
  if (empty) {
    ctx.filter.attach(() => undefined);
    const text = 'No knowledge yet. Save patterns, decisions and gotchas so every assistant knows them.';
    return section(ctx, 'knowledge', 'Knowledge', 0, h('div', { class: 'section-toolbar' }, add), h('p', { class: 'empty', attrs: { 'data-testid': 'knowledge-empty' } }, text));
  }
  const toolbar = h('div', { class: 'section-toolbar' }, ctx.filter.input, add);
  return section(ctx, 'knowledge', 'Knowledge', entries.length, toolbar, ...knowledgeList(entries, ctx));
}
