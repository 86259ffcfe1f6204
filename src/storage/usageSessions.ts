// Which Baton session an agent's request belongs to: one running at the request's time, in the
// folder the agent ran in when its log says (a session of another folder is not credited).
import type { SqlReader } from './sqlAccess';
import { asNullableNumber, asString, asNumber } from './sqlAccess';

export interface SessionSpan {
  readonly id: string;
  readonly workspaceId: string;
  readonly location: string;
  readonly startedAt: number;
  /** Null while it runs. */
  readonly endedAt: number | null;
}

export function sessionsBetween(db: SqlReader, from: number, to: number): SessionSpan[] {
  return db.all(
    `SELECT s.id, s.workspace_id, s.started_at, s.ended_at, coalesce(w.location, '') AS location FROM sessions s LEFT JOIN workspaces w ON w.id = s.workspace_id
     WHERE s.started_at <= ? AND (s.ended_at IS NULL OR s.ended_at >= ?) ORDER BY s.started_at`,
    [to, from],
  ).map((row) => ({
    id: asString(row.id), workspaceId: asString(row.workspace_id), location: asString(row.location), startedAt: asNumber(row.started_at), endedAt: asNullableNumber(row.ended_at),
  }));
}

function contains(location: string, cwd: string): boolean {
  const root = location.replace(/[\\/]+$/, '');
  return cwd === root || cwd.startsWith(`${root}/`) || cwd.startsWith(`${root}\\`);
}

/**
 * The session running at `at`: where the log names a folder, the one whose workspace holds it;
 * where it does not, the only one running then (with several, crediting one would be a guess).
 */
export function sessionAt(sessions: readonly SessionSpan[], at: number, cwd: string | null): SessionSpan | null {
  const running = sessions.filter((session) => session.startedAt <= at && (session.endedAt === null || session.endedAt >= at));
  if (cwd !== null) return running.find((session) => contains(session.location, cwd)) ?? null;
  return running.length === 1 ? (running[0] ?? null) : null;
}
