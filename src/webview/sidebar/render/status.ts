// The states without a workspace to show: loading, error, no folder open.
import { h, icon } from '../../common/dom';

export function renderLoading(): HTMLElement {
  return h(
    'div',
    { class: 'status-message', attrs: { role: 'status', 'data-testid': 'loading' } },
    icon('loading', 'codicon-modifier-spin'),
    h('span', {}, 'Loading Baton…'),
  );
}

export function renderError(message: string | null): HTMLElement {
  const text = message && message.trim() !== '' ? message : 'Baton could not load its data.';
  return h(
    'div',
    { class: 'error-box', attrs: { role: 'alert', 'data-testid': 'error' } },
    icon('error', 'error-icon'),
    h('p', { class: 'error-text' }, text),
  );
}

export function renderNoFolder(): HTMLElement {
  return h(
    'div',
    { class: 'welcome', attrs: { 'data-testid': 'no-folder' } },
    h('p', {}, 'Open a folder to track coding sessions.'),
    h('p', { class: 'description' }, 'Baton keeps sessions, notes and handoff briefings per workspace.'),
  );
}
