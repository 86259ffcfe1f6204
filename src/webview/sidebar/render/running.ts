// The running session: its clock, goal, branch and credits, then notes and files touched.
import type { RunningSessionView } from '../../../shared/viewState';
import { formatClockTime, formatDuration } from '../../common/format';
import { button, h, icon } from '../../common/dom';
import type { RenderContext } from './context';
import { creditsItem, handoffVerdict } from './credits';
import { renderFiles } from './files';
import { renderNoteComposer, renderNotes } from './notes';
import { section } from './section';

function clockLine(run: RunningSessionView, ctx: RenderContext): HTMLElement {
  const state = run.isActive ? 'Active' : 'Idle, paused';
  return h(
    'div',
    { class: `session-clock ${run.isActive ? 'is-active' : 'is-idle'}` },
    h('span', { class: 'status-dot', attrs: { 'aria-hidden': 'true' } }),
    h(
      'span',
      { class: 'active-time', attrs: { id: 'active-time', role: 'timer', 'data-testid': 'active-time', 'aria-label': 'Active time' } },
      formatDuration(ctx.activeMs),
    ),
    h('span', { class: 'session-state', attrs: { 'data-testid': 'session-state' } }, state),
  );
}

function goalLine(goal: string): HTMLElement {
  const empty = goal.trim() === '';
  return h(
    'p',
    { class: `session-goal${empty ? ' description' : ''}`, attrs: { 'data-testid': 'running-goal' } },
    empty ? '(no goal)' : goal,
  );
}

function metaLine(run: RunningSessionView): HTMLElement {
  return h(
    'div',
    { class: 'meta' },
    run.branch !== null &&
      h('span', { class: 'meta-item', attrs: { 'data-testid': 'branch', title: 'Git branch' } }, icon('git-branch'), run.branch),
    h(
      'span',
      { class: 'meta-item', attrs: { 'data-testid': 'started-at', title: run.startedAt } },
      icon('clock'),
      `Started ${formatClockTime(run.startedAt)}`,
    ),
    creditsItem(run.credits, 'running'),
  );
}

function sessionCard(run: RunningSessionView, ctx: RenderContext): HTMLElement {
  const end = button(
    [icon('debug-stop'), 'End Session'],
    { variant: 'secondary', class: 'wide', attrs: { 'data-testid': 'end-session', 'data-focus-key': 'end-session' } },
    () => ctx.actions.endSession(),
  );
  return h('div', { class: 'session-card', attrs: { 'data-testid': 'running-session' } }, clockLine(run, ctx), goalLine(run.goal), metaLine(run), handoffVerdict(run.credits), end);
}

export function renderRunning(run: RunningSessionView, ctx: RenderContext): HTMLElement[] {
  return [
    section(ctx, 'session', 'Current Session', null, sessionCard(run, ctx)),
    section(ctx, 'notes', 'Notes', run.notes.length, renderNoteComposer(ctx), renderNotes(run.notes, ctx.now)),
    section(ctx, 'files', 'Files Touched', run.files.length, renderFiles(run.files, ctx)),
  ];
}
