// Chooses what the sidebar shows for a view state: the session (or the start form), the
// handoff, then notes and files of a running session, snapshots, knowledge and recent sessions.
import type { ViewState } from '../../../shared/viewState';
import type { RenderContext } from './context';
import { renderCosts } from './costs';
import { renderHandoff } from './handoff';
import { renderKnowledge } from './knowledge';
import { renderRecent } from './recent';
import { renderRunning } from './running';
import { renderSnapshots } from './snapshots';
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
  const running = state.running !== null;
  const handoff = renderHandoff(state.lastBriefing, ctx, running);
  const library = [renderSnapshots(state.snapshots, ctx), renderKnowledge(state.knowledge, ctx)];
  const recent = state.recent.length > 0 ? [renderRecent(state.recent, ctx)] : [];
  if (state.costs) library.push(renderCosts(state.costs, ctx));
  if (state.running) {
    const [session, ...details] = renderRunning(state.running, ctx);
    return [...(session ? [session] : []), handoff, ...details, ...library, ...recent];
  }
  const firstRun = state.recent.length === 0 && state.snapshots.length === 0 && state.knowledge.length === 0 && state.lastBriefing === null;
  return [renderStartForm(ctx, firstRun), handoff, ...library, ...recent];
}
