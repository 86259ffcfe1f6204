// The native dialogs behind the chat view's buttons: a conversation's new title, the
// confirmation before deleting one, and the pick of knowledge entries to attach. Native, so they
// look and behave (keyboard, screen readers) like the rest of VS Code.
import * as vscode from 'vscode';
import type { KnowledgeChoice } from '../../core/chat/chatPorts';

/** The protocol's limits (shared/protocol/chat.ts). */
export const MAX_TITLE = 200;
const MAX_PICKED = 50;

/** Undefined when the user cancels. */
export function askTitle(current: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Baton: Rename Chat',
    prompt: 'A short title for this conversation',
    value: current,
    valueSelection: [0, current.length],
    ignoreFocusOut: true,
    validateInput: titleProblem,
  }).then((title) => title?.trim());
}

/** What is wrong with a title, or undefined when it is fine. */
export function titleProblem(title: string): string | undefined {
  const trimmed = title.trim();
  if (trimmed === '') return 'Type a title: it cannot be empty.';
  if (trimmed.length > MAX_TITLE) return `Keep the title under ${MAX_TITLE} characters (it has ${trimmed.length}).`;
  return undefined;
}

export async function confirmDelete(title: string): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    `Delete the conversation "${title}"?`,
    { modal: true, detail: 'Its messages are removed from Baton\'s database. What its answers cost stays in the costs ledger.' },
    'Delete',
  );
  return answer === 'Delete';
}

interface KnowledgePick extends vscode.QuickPickItem {
  readonly choice: KnowledgeChoice;
}

/** The entries chosen (none when cancelled), each with its id and title. */
export async function pickKnowledge(choices: readonly KnowledgeChoice[]): Promise<{ id: string; title: string }[]> {
  if (choices.length === 0) {
    const add = await vscode.window.showInformationMessage('Baton: there are no knowledge entries to attach yet. Select some code and run "Baton: Add Knowledge" to add one.', 'Add Knowledge');
    if (add) await vscode.commands.executeCommand('baton.addKnowledge');
    return [];
  }
  const items: KnowledgePick[] = choices.map((choice) => ({ label: choice.title, detail: choice.detail, choice }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Baton: Attach Knowledge',
    placeHolder: 'Choose the entries to attach to the next message',
    canPickMany: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked) return [];
  if (picked.length > MAX_PICKED) void vscode.window.showWarningMessage(`Baton: only the first ${MAX_PICKED} of the ${picked.length} entries chosen are attached.`);
  return picked.slice(0, MAX_PICKED).map(({ choice }) => ({ id: choice.id, title: choice.title.slice(0, 2_000) }));
}
