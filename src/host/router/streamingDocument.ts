// An untitled markdown document an answer streams into. It opens with the first text, so a
// request refused before answering leaves no empty document behind. Chunks are gathered and
// appended at most every 50 ms, one edit at a time: an edit per chunk would flood the editor.
import * as vscode from 'vscode';

const FLUSH_MS = 50;

export class StreamingDocument {
  private pending = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private document: vscode.TextDocument | undefined;

  /** `initial` is the document's first text, written when it opens. */
  constructor(private readonly initial: string) {}

  private async opened(): Promise<vscode.TextDocument> {
    if (!this.document) {
      this.document = await vscode.workspace.openTextDocument({ language: 'markdown', content: this.initial });
      await vscode.window.showTextDocument(this.document, { preview: false });
    }
    return this.document;
  }

  push(text: string): void {
    this.pending += text;
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes what is pending; resolves when every earlier edit is in the document. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const text = this.pending;
    this.pending = '';
    if (text) this.chain = this.chain.then(() => this.insert(text));
    return this.chain;
  }

  async append(text: string): Promise<void> {
    this.push(text);
    await this.flush();
  }

  private async insert(text: string): Promise<void> {
    const document = await this.opened();
    const edit = new vscode.WorkspaceEdit();
    const end = document.lineAt(document.lineCount - 1).range.end;
    edit.insert(document.uri, end, text);
    // A closed document refuses the edit: the answer still reaches the ledger and the message.
    await vscode.workspace.applyEdit(edit).then(undefined, () => false);
  }
}
