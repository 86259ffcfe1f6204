// `baton session start|note|end|list`: the same SessionTracker as the extension, driven once
// per process. Every command resolves only after its write is durable.
import { existsSync, statSync } from 'node:fs';
import { formatDuration } from '../core/format';
import type { BatonServices, WorkspaceServices } from '../app/batonServices';
import type { SessionDetail } from '../core/sessions/session';
import { type CliInvocation, UsageError } from './cliArgs';

export interface CliOutput {
  out(line: string): void;
}

export function requireWorkspaceDir(invocation: CliInvocation): string {
  const dir = invocation.workspace;
  if (!dir) throw new UsageError('--workspace DIR is required: the folder the session belongs to.');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--workspace ${dir}: no such folder.`);
  return dir;
}

/** The workspace's services; every command but import runs with --workspace. */
export function requireWork(services: BatonServices): WorkspaceServices {
  if (!services.work) throw new UsageError('--workspace DIR is required: the folder the session belongs to.');
  return services.work;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function sessionJson(session: SessionDetail) {
  return {
    id: session.id,
    goal: session.goal,
    startedAt: iso(session.startedAt),
    endedAt: iso(session.endedAt),
    activeMs: session.activeMs,
    summary: session.summary,
    gitStart: session.gitStart,
    gitEnd: session.gitEnd,
    notes: session.notes.map((note) => ({ text: note.text, at: iso(note.at) })),
    files: session.files.map((file) => ({ path: file.path, edits: file.edits, saves: file.saves })),
  };
}

export async function runSessionCommand(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const { tracker, sessions, snapshotEndedSession } = requireWork(services);
  const sub = invocation.command[1];
  switch (sub) {
    case 'start': {
      const session = await tracker.start(invocation.goal ?? '');
      output.out(invocation.json ? JSON.stringify({ id: session.id }) : `Started session ${session.id}${session.goal ? `: ${session.goal}` : ''}`);
      return;
    }
    case 'note': {
      const text = invocation.text?.trim();
      if (!text) throw new UsageError('--text TEXT is required and may not be empty.');
      await tracker.restore({ closeAbandoned: false });
      await tracker.addNote(text);
      output.out(invocation.json ? JSON.stringify({ ok: true }) : 'Note added.');
      return;
    }
    case 'end': {
      await tracker.restore({ closeAbandoned: false });
      const ended = await tracker.end(invocation.summary);
      await snapshotEndedSession(ended);
      output.out(invocation.json ? JSON.stringify({ id: ended.id }) : `Ended session ${ended.id} after ${formatDuration(ended.activeMs)} active.`);
      return;
    }
    case 'list': {
      const list = await sessions.listRecent(tracker.workspace.id, Number.MAX_SAFE_INTEGER);
      if (invocation.json) output.out(JSON.stringify({ sessions: list.map(sessionJson) }));
      else for (const line of describeSessions(list)) output.out(line);
      return;
    }
    default:
      throw new UsageError(`Unknown command "session ${sub ?? ''}". Try: start, note, end, list.`);
  }
}

function describeSessions(sessions: readonly SessionDetail[]): string[] {
  if (sessions.length === 0) return ['No sessions yet in this workspace.'];
  return sessions.map((s) => {
    const state = s.endedAt === null ? 'running' : `ended ${new Date(s.endedAt).toISOString()}`;
    return `${new Date(s.startedAt).toISOString()}  ${formatDuration(s.activeMs).padStart(7)}  ${state}  ${s.goal || '(no goal)'}  [${s.notes.length} notes]`;
  });
}
