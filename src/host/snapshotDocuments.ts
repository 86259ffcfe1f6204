// Read-only documents for snapshots: `baton-snapshot:/<id>.diff` is a snapshot's patch and
// `baton-snapshot:/now.diff` the current uncommitted diff, so that the two open in a diff editor.
// Both sides go through the redaction choke point (core/snapshots/snapshotPatchView): secrets
// redacted, secret files named but not shown. These documents are for reading, not applying.
import * as vscode from 'vscode';
import type { WorkspaceServices } from '../app/batonServices';
import { currentPatchView, snapshotPatchView } from '../core/snapshots/snapshotPatchView';

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
    if (id === NOW) return currentPatchView(await this.work().snapshots.currentPatch(CURRENT_PATCH_LIMIT));
    const snapshot = await this.work().snapshotHistory.get(id);
    return snapshot ? snapshotPatchView(snapshot) : `# Snapshot ${id} no longer exists.\n`;
  }
}
