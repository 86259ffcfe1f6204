// What the briefing is composed from: plain data gathered by the readers in context/ (git,
// files) and host/ (editor). Anything a reader could not see is listed in `unavailable`
// instead of failing, so that the briefing can say so.

export interface Unavailable {
  /** e.g. 'git', 'git.upstream', 'git.history', 'editor', 'diagnostics'. */
  readonly source: string;
  readonly reason: string;
}

export type ChangeStatus = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied' | 'typechange' | 'untracked' | 'conflicted';

export interface ChangedFile {
  readonly path: string;
  /** For renames and copies. */
  readonly oldPath?: string;
  readonly status: ChangeStatus;
  readonly staged: boolean;
  readonly unstaged: boolean;
  /** Null for binary files and when the diff could not be read. */
  readonly insertions: number | null;
  readonly deletions: number | null;
  readonly binary: boolean;
  /** Hunk headers of the uncommitted diff: the enclosing function or class git names, in order. */
  readonly hunkHeaders: readonly string[];
}

export interface CommitInfo {
  readonly hash: string;
  readonly subject: string;
  readonly author: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

export type TodoTag = 'TODO' | 'FIXME' | 'HACK' | 'XXX';

export interface AddedTodo {
  readonly path: string;
  /** Line number in the new version of the file. */
  readonly line: number;
  readonly tag: TodoTag;
  readonly text: string;
}

export type GitOperation = 'merge' | 'rebase' | 'cherry-pick' | 'revert' | 'bisect';

export interface GitContext {
  /** Null on a detached HEAD. */
  readonly branch: string | null;
  /** Full hash of HEAD; null in a repository without commits. */
  readonly head: string | null;
  readonly upstream: string | null;
  readonly ahead: number | null;
  readonly behind: number | null;
  readonly operation: GitOperation | null;
  readonly conflicted: readonly string[];
  readonly changes: readonly ChangedFile[];
  readonly totals: { readonly files: number; readonly insertions: number; readonly deletions: number };
  /** Commits since the session's start HEAD, newest first (empty without a session). */
  readonly sessionCommits: readonly CommitInfo[];
  /** Recent history before those, newest first. */
  readonly recentCommits: readonly CommitInfo[];
  readonly stashCount: number;
  readonly shallow: boolean;
  readonly addedTodos: readonly AddedTodo[];
}

export interface CursorPosition {
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  /** The selected text, capped, when there is a selection. */
  readonly selection: string | null;
}

export type DiagnosticSeverity = 'error' | 'warning';

export interface DiagnosticFact {
  readonly path: string;
  readonly line: number;
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  readonly source: string | null;
}

export interface EditorContext {
  readonly active: CursorPosition | null;
  readonly openEditors: readonly string[];
  readonly unsaved: readonly string[];
  readonly diagnostics: readonly DiagnosticFact[];
}
