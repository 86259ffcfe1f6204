// Drafts for the knowledge tests: a note in the workspace unless told otherwise.
import type { KnowledgeDraft } from '../../../src/core/knowledge/knowledgeEntry';

export function draft(fields: Partial<KnowledgeDraft> & { title: string }): KnowledgeDraft {
  return { kind: 'note', body: '', tags: [], paths: [], scope: 'workspace', ...fields };
}
