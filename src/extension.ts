// Composition root of the Baton extension: builds the services once (app/), hands each host
// piece the slice it needs, registers disposables. Activation does no I/O of its own; the
// database opens in the background.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { createBatonServices } from './app/batonServices';
import { systemClock } from './core/clock';
import { DATABASE_FILE_NAME } from './storage/databaseLocation';
import { watchActivity } from './host/activityMonitor';
import { BatonRuntime } from './host/batonRuntime';
import { BriefingCommands } from './host/briefingCommands';
import { syncContextKeys } from './host/contextKeys';
import { DataCommands } from './host/dataCommands';
import { readEditorContext } from './host/editorContextReader';
import { KnowledgeCommands } from './host/knowledgeCommands';
import { createLog } from './host/log';
import { SessionCommands } from './host/sessionCommands';
import { SessionTrackerDriver } from './host/sessionTrackerDriver';
import { readBriefingSettings, readDatabasePath, readMaxPatchKB, readSessionSettings } from './host/settings';
import { StatusBarIndicator } from './host/statusBarIndicator';
import { type ActivationTiming, SIDEBAR_VIEW_ID, SidebarViewProvider } from './host/webviews/sidebarViewProvider';
import { gitFolder, resolveWorkspace } from './host/workspaceResolver';
import { AskCommand } from './host/router/askCommand';
import { ProviderCommands } from './host/router/providerCommands';
import { LanguageModelCatalog } from './host/router/languageModelCatalog';
import { RouterSettings } from './host/router/routerSettings';
import { SecretApiKeys } from './host/router/secretApiKeys';
import { VscodeLmAdapter } from './host/router/vscodeLmAdapter';
import { AgentServices } from './host/agents/agentServices';
import { BriefingTool } from './host/agents/briefingTool';
import { BatonChatParticipant } from './host/agents/chatParticipant';
import { NoteTool } from './host/agents/noteTool';
import { registerBatonMcpServer } from './host/agents/mcpServerDefinition';
import { AccountCommands } from './host/accounts/accountCommands';
import { CreditCommands } from './host/accounts/creditCommands';
import { CreditStatusBarItem } from './host/accounts/creditStatusBarItem';
import { RotationWatcher } from './host/accounts/rotationWatcher';
import { UsageScanScheduler } from './host/accounts/usageScanScheduler';
import { BudgetAlertNotifier } from './host/costs/budgetAlertNotifier';
import { CostsExport } from './host/costs/costsExport';
import { CostsPanel } from './host/webviews/costsPanel';
import { WebviewRescue } from './host/webviews/webviewRescue';
import { registerGuarded } from './host/guardedCommand';
import { registerChat } from './host/chat/chatRegistration';
import { dirname } from 'node:path';

