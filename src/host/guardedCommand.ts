// Registers a command whose failures reach the user as one clear message and the log,
// never as an unhandled rejection in the extension host.
import * as vscode from 'vscode';
import { errorMessage, isUserFacing } from '../core/errors';
import { redactText } from '../core/redaction/redaction';
import type { Log } from './log';

export function registerGuarded(id: string, run: (...args: unknown[]) => Promise<void>, log: Log): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      await run(...args);
    } catch (error) {
      log.error(`Command ${id} failed`, error);
      const detail = isUserFacing(error) ? error.message : `${errorMessage(error)} (see the Baton log for details)`;
      const pick = await vscode.window.showErrorMessage(`Baton: ${redactText(detail)}`, 'Show Log');
      if (pick) log.show();
    }
  });
}
