// What a briefing asks of the knowledge base: the entries relevant to the work at hand.
import type { KnowledgeEntry } from './knowledgeEntry';

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
