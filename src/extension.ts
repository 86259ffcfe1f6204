// Composition root of the Baton extension: reads settings, builds the services, registers
// disposables. Activation does no I/O of its own; the database opens in the background.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { BatonDatabase } from './storage/batonDatabase';
import { DATABASE_FILE_NAME } from './storage/databaseLocation';
import { watchActivity } from './host/activityMonitor';
import { syncContextKeys } from './host/contextKeys';
import { BriefingCommands } from './host/briefingCommands';
import { DataCommands } from './host/dataCommands';
import { KnowledgeCommands } from './host/knowledgeCommands';
import { createLog } from './host/log';
import { SessionCommands } from './host/sessionCommands';
import { SessionController } from './host/sessionController';
import { readDatabasePath } from './host/settings';
import { SIDEBAR_VIEW_ID, SidebarViewProvider } from './host/sidebarViewProvider';
import { StatusBarIndicator } from './host/statusBarIndicator';
import { workServices } from './host/workServices';
import { resolveWorkspace } from './host/workspaceResolver';

let controller: SessionController | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog(context);
  const sessions = new SessionController(resolveWorkspace(), log);
  controller = sessions;
  const commands = new SessionCommands(sessions, log);
  const sidebar = new SidebarViewProvider(context.extensionUri, sessions, commands, log);
  context.subscriptions.push(
    sessions,
    sidebar,
    commands.register(),
    new DataCommands(sessions, log).register(),
    new BriefingCommands(sessions, log).register(),
    new KnowledgeCommands(sessions, log).register(),
    new StatusBarIndicator(sessions),
    vscode.window.registerWebviewViewProvider(SIDEBAR_VIEW_ID, sidebar),
    watchActivity(sessions),
    syncContextKeys(sessions),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('baton.databasePath')) void promptReload();
    }),
  );
  sessions.onSessionEnded = async (session) => {
    await workServices(sessions).snapshots.take('Session end', 'session-end', session.id);
  };
  const databasePath = readDatabasePath() ?? join(context.globalStorageUri.fsPath, DATABASE_FILE_NAME);
  const wasmDir = vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath;
  void sessions.initialize(() => BatonDatabase.open({ path: databasePath, wasmDir }));
}

export async function deactivate(): Promise<void> {
  await controller?.shutdown();
  controller = undefined;
}

async function promptReload(): Promise<void> {
  const pick = await vscode.window.showInformationMessage('Baton uses the new database path after a reload.', 'Reload Window');
  if (pick === 'Reload Window') await vscode.commands.executeCommand('workbench.action.reloadWindow');
}
