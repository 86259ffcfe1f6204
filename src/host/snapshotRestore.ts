// Restoring a snapshot: reopen its editors; apply its patch only after an explicit, modal
// confirmation, and only if git says it applies cleanly.
import * as vscode from 'vscode';
import type { Snapshot } from '../core/snapshots/snapshot';
import { applyPatch } from '../context/patchApplier';
import type { Log } from './log';
import { gitFolder } from './workspaceResolver';

export async function reopenEditors(paths: readonly string[]): Promise<string[]> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const missing: string[] = [];
  if (!folder) return [...paths];
  for (const path of paths) {
    const uri = vscode.Uri.joinPath(folder.uri, path);
    try {
      await vscode.window.showTextDocument(uri, { preview: false, preserveFocus: true });
    } catch {
      missing.push(path);
    }
  }
  return missing;
}

export async function applySnapshotPatch(snapshot: Snapshot, log: Log): Promise<void> {
  const cwd = gitFolder();
  if (!cwd) throw new Error('The patch can only be applied in a trusted local git workspace.');
  if (snapshot.patchTruncated) throw new Error('This snapshot’s patch was cut at the size limit, so it cannot be applied safely.');
  if (!snapshot.patch.trim()) throw new Error('This snapshot has no changes to apply.');
  const files = snapshot.changedFiles.map((f) => f.path);
  const confirm = await vscode.window.showWarningMessage(
    `Apply the snapshot's patch to the working tree?`,
    { modal: true, detail: `It changes ${files.length} file(s): ${files.slice(0, 8).join(', ')}${files.length > 8 ? ', …' : ''}. Unsaved editors are not touched; git refuses if the patch does not apply cleanly.` },
    'Apply Patch',
  );
  if (confirm !== 'Apply Patch') return;
  const result = await applyPatch(cwd, snapshot.patch);
  if (!result.ok) throw new Error(`git could not apply the patch cleanly, so nothing was changed: ${result.detail}`);
  log.info(`Applied the patch of snapshot ${snapshot.id}`);
  void vscode.window.showInformationMessage(`Baton: applied the snapshot's patch to ${files.length} file(s).`);
}
