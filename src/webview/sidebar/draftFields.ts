// The two text fields the user types into. They are created once and moved into each new
// render, so typed text, caret, undo history and IME state survive state updates.
import { MAX_GOAL_LENGTH, MAX_NOTE_LENGTH } from '../../shared/protocol/sidebar';
import { h } from '../common/dom';
import type { UiStore } from './uiState';

function isMacLike(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

export const SUBMIT_NOTE_SHORTCUT = isMacLike() ? '⌘+Enter' : 'Ctrl+Enter';

export class DraftFields {
  readonly goal: HTMLInputElement;
  readonly note: HTMLTextAreaElement;

  constructor(
    private readonly ui: UiStore,
    onSubmitNote: () => void,
  ) {
    this.goal = h('input', {
      class: 'text-input',
      attrs: {
        id: 'goal-input',
        type: 'text',
        'data-testid': 'goal-input',
        'data-focus-key': 'goal-input',
        placeholder: 'What are you working on?',
        maxlength: String(MAX_GOAL_LENGTH),
        autocomplete: 'off',
        spellcheck: 'true',
      },
    });
    this.goal.value = ui.current.goalDraft.slice(0, MAX_GOAL_LENGTH);
    this.goal.addEventListener('input', () => ui.update({ goalDraft: this.goal.value }));

    this.note = h('textarea', {
      class: 'text-input note-input',
      attrs: {
        id: 'note-input',
        rows: '3',
        'data-testid': 'note-input',
        'data-focus-key': 'note-input',
        'aria-label': 'New note',
        placeholder: 'Add a note for the next assistant…',
        maxlength: String(MAX_NOTE_LENGTH),
      },
    });
    this.note.value = ui.current.noteDraft.slice(0, MAX_NOTE_LENGTH);
    this.note.addEventListener('input', () => ui.update({ noteDraft: this.note.value }));
    this.note.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
        event.preventDefault();
        onSubmitNote();
      }
    });
  }

  /** Returns the trimmed goal (possibly empty) and clears the field. */
  takeGoal(): string {
    const goal = this.goal.value.trim();
    this.goal.value = '';
    this.ui.update({ goalDraft: '' });
    return goal;
  }

  /** Returns the trimmed note and clears the field, or `undefined` if there is nothing to add. */
  takeNote(): string | undefined {
    const text = this.note.value.trim();
    if (text === '') return undefined;
    this.note.value = '';
    this.ui.update({ noteDraft: '' });
    return text;
  }
}
