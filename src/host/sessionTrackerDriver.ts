// Drives the window's SessionTracker from VS Code: editor activity, a timer that saves what is
// buffered, one that ends idle sessions, and one that notices writes by other processes. It
// also restores the workspace's session when the services come up.
import * as vscode from 'vscode';
import type { BatonServices, WorkspaceServices } from '../app/batonServices';
import { errorMessage } from '../core/errors';
import type { Session, WorkspaceRef } from '../core/sessions/session';
import type { ActivityEvent, SessionTracker } from '../core/sessions/sessionTracker';
import type { BatonRuntime, RuntimeStatus } from './batonRuntime';
import type { Log } from './log';
import { readSessionSettings } from './settings';

const FLUSH_INTERVAL_MS = 30_000;
const IDLE_CHECK_INTERVAL_MS = 60_000;
const EXTERNAL_CHANGE_POLL_MS = 1_000;

/** What the status bar and the context keys show: the window's session and its state. */
export interface SessionStatusSource {
  readonly status: RuntimeStatus;
  readonly workspace: WorkspaceRef | null;
  readonly tracker: SessionTracker | null;
  readonly onDidChange: vscode.Event<void>;
}

export class SessionTrackerDriver implements SessionStatusSource, vscode.Disposable {
  private work: WorkspaceServices | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private autoStarting = false;

  constructor(
    private readonly runtime: BatonRuntime,
    private readonly log: Log,
  ) {}

  get status(): RuntimeStatus {
    return this.runtime.status;
  }

  get workspace(): WorkspaceRef | null {
    return this.runtime.workspace;
  }

  get onDidChange(): vscode.Event<void> {
    return this.runtime.onDidChange;
  }

  /** The tracker once the services are up; null before, or without a workspace. */
  get tracker(): SessionTracker | null {
    return this.work?.tracker ?? null;
  }

  /** Restores the workspace's session and starts the timers. */
  async attach(services: BatonServices): Promise<void> {
    if (services.work) {
      const outcome = await services.work.tracker.restore();
      if (outcome.closed) this.reportRecovered(outcome.closed);
      if (outcome.resumed) this.log.info(`Resumed session ${outcome.resumed.id}`);
      this.work = services.work;
    }
    this.startTimers(services);
  }

  private reportRecovered(session: Session): void {
    const at = new Date(session.endedAt ?? session.lastActivityAt).toLocaleString();
    this.log.info(`Closed session ${session.id}, left open by an earlier window, at its last activity (${at}).`);
    void vscode.window.showInformationMessage(`Baton closed the session${session.goal ? ` "${session.goal}"` : ''} left open earlier, at its last activity (${at}).`);
  }

  recordActivity(event: ActivityEvent): void {
    const tracker = this.tracker;
    if (!tracker) return;
    const wasActive = tracker.isActiveNow();
    if (tracker.recordActivity(event)) {
      void this.autoStart();
      return;
    }
    if (!wasActive && tracker.running) this.runtime.notifyChanged(); // the clock resumes: refresh views
  }

  private async autoStart(): Promise<void> {
    if (this.autoStarting) return;
    this.autoStarting = true;
    try {
      const session = await this.tracker?.start('');
      if (session) this.log.info(`Started session ${session.id} automatically at the first edit.`);
    } catch (error) {
      this.log.warn(`Automatic start skipped: ${errorMessage(error)}`);
    } finally {
      this.autoStarting = false;
      this.runtime.notifyChanged();
    }
  }

  /** Runs a change through the tracker and refreshes the views afterwards. */
  async mutate<T>(change: (tracker: SessionTracker) => Promise<T>): Promise<T> {
    const tracker = this.runtime.work().tracker;
    try {
      return await change(tracker);
    } finally {
      this.runtime.notifyChanged();
    }
  }

  /** Takes the session-end snapshot; its failure is logged, never lost in a rejection. */
  async sessionEnded(session: Session): Promise<void> {
    try {
      await this.work?.snapshotEndedSession(session);
    } catch (error) {
      this.log.error(`Could not take the session-end snapshot of ${session.id}`, error);
    }
  }

  /** Re-reads the session after an outside change (an import) and refreshes the views. */
  async refresh(): Promise<void> {
    await this.tracker?.refresh();
    this.runtime.notifyChanged();
  }

  async flush(): Promise<void> {
    try {
      await this.tracker?.flush();
    } catch (error) {
      this.log.error('Could not save session activity (will retry)', error);
    }
  }

  private startTimers(services: BatonServices): void {
    const every = (ms: number, job: () => Promise<void>) => {
      const timer = setInterval(() => void job().catch((error: unknown) => this.log.error('Background task failed', error)), ms);
      timer.unref?.();
      this.timers.push(timer);
    };
    every(FLUSH_INTERVAL_MS, () => this.flush());
    every(IDLE_CHECK_INTERVAL_MS, () => this.endIfIdle());
    every(EXTERNAL_CHANGE_POLL_MS, async () => {
      if (await services.database.refreshFromDisk()) await this.refresh();
    });
  }

  private async endIfIdle(): Promise<void> {
    const ended = await this.tracker?.endIfIdle();
    if (!ended) return;
    this.log.info(`Ended session ${ended.id} after ${readSessionSettings().autoEndMs / 60_000} idle minutes.`);
    await this.sessionEnded(ended);
    this.runtime.notifyChanged();
  }

  dispose(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  /** Stops the timers and saves what is buffered; used on deactivation, before the database closes. */
  async shutdown(): Promise<void> {
    this.dispose();
    await this.flush();
  }
}
