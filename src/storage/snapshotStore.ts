// Snapshots in the database; the patch is stored gzip-compressed.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DiagnosticFact } from '../core/workContext/workContext';
import type { Snapshot, SnapshotFile, SnapshotReason, SnapshotRepository, SnapshotSummary } from '../core/snapshots/snapshot';
import type { BatonDatabase } from './batonDatabase';
import { type Row, asNullableString, asNumber, asString } from './sqlAccess';

const SUMMARY_COLUMNS = 'id, workspace_id, session_id, label, reason, taken_at, branch, head, changed_files, diff_stat, patch_bytes, patch_truncated';

function parseJson<T>(value: Row[string] | undefined, fallback: T): T {
  try {
    return typeof value === 'string' ? (JSON.parse(value) as T) : fallback;
  } catch {
    return fallback;
  }
}

function toSummary(row: Row): SnapshotSummary {
  return {
    id: asString(row.id),
    workspaceId: asString(row.workspace_id),
    sessionId: asNullableString(row.session_id),
    label: asString(row.label),
    reason: asString(row.reason) as SnapshotReason,
    takenAt: asNumber(row.taken_at),
    branch: asNullableString(row.branch),
    head: asNullableString(row.head),
    changedFiles: parseJson<SnapshotFile[]>(row.changed_files, []),
    diffStat: asString(row.diff_stat),
    patchBytes: asNumber(row.patch_bytes),
    patchTruncated: asNumber(row.patch_truncated) === 1,
  };
}

function toSnapshot(row: Row): Snapshot {
  const patch = row.patch instanceof Uint8Array && row.patch.length > 0 ? gunzipSync(row.patch).toString('utf8') : '';
  return {
    ...toSummary(row),
    patch,
    openEditors: parseJson<string[]>(row.open_editors, []),
    diagnostics: parseJson<DiagnosticFact[]>(row.diagnostics, []),
    notes: parseJson<string[]>(row.notes, []),
  };
}

export class SnapshotStore implements SnapshotRepository {
  constructor(private readonly database: BatonDatabase) {}

  save(s: Snapshot): Promise<void> {
    const patch = s.patch ? new Uint8Array(gzipSync(Buffer.from(s.patch, 'utf8'))) : null;
    return this.database.write((db) => {
      db.run(
        `INSERT INTO snapshots (id, workspace_id, session_id, label, reason, taken_at, branch, head, changed_files, diff_stat,
           patch, patch_bytes, patch_truncated, open_editors, diagnostics, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          s.id, s.workspaceId, s.sessionId, s.label, s.reason, s.takenAt, s.branch, s.head, JSON.stringify(s.changedFiles), s.diffStat,
          patch, s.patchBytes, s.patchTruncated ? 1 : 0, JSON.stringify(s.openEditors), JSON.stringify(s.diagnostics), JSON.stringify(s.notes),
        ],
      );
    });
  }

  list(workspaceId: string, limit: number): Promise<readonly SnapshotSummary[]> {
    return this.database.read((db) =>
      db.all(`SELECT ${SUMMARY_COLUMNS} FROM snapshots WHERE workspace_id = ? ORDER BY taken_at DESC, id LIMIT ?`, [workspaceId, limit]).map(toSummary),
    );
  }

  get(id: string): Promise<Snapshot | null> {
    return this.database.read((db) => {
      const row = db.one('SELECT * FROM snapshots WHERE id = ?', [id]);
      return row ? toSnapshot(row) : null;
    });
  }

  latest(workspaceId: string): Promise<Snapshot | null> {
    return this.database.read((db) => {
      const row = db.one('SELECT * FROM snapshots WHERE workspace_id = ? ORDER BY taken_at DESC, id LIMIT 1', [workspaceId]);
      return row ? toSnapshot(row) : null;
    });
  }
}
