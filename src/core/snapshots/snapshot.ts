// A snapshot of the work state: where the code stood at a moment, to compare with or go back to.
import type { DiagnosticFact } from '../workContext/workContext';

export type SnapshotReason = 'manual' | 'session-end' | 'handoff';

export interface SnapshotFile {
  readonly path: string;
  readonly status: string;
  readonly insertions: number | null;
  readonly deletions: number | null;
  /**
   * True for a file that is a secret by name (`.env`, `id_rsa`, `*.pem`): its content was
   * left out of the stored patch. Kept in the `changed_files` JSON, so it needs no column.
   */
  readonly withheld?: boolean;
  /**
   * The size of a binary change too big for the patch: listed by name and size, never stored
   * as a cut patch that could not apply. Kept in the same JSON.
   */
  readonly omittedBytes?: number;
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

/** Files whose content the snapshot does not hold because their names say they are secrets. */
export function withheldFiles(snapshot: Pick<SnapshotSummary, 'changedFiles'>): string[] {
  return snapshot.changedFiles.filter((f) => f.withheld === true).map((f) => f.path);
}

/** Binary changes left out of the patch for their size, with their sizes in bytes. */
export function omittedFiles(snapshot: Pick<SnapshotSummary, 'changedFiles'>): { path: string; bytes: number }[] {
  return snapshot.changedFiles.flatMap((f) => (f.omittedBytes === undefined ? [] : [{ path: f.path, bytes: f.omittedBytes }]));
}

export interface Snapshot extends SnapshotSummary {
  /** The uncommitted diff against HEAD, up to the size limit, without the sections of withheld files. */
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
