// P1 (medium and low) and P2 (low only): the rest of the context, most useful first. Large
// material is summarised rather than listed: routine commits counted, repeated TODOs and
// warnings said once with their count, knowledge chosen by relevance with its reason, notes a
// later one replaced kept for the low level. Each line carries what it stands for, so the
// composer can say what did not fit.
import { formatDuration } from '../format';
import type { BriefingInput } from './briefingTypes';
import { ago, churn, code, oneLine, plural, thousands } from './briefingText';
import { collapse, times } from './collapse';
import { sessionCommits } from './commitFacts';
import { chooseKnowledge, knowledgeLine } from './knowledgeFacts';
import { type NotePlan, type ClassifiedNote, planNotes } from './noteFacts';
import { type PackItem, counted, item, section } from './packItem';
import type { AddedTodo, CommitInfo, DiagnosticFact } from '../workContext/workContext';

const SESSION = section('session', 'This session', 1);
const COMMITS = section('commits', 'Commits this session', 1);
const KNOWLEDGE = section('knowledge', 'Relevant knowledge', 1);
const TODOS = section('todos', 'TODOs the changes add', 1);
const EDITORS = section('editors', 'Open editors', 1);
const NOTES = section('notes', 'Earlier notes', 1);
const SYMBOLS = section('symbols', 'Changed symbols', 2);
const HISTORY = section('history', 'Earlier history', 2);
const SNAPSHOT = section('snapshot', 'Since the last snapshot', 2);
const SUPERSEDED = section('superseded', 'Superseded notes', 2);
const MORE_KNOWLEDGE = section('more-knowledge', 'Other knowledge', 2);
const WARNINGS = section('warnings', 'Warnings', 2);

const commitLine = (c: CommitInfo, now: number) => `${code(c.hash.slice(0, 8))} ${oneLine(c.subject, 120)} (${c.author}, ${ago(c.at, now)})`;

function sessionFacts(input: BriefingInput): PackItem[] {
  const s = input.session;
  if (!s) return [];
  const credits = input.creditsSpent === null ? '' : `, ${input.creditsSpent} spent`;
  return [
    item(SESSION, `Started ${ago(s.startedAt, input.now)}, ${formatDuration(s.activeMs)} active, ${plural(s.files.length, 'file')} touched${credits}`),
    ...(s.gitStart?.branch && input.git?.branch && s.gitStart.branch !== input.git.branch ? [item(SESSION, `Started on branch ${code(s.gitStart.branch)}`)] : []),
  ];
}

function commitFacts(input: BriefingInput): PackItem[] {
  const { telling, routine } = sessionCommits(input.git?.sessionCommits ?? []);
  const lines = telling.map((c) => counted(item(COMMITS, commitLine(c, input.now)), 'commit'));
  if (routine.length === 0) return lines;
  const examples = [...new Set(routine.map((c) => oneLine(c.subject, 30)))].slice(0, 3).map((s) => `"${s}"`).join(', ');
  return [...lines, counted(item(HISTORY, `${plural(routine.length, 'routine commit')} not listed (${examples}…)`), 'routine commit', routine.length)];
}

function editorFacts(input: BriefingInput): PackItem[] {
  const editor = input.editor;
  if (!editor) return [];
  const active = editor.active;
  const cursor = active ? [item(EDITORS, `Cursor in ${code(`${active.path}:${active.line}:${active.column}`)}${active.selection ? `, selected: ${code(oneLine(active.selection, 120))}` : ''}`)] : [];
  const unsaved = new Set(editor.unsaved);
  const others = editor.openEditors.filter((p) => p !== active?.path).map((p) => counted(item(EDITORS, `${code(p)}${unsaved.has(p) ? ' (unsaved)' : ''}`), 'open editor'));
  return [...cursor, ...others];
}

/** Rare TODOs first (a FIXME said once is a finding; the same TODO forty times is boilerplate). */
function todoFacts(todos: readonly AddedTodo[]): PackItem[] {
  const severity = { FIXME: 0, HACK: 1, XXX: 2, TODO: 3 } as const;
  const groups = collapse(todos, (t) => `${t.tag} ${t.text}`).sort(
    (a, b) => severity[(a.members[0] as AddedTodo).tag] - severity[(b.members[0] as AddedTodo).tag] || a.members.length - b.members.length,
  );
  return groups.map(({ members }) => {
    const first = members[0] as AddedTodo;
    const where = members.length > 1 ? `${code(`${first.path}:${first.line}`)} and ${members.length - 1} more` : code(`${first.path}:${first.line}`);
    return counted(item(TODOS, `${first.tag}: ${oneLine(first.text, 160)}${times(members.length)} (${where})`), 'TODO line', members.length);
  });
}

