// The knowledge filter box. Like the draft fields it is created once and moved into each
// render, so typing is never interrupted; it filters the rendered list in place.
import type { KnowledgeView } from '../../shared/viewState';
import { h } from '../common/dom';
import type { UiStore } from './uiState';

const MAX_FILTER_LENGTH = 200;

/** Every word of the query must occur in the title or in one of the tags ("#tag" works too). */
export function matchesFilter(entry: KnowledgeView, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).map((w) => w.replace(/^#/, '')).filter((w) => w !== '');
  if (words.length === 0) return true;
  const title = entry.title.toLowerCase();
  const tags = entry.tags.map((t) => t.toLowerCase());
  return words.every((word) => title.includes(word) || tags.some((tag) => tag.includes(word)));
}

export class KnowledgeFilter {
  readonly input: HTMLInputElement;
  private listener: ((query: string) => void) | undefined;

  constructor(ui: UiStore) {
    this.input = h('input', {
      class: 'text-input filter-input',
      attrs: {
        type: 'search',
        'data-testid': 'knowledge-filter',
        'data-focus-key': 'knowledge-filter',
        'aria-label': 'Filter knowledge by title or tag',
        placeholder: 'Filter by title or tag',
        maxlength: String(MAX_FILTER_LENGTH),
        autocomplete: 'off',
        spellcheck: 'false',
      },
    });
    this.input.value = ui.current.knowledgeFilter.slice(0, MAX_FILTER_LENGTH);
    this.input.addEventListener('input', () => {
      ui.update({ knowledgeFilter: this.input.value });
      this.listener?.(this.input.value);
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.input.value !== '') {
        event.preventDefault();
        this.input.value = '';
        this.input.dispatchEvent(new Event('input'));
      }
    });
  }

  get query(): string {
    return this.input.value;
  }

  /** The latest render's list takes over; it is called at once and on every change. */
  attach(listener: (query: string) => void): void {
    this.listener = listener;
    listener(this.query);
  }
}
