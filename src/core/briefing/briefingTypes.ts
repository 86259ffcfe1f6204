// A handoff briefing: what the next assistant reads to continue the work.
import type { KnowledgeEntry } from '../knowledge/knowledgeEntry';
import type { RedactionCounts } from '../redaction/redaction';
import type { SessionDetail } from '../sessions/session';
import type { SnapshotDelta } from '../snapshots/snapshotDelta';
import type { EditorContext, GitContext, Unavailable } from '../workContext/workContext';

export type BriefingLevel = 'high' | 'medium' | 'low';
export const BRIEFING_LEVELS: readonly BriefingLevel[] = ['high', 'medium', 'low'];

/** 0: kept at every level; 1: medium and low; 2: low only. */
export type Priority = 0 | 1 | 2;

export type BriefingBudgets = Readonly<Record<BriefingLevel, number>>;
export const DEFAULT_BUDGETS: BriefingBudgets = { high: 300, medium: 1000, low: 3000 };

export const DEFAULT_BRIEFING_HEADER =
  'You are taking over a coding task from another assistant. This briefing says where the work stands. ' +
  'Read it whole, then continue from the latest note; do not redo finished work, and ask if something is unclear.';

/** A chat conversation handed off with the briefing (core/chat/conversationSummary.ts). */
export interface ConversationBrief {
  readonly title: string;
  /** The user's latest message, verbatim; null for a conversation without one. */
  readonly latestAsk: string | null;
  /** The last answer's headings and first paragraph, shortened. */
  readonly answered: readonly string[];
  /** What is still open: an unanswered or cut-off turn, questions asked back, next steps. */
  readonly open: readonly string[];
  /** The conversation's last decision in one line, or null. */
  readonly decision: string | null;
}

export interface BriefingInput {
  readonly workspaceName: string;
  readonly session: SessionDetail | null;
  readonly git: GitContext | null;
  readonly editor: EditorContext | null;
  /** Relevant entries, most relevant first. */
  readonly knowledge: readonly KnowledgeEntry[];
  readonly lastSnapshot: SnapshotDelta | null;
  readonly unavailable: readonly Unavailable[];
  /** What the session spent, in words ("37 credits on GenSpark-02, $0.42 on API calls"); null when nothing is known. */
  readonly creditsSpent: string | null;
  readonly now: number;
  readonly header: string;
  /** A chat conversation this briefing hands off, shown as its own section. */
  readonly conversation?: ConversationBrief | null;
  /** Secrets already redacted from this material, by kind (set by `redactBriefingInput`). */
  readonly redactions?: RedactionCounts;
}

export interface BriefingSection {
  readonly title: string;
  readonly priority: Priority;
  /** Tokens of the section's full content, whether or not it was included. */
  readonly tokens: number;
  readonly included: boolean;
}

export interface Briefing {
  readonly level: BriefingLevel;
  readonly budget: number;
  readonly tokens: number;
  readonly markdown: string;
  readonly sections: readonly BriefingSection[];
  readonly unavailable: readonly Unavailable[];
  /**
   * Secrets redacted from the material, by kind; the markdown says the same in a line kept at
   * every level. Optional only because the briefing history does not store it yet: a briefing
   * read back from there has it in its markdown alone.
   */
  readonly redactions?: RedactionCounts;
}
