// An untitled markdown document an answer streams into. Chunks are gathered and appended at
// most every 50 ms, one edit at a time: an edit per chunk would flood the editor.
import * as vscode from 'vscode';

const FLUSH_MS = 50;

export class StreamingDocument {
  private pending = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();

  private constructor(private readonly document: vscode.TextDocument) {}

  static async open(initial: string): Promise<StreamingDocument> {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: initial });
    await vscode.window.showTextDocument(document, { preview: false });
    return new StreamingDocument(document);
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
    const edit = new vscode.WorkspaceEdit();
    const end = this.document.lineAt(this.document.lineCount - 1).range.end;
    edit.insert(this.document.uri, end, text);
    // A closed document refuses the edit: the answer still reaches the ledger and the message.
    await vscode.workspace.applyEdit(edit).then(undefined, () => false);
  }
}
