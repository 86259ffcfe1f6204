// Owns the window's SessionTracker: opens the database off the activation path, persists
// buffered activity on a timer, ends idle sessions, and notices writes by other processes.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { systemClock } from '../core/clock';
import { errorMessage } from '../core/errors';
import type { Session, WorkspaceRef } from '../core/sessions/session';
import { type ActivityEvent, SessionTracker } from '../core/sessions/sessionTracker';
import { readGitHead } from '../context/gitHeadReader';
import type { BatonDatabase } from '../storage/batonDatabase';
import { SessionStore } from '../storage/sessionStore';
import type { Log } from './log';
import { readSessionSettings } from './settings';
import { DatabaseSizeWatch, reportOpenOutcome } from './storageNotices';
import { gitFolder } from './workspaceResolver';

const FLUSH_INTERVAL_MS = 30_000;
const IDLE_CHECK_INTERVAL_MS = 60_000;
const EXTERNAL_CHANGE_POLL_MS = 1_000;
const SIZE_CHECK_INTERVAL_MS = 15 * 60_000;

export type ControllerStatus = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'error'; readonly message: string };

export class SessionController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private trackerInstance: SessionTracker | null = null;
  private storeInstance: SessionStore | null = null;
  private databaseInstance: BatonDatabase | null = null;
  private statusValue: ControllerStatus = { kind: 'loading' };
  private readonly timers: NodeJS.Timeout[] = [];
  private autoStarting = false;
  private sizeWatch: DatabaseSizeWatch | null = null;
  /** Runs after a session ends (by command or when idle): the session-end snapshot. */
  onSessionEnded: ((session: Session) => Promise<void>) | null = null;

  constructor(
    readonly workspace: WorkspaceRef | null,
    private readonly log: Log,
  ) {}

  get status(): ControllerStatus {
    return this.statusValue;
  }

  get tracker(): SessionTracker | null {
    return this.trackerInstance;
  }

  get store(): SessionStore | null {
    return this.storeInstance;
  }

  get database(): BatonDatabase | null {
    return this.databaseInstance;
  }

  /** Runs the session-end hook; its failure is logged, never lost in a rejection. */
  async sessionEnded(session: Session): Promise<void> {
    try {
      await this.onSessionEnded?.(session);
    } catch (error) {
      this.log.error(`Could not take the session-end snapshot of ${session.id}`, error);
    }
  }

  /** Tells the views that something they show changed (a snapshot, a briefing). */
  notifyChanged(): void {
    this.changed.fire();
  }

  /** Re-reads the session after an outside change (an import) and refreshes the views. */
  async refresh(): Promise<void> {
    await this.trackerInstance?.refresh();
    this.changed.fire();
  }

  /** Opens the database and restores the workspace's session. Never rejects. */
  async initialize(openDatabase: () => Promise<BatonDatabase>): Promise<void> {
    try {
      this.databaseInstance = await openDatabase();
      reportOpenOutcome(this.databaseInstance, this.log);
      this.sizeWatch = new DatabaseSizeWatch(this.databaseInstance, this.log);
      void this.sizeWatch.check().catch((error: unknown) => this.log.error('Size check failed', error));
      this.storeInstance = new SessionStore(this.databaseInstance);
      if (this.workspace) await this.createTracker(this.workspace, this.storeInstance);
      this.statusValue = { kind: 'ready' };
      this.startTimers();
      this.log.info(`Database ready at ${this.databaseInstance.path}${this.databaseInstance.isReadOnly ? ' (read-only: newer schema)' : ''}`);
    } catch (error) {
      this.statusValue = { kind: 'error', message: errorMessage(error) };
      this.log.error('Could not open the Baton database', error);
      void vscode.window.showErrorMessage(`Baton: ${errorMessage(error)}`, 'Show Log').then((pick) => pick && this.log.show());
    }
    this.changed.fire();
  }

  private async createTracker(workspace: WorkspaceRef, store: SessionStore): Promise<void> {
    const tracker = new SessionTracker({
      repo: store,
      clock: systemClock,
      ids: { next: () => randomUUID() },
      git: { readHead: () => gitHeadOrNull() },
      workspace,
      settings: readSessionSettings,
    });
    const outcome = await tracker.restore();
    this.trackerInstance = tracker;
    if (outcome.closed) this.reportRecovered(outcome.closed);
    if (outcome.resumed) this.log.info(`Resumed session ${outcome.resumed.id}`);
  }

  private reportRecovered(session: Session): void {
    const at = new Date(session.endedAt ?? session.lastActivityAt).toLocaleString();
    this.log.info(`Closed session ${session.id}, left open by an earlier window, at its last activity (${at}).`);
    void vscode.window.showInformationMessage(`Baton closed the session${session.goal ? ` "${session.goal}"` : ''} left open earlier, at its last activity (${at}).`);
  }

  recordActivity(event: ActivityEvent): void {
    const tracker = this.trackerInstance;
    if (!tracker) return;
    const wasActive = tracker.isActiveNow();
    if (tracker.recordActivity(event)) {
      void this.autoStart();
      return;
    }
    if (!wasActive && tracker.running) this.changed.fire(); // the clock resumes: refresh views
  }

  private async autoStart(): Promise<void> {
    if (this.autoStarting) return;
    this.autoStarting = true;
    try {
      const session = await this.trackerInstance?.start('');
      if (session) this.log.info(`Started session ${session.id} automatically at the first edit.`);
    } catch (error) {
      this.log.warn(`Automatic start skipped: ${errorMessage(error)}`);
    } finally {
      this.autoStarting = false;
      this.changed.fire();
    }
  }

  /** Runs a change through the tracker and refreshes the views afterwards. */
  async mutate<T>(change: (tracker: SessionTracker) => Promise<T>): Promise<T> {
    const tracker = this.trackerInstance;
    if (!tracker) throw new Error(this.unavailableReason());
    try {
      return await change(tracker);
    } finally {
      this.changed.fire();
    }
  }

  unavailableReason(): string {
    if (!this.workspace) return 'Open a folder or workspace first: Baton tracks sessions per workspace.';
    if (this.statusValue.kind === 'error') return `The Baton database is unavailable: ${this.statusValue.message}`;
    return 'Baton is still opening its database. Try again in a moment.';
  }

  async flush(): Promise<void> {
    try {
      await this.trackerInstance?.flush();
    } catch (error) {
      this.log.error('Could not save session activity (will retry)', error);
    }
  }

  private startTimers(): void {
    const every = (ms: number, job: () => Promise<void>) => {
      const timer = setInterval(() => void job().catch((error: unknown) => this.log.error('Background task failed', error)), ms);
      timer.unref?.();
      this.timers.push(timer);
    };
    every(FLUSH_INTERVAL_MS, () => this.flush());
    every(IDLE_CHECK_INTERVAL_MS, () => this.endIfIdle());
    every(EXTERNAL_CHANGE_POLL_MS, () => this.pickUpExternalChanges());
    every(SIZE_CHECK_INTERVAL_MS, async () => this.sizeWatch?.check());
  }

  private async endIfIdle(): Promise<void> {
    const ended = await this.trackerInstance?.endIfIdle();
    if (!ended) return;
    this.log.info(`Ended session ${ended.id} after ${readSessionSettings().autoEndMs / 60_000} idle minutes.`);
    await this.sessionEnded(ended);
    this.changed.fire();
  }

  private async pickUpExternalChanges(): Promise<void> {
    if (!this.databaseInstance || !(await this.databaseInstance.refreshFromDisk())) return;
    await this.trackerInstance?.refresh();
    this.changed.fire();
  }

  dispose(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.changed.dispose();
  }

  /** Saves what is buffered and closes the database; used on deactivation. */
  async shutdown(): Promise<void> {
    this.dispose();
    await this.flush();
    await this.databaseInstance?.close();
  }
}

async function gitHeadOrNull() {
  const dir = gitFolder();
  return dir ? readGitHead(dir) : null;
}
