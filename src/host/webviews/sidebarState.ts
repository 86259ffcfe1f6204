// Builds the sidebar's ViewState from the services. Views never query the database.
import type { AccountRepository } from '../../core/accounts/accountPorts';
import type { TargetBand } from '../../core/accounts/handoffEfficiency';
import { sessionCreditsView } from '../../core/accounts/sessionCreditsView';
import type { BriefingRecord } from '../../core/briefing/briefingPorts';
import type { KnowledgeEntry } from '../../core/knowledge/knowledgeEntry';
import type { FileActivity, SessionDetail } from '../../core/sessions/session';
import type { SnapshotSummary } from '../../core/snapshots/snapshot';
import type { BriefingView, FileActivityView, KnowledgeView, SessionCreditsView, SessionSummaryView, SnapshotView, ViewState } from '../../shared/viewState';
import type { RuntimeState } from '../batonRuntime';
import type { Log } from '../log';

/** What the state needs besides the services: the `baton.credits.targetBand` setting and the log. */
export interface SidebarStateOptions {
  readonly targetBand: TargetBand;
  readonly log: Pick<Log, 'error'>;
}

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

/**
 * The credits of each shown session, by id. One that cannot be read is left out (shown as null)
 * and logged once per build: the rest of the sidebar still shows.
 */
async function creditsOf(
  store: Pick<AccountRepository, 'list' | 'sessionSpend'>,
  sessionIds: readonly string[],
  options: SidebarStateOptions,
): Promise<ReadonlyMap<string, SessionCreditsView>> {
  const credits = new Map<string, SessionCreditsView>();
  if (sessionIds.length === 0) return credits;
  const failures: unknown[] = [];
  try {
    const accounts = await store.list();
    await Promise.all(sessionIds.map(async (id) => {
      try {
        credits.set(id, sessionCreditsView(await store.sessionSpend(id), accounts, options.targetBand));
      } catch (error) {
        failures.push(error);
      }
    }));
  } catch (error) {
    failures.push(error);
  }
  if (failures.length > 0) options.log.error(`Could not read the credits of ${failures.length === 1 ? 'a session' : 'the sessions'} for the sidebar`, failures[0]);
  return credits;
}

function summarize(session: SessionDetail, credits: SessionCreditsView | null): SessionSummaryView {
  return {
    id: session.id,
    goal: session.goal,
    startedAt: iso(session.startedAt),
    endedAt: session.endedAt === null ? null : iso(session.endedAt),
    activeMs: session.activeMs,
    fileCount: session.files.length,
    noteCount: session.notes.length,
    summary: session.summary,
    credits,
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

export async function buildViewState(runtime: RuntimeState, options: SidebarStateOptions, now: number = Date.now()): Promise<ViewState> {
  const base = { workspaceName: runtime.workspace?.name ?? null, running: null, recent: [], snapshots: [], knowledge: [], lastBriefing: null, costs: null };
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
  // Measured before the reads below, so `activeMs` is as of `now`.
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
  const finished = recent.filter((s) => s.id !== session?.id).slice(0, RECENT_LIMIT);
  const workspaceId = tracker.workspace.id;
  const [snapshots, knowledge, lastBriefing, credits, costs] = await Promise.all([
    work.snapshotHistory.list(workspaceId, SNAPSHOT_LIMIT),
    services.knowledge.list(workspaceId, KNOWLEDGE_LIMIT),
    work.briefingHistory.latest(workspaceId),
    creditsOf(services.accountStore, [...(running ? [running.id] : []), ...finished.map((s) => s.id)], options),
    services.costSummary().catch((error: unknown) => {
      options.log.error('Could not read the costs for the sidebar', error);
      return null;
    }),
  ]);
  const creditsFor = (id: string) => credits.get(id) ?? null;
  return {
    ...base,
    status: 'ready',
    errorMessage: null,
    running: running && { ...running, credits: creditsFor(running.id) },
    recent: finished.map((s) => summarize(s, creditsFor(s.id))),
    snapshots: snapshots.map(snapshotView),
    knowledge: knowledge.map(knowledgeView),
    lastBriefing: briefingView(lastBriefing),
    costs,
  };
}
