// What briefings and snapshots read from, as interfaces: the CLI and the extension plug in
// their own readers (the CLI has no editor), and tests plug in plain data.
import type { KnowledgeEntry } from '../knowledge/knowledgeEntry';
import type { Briefing } from './briefingTypes';
import type { EditorContext, GitContext, Unavailable } from './workContext';

export interface GitContextSource {
  read(sessionStartHead: string | null): Promise<{ git: GitContext | null; unavailable: Unavailable[] }>;
}

export interface EditorContextSource {
  /** Null when there is no editor (the CLI), reported as unavailable. */
  read(): Promise<EditorContext | null>;
}

export interface PatchSource {
  read(maxBytes: number, hasHead: boolean): Promise<{ patch: string; bytes: number; truncated: boolean; diffStat: string } | null>;
}

export interface KnowledgeHints {
  readonly workspaceId: string;
  readonly paths: readonly string[];
  readonly goal: string;
  readonly notes: readonly string[];
}

export interface KnowledgeSource {
  /** Entries relevant to the hints, most relevant first. */
  relevant(hints: KnowledgeHints): Promise<readonly KnowledgeEntry[]>;
}

export interface BriefingRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly sessionId: string | null;
  readonly createdAt: number;
  readonly briefing: Briefing;
}

export interface BriefingHistory {
  save(record: BriefingRecord): Promise<void>;
  latest(workspaceId: string): Promise<BriefingRecord | null>;
}