function warningFacts(diagnostics: readonly DiagnosticFact[]): PackItem[] {
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  const kinds = collapse(warnings, (d) => d.message);
  const files = new Set(warnings.map((d) => d.path)).size;
  const total = warnings.length > 1 ? [item(WARNINGS, `${thousands(warnings.length)} warnings in ${plural(files, 'file')}, ${plural(kinds.length, 'distinct message')}`)] : [];
  return [...total, ...kinds
    .sort((a, b) => a.members.length - b.members.length)
    .map(({ members }) => {
      const first = members[0] as DiagnosticFact;
      const files = new Set(members.map((d) => d.path)).size;
      const where = members.length > 1 ? `, first ${code(`${first.path}:${first.line}`)}${files > 1 ? `, in ${plural(files, 'file')}` : ''}` : '';
      return counted(item(WARNINGS, `${members.length > 1 ? '' : `${code(`${first.path}:${first.line}`)} `}${oneLine(first.message, 120)}${times(members.length)}${where}`), 'warning', members.length);
    })];
}

function noteFacts(plan: NotePlan, now: number): PackItem[] {
  const line = ({ note, supersededBy, similar }: ClassifiedNote) =>
    `${ago(note.at, now)}: ${oneLine(note.text, 400)}${similar > 0 ? ` (and ${plural(similar, 'earlier note')} like it)` : ''}${supersededBy ? ` (superseded by the note of ${ago(supersededBy.at, now)})` : ''}`;
  return [
    ...plan.current.map((n) => counted(item(NOTES, line(n)), 'earlier note', n.similar + 1)),
    ...plan.superseded.map((n) => counted(item(SUPERSEDED, line(n)), 'superseded note', n.similar + 1)),
  ];
}

function knowledgeFacts(input: BriefingInput, plan: NotePlan): PackItem[] {
  const paths = (input.git?.changes ?? []).map((c) => c.path);
  const { strong, weak } = chooseKnowledge(input.knowledge, paths, `${input.session?.goal ?? ''}\n${plan.currentText}`);
  return [
    ...strong.map((k) => counted(item(KNOWLEDGE, knowledgeLine(k)), 'knowledge entry')),
    ...weak.map((k) => counted(item(MORE_KNOWLEDGE, knowledgeLine(k)), 'knowledge entry')),
  ];
}

export function detailFacts(input: BriefingInput): PackItem[] {
  const git = input.git;
  const plan = planNotes(input.session?.notes ?? []);
  const symbols = (git?.changes ?? []).filter((c) => c.hunkHeaders.length > 0);
  return [
    ...sessionFacts(input),
    ...commitFacts(input),
    ...knowledgeFacts(input, plan),
    ...todoFacts(git?.addedTodos ?? []),
    ...editorFacts(input),
    ...noteFacts(plan, input.now),
    ...symbols.map((c) => item(SYMBOLS, `${code(c.path)} (${churn(c.insertions, c.deletions)}): ${c.hunkHeaders.slice(0, 8).map((h) => code(oneLine(h, 80))).join(', ')}`)),
    ...(git?.recentCommits ?? []).map((c) => counted(item(HISTORY, commitLine(c, input.now)), 'earlier commit')),
    ...snapshotFacts(input),
    ...warningFacts(input.editor?.diagnostics ?? []),
  ];
}

function snapshotFacts(input: BriefingInput): PackItem[] {
  const snap = input.lastSnapshot;
  if (!snap) return [];
  const title = `${snap.label ? `"${oneLine(snap.label, 60)}", ` : ''}${ago(snap.takenAt, input.now)}`;
  return [
    item(SNAPSHOT, `Last snapshot ${title}${snap.headMoved ? '; HEAD has moved since' : ''}`),
    ...(snap.newlyChanged.length ? [item(SNAPSHOT, `Changed since: ${snap.newlyChanged.slice(0, 20).map(code).join(', ')}`)] : []),
    ...(snap.noLongerChanged.length ? [item(SNAPSHOT, `Committed or reverted since: ${snap.noLongerChanged.slice(0, 20).map(code).join(', ')}`)] : []),
  ];
}
