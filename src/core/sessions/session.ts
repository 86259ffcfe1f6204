// The session model: one coding session in one workspace.

export interface WorkspaceRef {
  /** Stable id derived from the workspace folder (see context/workspaceIdentity). */
  readonly id: string;
  readonly name: string;
  /** The folder (or workspace file) the id was derived from, for display and export. */
  readonly location: string;
}

export interface GitHead {
  /** Branch name, or null for a detached HEAD. */
  readonly branch: string | null;
  /** Full commit hash, or null in a repository without commits. */
  readonly head: string | null;
}

export interface SessionNote {
  readonly id: string;
  readonly sessionId: string;
  readonly text: string;
  readonly at: number;
}

export interface FileActivity {
  readonly path: string;
  readonly edits: number;
  readonly saves: number;
  readonly lastAt: number;
}

export interface Session {
  readonly id: string;
  readonly workspaceId: string;
  readonly goal: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly lastActivityAt: number;
  readonly activeMs: number;
  readonly gitStart: GitHead | null;
  readonly gitEnd: GitHead | null;
  readonly summary: string | null;
}

export interface SessionDetail extends Session {
  readonly notes: readonly SessionNote[];
  readonly files: readonly FileActivity[];
}

export interface SessionSettings {
  readonly idleMs: number;
  /** 0 disables ending a session automatically. */
  readonly autoEndMs: number;
  readonly autoStart: boolean;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  idleMs: 5 * 60_000,
  autoEndMs: 30 * 60_000,
  autoStart: false,
};
