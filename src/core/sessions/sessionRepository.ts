// What session tracking needs from storage. Implemented by storage/sessionStore.
import type { FileActivity, GitHead, Session, SessionDetail, SessionNote, WorkspaceRef } from './session';

export interface FileActivityDelta {
  readonly path: string;
  readonly edits: number;
  readonly saves: number;
  readonly lastAt: number;
}

export interface SessionProgress {
  /** Added to the stored active time (a delta, so that two windows never overwrite each other). */
  readonly activeMsDelta: number;
  readonly lastActivityAt: number;
  readonly files: readonly FileActivityDelta[];
}

export interface SessionEnding {
  readonly endedAt: number;
  readonly summary: string | null;
  readonly gitEnd: GitHead | null;
}

export interface SessionRepository {
  saveWorkspace(workspace: WorkspaceRef): Promise<void>;
  /** Creates the session unless the workspace already has an open one, which it returns instead. */
  createUnlessOpen(session: Session): Promise<Session>;
  findOpen(workspaceId: string): Promise<Session | null>;
  getDetail(sessionId: string): Promise<SessionDetail | null>;
  recordProgress(sessionId: string, progress: SessionProgress): Promise<Session | null>;
  addNote(note: SessionNote): Promise<void>;
  end(sessionId: string, ending: SessionEnding): Promise<Session | null>;
  /** Newest first. */
  listRecent(workspaceId: string, limit: number): Promise<readonly SessionDetail[]>;
}

export type { FileActivity };
