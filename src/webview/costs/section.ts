// A foldable section of the panel, its open state remembered across reloads. The element
// stays in the page for the page's lifetime; only its body's content changes.
import { h, icon, type Child } from '../common/dom';
import type { QueryStore } from './queryStore';

export interface Section {
  readonly element: HTMLDetailsElement;
  readonly body: HTMLElement;
  /** Text after the title, e.g. a count. */
  setBadge(text: string | null): void;
}

export function section(store: QueryStore, key: string, title: string, ...extra: Child[]): Section {
  const details = h('details', { class: 'section', attrs: { 'data-section': key, 'data-testid': `section-${key}` } });
  details.open = !store.isCollapsed(key);
  const badge = h('span', { class: 'badge' });
  badge.hidden = true;
  const summary = h(
    'summary',
    { class: 'section-header' },
    icon('chevron-right', 'section-chevron'),
    h('h2', { class: 'section-title' }, title),
    badge,
    ...extra,
  );
  const body = h('div', { class: 'section-body' });
  details.append(summary, body);
  details.addEventListener('toggle', () => store.setCollapsed(key, !details.open));
  return {
    element: details,
    body,
    setBadge: (text) => {
      badge.hidden = text === null;
      badge.textContent = text ?? '';
    },
  };
}

/** Runs `render` only when `slice` differs from the last one it ran for. */
export function memo<T>(render: (slice: T) => void): (slice: T) => void {
  let last: string | undefined;
  return (slice) => {
    const key = JSON.stringify(slice);
    if (key === last) return;
    last = key;
    render(slice);
  };
}
