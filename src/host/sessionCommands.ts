// The session commands of the palette (category "Baton") and the sidebar's intents.
import * as vscode from 'vscode';
import { UserFacingError } from '../core/errors';
import { formatDuration } from '../core/format';
import { MAX_GOAL_LENGTH, MAX_NOTE_LENGTH } from '../shared/protocol/sidebar';
import { registerGuarded } from './guardedCommand';
import type { Log } from './log';
import type { SessionTrackerDriver } from './sessionTrackerDriver';
import { SIDEBAR_VIEW_ID } from './webviews/sidebarViewProvider';

export class SessionCommands {
  constructor(
    private readonly driver: SessionTrackerDriver,
    private readonly unavailableReason: () => string,
    private readonly log: Log,
  ) {}

  register(): vscode.Disposable {
    const command = (id: string, run: () => Promise<void>) => registerGuarded(id, run, this.log);
    return vscode.Disposable.from(
      command('baton.startSession', () => this.promptStart()),
      command('baton.endSession', () => this.promptEnd()),
      command('baton.addNote', () => this.promptNote()),
      command('baton.showSidebar', () => this.showSidebar()),
      command('baton.showLog', async () => this.log.show()),
    );
  }

  private async promptStart(): Promise<void> {
    const running = this.driver.tracker?.running;
    if (running) {
      const pick = await vscode.window.showWarningMessage(`A session is already running${running.goal ? `: "${running.goal}"` : ''}.`, 'End It', 'Show Sidebar');
      if (pick === 'End It') await this.promptEnd();
      if (pick === 'Show Sidebar') await this.showSidebar();
      return;
    }
    const goal = await vscode.window.showInputBox({
      title: 'Baton: Start Session',
      prompt: 'What is the goal of this session? (optional: press Enter to skip)',
      placeHolder: 'e.g. Fix the login redirect',
      ignoreFocusOut: true,
      validateInput: (value) => (value.length > MAX_GOAL_LENGTH ? `Keep the goal under ${MAX_GOAL_LENGTH} characters.` : undefined),
    });
    if (goal === undefined) return;
    await this.startSession(goal);
  }

  /** Also the sidebar's intent: a second click while a session runs does nothing. */
  async startSession(goal: string): Promise<void> {
    if (this.driver.tracker?.running) return;
    const session = await this.driver.mutate((tracker) => tracker.start(goal));
    this.log.info(`Started session ${session.id}`);
  }

  private async promptEnd(): Promise<void> {
    const running = await this.requireRunning();
    if (!running) return;
    const summary = await vscode.window.showInputBox({
      title: 'Baton: End Session',
      prompt: 'Summary of the session (optional: press Enter to skip)',
      placeHolder: 'What was done, what is left',
      ignoreFocusOut: true,
    });
    if (summary === undefined) return;
    await this.finish(summary);
  }

  /** The sidebar's intent: ends without asking for a summary; does nothing if none runs. */
  async endSession(): Promise<void> {
    if (this.driver.tracker?.running) await this.finish('');
  }

  private async finish(summary: string): Promise<void> {
    const ended = await this.driver.mutate((tracker) => tracker.end(summary));
    this.log.info(`Ended session ${ended.id}`);
    await this.driver.sessionEnded(ended);
    void vscode.window.showInformationMessage(`Baton: session ended after ${formatDuration(ended.activeMs)} of active time.`);
  }

  private async promptNote(): Promise<void> {
    if (!(await this.requireRunning())) return;
    const text = await vscode.window.showInputBox({
      title: 'Baton: Add Session Note',
      prompt: 'Where does the work stand, and what is the next step?',
      placeHolder: 'e.g. The redirect loop is in auth.ts; next: add a test',
      ignoreFocusOut: true,
      validateInput: (value) => {
        if (value.trim() === '') return 'Type a note, or press Escape to cancel.';
        return value.length > MAX_NOTE_LENGTH ? `Keep the note under ${MAX_NOTE_LENGTH} characters.` : undefined;
      },
    });
    if (text === undefined) return;
    await this.addNote(text);
  }

  async addNote(text: string): Promise<void> {
    await this.driver.mutate((tracker) => tracker.addNote(text));
  }

  async openFile(path: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return;
    const target = vscode.Uri.joinPath(folder.uri, path);
    if (!target.path.startsWith(folder.uri.path)) throw new UserFacingError(`${path} is outside the workspace.`);
    await vscode.window.showTextDocument(target, { preview: true });
  }

  private async showSidebar(): Promise<void> {
    await vscode.commands.executeCommand(`${SIDEBAR_VIEW_ID}.focus`);
  }

  /** The running session, after telling the user why there is none. */
  private async requireRunning() {
    const tracker = this.driver.tracker;
    if (!tracker) {
      void vscode.window.showWarningMessage(`Baton: ${this.unavailableReason()}`);
      return null;
    }
    await tracker.refresh();
    const running = tracker.running;
    if (!running) {
      const pick = await vscode.window.showInformationMessage('Baton: no session is running.', 'Start Session');
      if (pick === 'Start Session') await this.promptStart();
    }
    return running;
  }
}
