// The chat view's palette commands. `Baton: Open Chat` is `baton.chat.open` because VS Code
// already registers `baton.chat.focus` for the view itself (it shows the view; this calls it).
import * as vscode from 'vscode';
import { registerGuarded } from '../guardedCommand';
import type { Log } from '../log';

/** What the commands ask of the chat view (ChatViewProvider). */
export interface ChatViewControl {
  show(): Promise<void>;
  newConversation(): Promise<void>;
  /** The number of answers stopped. */
  stopAnswers(): number;
  handoffCurrent(): Promise<void>;
}

export function registerChatCommands(view: ChatViewControl, log: Log): vscode.Disposable {
  return vscode.Disposable.from(
    registerGuarded('baton.chat.open', () => view.show(), log),
    registerGuarded('baton.chat.new', () => view.newConversation(), log),
    registerGuarded('baton.chat.stop', async () => {
      if (view.stopAnswers() === 0) vscode.window.setStatusBarMessage('Baton: no chat answer is streaming', 3_000);
    }, log),
    registerGuarded('baton.chat.handoff', () => view.handoffCurrent(), log),
  );
}
