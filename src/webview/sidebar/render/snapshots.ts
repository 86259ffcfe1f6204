// Snapshots of the uncommitted work, newest first, each comparable with now or restorable.
import type { SnapshotView } from '../../../shared/viewState';
import { button, h, icon, iconButton } from '../../common/dom';
import { formatCount } from '../../common/format';
import type { RenderContext } from './context';
import { relativeTime } from './notes';
import { section } from './section';

const REASONS: Readonly<Record<SnapshotView['reason'], { readonly label: string; readonly icon: string }>> = {
  manual: { label: 'Snapshot', icon: 'device-camera' },
  handoff: { label: 'Before handoff', icon: 'export' },
  'session-end': { label: 'Session end', icon: 'debug-stop' },
};

export function snapshotLabel(snapshot: SnapshotView): string {
  const label = snapshot.label.trim();
  return label !== '' ? label : (REASONS[snapshot.reason]?.label ?? 'Snapshot');
}

function timeOf(snapshot: SnapshotView): number {
  const at = Date.parse(snapshot.takenAt);
  return Number.isFinite(at) ? at : 0;
}

function truncatedMark(): HTMLElement {
  const text = 'The changes were too large to keep whole; this snapshot holds only part of them.';
  return h('span', {
    class: 'codicon codicon-warning warning-icon',
    attrs: { role: 'img', 'aria-label': text, title: text, 'data-testid': 'snapshot-truncated' },
  });
}

function snapshotItem(snapshot: SnapshotView, ctx: RenderContext): HTMLElement {
  const label = snapshotLabel(snapshot);
  const key = `snapshot:${snapshot.id}`;
  return h(
    'li',
    { class: 'item', attrs: { 'data-testid': 'snapshot' } },
    h(
      'div',
      { class: 'item-main' },
      h(
        'div',
        { class: 'item-title-row' },
        icon(REASONS[snapshot.reason]?.icon ?? 'device-camera', 'row-icon'),
        h('span', { class: 'item-title', attrs: { title: label } }, label),
        snapshot.patchTruncated && truncatedMark(),
      ),
      h(
        'div',
        { class: 'meta item-meta' },
        relativeTime(snapshot.takenAt, ctx.now, 'meta-item'),
        h('span', { class: 'meta-item' }, icon('file'), formatCount(snapshot.fileCount, 'file')),
        snapshot.branch !== null && h('span', { class: 'meta-item', attrs: { title: 'Git branch' } }, icon('git-branch'), snapshot.branch),
      ),
    ),
    h(
      'div',
      { class: 'item-actions' },
      iconButton('diff', `Compare ${label} with now`, { attrs: { 'data-testid': 'compare-snapshot', 'data-focus-key': `${key}:compare` } }, () =>
        ctx.actions.compareSnapshot(snapshot.id),
      ),
      iconButton('history', `Restore ${label}`, { attrs: { 'data-testid': 'restore-snapshot', 'data-focus-key': `${key}:restore` } }, () =>
        ctx.actions.restoreSnapshot(snapshot.id),
      ),
    ),
  );
}

export function renderSnapshots(snapshots: readonly SnapshotView[], ctx: RenderContext): HTMLElement {
  const take = button(
    [icon('device-camera'), 'Take Snapshot'],
    { variant: 'secondary', class: 'wide', attrs: { 'data-testid': 'take-snapshot', 'data-focus-key': 'take-snapshot' } },
    () => ctx.actions.takeSnapshot(),
  );
  const newestFirst = [...snapshots].sort((a, b) => timeOf(b) - timeOf(a));
  const list =
    newestFirst.length === 0
      ? h('p', { class: 'empty', attrs: { 'data-testid': 'snapshots-empty' } }, 'No snapshots yet. A snapshot keeps your uncommitted changes to compare or restore later.')
      : h('ul', { class: 'plain-list item-list', attrs: { 'aria-label': 'Snapshots' } }, ...newestFirst.map((s) => snapshotItem(s, ctx)));
  return section(ctx, 'snapshots', 'Snapshots', snapshots.length, h('div', { class: 'section-toolbar' }, take), list);
}
