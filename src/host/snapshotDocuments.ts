// Read-only documents for snapshots: `baton-snapshot:/<id>.diff` is a snapshot's patch and
// `baton-snapshot:/now.diff` the current uncommitted diff, so that the two open in a diff editor.
import * as vscode from 'vscode';
import type { WorkspaceServices } from '../app/batonServices';

export const SNAPSHOT_SCHEME = 'baton-snapshot';
const NOW = 'now';
const CURRENT_PATCH_LIMIT = 8 * 1024 * 1024;

export function snapshotPatchUri(id: string, label: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SNAPSHOT_SCHEME, path: `/${id}.diff`, query: encodeURIComponent(label) });
}

export function currentPatchUri(): vscode.Uri {
  return vscode.Uri.from({ scheme: SNAPSHOT_SCHEME, path: `/${NOW}.diff`, query: String(Date.now()) });
}

export class SnapshotDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly work: () => Pick<WorkspaceServices, 'snapshots' | 'snapshotHistory'>) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = uri.path.replace(/^\//, '').replace(/\.diff$/, '');
    if (id === NOW) {
      const patch = await this.work().snapshots.currentPatch(CURRENT_PATCH_LIMIT);
      return patch === null ? '# The current diff is not available (no git, no repository, or an untrusted workspace).\n' : patch || '# No uncommitted changes.\n';
    }
    const snapshot = await this.work().snapshotHistory.get(id);
    if (!snapshot) return `# Snapshot ${id} no longer exists.\n`;
    const cut = snapshot.patchTruncated ? `\n# (The patch was cut at the size limit, baton.snapshots.maxPatchKB.)\n` : '';
    return (snapshot.patch || '# The snapshot had no uncommitted changes.\n') + cut;
  }
}
