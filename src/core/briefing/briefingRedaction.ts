// The briefing's material through the redaction choke point, before anything is composed: a
// secret is replaced by its marker before lines are shortened (a cut secret would no longer
// be recognised) and before tokens are counted (so the budget holds for what is sent). Every
// free text the briefing may quote passes: notes, goal, summary, knowledge, commit subjects,
// TODO lines, hunk headers, diagnostics, the selection, reasons, labels. Lines taken from the
// content of a file that is a secret by name (`.env`) are dropped whole; its name stays.
import { type RedactionCounts, SecretRedactor, isSecretFileName, mergeCounts } from '../redaction/redaction';
import type { KnowledgeEntry } from '../knowledge/knowledgeEntry';
import type { SessionDetail } from '../sessions/session';
import type { CommitInfo, EditorContext, GitContext } from '../workContext/workContext';
import type { BriefingInput, ConversationBrief } from './briefingTypes';

type Redact = (text: string) => string;

function redactSession(session: SessionDetail, redact: Redact): SessionDetail {
  return {
    ...session,
    goal: redact(session.goal),
    summary: session.summary === null ? null : redact(session.summary),
    notes: session.notes.map((note) => ({ ...note, text: redact(note.text) })),
  };
}

const redactCommit = (commit: CommitInfo, redact: Redact): CommitInfo => ({ ...commit, subject: redact(commit.subject), author: redact(commit.author) });

function redactGit(git: GitContext, redact: Redact): GitContext {
  return {
    ...git,
    changes: git.changes.map((change) => ({ ...change, hunkHeaders: isSecretFileName(change.path) ? [] : change.hunkHeaders.map(redact) })),
    sessionCommits: git.sessionCommits.map((c) => redactCommit(c, redact)),
    recentCommits: git.recentCommits.map((c) => redactCommit(c, redact)),
    addedTodos: git.addedTodos.filter((todo) => !isSecretFileName(todo.path)).map((todo) => ({ ...todo, text: redact(todo.text) })),
  };
}

function redactEditor(editor: EditorContext, redact: Redact): EditorContext {
  const active = editor.active;
  const selection = active?.selection ?? null;
  return {
    ...editor,
    active: active && { ...active, selection: selection === null || isSecretFileName(active.path) ? null : redact(selection) },
    diagnostics: editor.diagnostics.map((d) => ({ ...d, message: redact(d.message), source: d.source === null ? null : redact(d.source) })),
  };
}

const redactKnowledge = (entry: KnowledgeEntry, redact: Redact): KnowledgeEntry => ({
  ...entry,
  title: redact(entry.title),
  body: redact(entry.body),
  tags: entry.tags.map(redact),
});

function redactConversation(brief: ConversationBrief, redact: Redact): ConversationBrief {
  return {
    title: redact(brief.title),
    latestAsk: brief.latestAsk === null ? null : redact(brief.latestAsk),
    answered: brief.answered.map(redact),
    open: brief.open.map(redact),
    decision: brief.decision === null ? null : redact(brief.decision),
  };
}

/**
 * The input with every secret replaced by `[redacted: <kind>]`, and the counts by kind added
 * to those it already had. Idempotent: a second pass finds nothing more and adds nothing.
 */
export function redactBriefingInput(input: BriefingInput): BriefingInput & { readonly redactions: RedactionCounts } {
  const redactor = new SecretRedactor();
  const redact = redactor.redact;
  const redacted: BriefingInput = {
    ...input,
    workspaceName: redact(input.workspaceName),
    header: redact(input.header),
    session: input.session && redactSession(input.session, redact),
    git: input.git && redactGit(input.git, redact),
    editor: input.editor && redactEditor(input.editor, redact),
    knowledge: input.knowledge.map((entry) => redactKnowledge(entry, redact)),
    lastSnapshot: input.lastSnapshot && { ...input.lastSnapshot, label: redact(input.lastSnapshot.label) },
    unavailable: input.unavailable.map((u) => ({ ...u, reason: redact(u.reason) })),
    conversation: input.conversation ? redactConversation(input.conversation, redact) : null,
  };
  return { ...redacted, redactions: mergeCounts(input.redactions ?? {}, redactor.counts()) };
}
