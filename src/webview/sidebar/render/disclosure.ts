// A button that shows and hides a panel below it (closed by default; opening is remembered).
// The panel's content is built only when it is first opened.
import { h, icon, type Child } from '../../common/dom';
import type { RenderContext } from './context';

export interface DisclosureOptions {
  /** Remembered in the webview state, e.g. `knowledge:<id>`. */
  readonly key: string;
  /** The panel's element id, unique in the page. */
  readonly panelId: string;
  readonly toggleClass: string;
  readonly panelClass: string;
  readonly attrs?: Readonly<Record<string, string | undefined>>;
  readonly panelAttrs?: Readonly<Record<string, string | undefined>>;
}

export interface Disclosure {
  readonly toggle: HTMLButtonElement;
  readonly panel: HTMLElement;
}

export function disclosure(
  ctx: RenderContext,
  options: DisclosureOptions,
  label: Child[],
  content: () => Child[],
): Disclosure {
  const toggle = h(
    'button',
    {
      class: options.toggleClass,
      attrs: { type: 'button', 'aria-controls': options.panelId, 'data-focus-key': options.key, ...options.attrs },
    },
    icon('chevron-right', 'disclosure-chevron'),
    ...label,
  );
  const panel = h('div', { class: options.panelClass, attrs: { id: options.panelId, ...options.panelAttrs } });
  let built = false;
  const show = (open: boolean) => {
    if (open && !built) {
      built = true;
      panel.replaceChildren();
      for (const child of content()) if (child) panel.append(child);
    }
    toggle.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
  };
  show(ctx.ui.isExpanded(options.key));
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    ctx.ui.setExpanded(options.key, open);
    show(open);
  });
  return { toggle, panel };
}
