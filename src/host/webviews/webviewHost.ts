// The host's end of one webview, for every Baton view (the sidebar now; the chat view and the
// costs panel next): the HTML with its CSP and nonce, the validated channel, the ready
// handshake, and disposal. A view supplies its protocol and one handler per message it takes.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { errorMessage, isUserFacing } from '../../core/errors';
import { redactText } from '../../core/redaction/redaction';
import { ChannelEndpoint } from '../../shared/protocol/channel';
import type { Handlers, Protocol } from '../../shared/protocol/ipc';
import { MAX_RELOADS, READY_WITHIN_MS, ReadyWatchdog, type ReopenBudget } from '../../shared/protocol/readyWatchdog';
import { createNonce, renderWebviewHtml } from '../../shared/webviewHtml';
import type { Log } from '../log';

export interface WebviewPage {
  /** The bundle in dist/, e.g. `sidebar.js`. */
  readonly script: string;
  /** The stylesheet in media/, e.g. `sidebar.css`. */
  readonly style: string;
  readonly title: string;
}

export interface WebviewHostOptions<P extends Protocol> {
  readonly extensionUri: vscode.Uri;
  readonly page: WebviewPage;
  readonly protocol: P;
  readonly handlers: Handlers<P['toHost']>;
  /** The page said `ready`: post it the full state. */
  readonly onReady: () => void;
  readonly log: Log;
  /** Whether the view or panel is shown: a hidden page is not expected to load. */
  readonly visible?: () => boolean;
  /** Gets VS Code to load a page that waits for its service worker (webviewRescue.ts). */
  readonly rescue?: LoadRescue;
  /**
   * Opens the page anew, in a frame of its own (a panel replaced, a view rebuilt), when its owner
   * does so at this attempt (counted from 1): true when it did, which disposes this host; false
   * reloads the page in place and asks for the helper tab instead.
   */
  readonly reopen?: (attempt: number) => boolean;
  /** The page's saved state, for a page that starts without one (webviewHtml.ts). */
  readonly initialState?: unknown;
}

const RELOAD_WINDOW = 'Reload Window';

export interface LoadRescue {
  request(viewTitle: string): void;
  /** Has VS Code build the view anew, in a new frame (webviewRescue.ts). */
  reopenView(view: vscode.WebviewView, viewId: string): Promise<void>;
}

/** Views are built anew from the second attempt (the first reloads the page and opens the helper tab), once in a row. */
const VIEW_REOPEN_FROM_ATTEMPT = 2;

/**
 * The `reopen` option of a webview view: from the second attempt, while `budget` lasts, the
 * rescue has VS Code build the view anew.
 */
export function reopenViewOption(view: vscode.WebviewView, viewId: string, title: string, budget: ReopenBudget, rescue: LoadRescue | undefined, log: Log): (attempt: number) => boolean {
  return (attempt) => {
    if (!rescue || attempt < VIEW_REOPEN_FROM_ATTEMPT || !budget.take()) return false;
    log.warn(`The ${title} view still did not load: having VS Code build it again in a new frame.`);
    rescue.reopenView(view, viewId).catch((error: unknown) => log.error(`Could not build the ${title} view again`, error));
    return true;
  };
}

export type HostChannel<P extends Protocol> = ChannelEndpoint<P['toWebview'], P['toHost']>;

export class WebviewHost<P extends Protocol> implements vscode.Disposable {
  readonly channel: HostChannel<P>;
  private readyValue = false;
  private readonly subscription: vscode.Disposable;
  private readonly watchdog: ReadyWatchdog;

  constructor(
    webview: vscode.Webview,
    private readonly options: WebviewHostOptions<P>,
  ) {
    const { page, protocol, handlers, log } = options;
    this.channel = new ChannelEndpoint<P['toWebview'], P['toHost']>({
      post: (message) => webview.postMessage(message),
      outgoing: protocol.toWebview,
      incoming: protocol.toHost,
      handlers,
      onInvalid: (reason) => log.warn(`Ignored a malformed message from the ${page.title} view: ${reason}`),
      onHandlerError: (method, error) => this.reportFailure(method, error),
      describeError: (error) => redactText(errorMessage(error)),
      onReady: () => {
        this.readyValue = true;
        this.watchdog.ready();
        options.onReady();
      },
    });
    this.subscription = webview.onDidReceiveMessage((raw: unknown) => this.channel.receive(raw));
    const media = vscode.Uri.joinPath(options.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(options.extensionUri, 'dist');
    webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
    const render = () => {
      webview.html = renderWebviewHtml({
        cspSource: webview.cspSource,
        nonce: createNonce(randomBytes(16)),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, page.script)).toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, page.style)).toString(),
        codiconUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicon.css')).toString(),
        title: `Baton ${page.title}`,
        initialState: options.initialState,
      });
    };
    this.watchdog = new ReadyWatchdog({
      visible: options.visible ?? (() => true),
      reload: (attempt) => {
        if (options.reopen?.(attempt)) return;
        log.warn(`The ${page.title} view did not load within ${READY_WITHIN_MS / 1_000} s; loading it again (${attempt} of ${MAX_RELOADS}).`);
        render();
        options.rescue?.request(page.title);
      },
      giveUp: () => this.reportNotLoaded(),
    });
    render();
  }

  /** True once the page said `ready`; nothing is posted before. */
  get isReady(): boolean {
    return this.readyValue;
  }

  /** The last reload did not help either: the user learns why the view is blank and how to load it. */
  private reportNotLoaded(): void {
    const { log, page } = this.options;
    log.warn(`The ${page.title} view still did not load: close and reopen it, or run "Developer: Reload Window".`);
    const message = `Baton: the ${page.title} view did not load. VS Code sometimes leaves a view blank when several start at once; reloading the window loads it.`;
    void Promise.resolve(vscode.window.showWarningMessage(message, RELOAD_WINDOW))
      .then(async (pick) => {
        if (pick) await vscode.commands.executeCommand('workbench.action.reloadWindow');
      })
      .catch((error: unknown) => log.error('Could not reload the window', error));
  }

  /** An intent that failed reaches the user as one clear message and the log. */
  private reportFailure(method: string, error: unknown): void {
    const { log, page } = this.options;
    log.error(`${page.title} action "${method}" failed`, error);
    const detail = isUserFacing(error) ? error.message : `${errorMessage(error)} (see the Baton log for details)`;
    void vscode.window.showErrorMessage(`Baton: ${redactText(detail)}`, 'Show Log').then((pick) => pick && log.show());
  }

  dispose(): void {
    this.readyValue = false;
    this.watchdog.dispose();
    this.subscription.dispose();
    this.channel.dispose();
  }
}
