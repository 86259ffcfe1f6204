// Entry point of the sidebar webview: connect the channel, render the empty state, then say
// `ready`; the host answers with the full state and later sends only what changed.
import { sidebarProtocol } from '../../shared/protocol/sidebar';
import { applyPatch } from '../../shared/protocol/statePatch';
import { EMPTY_VIEW_STATE, type ViewState } from '../../shared/viewState';
import { connectToHost } from '../common/hostChannel';
import { webviewStorage } from '../common/vscodeApi';
import { createActions } from './actions';
import { DraftFields } from './draftFields';
import { KnowledgeFilter } from './knowledgeFilter';
import { SidebarView } from './sidebarView';
import { UiStore } from './uiState';

function start(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('Baton: #app is missing from the sidebar page.');
  let state: ViewState = EMPTY_VIEW_STATE;
  const channel = connectToHost(sidebarProtocol, {
    commands: {},
    requests: {},
    notifications: {
      state: (next) => {
        state = next;
        view.show(state);
      },
      statePatch: (patch) => {
        state = applyPatch(state, patch);
        view.show(state);
      },
    },
  });
  const ui = new UiStore(webviewStorage());
  const actions = createActions(channel, () => fields);
  const fields = new DraftFields(ui, () => actions.addNote());
  const filter = new KnowledgeFilter(ui);
  const view = new SidebarView(root, { actions, fields, filter, ui });
  view.show(state);
  channel.sendReady();
}

start();
