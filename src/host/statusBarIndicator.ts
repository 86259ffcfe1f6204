// The status-bar item: the running session (active time and the start of the goal), or an
// idle state. A click opens the Baton sidebar; the tooltip offers start and end.
import * as vscode from 'vscode';
import { formatDuration, truncate } from '../core/format';
import type { SessionStatusSource } from './sessionTrackerDriver';

const REFRESH_MS = 15_000;

export class StatusBarIndicator implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('baton.session', vscode.StatusBarAlignment.Left, 50);
  private readonly timer: NodeJS.Timeout;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly source: SessionStatusSource) {
    this.item.name = 'Baton Session';
    this.item.command = 'baton.showSidebar';
    this.subscription = source.onDidChange(() => this.render());
    this.timer = setInterval(() => this.render(), REFRESH_MS);
    this.render();
    this.item.show();
  }

  render(): void {
    const status = this.source.status;
    const session = this.source.tracker?.running ?? null;
    this.item.backgroundColor = undefined;
    if (status.kind === 'loading') return this.set('$(loading~spin) Baton', 'Baton: opening the session database', 'Baton is opening its database…');
    if (status.kind === 'error') {
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      return this.set('$(error) Baton', `Baton: database unavailable. ${status.message}`, `**Baton:** ${status.message}`);
    }
    if (!this.source.workspace) return this.set('$(circle-slash) Baton', 'Baton: no folder open', 'Open a folder to track coding sessions.');
    if (!session) {
      return this.set('$(play) Baton', 'Baton: no session running. Click to open the Baton sidebar.', 'No session running.\n\n[$(play) Start Session](command:baton.startSession)');
    }
    const active = formatDuration(this.source.tracker?.activeMsNow() ?? 0);
    const goal = session.goal ? truncate(session.goal, 30) : 'no goal';
    this.set(
      `$(pulse) ${active} · ${goal}`,
      `Baton session: ${session.goal || 'no goal'} — ${active} active`,
      `**Session:** ${escapeMarkdown(session.goal || 'no goal')}\n\n${active} active\n\n[$(note) Add Note](command:baton.addNote) · [$(debug-stop) End Session](command:baton.endSession)`,
    );
  }

  private set(text: string, label: string, tooltip: string): void {
    this.item.text = text;
    this.item.accessibilityInformation = { label, role: 'button' };
    const markdown = new vscode.MarkdownString(tooltip, true);
    markdown.isTrusted = { enabledCommands: ['baton.startSession', 'baton.addNote', 'baton.endSession'] };
    this.item.tooltip = markdown;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
