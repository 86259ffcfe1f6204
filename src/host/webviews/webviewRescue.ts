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
// version: it no longer waits for a change of worker, and only a window reload loads it. Then
// WebviewHost says so (measured: about half of the stuck loads in that experiment).
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { createNonce, escapeAttribute, webviewCsp } from '../../shared/webviewHtml';
import type { Log } from '../log';

export const RESCUE_PANEL_TYPE = 'baton.webviewRescue';
export const RESCUE_PANEL_TITLE = 'Baton: reloading views';
/** The panel closes by then even if its own page never loaded. */
export const RESCUE_OPEN_MS = 8_000;

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
