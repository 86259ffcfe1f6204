// Tracks the running session of one workspace: start, activity, notes, end, and recovery of a
// session that a crash left open. Activity is buffered in memory and persisted by `flush()`.
import type { Clock, IdSource } from '../clock';
import { NoRunningSessionError, SessionAlreadyRunningError } from '../errors';
import { type ActiveTimeState, displayedActiveMs, isActiveAt, recordActivityAt } from './activeTime';
import { FileActivityBuffer } from './fileActivityBuffer';
import type { GitHead, Session, SessionNote, SessionSettings, WorkspaceRef } from './session';
import type { SessionRepository } from './sessionRepository';

export type ActivityKind = 'edit' | 'save' | 'selection' | 'focus';

export interface ActivityEvent {
  readonly kind: ActivityKind;
  /** Workspace-relative path of the file concerned, if any. */
  readonly path?: string;
}

export interface GitHeadReader {
  readHead(): Promise<GitHead | null>;
}

export interface SessionTrackerDeps {
  readonly repo: SessionRepository;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly git: GitHeadReader;
  readonly workspace: WorkspaceRef;
  readonly settings: () => SessionSettings;
}

export interface RestoreOutcome {
  /** A session left open by a crash and closed at its last activity. */
  readonly closed: Session | null;
  /** A session still within its idle window, continued. */
  readonly resumed: Session | null;
}

export class SessionTracker {
  private session: Session | null = null;
  private activity: ActiveTimeState = { lastActivityAt: 0, pendingMs: 0 };
  private readonly files = new FileActivityBuffer();
  private persistedLastActivityAt = 0;

  constructor(private readonly deps: SessionTrackerDeps) {}

  get running(): Session | null {
    return this.session;
  }

  get workspace(): WorkspaceRef {
    return this.deps.workspace;
  }

  /** Active time to show now, including what is not yet persisted. */
  activeMsNow(): number {
    if (!this.session) return 0;
    return displayedActiveMs(this.session.activeMs, this.activity, this.deps.clock.now(), this.idleMs());
  }

  isActiveNow(): boolean {
    return this.session !== null && isActiveAt(this.activity.lastActivityAt, this.deps.clock.now(), this.idleMs());
  }

  /** Closes a session abandoned longer than the auto-end window, or resumes a recent one. */
  async restore(options: { closeAbandoned: boolean } = { closeAbandoned: true }): Promise<RestoreOutcome> {
    const open = await this.deps.repo.findOpen(this.deps.workspace.id);
    if (!open) return { closed: null, resumed: null };
    const { autoEndMs } = this.deps.settings();
    if (options.closeAbandoned && autoEndMs > 0 && this.deps.clock.now() - open.lastActivityAt > autoEndMs) {
      const closed = await this.deps.repo.end(open.id, { endedAt: open.lastActivityAt, summary: null, gitEnd: null });
      return { closed, resumed: null };
    }
    this.adopt(open);
    return { closed: null, resumed: open };
  }

  async start(goal: string): Promise<Session> {
    await this.refresh();
    if (this.session) throw new SessionAlreadyRunningError(this.session.goal);
    const now = this.deps.clock.now();
    const gitStart = await this.deps.git.readHead();
    const candidate: Session = {
      id: this.deps.ids.next(),
      workspaceId: this.deps.workspace.id,
      goal: goal.trim(),
      startedAt: now,
      endedAt: null,
      lastActivityAt: now,
      activeMs: 0,
      gitStart,
      gitEnd: null,
      summary: null,
    };
    await this.deps.repo.saveWorkspace(this.deps.workspace);
    const stored = await this.deps.repo.createUnlessOpen(candidate);
    this.adopt(stored);
    if (stored.id !== candidate.id) throw new SessionAlreadyRunningError(stored.goal);
    return stored;
  }

  /**
   * Records an activity event. Returns true when no session runs and the event should start
   * one (auto-start at the first edit).
   */
  recordActivity(event: ActivityEvent): boolean {
    if (!this.session) return this.deps.settings().autoStart && event.kind === 'edit';
    const at = this.deps.clock.now();
    this.activity = recordActivityAt(this.activity, at, this.idleMs());
    if (event.path && (event.kind === 'edit' || event.kind === 'save')) this.files.add(event.path, event.kind, at);
    return false;
  }

