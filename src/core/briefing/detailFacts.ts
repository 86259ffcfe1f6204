// P1 (medium and low) and P2 (low only): the rest of the context, most useful first.
import { formatDuration } from '../format';
import type { KnowledgeEntry } from '../knowledge/knowledgeEntry';
import type { BriefingInput } from './briefingTypes';
import { ago, churn, code, oneLine, plural } from './briefingText';
import { type PackItem, item, section } from './packItem';
import type { CommitInfo } from '../workContext/workContext';

const SESSION = section('session', 'This session', 1);
const COMMITS = section('commits', 'Commits this session', 1);
const DECISIONS = section('decisions', 'Decisions and gotchas', 1);
const TODOS = section('todos', 'TODOs the changes add', 1);
const EDITORS = section('editors', 'Open editors', 1);
const NOTES = section('notes', 'Session notes', 1);
const SYMBOLS = section('symbols', 'Changed symbols', 2);
const HISTORY = section('history', 'Earlier history', 2);
const SNAPSHOT = section('snapshot', 'Since the last snapshot', 2);
const KNOWLEDGE = section('knowledge', 'Other knowledge', 2);
const WARNINGS = section('warnings', 'Warnings', 2);

const commitLine = (c: CommitInfo, now: number) => `${code(c.hash.slice(0, 8))} ${oneLine(c.subject, 120)} (${c.author}, ${ago(c.at, now)})`;
// Code fences would turn the one-line summary into a broken inline code span.
const bodySummary = (body: string) => oneLine(body.replace(/^\s*(```|~~~).*$/gm, ''), 240);
const knowledgeLine = (k: KnowledgeEntry) =>
  `**${k.kind[0]?.toUpperCase()}${k.kind.slice(1)}:** ${oneLine(k.title, 120)}${bodySummary(k.body) ? ` — ${bodySummary(k.body)}` : ''}${k.paths.length ? ` (${k.paths.slice(0, 3).map(code).join(', ')})` : ''}`;

function sessionFacts(input: BriefingInput): PackItem[] {
  const s = input.session;
  if (!s) return [];
  const credits = input.creditsSpent === null ? '' : `, ${input.creditsSpent} spent`;
  return [
    item(SESSION, `Started ${ago(s.startedAt, input.now)}, ${formatDuration(s.activeMs)} active, ${plural(s.files.length, 'file')} touched${credits}`),
    ...(s.gitStart?.branch && input.git?.branch && s.gitStart.branch !== input.git.branch ? [item(SESSION, `Started on branch ${code(s.gitStart.branch)}`)] : []),
  ];
}

function editorFacts(input: BriefingInput): PackItem[] {
  const editor = input.editor;
  if (!editor) return [];
  const active = editor.active;
  const cursor = active ? [item(EDITORS, `Cursor in ${code(`${active.path}:${active.line}:${active.column}`)}${active.selection ? `, selected: ${code(oneLine(active.selection, 120))}` : ''}`)] : [];
  const unsaved = new Set(editor.unsaved);
  const others = editor.openEditors.filter((p) => p !== active?.path).map((p) => item(EDITORS, `${code(p)}${unsaved.has(p) ? ' (unsaved)' : ''}`));
  return [...cursor, ...others];
}

export function detailFacts(input: BriefingInput): PackItem[] {
  const git = input.git;
  const knowledge = input.knowledge;
  const weighty = knowledge.filter((k) => k.kind === 'decision' || k.kind === 'gotcha');
  const rest = knowledge.filter((k) => k.kind !== 'decision' && k.kind !== 'gotcha');
  // The latest note is already a P0 line; the rest follow, newest first.
  const notes = [...(input.session?.notes ?? [])].reverse().slice(1);
  return [
    ...sessionFacts(input),
    ...(git?.sessionCommits ?? []).map((c) => item(COMMITS, commitLine(c, input.now))),
    ...weighty.map((k) => item(DECISIONS, knowledgeLine(k))),
    ...(git?.addedTodos ?? []).map((t) => item(TODOS, `${code(`${t.path}:${t.line}`)} ${t.tag}: ${oneLine(t.text, 160)}`)),
    ...editorFacts(input),
    ...notes.map((n) => item(NOTES, `${ago(n.at, input.now)}: ${oneLine(n.text, 400)}`)),
    ...(git?.changes ?? []).filter((c) => c.hunkHeaders.length > 0).map((c) => item(SYMBOLS, `${code(c.path)} (${churn(c.insertions, c.deletions)}): ${c.hunkHeaders.slice(0, 8).map((h) => code(oneLine(h, 80))).join(', ')}`)),
    ...(git?.recentCommits ?? []).map((c) => item(HISTORY, commitLine(c, input.now))),
    ...snapshotFacts(input),
    ...rest.map((k) => item(KNOWLEDGE, knowledgeLine(k))),
    ...(input.editor?.diagnostics ?? []).filter((d) => d.severity === 'warning').map((d) => item(WARNINGS, `${code(`${d.path}:${d.line}`)} ${oneLine(d.message, 120)}`)),
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
