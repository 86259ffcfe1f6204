// Reads the editor's side of the work state: the active file and cursor, open editors,
// unsaved buffers, and errors and warnings from diagnostics, all as workspace-relative paths.
import * as vscode from 'vscode';
import type { DiagnosticFact, EditorContext } from '../core/workContext/workContext';
import { relativePathOf } from './workspaceResolver';

const MAX_SELECTION = 500;
const MAX_DIAGNOSTICS = 200;

function pathOf(uri: vscode.Uri): string | undefined {
  return relativePathOf(uri) ?? (uri.scheme === 'untitled' ? uri.path : undefined);
}

function openEditorPaths(): string[] {
  const paths = new Set<string>();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      const uri = input instanceof vscode.TabInputText ? input.uri : input instanceof vscode.TabInputTextDiff ? input.modified : undefined;
      // Only files in the workspace: an untitled buffer cannot be reopened from a snapshot.
      const path = uri ? relativePathOf(uri) : undefined;
      if (path) paths.add(path);
    }
  }
  return [...paths];
}

function diagnosticFacts(): DiagnosticFact[] {
  const facts: DiagnosticFact[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    const path = pathOf(uri);
    if (!path) continue;
    for (const d of diagnostics) {
      if (d.severity !== vscode.DiagnosticSeverity.Error && d.severity !== vscode.DiagnosticSeverity.Warning) continue;
      facts.push({
        path,
        line: d.range.start.line + 1,
        severity: d.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning',
        message: d.message,
        source: d.source ?? null,
      });
    }
  }
  const rank = (f: DiagnosticFact) => (f.severity === 'error' ? 0 : 1);
  return facts.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path) || a.line - b.line).slice(0, MAX_DIAGNOSTICS);
}

export function readEditorContext(): EditorContext {
  const editor = vscode.window.activeTextEditor;
  const activePath = editor ? pathOf(editor.document.uri) : undefined;
  const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).slice(0, MAX_SELECTION) : null;
  return {
    active: editor && activePath
      ? { path: activePath, line: editor.selection.active.line + 1, column: editor.selection.active.character + 1, selection }
      : null,
    openEditors: openEditorPaths(),
    unsaved: vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => pathOf(d.uri)).filter((p): p is string => p !== undefined),
    diagnostics: diagnosticFacts(),
  };
}