let shutdown: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const activation: ActivationTiming = { startedAt: performance.now() };
  const log = createLog(context);
  const runtime = new BatonRuntime(resolveWorkspace(), log);
  const driver = new SessionTrackerDriver(runtime, log);
  const work = () => runtime.work();
  const sessions = new SessionCommands(driver, () => runtime.unavailableReason(), log);
  const briefings = new BriefingCommands(work, log);
  const knowledge = new KnowledgeCommands(() => ({ knowledge: runtime.services().knowledge, workspace: work().workspace }), log);
  // Keys are read into the router's connections: a key changed in another window drops them.
  const invalidateConnections = () => runtime.current?.routerIfBuilt()?.connections.invalidate();
  const languageModels = new LanguageModelCatalog(() => routerSettings.invalidate());
  const routerSettings = new RouterSettings(invalidateConnections, (config) => languageModels.expand(config));
  const apiKeys = new SecretApiKeys(context.secrets);
  const router = () => {
    const services = runtime.services().router;
    if (!services) throw new Error('The router is not available.');
    return services;
  };
  const askContext = () => ({ workspaceId: runtime.workspace?.id ?? null, sessionId: driver.tracker?.running?.id ?? null });
  const agents = new AgentServices(runtime, driver);
  const usageScans = new UsageScanScheduler(() => runtime.current, dirname(context.globalStorageUri.fsPath), log);
  const credits = new CreditCommands(() => runtime.services(), driver, () => usageScans.scanWithProgress(), log);
  const rotation = new RotationWatcher(() => runtime.services().accounts, (to) => credits.rotate(to), log);
  const costsExport = new CostsExport(() => runtime.services().costs(), log);
  // One for all of Baton's webviews: a page that waits for VS Code's service worker (webviewRescue.ts).
  const rescue = new WebviewRescue(context.extensionUri, log);
  const costsPanel = new CostsPanel(context.extensionUri, runtime, { exportCsv: (query) => costsExport.exportCsv(query) }, log, rescue);
  const sidebar = new SidebarViewProvider(context.extensionUri, runtime, { sessions, briefings, knowledge, costs: { show: () => costsPanel.show() } }, log, activation, rescue);
  context.subscriptions.push(
    runtime,
    driver,
    rescue,
    sidebar,
    sessions.register(),
    new DataCommands(() => runtime.services(), () => driver.refresh(), log).register(),
    briefings.register(),
    knowledge.register(),
    new StatusBarIndicator(driver),
    new CreditStatusBarItem(runtime, (view) => rotation.check(view), log),
    usageScans,
    credits.register(),
    new AccountCommands(() => runtime.services(), apiKeys, log).register(),
    costsPanel,
    registerGuarded('baton.showCosts', async () => costsPanel.show(), log),
    new BudgetAlertNotifier({
      standings: async () => (runtime.status.kind === 'ready' && runtime.current ? runtime.current.limitStandings() : []),
      marks: () => runtime.services().alertMarks,
      now: () => Date.now(),
      log,
      onShowCosts: () => costsPanel.show(),
      onChange: runtime.onDidChange,
    }),
    vscode.window.registerWebviewViewProvider(SIDEBAR_VIEW_ID, sidebar),
    watchActivity(driver),
    routerSettings,
    languageModels,
    new AskCommand(router, askContext, log).register(),
    new BriefingTool((level) => agents.briefing(level), log).register(),
    new NoteTool((text) => agents.addNote(text), log).register(),
    new BatonChatParticipant(context.extensionUri, agents, log).register(),
    new ProviderCommands(router, routerSettings.config, apiKeys, log).register(),
    context.secrets.onDidChange(invalidateConnections),
    syncContextKeys(driver),
    registerChat({
      extensionUri: context.extensionUri,
      runtime,
      createBackend: (services, editor) => services.chat(editor),
      sessionRunning: () => driver.tracker?.running != null,
      onKeysChange: context.secrets.onDidChange,
      log,
      rescue,
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('baton.databasePath')) void promptReload();
    }),
  );
  const databasePath = readDatabasePath() ?? join(context.globalStorageUri.fsPath, DATABASE_FILE_NAME);
  const wasmDir = vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath;
  context.subscriptions.push(registerBatonMcpServer({
    cliPath: join(wasmDir, 'cli.js'), databasePath, folder: gitFolder, version: String(context.extension.packageJSON.version ?? ''),
  }, log));
  const create = () =>
    createBatonServices({
      clock: systemClock,
      ids: { next: () => randomUUID() },
      // The main file catches up a few seconds after this window's writes stop: any SQLite reader finds them.
      database: { path: databasePath, wasmDir, fold: 'window' },
      workspace: runtime.workspace,
      git: { folder: gitFolder, unavailableReason: 'not read: the workspace is not trusted (or not a local folder)' },
      editor: { read: async () => readEditorContext() },
      settings: { session: readSessionSettings, briefing: readBriefingSettings, maxPatchKB: readMaxPatchKB },
      onListenerError: (error) => log.error('A view could not refresh', error),
      router: { config: routerSettings.config, apiKeys, accountKeys: apiKeys, hostAdapter: (provider) => new VscodeLmAdapter(provider) },
      usageLocations: { env: process.env, homeDir: homedir(), platform: process.platform, globalStorageDir: dirname(context.globalStorageUri.fsPath) },
    });
  void runtime.start(create, async (services) => {
    activation.databaseReadyAt = performance.now();
    await driver.attach(services);
    usageScans.start();
  });
  shutdown = async () => {
    await driver.shutdown();
    await runtime.shutdown();
  };
  activation.returnedAt = performance.now();
}

export async function deactivate(): Promise<void> {
  await shutdown?.();
  shutdown = undefined;
}

async function promptReload(): Promise<void> {
  const pick = await vscode.window.showInformationMessage('Baton uses the new database path after a reload.', 'Reload Window');
  if (pick === 'Reload Window') await vscode.commands.executeCommand('workbench.action.reloadWindow');
}
