// A collapsible section styled like a VS Code pane header. Collapsed state is remembered.
import { h, icon, type Child } from '../../common/dom';
import type { RenderContext } from './context';

export function section(
  ctx: RenderContext,
  key: string,
  title: string,
  count: number | null,
  ...body: Child[]
): HTMLDetailsElement {
  const details = h('details', { class: 'section', attrs: { 'data-section': key } });
  details.open = !ctx.ui.isCollapsed(key);
  const summary = h(
    'summary',
    { class: 'section-header', attrs: { 'data-focus-key': `section:${key}` } },
    icon('chevron-right', 'section-chevron'),
    h('h2', { class: 'section-title' }, title),
    count !== null && h('span', { class: 'badge' }, String(count)),
  );
  details.append(summary, h('div', { class: 'section-body' }, ...body));
  details.addEventListener('toggle', () => ctx.ui.setCollapsed(key, !details.open));
  return details;
}
