// Turns editor events into activity for the session tracker: edits, saves, selection and
// focus changes. Only documents inside the workspace count as files touched.
import * as vscode from 'vscode';
import type { SessionTrackerDriver } from './sessionTrackerDriver';
import { relativePathOf } from './workspaceResolver';

// Output channels and other virtual documents change without the user doing anything.
const USER_DOCUMENT_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-notebook-cell', 'vscode-userdata']);

export function watchActivity(driver: SessionTrackerDriver): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0 || !USER_DOCUMENT_SCHEMES.has(event.document.uri.scheme)) return;
      driver.recordActivity({ kind: 'edit', path: relativePathOf(event.document.uri) });
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      driver.recordActivity({ kind: 'save', path: relativePathOf(document.uri) });
    }),
    vscode.window.onDidChangeTextEditorSelection(() => driver.recordActivity({ kind: 'selection' })),
    vscode.window.onDidChangeActiveTextEditor(() => driver.recordActivity({ kind: 'focus' })),
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) driver.recordActivity({ kind: 'focus' });
    }),
  );
}
