// The Baton sidebar: a webview view on the generic WebviewHost. Its intents call the host's
// command handlers directly (the same code the palette runs); its state is built from the
// services and posted whole after `ready`, then only the fields that changed.
import * as vscode from 'vscode';
import type { BriefingLevel } from '../../core/briefing/briefingTypes';
import type { Handlers } from '../../shared/protocol/ipc';
import { type SidebarProtocol, sidebarProtocol } from '../../shared/protocol/sidebar';
import { changedFields } from '../../shared/protocol/statePatch';
import type { ViewState } from '../../shared/viewState';
import { readCreditSettings } from '../accounts/creditSettings';
import type { RuntimeState } from '../batonRuntime';
import type { Log } from '../log';
import { buildViewState } from './sidebarState';
import { type LoadRescue, WebviewHost, reopenViewOption } from './webviewHost';
import { ReopenBudget } from '../../shared/protocol/readyWatchdog';

export const SIDEBAR_VIEW_ID = 'baton.sidebar';

/** performance.now() marks of this activation, for the sidebar's first-state log line. */
export interface ActivationTiming {
  readonly startedAt: number;
  returnedAt?: number;
  /** The database opened and the session was restored. */
  databaseReadyAt?: number;
  /** VS Code resolved the sidebar's view; its page said ready. */
  viewResolvedAt?: number;
  pageReadyAt?: number;
}

/** What the sidebar's buttons do: the host pieces that also serve the palette. */
export interface SidebarIntents {
  readonly sessions: {
    startSession(goal: string): Promise<void>;
    endSession(): Promise<void>;
    addNote(text: string): Promise<void>;
    openFile(path: string): Promise<void>;
  };
  readonly briefings: {
    generateBriefing(level?: BriefingLevel): Promise<void>;
    copyLastBriefing(): Promise<void>;
    openLastBriefing(): Promise<void>;
    takeSnapshot(): Promise<void>;
    compareSnapshot(id?: string): Promise<void>;
    restoreSnapshot(id?: string): Promise<void>;
  };
  readonly knowledge: {
    add(): Promise<void>;
    edit(id?: string): Promise<void>;
    delete(id?: string): Promise<void>;
  };
  readonly costs: {
    show(): void;
  };
}

function handlersFor(intents: SidebarIntents): Handlers<SidebarProtocol['toHost']> {
  const { sessions, briefings, knowledge, costs } = intents;
  return {
    commands: {
      startSession: ({ goal }) => sessions.startSession(goal),
      endSession: () => sessions.endSession(),
      addNote: ({ text }) => sessions.addNote(text),
      openFile: ({ path }) => sessions.openFile(path),
      generateBriefing: ({ level }) => briefings.generateBriefing(level ?? undefined),
      copyBriefing: () => briefings.copyLastBriefing(),
      openBriefing: () => briefings.openLastBriefing(),
      takeSnapshot: () => briefings.takeSnapshot(),
      compareSnapshot: ({ id }) => briefings.compareSnapshot(id),
      restoreSnapshot: ({ id }) => briefings.restoreSnapshot(id),
      addKnowledge: () => knowledge.add(),
      editKnowledge: ({ id }) => knowledge.edit(id),
      deleteKnowledge: ({ id }) => knowledge.delete(id),
      showCosts: () => costs.show(),
    },
    requests: {},
    notifications: {},
  };
}

export class SidebarViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  /** Builds of this view VS Code was asked for in a row because its page did not load. */
  private readonly reopens = new ReopenBudget(1);
  private host: WebviewHost<SidebarProtocol> | undefined;
  /** What the page shows now: patches are computed against it. */
  private shown: ViewState | null = null;
  private readonly subscriptions: vscode.Disposable[];
  /** The current view's host and listeners, replaced when VS Code resolves the view again. */
  private viewDisposables: vscode.Disposable[] = [];
  private posting = Promise.resolve();
  private firstStateLogged = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: RuntimeState,
    private readonly intents: SidebarIntents,
    private readonly log: Log,
    private readonly activation: ActivationTiming,
    private readonly rescue?: LoadRescue,
  ) {
    this.subscriptions = [
      source.onDidChange(() => this.postState()),
      // The sessions' handoff verdicts are judged against this band; the costs card shows the budget left.
      vscode.workspace.onDidChangeConfiguration((event) => (event.affectsConfiguration('baton.credits.targetBand') || event.affectsConfiguration('baton.budgets')) && this.postState()),
    ];
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.activation.viewResolvedAt ??= performance.now();
    this.disposeView();
    this.view = view;
    this.shown = null;
    const host = new WebviewHost(view.webview, {
      extensionUri: this.extensionUri,
      page: { script: 'sidebar.js', style: 'sidebar.css', title: 'Session' },
      protocol: sidebarProtocol,
      handlers: handlersFor(this.intents),
      onReady: () => {
        this.activation.pageReadyAt ??= performance.now();
        this.reopens.reset();
        this.shown = null; // a (re)loaded page has nothing: send it all
        this.postState();
      },
      log: this.log,
      visible: () => view.visible,
      rescue: this.rescue,
      reopen: reopenViewOption(view, SIDEBAR_VIEW_ID, 'Session', this.reopens, this.rescue, this.log),
    });
    this.host = host;
    this.viewDisposables = [
      host,
      view.onDidChangeVisibility(() => view.visible && this.postState()),
      view.onDidDispose(() => {
        if (this.host === host) this.disposeView();
      }),
    ];
  }

  /** Posts the state, or only what changed; one post at a time, so patches stay in order. */
  postState(): void {
    this.posting = this.posting.then(() => this.postNow()).catch((error: unknown) => this.log.error('Could not update the sidebar', error));
  }

  private async postNow(): Promise<void> {
    const host = this.host;
    if (!host?.isReady || !this.view?.visible) return;
    const buildStartedAt = performance.now();
    const state = await buildViewState(this.source, { targetBand: readCreditSettings().targetBand, log: this.log });
    if (this.host !== host) return;
    const previous = this.shown;
    this.shown = state;
    const patch = previous ? changedFields(previous, state) : null;
    if (!previous) host.channel.notify('state', state);
    else if (patch) host.channel.notify('statePatch', patch);
    this.logFirstState(performance.now() - buildStartedAt);
  }

  /**
   * Once per activation: how long the user waited for the sidebar's first state with the
   * database's contents, and when each thing it waited for was there (ms after activation started; bench:activation:vscode reads it).
   */
  private logFirstState(buildMs: number): void {
    if (this.firstStateLogged || this.source.status.kind !== 'ready') return;
    this.firstStateLogged = true;
    const { startedAt, returnedAt, databaseReadyAt, viewResolvedAt, pageReadyAt } = this.activation;
    const at = (mark: number | undefined) => (mark === undefined ? '?' : String(Math.round(mark - startedAt)));
    this.log.info(
      `Sidebar first state ${at(performance.now())} ms after activation started (activate returned after ${at(returnedAt)} ms; `
        + `database ready at ${at(databaseReadyAt)}, view resolved at ${at(viewResolvedAt)}, page ready at ${at(pageReadyAt)}, state built in ${Math.round(buildMs)} ms)`,
    );
  }

  private disposeView(): void {
    for (const d of this.viewDisposables.splice(0)) d.dispose();
    this.host = this.view = undefined;
    this.shown = null;
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.disposeView();
  }
}
