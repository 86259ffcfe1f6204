// `Baton: Show Costs`: one editor-area webview panel on the generic WebviewHost, revealed again
// when open and restored after a reload (its query travels in the page's own state). The page
// asks for a query's state; when the ledger, the accounts or the budgets change (a request in
// this window, another window or the CLI: the runtime polls the database every second) the page
// is told `changed` and asks again.
import * as vscode from 'vscode';
import type { CostsService } from '../../app/costsServices';
import type { Handlers } from '../../shared/protocol/ipc';
import { type CostsProtocol, type CostsQuery, costsProtocol } from '../../shared/protocol/costs';
import { READY_WITHIN_MS, ReopenBudget } from '../../shared/protocol/readyWatchdog';
import { DEFAULT_COSTS_QUERY, savedCostsQuery } from '../../shared/savedCostsQuery';
import { CostsStatePrefetch } from '../../core/costs/costsStatePrefetch';
import type { RuntimeState } from '../batonRuntime';
import type { Log } from '../log';
import { type LoadRescue, WebviewHost } from './webviewHost';

export const COSTS_PANEL_TYPE = 'baton.costs';
/** Changes come in bursts (a scan writes many batches): one refresh per burst. */
const CHANGE_DEBOUNCE_MS = 250;

/** What the panel's buttons do beyond reading: the host pieces that also serve the palette. */
export interface CostsPanelIntents {
  exportCsv(query: Parameters<CostsService['entries']>[0]): Promise<void>;
}

function handlersFor(costs: () => CostsService, prefetch: CostsStatePrefetch, intents: CostsPanelIntents): Handlers<CostsProtocol['toHost']> {
  const run = async (command: string, ...args: unknown[]): Promise<void> => {
    await vscode.commands.executeCommand(command, ...args);
  };
  return {
    commands: {
      exportCsv: ({ query }) => intents.exportCsv(query),
      configureProviders: () => run('workbench.action.openSettings', 'baton.providers'),
      setApiKey: () => run('baton.setApiKey'),
      scanUsage: () => run('baton.scanAgentUsage'),
      openBudgetSettings: () => run('workbench.action.openSettings', 'baton.budgets'),
    },
    requests: {
      load: async (query) => (await prefetch.take(costs(), query)) ?? costs().state(query),
      request: ({ id }) => costs().request(id),
      requests: ({ ids }) => costs().requests(ids),
      anomalyRequests: ({ kind, day, provider, query }) => costs().anomalyRequests({ kind, day, provider }, query),
    },
    notifications: {},
  };
}

