// Sessions, notes and file activity in the Baton database.
import type { GitHead, Session, SessionDetail, SessionNote, WorkspaceRef } from '../core/sessions/session';
import type { SessionEnding, SessionProgress, SessionRepository } from '../core/sessions/sessionRepository';
import type { BatonDatabase } from './batonDatabase';
import { type Row, type SqlReader, asNullableNumber, asNullableString, asNumber, asString } from './sqlAccess';

const SESSION_COLUMNS = `id, workspace_id, goal, started_at, ended_at, last_activity_at, active_ms,
  branch_start, head_start, branch_end, head_end, summary`;

function gitHead(branch: Row[string] | undefined, head: Row[string] | undefined): GitHead | null {
  if (branch == null && head == null) return null;
  return { branch: asNullableString(branch), head: asNullableString(head) };
}

function toSession(row: Row): Session {
  return {
    id: asString(row.id),
    workspaceId: asString(row.workspace_id),
    goal: asString(row.goal),
    startedAt: asNumber(row.started_at),
    endedAt: asNullableNumber(row.ended_at),
    lastActivityAt: asNumber(row.last_activity_at),
    activeMs: asNumber(row.active_ms),
    gitStart: gitHead(row.branch_start, row.head_start),
    gitEnd: gitHead(row.branch_end, row.head_end),
    summary: asNullableString(row.summary),
  };
}

function selectSession(db: SqlReader, id: string): Session | null {
  const row = db.one(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`, [id]);
  return row ? toSession(row) : null;
}

function selectOpen(db: SqlReader, workspaceId: string): Session | null {
  const row = db.one(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE workspace_id = ? AND ended_at IS NULL`, [workspaceId]);
  return row ? toSession(row) : null;
}

function withDetail(db: SqlReader, session: Session): SessionDetail {
  const notes = db.all('SELECT id, text, at FROM session_notes WHERE session_id = ? ORDER BY at, rowid', [session.id]).map(
    (row): SessionNote => ({ id: asString(row.id), sessionId: session.id, text: asString(row.text), at: asNumber(row.at) }),
  );
  const files = db.all(
    'SELECT path, edits, saves, last_at FROM session_files WHERE session_id = ? ORDER BY last_at DESC, path',
    [session.id],
  ).map((row) => ({ path: asString(row.path), edits: asNumber(row.edits), saves: asNumber(row.saves), lastAt: asNumber(row.last_at) }));
  return { ...session, notes, files };
}

export class SessionStore implements SessionRepository {
  constructor(private readonly database: BatonDatabase) {}

  saveWorkspace(workspace: WorkspaceRef): Promise<void> {
    return this.database.write((db) => {
      db.run(
        `INSERT INTO workspaces (id, name, location) VALUES (?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, location = excluded.location`,
        [workspace.id, workspace.name, workspace.location],
      );
    });
  }

  createUnlessOpen(session: Session): Promise<Session> {
    return this.database.write((db) => {
      const open = selectOpen(db, session.workspaceId);
      if (open) return open;
      db.run(
        `INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, NULL, NULL, NULL)`,
        [
          session.id,
          session.workspaceId,
          session.goal,
          session.startedAt,
          session.lastActivityAt,
          session.activeMs,
          session.gitStart?.branch ?? null,
          session.gitStart?.head ?? null,
        ],
      );
      return session;
    });
  }

  findOpen(workspaceId: string): Promise<Session | null> {
    return this.database.read((db) => selectOpen(db, workspaceId));
  }

  getDetail(sessionId: string): Promise<SessionDetail | null> {
    return this.database.read((db) => {
      const session = selectSession(db, sessionId);
      return session ? withDetail(db, session) : null;
    });
  }

  recordProgress(sessionId: string, progress: SessionProgress): Promise<Session | null> {
    return this.database.write((db) => {
      const updated = db.run(
        `UPDATE sessions SET active_ms = active_ms + ?, last_activity_at = MAX(last_activity_at, ?)
         WHERE id = ? AND ended_at IS NULL`,
        [Math.max(0, Math.round(progress.activeMsDelta)), progress.lastActivityAt, sessionId],
      );
      if (updated === 0) return selectSession(db, sessionId);
      for (const file of progress.files) {
        db.run(
          `INSERT INTO session_files (session_id, path, edits, saves, last_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(session_id, path) DO UPDATE SET edits = edits + excluded.edits,
             saves = saves + excluded.saves, last_at = MAX(last_at, excluded.last_at)`,
          [sessionId, file.path, file.edits, file.saves, file.lastAt],
        );
      }
      return selectSession(db, sessionId);
    });
  }

  addNote(note: SessionNote): Promise<void> {
    return this.database.write((db) => {
      db.run('INSERT INTO session_notes (id, session_id, text, at) VALUES (?, ?, ?, ?)', [
        note.id,
        note.sessionId,
        note.text,
        note.at,
      ]);
    });
  }

  end(sessionId: string, ending: SessionEnding): Promise<Session | null> {
    return this.database.write((db) => {
      const updated = db.run(
        `UPDATE sessions SET ended_at = MAX(?, started_at), summary = ?, branch_end = ?, head_end = ?
         WHERE id = ? AND ended_at IS NULL`,
        [ending.endedAt, ending.summary, ending.gitEnd?.branch ?? null, ending.gitEnd?.head ?? null, sessionId],
      );
      return updated === 0 ? null : selectSession(db, sessionId);
    });
  }

  listRecent(workspaceId: string, limit: number): Promise<readonly SessionDetail[]> {
    return this.database.read((db) =>
      db.all(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE workspace_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?`, [
        workspaceId,
        limit,
      ]).map((row) => withDetail(db, toSession(row))),
    );
  }
}
