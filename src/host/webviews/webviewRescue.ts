// Gets a webview that VS Code left blank going again. VS Code loads every webview in a frame that
// first waits for its service worker: the frame registers one and waits until that worker (or a
// newer one) controls it. When two webviews start together (the Session and Chat views after a
// window reload), a frame can look for its controller after the last change has happened, and then
// waits for good; setting its HTML again does not help, as the new content waits behind the same
// promise. Measured in code-server under load: a stuck view in 14 of 30 reloads with both views
// shown, each time waiting with another webview's worker in control.
//
// Any new webview registers a worker of its own, which takes control of every frame, and the
// waiting ones then load. So a page that does not say `ready` in time gets a short-lived panel:
// it opens beside the user's editors without taking focus (the active editor, which briefings and
// the chat read, stays the user's) and closes as soon as its own page has loaded (its worker is in
// control by then), or after `RESCUE_OPEN_MS` at the latest.
//
// A frame can also get stuck after it asked a worker that was replaced at that moment for its
// version: it no longer waits for a change of worker (measured: about half of the stuck loads in
// that experiment). Only a new frame loads then. A panel is replaced by a new one (costsPanel.ts);
// a view cannot be rebuilt directly, but its `when` clause can: package.json hides each Baton view
// while `baton.reopening.<name>` is set, so `reopenView` sets it until VS Code has disposed the
// view, then clears it, and VS Code resolves the view again in a new frame, where it was. One view
// at a time, so that the Baton container never goes empty. When nothing helps, WebviewHost says so.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { createNonce, escapeAttribute, webviewCsp } from '../../shared/webviewHtml';
import type { Log } from '../log';

export const RESCUE_PANEL_TYPE = 'baton.webviewRescue';
export const RESCUE_PANEL_TITLE = 'Baton: reloading views';
/** The panel closes by then even if its own page never loaded. */
export const RESCUE_OPEN_MS = 8_000;
/** Longest wait for VS Code to dispose a view hidden by its `when` clause before showing it again. */
const HIDDEN_AT_MOST_MS = 2_000;

/** The context key that hides a view while set: `baton.sidebar` → `baton.reopening.sidebar`. */
export function reopeningKey(viewId: string): string {
  return `baton.reopening.${viewId.replace(/^baton\./, '')}`;
}

/** Resolves once `view` is disposed, or after `ms`; the returned function stops waiting. */
function disposalOf(view: vscode.WebviewView, ms: number): { gone: Promise<void>; stop: () => void } {
  let stop: () => void = () => undefined;
  const gone = new Promise<void>((resolve) => {
    const subscription = view.onDidDispose(() => resolve());
    const timer = setTimeout(resolve, ms);
    stop = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
  });
  return { gone, stop };
}

/** The helper page: says it loaded, which means VS Code's worker for it is in control. */
function rescueHtml(cspSource: string): string {
  const nonce = createNonce(randomBytes(16));
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(webviewCsp(cspSource, nonce))}">
  <title>${RESCUE_PANEL_TITLE}</title>
</head>
<body>
  <p>Baton is reloading a view that did not load. This tab closes by itself.</p>
  <script nonce="${nonce}">acquireVsCodeApi().postMessage({ loaded: true });</script>
</body>
</html>
`;
}

export class WebviewRescue implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reopening: Promise<void> = Promise.resolve();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {}

  /** One panel at a time: the worker it registers takes control of every waiting frame at once. */
  request(viewTitle: string): void {
    if (this.panel) return;
    this.log.warn(`The ${viewTitle} view has not loaded: opening a helper tab for a moment, which makes VS Code load its webviews again.`);
    let panel: vscode.WebviewPanel;
    try {
      panel = vscode.window.createWebviewPanel(RESCUE_PANEL_TYPE, RESCUE_PANEL_TITLE, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true });
    } catch (error) {
      this.log.error('Could not open the helper tab', error);
      return;
    }
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'baton.svg');
    panel.onDidDispose(() => this.forget(panel));
    panel.webview.onDidReceiveMessage(() => this.close());
    panel.webview.html = rescueHtml(panel.webview.cspSource);
    this.timer = setTimeout(() => this.close(), RESCUE_OPEN_MS);
  }

  /** Hides `view` (id `viewId`) until VS Code disposed it, then shows it again: VS Code builds it anew. */
  reopenView(view: vscode.WebviewView, viewId: string): Promise<void> {
    const run = () => this.hideThenShow(view, reopeningKey(viewId));
    this.reopening = this.reopening.then(run, run);
    return this.reopening;
  }

  private async hideThenShow(view: vscode.WebviewView, key: string): Promise<void> {
    const { gone, stop } = disposalOf(view, HIDDEN_AT_MOST_MS);
    try {
      await vscode.commands.executeCommand('setContext', key, true);
      await gone;
    } finally {
      stop();
      await vscode.commands.executeCommand('setContext', key, false);
    }
  }

  private close(): void {
    this.panel?.dispose();
  }

  private forget(panel: vscode.WebviewPanel): void {
    if (this.panel !== panel) return;
    clearTimeout(this.timer);
    this.panel = undefined;
  }

  dispose(): void {
    this.close();
  }
}
