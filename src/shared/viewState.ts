// The state the host posts to the sidebar webview. Plain data only: no ids of secrets,
// no API keys, nothing the webview could not show to the user.

export interface FileActivityView {
  readonly path: string; // workspace-relative when inside the workspace
  readonly edits: number;
  readonly saves: number;
}

export interface NoteView {
  readonly text: string;
  readonly at: string; // ISO 8601
}

/** How a session that handed off used its account, judged against `baton.credits.targetBand`. */
export interface HandoffView {
  /** The share of the account's limit used when it handed off, in whole percent (may exceed 100). */
  readonly percent: number;
  readonly verdict: 'early' | 'in-band' | 'late';
  /** One line of advice for the next handoff. */
  readonly recommendation: string;
}

/** What a session spent and on which account. */
export interface SessionCreditsView {
  /** "37 credits on GenSpark-02, $0.42 on API calls"; null when it spent nothing Baton knows of. */
  readonly spent: string | null;
  /** The name of the account the session ran on; null when none, or when it was removed since. */
  readonly account: string | null;
  /** Null unless the session handed off to another account. */
  readonly handoff: HandoffView | null;
}

export interface RunningSessionView {
  readonly id: string;
  readonly goal: string;
  readonly startedAt: string; // ISO 8601
  /** Active time counted up to `asOf`. */
  readonly activeMs: number;
  /** When `activeMs` was measured (ISO 8601); the webview may tick from here while `isActive`. */
  readonly asOf: string;
  /** True while the user has been active within the idle window, so the clock runs. */
  readonly isActive: boolean;
  readonly branch: string | null;
  readonly files: readonly FileActivityView[];
  readonly notes: readonly NoteView[];
  /** Null when it could not be read. */
  readonly credits: SessionCreditsView | null;
}

export interface SessionSummaryView {
  readonly id: string;
  readonly goal: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly activeMs: number;
  readonly fileCount: number;
  readonly noteCount: number;
  readonly summary: string | null;
  /** Null when it could not be read. */
  readonly credits: SessionCreditsView | null;
}

export type KnowledgeKindView = 'pattern' | 'solution' | 'decision' | 'gotcha' | 'note';

export interface KnowledgeView {
  readonly id: string;
  readonly kind: KnowledgeKindView;
  readonly title: string;
  /** Markdown source; the webview renders it sanitized, without remote images. */
  readonly body: string;
  readonly tags: readonly string[];
  readonly paths: readonly string[];
  readonly scope: 'workspace' | 'global';
  readonly updatedAt: string;
}

export interface SnapshotView {
  readonly id: string;
  readonly label: string;
  readonly reason: 'manual' | 'session-end' | 'handoff';
  readonly takenAt: string;
  readonly branch: string | null;
  readonly fileCount: number;
  readonly patchTruncated: boolean;
}

export interface BriefingView {
  readonly level: 'high' | 'medium' | 'low';
  readonly tokens: number;
  readonly budget: number;
  readonly createdAt: string;
  /** The briefing's markdown (as copied to the clipboard). */
  readonly markdown: string;
  /** Sources the briefing could not read. */
  readonly unavailable: readonly string[];
}

/** The sidebar's compact costs card; it opens the costs panel. Money in nano-dollars. */
export interface CostsSummaryView {
  readonly todayNanos: number;
  readonly monthNanos: number;
  /** The monthly budget (router spend), when one is set. */
  readonly budget: { readonly limitNanos: number; readonly leftNanos: number } | null;
  /** The current account and what it used in its window, e.g. "37 / 100 credits". */
  readonly account: { readonly name: string; readonly used: string } | null;
}

export interface ViewState {
  /** 'loading' until the database is open; 'error' carries a message the user can act on. */
  readonly status: 'loading' | 'ready' | 'error';
  readonly errorMessage: string | null;
  readonly workspaceName: string | null; // null when no folder is open
  readonly running: RunningSessionView | null;
  readonly recent: readonly SessionSummaryView[];
  /** Newest first. */
  readonly snapshots: readonly SnapshotView[];
  /** Workspace and global entries, most recently updated first. */
  readonly knowledge: readonly KnowledgeView[];
  readonly lastBriefing: BriefingView | null;
  /** Null until the database is open, and when nothing was spent and no account exists. */
  readonly costs: CostsSummaryView | null;
}

export const EMPTY_VIEW_STATE: ViewState = {
  status: 'loading',
  errorMessage: null,
  workspaceName: null,
  running: null,
  recent: [],
  snapshots: [],
  knowledge: [],
  lastBriefing: null,
  costs: null,
};
