// Sessions that ended recently, as many as the host sends, with what each spent and how it handed off.
import type { SessionSummaryView } from '../../../shared/viewState';
import { formatCount, formatDayAndTime, formatDuration } from '../../common/format';
import { h, icon } from '../../common/dom';
import type { RenderContext } from './context';
import { creditsItem, handoffVerdict } from './credits';
import { section } from './section';

function metaItem(iconName: string, text: string): HTMLElement {
  return h('span', { class: 'meta-item' }, icon(iconName), text);
}

function recentItem(session: SessionSummaryView, now: number): HTMLElement {
  const empty = session.goal.trim() === '';
  return h(
    'li',
    { class: 'recent', attrs: { 'data-testid': 'recent-session' } },
    h('p', { class: `recent-goal${empty ? ' description' : ''}`, attrs: { title: session.goal } }, empty ? '(no goal)' : session.goal),
    h(
      'div',
      { class: 'meta' },
      h('time', { class: 'meta-item', attrs: { datetime: session.startedAt } }, formatDayAndTime(session.startedAt, now)),
      metaItem('watch', formatDuration(session.activeMs)),
      metaItem('file', formatCount(session.fileCount, 'file')),
      metaItem('note', formatCount(session.noteCount, 'note')),
      creditsItem(session.credits, 'ended'),
    ),
    handoffVerdict(session.credits),
    session.summary !== null && session.summary.trim() !== '' && h('p', { class: 'recent-summary' }, session.summary),
  );
}

export function renderRecent(sessions: readonly SessionSummaryView[], ctx: RenderContext): HTMLElement {
  return section(
    ctx,
    'recent',
    'Recent Sessions',
    sessions.length,
    h('ul', { class: 'plain-list recent-list' }, ...sessions.map((s) => recentItem(s, ctx.now))),
  );
}
