// The note composer and the session's notes, newest first.
import type { NoteView } from '../../../shared/viewState';
import { SUBMIT_NOTE_SHORTCUT } from '../draftFields';
import { formatRelativeTime } from '../../common/format';
import { h } from '../../common/dom';
import type { RenderContext } from './context';

export function renderNoteComposer(ctx: RenderContext): HTMLElement {
  const add = h(
    'button',
    { class: 'button secondary', attrs: { type: 'button', 'data-testid': 'add-note', 'data-focus-key': 'add-note' } },
    'Add Note',
  );
  add.addEventListener('click', () => ctx.actions.addNote());
  return h(
    'div',
    { class: 'note-composer' },
    ctx.fields.note,
    h(
      'div',
      { class: 'composer-actions' },
      h('span', { class: 'hint', attrs: { title: `Press ${SUBMIT_NOTE_SHORTCUT} to add the note` } }, h('kbd', {}, SUBMIT_NOTE_SHORTCUT)),
      add,
    ),
  );
}

/** A <time> whose text the ticker keeps current. */
export function relativeTime(iso: string, now: number, className: string): HTMLTimeElement {
  return h('time', { class: className, attrs: { datetime: iso, 'data-relative': '', title: iso } }, formatRelativeTime(iso, now));
}

function timeOf(note: NoteView): number {
  const at = Date.parse(note.at);
  return Number.isFinite(at) ? at : 0;
}

export function renderNotes(notes: readonly NoteView[], now: number): HTMLElement {
  if (notes.length === 0) return h('p', { class: 'empty' }, 'No notes yet. Notes go into the handoff briefing.');
  const newestFirst = [...notes].sort((a, b) => timeOf(b) - timeOf(a));
  return h(
    'ul',
    { class: 'plain-list note-list' },
    ...newestFirst.map((note) =>
      h(
        'li',
        { class: 'note', attrs: { 'data-testid': 'note' } },
        h('p', { class: 'note-text' }, note.text),
        relativeTime(note.at, now, 'note-time'),
      ),
    ),
  );
}
