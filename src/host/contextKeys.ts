// Context keys for `when` clauses in package.json (menus and the palette).
import * as vscode from 'vscode';
import type { SessionController } from './sessionController';

export function syncContextKeys(controller: SessionController): vscode.Disposable {
  let last: boolean | undefined;
  const update = () => {
    const running = controller.tracker?.running != null;
    if (running === last) return;
    last = running;
    void vscode.commands.executeCommand('setContext', 'baton.sessionRunning', running);
  };
  update();
  return controller.onDidChange(update);
}