  /** Persists buffered activity. On failure the buffer is kept for the next try. */
  async flush(): Promise<void> {
    const session = this.session;
    if (!session || !this.hasUnsavedActivity()) return;
    const files = this.files.drain();
    const { pendingMs, lastActivityAt } = this.activity;
    this.activity = { lastActivityAt, pendingMs: 0 };
    try {
      const updated = await this.deps.repo.recordProgress(session.id, { activeMsDelta: pendingMs, lastActivityAt, files });
      this.persistedLastActivityAt = lastActivityAt;
      this.replace(updated);
    } catch (error) {
      this.files.restore(files);
      this.activity = { lastActivityAt: this.activity.lastActivityAt, pendingMs: this.activity.pendingMs + pendingMs };
      throw error;
    }
  }

  async addNote(text: string): Promise<SessionNote> {
    const session = await this.requireSession();
    const trimmed = text.trim();
    this.recordActivity({ kind: 'focus' });
    const note: SessionNote = { id: this.deps.ids.next(), sessionId: session.id, text: trimmed, at: this.deps.clock.now() };
    await this.deps.repo.addNote(note);
    await this.flush();
    return note;
  }

  async end(summary?: string): Promise<Session> {
    const session = await this.requireSession();
    this.recordActivity({ kind: 'focus' });
    await this.flush();
    return this.finish(session, this.deps.clock.now(), summary?.trim() || null);
  }

  /** Ends the running session at its last activity once it has been idle for the auto-end window. */
  async endIfIdle(): Promise<Session | null> {
    const { autoEndMs } = this.deps.settings();
    if (!this.session || autoEndMs <= 0) return null;
    if (this.deps.clock.now() - this.activity.lastActivityAt <= autoEndMs) return null;
    // Another window or the CLI may have kept the session active meanwhile: use the stored
    // last activity too, so an idle window never ends a session at a time before its notes.
    await this.refresh();
    const session = this.session as Session | null;
    if (!session) return null;
    const lastActivityAt = Math.max(this.activity.lastActivityAt, session.lastActivityAt);
    if (this.deps.clock.now() - lastActivityAt <= autoEndMs) return null;
    await this.flush();
    return this.finish(session, lastActivityAt, null);
  }

  /** Re-reads the open session, which another window or the CLI may have started or ended. */
  async refresh(): Promise<void> {
    const open = await this.deps.repo.findOpen(this.deps.workspace.id);
    if (open?.id === this.session?.id && open) {
      this.session = open;
      return;
    }
    this.adopt(open);
  }

  private async finish(session: Session, endedAt: number, summary: string | null): Promise<Session> {
    const gitEnd = await this.deps.git.readHead();
    const ended = await this.deps.repo.end(session.id, { endedAt, summary, gitEnd });
    this.adopt(null);
    if (!ended) throw new NoRunningSessionError();
    return ended;
  }

  private async requireSession(): Promise<Session> {
    if (!this.session) await this.refresh();
    if (!this.session) throw new NoRunningSessionError();
    return this.session;
  }

  private adopt(session: Session | null): void {
    this.session = session;
    this.files.drain();
    const last = session?.lastActivityAt ?? 0;
    this.activity = { lastActivityAt: last, pendingMs: 0 };
    this.persistedLastActivityAt = last;
  }

  private replace(updated: Session | null): void {
    if (!updated || updated.endedAt !== null) this.adopt(null);
    else this.session = updated;
  }

  private hasUnsavedActivity(): boolean {
    return !this.files.isEmpty || this.activity.pendingMs > 0 || this.activity.lastActivityAt !== this.persistedLastActivityAt;
  }

  private idleMs(): number {
    return this.deps.settings().idleMs;
  }

  /** Files touched but not yet persisted, for live views. */
  pendingFiles() {
    return this.files.peek();
  }
}
