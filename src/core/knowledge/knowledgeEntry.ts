// The knowledge base: what was learned while working, kept for the next session and the next
// assistant. Workspace entries belong to one workspace; global ones show up everywhere.

export const KNOWLEDGE_KINDS = ['pattern', 'solution', 'decision', 'gotcha', 'note'] as const;
export type KnowledgeKind = (typeof KNOWLEDGE_KINDS)[number];

export interface KnowledgeEntry {
  readonly id: string;
  /** Null for a global entry. */
  readonly workspaceId: string | null;
  readonly kind: KnowledgeKind;
  readonly title: string;
  /** Markdown. Rendered sanitized; never executed. */
  readonly body: string;
  readonly tags: readonly string[];
  /** Workspace-relative paths the entry is about. */
  readonly paths: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface KnowledgeDraft {
  readonly kind: KnowledgeKind;
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly paths: readonly string[];
  readonly scope: 'workspace' | 'global';
}

export interface KnowledgeSearchHit {
  readonly entry: KnowledgeEntry;
  /** Higher is more relevant. */
  readonly score: number;
}

export function isKnowledgeKind(value: string): value is KnowledgeKind {
  return (KNOWLEDGE_KINDS as readonly string[]).includes(value);
}

/** The fields an edit may change; the ones left out keep their value. */
export type KnowledgePatch = Partial<KnowledgeDraft>;
