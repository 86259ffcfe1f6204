// Which workspace this window is: one folder, a multi-root workspace (keyed by its
// .code-workspace file, or by its sorted folders while untitled), or none.
import * as vscode from 'vscode';
import type { WorkspaceRef } from '../core/sessions/session';
import { workspaceForPath, workspaceForUri } from '../context/workspaceIdentity';

export function resolveWorkspace(): WorkspaceRef | null {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return null;
  const file = vscode.workspace.workspaceFile;
  const name = vscode.workspace.name ?? folders[0]?.name ?? 'workspace';
  if (file && file.scheme === 'file') return workspaceForPath(file.fsPath, name);
  const [first] = folders;
  if (folders.length === 1 && first) {
    return first.uri.scheme === 'file' ? workspaceForPath(first.uri.fsPath, first.name) : workspaceForUri(first.uri.toString(), first.name);
  }
  const key = folders.map((f) => f.uri.toString()).sort().join('\n');
  return workspaceForUri(key, name);
}

/** The local folder git should run in, or null (no folder, remote, or untrusted). */
export function gitFolder(): string | null {
  if (!vscode.workspace.isTrusted) return null;
  const first = vscode.workspace.workspaceFolders?.[0];
  return first?.uri.scheme === 'file' ? first.uri.fsPath : null;
}

/** A workspace-relative path for a document in the workspace, or undefined. */
export function relativePathOf(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote') return undefined;
  if (!vscode.workspace.getWorkspaceFolder(uri)) return undefined;
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}
