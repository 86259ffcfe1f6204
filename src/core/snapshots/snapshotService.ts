// Takes snapshots: branch, HEAD, changed files, diff stat, the patch up to a size limit,
// open editors, diagnostics and the session's notes, under a label.
import type { EditorContextSource, GitContextSource, PatchSource } from '../workContext/workContextPorts';
import type { ChangeNotifier } from '../changeFeed';
import type { Clock, IdSource } from '../clock';
import type { SessionRepository } from '../sessions/sessionRepository';
import type { WorkspaceRef } from '../sessions/session';
import type { Snapshot, SnapshotReason, SnapshotRepository } from './snapshot';

export interface SnapshotServiceDeps {
  readonly workspace: WorkspaceRef;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly snapshots: SnapshotRepository;
  readonly sessions: SessionRepository;
  readonly git: GitContextSource;
  readonly patch: PatchSource;
  readonly editor: EditorContextSource;
  /** Patch size limit in KB (baton.snapshots.maxPatchKB). */
  readonly maxPatchKB: () => number;
  readonly changes: ChangeNotifier;
}

export class SnapshotService {
  constructor(private readonly deps: SnapshotServiceDeps) {}

  async take(label: string, reason: SnapshotReason, sessionId?: string | null): Promise<Snapshot> {
    const { workspace, sessions } = this.deps;
    const open = sessionId === undefined ? await sessions.findOpen(workspace.id) : null;
    const session = sessionId ? await sessions.getDetail(sessionId) : open ? await sessions.getDetail(open.id) : null;
    const [{ git }, editor] = await Promise.all([this.deps.git.read(session?.gitStart?.head ?? null), this.deps.editor.read()]);
    const patch = git ? await this.deps.patch.read(Math.max(1, this.deps.maxPatchKB()) * 1024, git.head !== null) : null;
    const snapshot: Snapshot = {
      id: this.deps.ids.next(),
      workspaceId: workspace.id,
      sessionId: session?.id ?? null,
      label: label.trim(),
      reason,
      takenAt: this.deps.clock.now(),
      branch: git?.branch ?? null,
      head: git?.head ?? null,
      changedFiles: (git?.changes ?? []).map((c) => ({ path: c.path, status: c.status, insertions: c.insertions, deletions: c.deletions })),
      diffStat: patch?.diffStat ?? '',
      patchBytes: patch?.bytes ?? 0,
      patchTruncated: patch?.truncated ?? false,
      patch: patch?.patch ?? '',
      openEditors: editor?.openEditors ?? [],
      diagnostics: editor?.diagnostics ?? [],
      notes: (session?.notes ?? []).map((n) => n.text),
    };
    await this.deps.snapshots.save(snapshot);
    this.deps.changes.notify();
    return snapshot;
  }

  /** The uncommitted patch as it is now, or null when git is not read here. */
  async currentPatch(maxBytes: number): Promise<string | null> {
    return (await this.deps.patch.read(maxBytes, true))?.patch ?? null;
  }
}