export class CostsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private host: WebviewHost<CostsProtocol> | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[];
  private timer: NodeJS.Timeout | undefined;
  /** The ledger's version the page last heard about: unrelated changes (a note) do not refresh it. */
  private shownVersion: string | null = null;
  private readonly prefetch = new CostsStatePrefetch();
  /** A restored panel's first query while the database is still opening. */
  private waitingQuery: CostsQuery | null = null;
  /** Panels opened anew in a row because their page did not load; then it is reloaded in place (WebviewHost). */
  private readonly reopens = new ReopenBudget();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runtime: RuntimeState,
    private readonly intents: CostsPanelIntents,
    private readonly log: Log,
    private readonly rescue?: LoadRescue,
  ) {
    this.subscriptions = [
      runtime.onDidChange(() => {
        if (this.waitingQuery) this.startPrefetch(this.waitingQuery);
        this.scheduleRefresh();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('baton.budgets') && this.tellChanged()),
      vscode.window.registerWebviewPanelSerializer(COSTS_PANEL_TYPE, { deserializeWebviewPanel: async (panel, state: unknown) => this.adopt(panel, savedCostsQuery(state), state) }),
    ];
  }

  /** Opens the panel, or brings the open one to the front. */
  show(): void {
    if (this.panel) return this.panel.reveal();
    const panel = vscode.window.createWebviewPanel(COSTS_PANEL_TYPE, 'Baton Costs', vscode.ViewColumn.Active, { enableScripts: true });
    this.adopt(panel, DEFAULT_COSTS_QUERY);
  }

  /**
   * `query`: what the page will ask for first (its saved query on a restore), built meanwhile.
   * `saved`: the restored page's state, which a panel opened anew in its place starts from.
   */
  private adopt(panel: vscode.WebviewPanel, query: CostsQuery, saved?: unknown): void {
    this.disposePanel();
    this.panel = panel;
    this.startPrefetch(query);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'baton.svg');
    const host = new WebviewHost(panel.webview, {
      extensionUri: this.extensionUri,
      page: { script: 'costs.js', style: 'costs.css', title: 'Costs' },
      protocol: costsProtocol,
      handlers: handlersFor(() => this.costs(), this.prefetch, this.intents),
      onReady: () => {
        this.reopens.reset();
        void this.rememberVersion();
      },
      log: this.log,
      visible: () => panel.visible,
      rescue: this.rescue,
      reopen: () => this.reopen(panel, query, saved),
      initialState: saved,
    });
    this.host = host;
    this.panelDisposables = [
      host,
      panel.onDidChangeViewState(() => panel.visible && this.scheduleRefresh()),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.disposePanel();
      }),
    ];
  }

  /**
   * A page VS Code left waiting for its service worker loads in a new frame (webviewRescue.ts):
   * the new panel takes the old one's place, query and saved state, without taking focus. Like the
   * helper tab, the new frame's worker also gets other waiting Baton views going.
   */
  private reopen(old: vscode.WebviewPanel, query: CostsQuery, saved: unknown): boolean {
    if (!this.reopens.take()) return false;
    this.log.warn(`The Costs view did not load within ${READY_WITHIN_MS / 1_000} s; opening it again in a new tab.`);
    let fresh: vscode.WebviewPanel;
    try {
      fresh = vscode.window.createWebviewPanel(COSTS_PANEL_TYPE, old.title, { viewColumn: old.viewColumn ?? vscode.ViewColumn.Active, preserveFocus: true }, { enableScripts: true });
    } catch (error) {
      this.log.error('Could not open the costs panel again', error);
      return false;
    }
    this.adopt(fresh, query, saved);
    old.dispose();
    return true;
  }

  private startPrefetch(query: CostsQuery): void {
    const services = this.runtime.current;
    this.waitingQuery = services || this.host?.isReady ? null : query;
    if (!services) return;
    try {
      this.prefetch.start(services.costs(), query);
    } catch (error) {
      this.log.error('Could not start building the costs panel state', error);
    }
  }

  private costs(): CostsService {
    return this.runtime.current?.costs() ?? unavailable(this.runtime);
  }

  private scheduleRefresh(): void {
    if (!this.host?.isReady) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refreshIfChanged(), CHANGE_DEBOUNCE_MS);
  }

  private async refreshIfChanged(): Promise<void> {
    try {
      const services = this.runtime.current;
      if (!services || !this.panel?.visible) return;
      const version = await services.costs().version();
      if (version === this.shownVersion) return;
      this.shownVersion = version;
      this.tellChanged();
    } catch (error) {
      this.log.error('Could not check the ledger for changes', error);
    }
  }

  private tellChanged(): void {
    if (this.host?.isReady) this.host.channel.notify('changed');
  }

  private async rememberVersion(): Promise<void> {
    try {
      this.shownVersion = (await this.runtime.current?.costs().version()) ?? null;
    } catch (error) {
      this.log.error('Could not read the ledger version', error);
    }
  }

  private disposePanel(): void {
    clearTimeout(this.timer);
    this.prefetch.clear();
    this.waitingQuery = null;
    for (const d of this.panelDisposables.splice(0)) d.dispose();
    this.host = undefined;
    this.panel = undefined;
    this.shownVersion = null;
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
    const panel = this.panel;
    this.disposePanel();
    panel?.dispose();
  }
}

function unavailable(runtime: RuntimeState): never {
  throw new Error(runtime.status.kind === 'error' ? `The Baton database is unavailable: ${runtime.status.message}` : 'Baton is still opening its database. Try again in a moment.');
}
