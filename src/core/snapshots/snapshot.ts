// A snapshot of the work state: where the code stood at a moment, to compare with or go back to.
import type { DiagnosticFact } from '../workContext/workContext';

export type SnapshotReason = 'manual' | 'session-end' | 'handoff';

export interface SnapshotFile {
  readonly path: string;
  readonly status: string;
  readonly insertions: number | null;
  readonly deletions: number | null;
}

export interface SnapshotSummary {
  readonly id: string;
  readonly workspaceId: string;
  readonly sessionId: string | null;
  readonly label: string;
  readonly reason: SnapshotReason;
  readonly takenAt: number;
  readonly branch: string | null;
  readonly head: string | null;
  readonly changedFiles: readonly SnapshotFile[];
  readonly diffStat: string;
  readonly patchBytes: number;
  readonly patchTruncated: boolean;
}

export interface Snapshot extends SnapshotSummary {
  /** The uncommitted diff against HEAD, up to the size limit. */
  readonly patch: string;
  readonly openEditors: readonly string[];
  readonly diagnostics: readonly DiagnosticFact[];
  readonly notes: readonly string[];
}

export interface SnapshotRepository {
  save(snapshot: Snapshot): Promise<void>;
  /** Newest first. */
  list(workspaceId: string, limit: number): Promise<readonly SnapshotSummary[]>;
  get(id: string): Promise<Snapshot | null>;
  latest(workspaceId: string): Promise<Snapshot | null>;
}
