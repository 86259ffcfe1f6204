// Renders each view state into the page, idempotently: identical states are skipped, focus
// is carried over by `data-focus-key`, and a one-second ticker keeps clocks current.
import type { ViewState } from '../../shared/viewState';
import type { Actions } from './actions';
import { ActiveClock } from './activeClock';
import type { DraftFields } from './draftFields';
import type { KnowledgeFilter } from './knowledgeFilter';
import { formatDuration, formatRelativeTime } from '../common/format';
import { renderApp } from './render/app';
import { renderError } from './render/status';
import type { UiStore } from './uiState';

export interface SidebarViewDeps {
  readonly actions: Actions;
  readonly fields: DraftFields;
  readonly filter: KnowledgeFilter;
  readonly ui: UiStore;
}

function focusKeyOf(element: Element | null): string | undefined {
  return element instanceof HTMLElement ? element.dataset.focusKey : undefined;
}

function restoreFocus(root: HTMLElement, key: string | undefined): void {
  if (key === undefined || focusKeyOf(document.activeElement) === key) return;
  for (const element of root.querySelectorAll<HTMLElement>('[data-focus-key]')) {
    if (element.dataset.focusKey === key) {
      element.focus({ preventScroll: true });
      return;
    }
  }
}

function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

export class SidebarView {
  private lastKey: string | undefined;
  private readonly clock = new ActiveClock();
  private timer: number | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly deps: SidebarViewDeps,
  ) {}

  show(state: ViewState): void {
    const key = JSON.stringify(state);
    if (key === this.lastKey) return;
    this.lastKey = key;
    const now = Date.now();
    this.clock.set(state.status === 'ready' ? state.running : null, now);
    const focusKey = focusKeyOf(document.activeElement);
    this.root.replaceChildren(...this.render(state, now));
    restoreFocus(this.root, focusKey);
    this.scheduleTicks();
  }

  private render(state: ViewState, now: number): HTMLElement[] {
    try {
      return renderApp(state, { ...this.deps, now, activeMs: this.clock.activeMs(now) });
    } catch (error) {
      // The host validates only the outline of a state; never leave the view blank.
      console.warn('Baton: could not render the view state.', error);
      this.clock.set(null, now);
      return [renderError('Baton received data it could not show. Try reloading the window.')];
    }
  }

  private scheduleTicks(): void {
    const needed = this.clock.ticking || this.root.querySelector('time[data-relative]') !== null;
    if (needed && this.timer === undefined) {
      this.timer = window.setInterval(() => this.tick(), 1000);
    } else if (!needed && this.timer !== undefined) {
      window.clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private tick(): void {
    const now = Date.now();
    const activeTime = this.root.querySelector('#active-time');
    if (activeTime && this.clock.ticking) setText(activeTime, formatDuration(this.clock.activeMs(now)));
    for (const time of this.root.querySelectorAll('time[data-relative]')) {
      setText(time, formatRelativeTime(time.getAttribute('datetime') ?? '', now));
    }
  }
}
