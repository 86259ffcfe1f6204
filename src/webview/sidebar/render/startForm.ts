// The start form: a goal and a "Start Session" button, with a short introduction on first use.
import { h } from '../../common/dom';
import type { RenderContext } from './context';

function intro(): HTMLElement[] {
  return [
    h(
      'p',
      {},
      'Baton tracks what you work on (files, notes and active time) so you can hand the session ' +
        'to another AI assistant, account or provider without losing context.',
    ),
    h('p', { class: 'description' }, 'Start a session, jot notes as you go, and end it when you are done.'),
  ];
}

export function renderStartForm(ctx: RenderContext, firstRun: boolean): HTMLElement {
  const form = h(
    'form',
    { class: 'start-form', attrs: { 'aria-label': 'Start a session', novalidate: '' } },
    h(
      'label',
      { class: 'field-label', attrs: { for: 'goal-input' } },
      'Goal ',
      h('span', { class: 'description' }, '(optional)'),
    ),
    ctx.fields.goal,
    h(
      'button',
      {
        class: 'button primary wide',
        attrs: { type: 'submit', 'data-testid': 'start-session', 'data-focus-key': 'start-session' },
      },
      'Start Session',
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.actions.startSession();
  });
  const lead = firstRun ? intro() : [h('p', { class: 'description' }, 'No session running.')];
  return h('div', { class: 'welcome', attrs: { 'data-testid': 'start-view' } }, ...lead, form);
}
