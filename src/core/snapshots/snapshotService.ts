// Takes snapshots: branch, HEAD, changed files, diff stat, the patch up to a size limit,
// open editors, diagnostics and the session's notes, under a label. Files that are secrets by
// name (`.env`, `id_rsa`, `*.pem`) are listed but their content is never stored: the patch
// loses their sections whole, so that the rest is exact and still applies.
import type { EditorContextSource, GitContextSource, OmittedChange, PatchSource } from '../workContext/workContextPorts';
import type { ChangeNotifier } from '../changeFeed';
import type { Clock, IdSource } from '../clock';
import type { SessionRepository } from '../sessions/sessionRepository';
import type { WorkspaceRef } from '../sessions/session';
import { type WithheldPatch, isSecretFileName, withholdSecretFiles } from '../redaction/redaction';
import type { ChangedFile, Unavailable } from '../workContext/workContext';
import type { Snapshot, SnapshotFile, SnapshotReason, SnapshotRepository } from './snapshot';

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

/** A snapshot as just taken, with what could not be read for it (not stored). */
export type TakenSnapshot = Snapshot & { readonly unavailable: readonly Unavailable[] };

export class SnapshotService {
  constructor(private readonly deps: SnapshotServiceDeps) {}

  async take(label: string, reason: SnapshotReason, sessionId?: string | null): Promise<TakenSnapshot> {
    const { workspace, sessions } = this.deps;
    const open = sessionId === undefined ? await sessions.findOpen(workspace.id) : null;
    const session = sessionId ? await sessions.getDetail(sessionId) : open ? await sessions.getDetail(open.id) : null;
    const [{ git, unavailable }, editor] = await Promise.all([this.deps.git.read(session?.gitStart?.head ?? null), this.deps.editor.read()]);
    const read = git ? await this.deps.patch.read(Math.max(1, this.deps.maxPatchKB()) * 1024, git.head !== null) : null;
    const kept = withholdSecretFiles(read?.patch ?? '');
    const snapshot: Snapshot = {
      id: this.deps.ids.next(),
      workspaceId: workspace.id,
      sessionId: session?.id ?? null,
      label: label.trim(),
      reason,
      takenAt: this.deps.clock.now(),
      branch: git?.branch ?? null,
      head: git?.head ?? null,
      changedFiles: withOmitted(snapshotFiles(git?.changes ?? [], kept), read?.omitted ?? []),
      diffStat: read?.diffStat ?? '',
      patchBytes: read ? utf8Length(kept.patch) : 0,
      patchTruncated: read?.truncated ?? false,
      patch: kept.patch,
      openEditors: editor?.openEditors ?? [],
      diagnostics: editor?.diagnostics ?? [],
      notes: (session?.notes ?? []).map((n) => n.text),
    };
    await this.deps.snapshots.save(snapshot);
    this.deps.changes.notify();
    return { ...snapshot, unavailable };
  }

  /** The uncommitted patch as it is now, or null when git is not read here. */
  async currentPatch(maxBytes: number): Promise<string | null> {
    return (await this.deps.patch.read(maxBytes, true))?.patch ?? null;
  }
}

/**
 * The changed files, those that are secrets by name marked as withheld. A withheld section of
 * the patch whose file git's status did not list (a race between the two reads) is added, so
 * that every file left out of the patch is named.
 */
function snapshotFiles(changes: readonly ChangedFile[], kept: WithheldPatch): SnapshotFile[] {
  const withheld = new Set(kept.withheld);
  const files: SnapshotFile[] = changes.map((c) => ({
    path: c.path,
    status: c.status,
    insertions: c.insertions,
    deletions: c.deletions,
    ...(withheld.has(c.path) || isSecretFileName(c.path) ? { withheld: true } : {}),
  }));
  const listed = new Set(files.map((f) => f.path));
  const unlisted = kept.withheld.filter((path) => !listed.has(path));
  return [...files, ...unlisted.map((path) => ({ path, status: kept.statuses.get(path) ?? 'modified', insertions: null, deletions: null, withheld: true }))];
}

/** Marks the binary changes the patch left out for their size, adding any git's status did not list. */
function withOmitted(files: SnapshotFile[], omitted: readonly OmittedChange[]): SnapshotFile[] {
  const sizes = new Map(omitted.map((o) => [o.path, o.bytes]));
  const marked = files.map((f) => (sizes.has(f.path) ? { ...f, omittedBytes: sizes.get(f.path) } : f));
  const listed = new Set(files.map((f) => f.path));
  const unlisted = omitted.filter((o) => !listed.has(o.path)).map((o) => ({ path: o.path, status: 'modified', insertions: null, deletions: null, omittedBytes: o.bytes }));
  return [...marked, ...unlisted];
}

/** Bytes of the text in UTF-8, as the patch reader counts them, without Node's Buffer. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
