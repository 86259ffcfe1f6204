// A tiny element builder. Strings always become text nodes, so data from the host or an
// LLM can never be parsed as HTML; event handler attributes are refused outright.

export type Child = Node | string | null | undefined | false;

export interface ElementProps {
  readonly class?: string;
  readonly attrs?: Readonly<Record<string, string | undefined>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (/^on/i.test(name)) throw new Error(`Refusing event handler attribute ${name}.`);
    if (value !== undefined) element.setAttribute(name, value);
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** A codicon, hidden from screen readers (the text next to it carries the meaning). */
export function icon(name: string, extraClass = ''): HTMLSpanElement {
  const cls = `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`;
  return h('span', { class: cls, attrs: { 'aria-hidden': 'true' } });
}

export function button(
  label: Child[],
  props: ElementProps & { readonly variant?: 'primary' | 'secondary' },
  onClick: () => void,
): HTMLButtonElement {
  const variant = props.variant ?? 'primary';
  const cls = `button ${variant}${props.class ? ` ${props.class}` : ''}`;
  const el = h('button', { class: cls, attrs: { type: 'button', ...props.attrs } }, ...label);
  el.addEventListener('click', onClick);
  return el;
}

/** A toolbar-style button that shows only a codicon; `label` names it for screen readers. */
export function iconButton(
  iconName: string,
  label: string,
  props: ElementProps,
  onClick: () => void,
): HTMLButtonElement {
  const cls = `icon-button${props.class ? ` ${props.class}` : ''}`;
  const el = h('button', { class: cls, attrs: { type: 'button', 'aria-label': label, title: label, ...props.attrs } }, icon(iconName));
  el.addEventListener('click', onClick);
  return el;
}
