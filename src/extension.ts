// Composition root of the Baton extension: reads settings, builds the services, registers
// disposables. Activation does no I/O of its own; the database opens in the background.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { BatonDatabase } from './storage/batonDatabase';
import { DATABASE_FILE_NAME } from './storage/databaseLocation';
import { watchActivity } from './host/activityMonitor';
import { syncContextKeys } from './host/contextKeys';
import { DataCommands } from './host/dataCommands';
import { createLog } from './host/log';
import { SessionCommands } from './host/sessionCommands';
import { SessionController } from './host/sessionController';
import { readDatabasePath } from './host/settings';
import { SIDEBAR_VIEW_ID, SidebarViewProvider } from './host/sidebarViewProvider';
import { StatusBarIndicator } from './host/statusBarIndicator';
import { resolveWorkspace } from './host/workspaceResolver';

let controller: SessionController | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog(context);
  controller = new SessionController(resolveWorkspace(), log);
  const commands = new SessionCommands(controller, log);
  const sidebar = new SidebarViewProvider(context.extensionUri, controller, commands, log);
  context.subscriptions.push(
    controller,
    sidebar,
    commands.register(),
    new DataCommands(controller, log).register(),
    new StatusBarIndicator(controller),
    vscode.window.registerWebviewViewProvider(SIDEBAR_VIEW_ID, sidebar),
    watchActivity(controller),
    syncContextKeys(controller),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('baton.databasePath')) void promptReload();
    }),
  );
  const databasePath = readDatabasePath() ?? join(context.globalStorageUri.fsPath, DATABASE_FILE_NAME);
  const wasmDir = vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath;
  void controller.initialize(() => BatonDatabase.open({ path: databasePath, wasmDir }));
}

export async function deactivate(): Promise<void> {
  await controller?.shutdown();
  controller = undefined;
}

async function promptReload(): Promise<void> {
  const pick = await vscode.window.showInformationMessage('Baton uses the new database path after a reload.', 'Reload Window');
  if (pick === 'Reload Window') await vscode.commands.executeCommand('workbench.action.reloadWindow');
}
