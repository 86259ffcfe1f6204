// Builds the sidebar's ViewState from the services. Views never query the database.
import type { BriefingRecord } from '../../core/briefing/briefingPorts';
import type { KnowledgeEntry } from '../../core/knowledge/knowledgeEntry';
import type { FileActivity, SessionDetail } from '../../core/sessions/session';
import type { SnapshotSummary } from '../../core/snapshots/snapshot';
import type { BriefingView, FileActivityView, KnowledgeView, SessionSummaryView, SnapshotView, ViewState } from '../../shared/viewState';
import type { RuntimeState } from '../batonRuntime';

const RECENT_LIMIT = 10;
const SNAPSHOT_LIMIT = 20;
const KNOWLEDGE_LIMIT = 50;
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

function snapshotView(s: SnapshotSummary): SnapshotView {
  return { id: s.id, label: s.label, reason: s.reason, takenAt: iso(s.takenAt), branch: s.branch, fileCount: s.changedFiles.length, patchTruncated: s.patchTruncated };
}

function knowledgeView(k: KnowledgeEntry): KnowledgeView {
  return { id: k.id, kind: k.kind, title: k.title, body: k.body, tags: k.tags, paths: k.paths, scope: k.workspaceId === null ? 'global' : 'workspace', updatedAt: iso(k.updatedAt) };
}

function briefingView(record: BriefingRecord | null): BriefingView | null {
  if (!record) return null;
  const { level, tokens, budget, markdown, unavailable } = record.briefing;
  return { level, tokens, budget, markdown, createdAt: iso(record.createdAt), unavailable: unavailable.map((u) => u.source) };
}

export async function buildViewState(runtime: RuntimeState, now: number = Date.now()): Promise<ViewState> {
  const base = { workspaceName: runtime.workspace?.name ?? null, running: null, recent: [], snapshots: [], knowledge: [], lastBriefing: null };
  const status = runtime.status;
  if (status.kind !== 'ready') {
    return { ...base, status: status.kind, errorMessage: status.kind === 'error' ? status.message : null };
  }
  const services = runtime.current;
  const work = services?.work;
  if (!services || !work) return { ...base, status: 'ready', errorMessage: null };
  const { tracker, sessions: store } = work;
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
  const workspaceId = tracker.workspace.id;
  const [snapshots, knowledge, lastBriefing] = await Promise.all([
    work.snapshotHistory.list(workspaceId, SNAPSHOT_LIMIT),
    services.knowledge.list(workspaceId, KNOWLEDGE_LIMIT),
    work.briefingHistory.latest(workspaceId),
  ]);
  return {
    ...base,
    status: 'ready',
    errorMessage: null,
    running,
    recent: finished,
    snapshots: snapshots.map(snapshotView),
    knowledge: knowledge.map(knowledgeView),
    lastBriefing: briefingView(lastBriefing),
  };
}
