// Context keys for `when` clauses in package.json (menus and the palette).
import * as vscode from 'vscode';
import type { SessionStatusSource } from './sessionTrackerDriver';

export function syncContextKeys(session: SessionStatusSource): vscode.Disposable {
  let last: boolean | undefined;
  const update = () => {
    const running = session.tracker?.running != null;
    if (running === last) return;
    last = running;
    void vscode.commands.executeCommand('setContext', 'baton.sessionRunning', running);
  };
  update();
  return session.onDidChange(update);
}
