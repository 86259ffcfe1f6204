// The chat service's view of the editor (the ChatEditor port) and the one place the chat view
// writes into it (Insert at cursor). Clicking into the chat webview can leave no active text
// editor (when the editor area shows a webview panel, say), so the last text editor that is still
// visible stands in for it: that is the editor the user was just looking at.
import * as vscode from 'vscode';
import type { ChatEditor, EditorText } from '../../core/chat/chatPorts';
import { relativePathOf } from '../workspaceResolver';

/** Only documents a user can name: files and untitled buffers, not output channels or settings. */
const EDITABLE_SCHEMES = new Set(['file', 'untitled', 'vscode-remote']);

export class VscodeChatEditor implements ChatEditor, vscode.Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The selection, the active file or the workspace's trust changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      this.changed,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isUsable(editor)) this.last = editor;
        this.changed.fire();
      }),
      vscode.window.onDidChangeTextEditorSelection(() => this.changed.fire()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.changed.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    ];
  }

  selection(): EditorText | null {
    const editor = this.editor();
    if (!editor || editor.selection.isEmpty) return null;
    const { document, selection } = editor;
    const text = document.getText(selection);
    if (text.trim() === '') return null;
    // A selection of whole lines ends at column 0 of the next line, which it does not include.
    const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
    return { file: nameOf(document), language: document.languageId, text, lines: endLine - selection.start.line + 1 };
  }

  activeFile(): EditorText | null {
    const editor = this.editor();
    if (!editor) return null;
    const document = editor.document;
    // The text is read only if the service uses it: the context line asks on every cursor move.
    return {
      file: nameOf(document),
      language: document.languageId,
      lines: document.lineCount,
      get text(): string {
        return document.getText();
      },
    };
  }

  trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  /** The code replaces the primary selection (at the cursor when nothing is selected), as a paste would. */
  async insert(code: string, language: string): Promise<void> {
    const editor = this.editor();
    if (!editor) return this.offerNewFile(code, language);
    const done = await editor.edit((builder) => builder.replace(editor.selection, code));
    if (!done) {
      void vscode.window.showWarningMessage(`Baton: the code could not be inserted into ${nameOf(editor.document)}: the editor is read-only or changed meanwhile. Copy it instead.`);
      return;
    }
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  }

  private async offerNewFile(code: string, language: string): Promise<void> {
    const pick = await vscode.window.showInformationMessage('Baton: no editor is open to insert the code into. Open a file and place the cursor, or open the code in a new file.', 'Open in New File');
    if (pick !== 'Open in New File') return;
    const known = await vscode.languages.getLanguages();
    const document = await vscode.workspace.openTextDocument({ language: known.includes(language) ? language : 'plaintext', content: code });
    await vscode.window.showTextDocument(document, { preview: false });
  }

  /** The active text editor, else the last one while it is still on screen. */
  private editor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && isUsable(active)) return active;
    const last = this.last;
    return last && vscode.window.visibleTextEditors.includes(last) && isUsable(last) ? last : undefined;
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }
}

function isUsable(editor: vscode.TextEditor): boolean {
  return EDITABLE_SCHEMES.has(editor.document.uri.scheme) && !editor.document.isClosed;
}

/** Workspace-relative where it can be; an untitled buffer by its name; else the file's base name. */
function nameOf(document: vscode.TextDocument): string {
  const uri = document.uri;
  if (uri.scheme === 'untitled') return uri.path;
  return relativePathOf(uri) ?? uri.path.split('/').pop() ?? uri.path;
}
