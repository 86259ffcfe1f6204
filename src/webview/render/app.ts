// Chooses what the sidebar shows for a view state.
import type { ViewState } from '../../shared/viewState';
import type { RenderContext } from './context';
import { renderRecent } from './recent';
import { renderRunning } from './running';
import { renderStartForm } from './startForm';
import { renderError, renderLoading, renderNoFolder } from './status';

export function renderApp(state: ViewState, ctx: RenderContext): HTMLElement[] {
  switch (state.status) {
    case 'loading':
      return [renderLoading()];
    case 'error':
      return [renderError(state.errorMessage)];
    case 'ready':
      break;
  }
  if (state.workspaceName === null) return [renderNoFolder()];
  const recent = state.recent.length > 0 ? [renderRecent(state.recent, ctx)] : [];
  if (state.running) return [...renderRunning(state.running, ctx), ...recent];
  return [renderStartForm(ctx, recent.length === 0), ...recent];
}
