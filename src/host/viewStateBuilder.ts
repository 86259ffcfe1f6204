// Builds the sidebar's ViewState from the controller. Views never query the database.
import type { FileActivity, SessionDetail } from '../core/sessions/session';
import type { FileActivityView, SessionSummaryView, ViewState } from '../shared/viewState';
import type { SessionController } from './sessionController';

const RECENT_LIMIT = 10;
const iso = (ms: number) => new Date(ms).toISOString();

function mergeFiles(stored: readonly FileActivity[], pending: readonly FileActivity[]): FileActivityView[] {
  const byPath = new Map<string, FileActivity>();
  for (const file of [...stored, ...pending]) {
    const previous = byPath.get(file.path);
    byPath.set(file.path, previous
      ? { path: file.path, edits: previous.edits + file.edits, saves: previous.saves + file.saves, lastAt: Math.max(previous.lastAt, file.lastAt) }
      : file);
  }
  return [...byPath.values()].sort((a, b) => b.lastAt - a.lastAt).map(({ path, edits, saves }) => ({ path, edits, saves }));
}

function summarize(session: SessionDetail): SessionSummaryView {
  return {
    id: session.id,
    goal: session.goal,
    startedAt: iso(session.startedAt),
    endedAt: session.endedAt === null ? null : iso(session.endedAt),
    activeMs: session.activeMs,
    fileCount: session.files.length,
    noteCount: session.notes.length,
    summary: session.summary,
  };
}

export async function buildViewState(controller: SessionController, now: number = Date.now()): Promise<ViewState> {
  const base = { workspaceName: controller.workspace?.name ?? null, running: null, recent: [] };
  const status = controller.status;
  if (status.kind !== 'ready') {
    return { ...base, status: status.kind, errorMessage: status.kind === 'error' ? status.message : null };
  }
  const tracker = controller.tracker;
  const store = controller.store;
  if (!tracker || !store) return { ...base, status: 'ready', errorMessage: null };
  const recent = await store.listRecent(tracker.workspace.id, RECENT_LIMIT + 1);
  const session = tracker.running;
  const detail = session ? recent.find((s) => s.id === session.id) ?? (await store.getDetail(session.id)) : null;
  const running = session && detail
    ? {
        id: session.id,
        goal: session.goal,
        startedAt: iso(session.startedAt),
        activeMs: tracker.activeMsNow(),
        asOf: iso(now),
        isActive: tracker.isActiveNow(),
        branch: session.gitStart?.branch ?? null,
        files: mergeFiles(detail.files, tracker.pendingFiles()),
        notes: detail.notes.map((note) => ({ text: note.text, at: iso(note.at) })),
      }
    : null;
  const finished = recent.filter((s) => s.id !== session?.id).slice(0, RECENT_LIMIT).map(summarize);
  return { ...base, status: 'ready', errorMessage: null, running, recent: finished };
}
