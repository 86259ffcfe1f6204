// Files touched in the running session; activating a row opens the file.
import type { FileActivityView } from '../../../shared/viewState';
import { formatCount } from '../../common/format';
import { h, icon } from '../../common/dom';
import type { RenderContext } from './context';

function splitPath(path: string): { name: string; dir: string } {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut < 0 ? { name: path, dir: '' } : { name: path.slice(cut + 1), dir: path.slice(0, cut) };
}

function stat(iconName: string, count: number, label: string): HTMLElement {
  return h('span', { class: 'stat', attrs: { title: formatCount(count, label) } }, icon(iconName), String(count));
}

function fileRow(file: FileActivityView, ctx: RenderContext): HTMLElement {
  const { name, dir } = splitPath(file.path);
  const label = `Open ${file.path}, ${formatCount(file.edits, 'edit')}, ${formatCount(file.saves, 'save')}`;
  const row = h(
    'button',
    {
      class: 'list-row file-row',
      attrs: { type: 'button', 'data-testid': 'file', 'data-focus-key': `file:${file.path}`, 'aria-label': label, title: file.path },
    },
    icon('file', 'row-icon'),
    h('span', { class: 'file-name' }, name),
    dir !== '' && h('span', { class: 'file-dir' }, dir),
    h('span', { class: 'file-stats' }, stat('edit', file.edits, 'edit'), stat('save', file.saves, 'save')),
  );
  row.addEventListener('click', () => ctx.actions.openFile(file.path));
  return h('li', {}, row);
}

export function renderFiles(files: readonly FileActivityView[], ctx: RenderContext): HTMLElement {
  if (files.length === 0) return h('p', { class: 'empty' }, 'No files touched yet.');
  return h('ul', { class: 'plain-list file-list' }, ...files.map((file) => fileRow(file, ctx)));
}
