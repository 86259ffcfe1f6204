// The Baton sidebar: a webview view that renders the ViewState the host posts and sends back
// typed intents. Its HTML allows only nonce'd scripts and resources from media/ and dist/.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { errorMessage } from '../core/errors';
import { type HostMessage, type WebviewMessage, parseWebviewMessage } from '../shared/protocol';
import { createNonce, renderSidebarHtml } from '../shared/sidebarHtml';
import type { Log } from './log';
import type { SessionController } from './sessionController';
import { buildViewState } from './viewStateBuilder';

export const SIDEBAR_VIEW_ID = 'baton.sidebar';

export interface SidebarIntents {
  startSession(goal: string): Promise<void>;
  endSession(): Promise<void>;
  addNote(text: string): Promise<void>;
  openFile(path: string): Promise<void>;
}

export class SidebarViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: SessionController,
    private readonly intents: SidebarIntents,
    private readonly log: Log,
  ) {
    this.disposables.push(controller.onDidChange(() => void this.postState()));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
    view.webview.html = renderSidebarHtml({
      cspSource: view.webview.cspSource,
      nonce: createNonce(randomBytes(16)),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'sidebar.css')).toString(),
      codiconUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicon.css')).toString(),
    });
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      view.onDidChangeVisibility(() => view.visible && void this.postState()),
      view.onDidDispose(() => {
        this.view = undefined;
        this.ready = false;
      }),
    );
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.warn('Ignored a malformed message from the sidebar.');
      return;
    }
    try {
      await this.handle(message);
    } catch (error) {
      this.log.error(`Sidebar action "${message.type}" failed`, error);
      void vscode.window.showErrorMessage(`Baton: ${errorMessage(error)}`);
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return this.postState();
      case 'startSession':
        return this.intents.startSession(message.goal);
      case 'endSession':
        return this.intents.endSession();
      case 'addNote':
        return this.intents.addNote(message.text);
      case 'openFile':
        return this.intents.openFile(message.path);
      case 'generateBriefing':
        return this.run('baton.generateBriefing', message.level ?? undefined);
      case 'copyBriefing':
        return this.run('baton.copyLastBriefing');
      case 'openBriefing':
        return this.run('baton.openLastBriefing');
      case 'takeSnapshot':
        return this.run('baton.takeSnapshot');
      case 'compareSnapshot':
        return this.run('baton.compareSnapshot', message.id);
      case 'restoreSnapshot':
        return this.run('baton.restoreSnapshot', message.id);
      case 'addKnowledge':
        return this.run('baton.addKnowledge');
      case 'editKnowledge':
        return this.run('baton.editKnowledge', message.id);
      case 'deleteKnowledge':
        return this.run('baton.deleteKnowledge', message.id);
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }

  /** Sidebar buttons run the same commands as the palette, so both behave alike. */
  private async run(command: string, ...args: unknown[]): Promise<void> {
    await vscode.commands.executeCommand(command, ...args);
  }

  async postState(): Promise<void> {
    const view = this.view;
    if (!view || !this.ready || !view.visible) return;
    try {
      const message: HostMessage = { type: 'state', state: await buildViewState(this.controller) };
      await view.webview.postMessage(message);
    } catch (error) {
      this.log.error('Could not update the sidebar', error);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
