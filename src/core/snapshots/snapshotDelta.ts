// How the work moved since a snapshot: for the briefing's "since the last snapshot" lines.
import type { SnapshotDelta } from '../briefing/briefingTypes';
import type { GitContext } from '../briefing/workContext';
import type { SnapshotSummary } from './snapshot';

export function snapshotDelta(snapshot: SnapshotSummary, git: GitContext | null): SnapshotDelta {
  const then = new Set(snapshot.changedFiles.map((f) => f.path));
  const now = new Set((git?.changes ?? []).map((c) => c.path));
  return {
    label: snapshot.label,
    takenAt: snapshot.takenAt,
    headMoved: git !== null && git.head !== snapshot.head,
    newlyChanged: [...now].filter((p) => !then.has(p)).sort(),
    noLongerChanged: [...then].filter((p) => !now.has(p)).sort(),
  };
}
