// Entry point of the sidebar webview: listen for the host's state, then say `ready`.
import { parseHostMessage, type HostMessage } from '../shared/protocol';
import { EMPTY_VIEW_STATE } from '../shared/viewState';
import { createActions } from './actions';
import { DraftFields } from './draftFields';
import { KnowledgeFilter } from './knowledgeFilter';
import { SidebarView } from './sidebarView';
import { UiStore } from './uiState';
import { connectToHost } from './vscodeApi';

function handle(message: HostMessage, view: SidebarView): void {
  switch (message.type) {
    case 'state':
      view.show(message.state);
      return;
    default: {
      const unhandled: never = message.type;
      return unhandled;
    }
  }
}

function start(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('Baton: #app is missing from the sidebar page.');
  const host = connectToHost();
  const ui = new UiStore(host);
  const actions = createActions(host.post, () => fields);
  const fields = new DraftFields(ui, () => actions.addNote());
  const filter = new KnowledgeFilter(ui);
  const view = new SidebarView(root, { actions, fields, filter, ui });
  view.show(EMPTY_VIEW_STATE);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parseHostMessage(event.data);
    if (message) handle(message, view);
  });
  host.post({ type: 'ready' });
}

start();
