// How the work moved since a snapshot: for the briefing's "since the last snapshot" lines.
import type { GitContext } from '../workContext/workContext';
import type { SnapshotSummary } from './snapshot';

/** What changed since the last snapshot, as the briefing shows it. */
export interface SnapshotDelta {
  readonly label: string;
  readonly takenAt: number;
  readonly headMoved: boolean;
  readonly newlyChanged: readonly string[];
  readonly noLongerChanged: readonly string[];
}

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
