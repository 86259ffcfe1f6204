// P0: what the next assistant must know at every level, in the order it reads best: the goal
// and the latest note (the next step) verbatim when the budget allows, the branch and any
// operation in progress, conflicts, what is broken (errors by file, first message each), the
// changed files (grouped by folder and counted when they do not fit one by one), what Baton
// could not see, and how many secrets it redacted (so that a marker in the text reads as
// deliberate, and the reader knows to ask for a value rather than guess it). Each fact has
// shorter variants; the packer gives each the richest that fits, in this order.
import { redactionBreakdown, totalRedactions } from '../redaction/redaction';
import type { BriefingInput } from './briefingTypes';
import { ago, churn, code, oneLine, plural, thousands } from './briefingText';
import { type PackItem, item, section } from './packItem';
import type { ChangedFile, DiagnosticFact, GitContext } from '../workContext/workContext';
import { type Collapsed, collapse, times } from './collapse';
import { keySentences } from './keySentences';
import { type FolderGroup, TOP_LEVEL, fileChurn, groupByFolder, groupLabel } from './changeGroups';

const GOAL = section('goal', 'Goal', 0);
const BRANCH = section('branch', 'Branch', 0);
const CONFLICTS = section('conflicts', 'Conflicts', 0);
const CHANGES = section('changes', 'Changed files', 0);
const LATEST_NOTE = section('latest-note', 'Latest note', 0);
const ERRORS = section('errors', 'Errors', 0);
const UNAVAILABLE = section('unavailable', 'Not available', 0);
const REDACTED = section('redacted', 'Redacted', 0);

function goalItem(input: BriefingInput): PackItem {
  const goal = input.session?.goal.trim();
  const text = goal ? goal : input.session ? '(no goal was set for this session)' : '(no session is running; no goal recorded)';
  // Shorter goals keep the first and the constraining sentences where they can, else the start.
  const shortened = (max: number) => keySentences(text, max) ?? oneLine(text, max);
  return item(GOAL, ...[oneLine(text, 4_000), shortened(600), shortened(400), shortened(240)].map((goal) => `**Goal:** ${goal}`));
}

function branchItem(git: GitContext): PackItem {
  const where = git.branch ? `${code(git.branch)}` : `detached HEAD at ${code(git.head?.slice(0, 12) ?? 'unborn')}`;
  const upstream = git.upstream ? ` (${git.ahead ?? '?'} ahead, ${git.behind ?? '?'} behind ${code(git.upstream)})` : '';
  const operation = `${git.operation ? ` · **${git.operation} in progress**` : ''}${git.head === null ? ' · no commits yet (nothing is committed)' : ''}`;
  const head = git.head && git.branch ? ` at ${code(git.head.slice(0, 12))}` : '';
  return item(BRANCH, `**Branch:** ${where}${head}${upstream}${operation}`, `**Branch:** ${where}${operation}`);
}

function conflictItem(git: GitContext): PackItem | null {
  if (git.conflicted.length === 0) return null;
  // Every file to resolve, even at the least: a conflict left unnamed is a conflict left in.
  const named = (n: number) => `${git.conflicted.slice(0, n).map(code).join(', ')}${git.conflicted.length > n ? `, and ${git.conflicted.length - n} more` : ''}`;
  return item(CONFLICTS, `**Conflicts (${git.conflicted.length}):** ${named(50)}`, `**Conflicts (${git.conflicted.length}):** ${named(10)}`, `**Conflicts (${git.conflicted.length}):** ${named(5)}`);
}

const byChurn = (a: ChangedFile, b: ChangedFile) => fileChurn(b) - fileChurn(a) || a.path.localeCompare(b.path);

function describeChange(file: ChangedFile): string {
  const tag = file.status === 'modified' ? '' : ` ${file.status}${file.oldPath ? ` from ${code(file.oldPath)}` : ''}`;
  return `${code(file.path)} (${churn(file.insertions, file.deletions)}${tag})`;
}

/** Folder by folder, each with its busiest files: `files` per folder, `folders` at most. */
function byFolder(groups: readonly FolderGroup[], files: number, folders: number): string {
  const shown = groups.slice(0, folders).map((g) => {
    const listed = files > 0 ? `: ${g.files.slice(0, files).map(describeChange).join(', ')}${g.files.length > files ? ', …' : ''}` : '';
    return `${groupLabel(g)}${listed}`;
  });
  const rest = groups.length - folders;
  return `${shown.join('; ')}${rest > 0 ? `; and ${plural(rest, 'more folder')} with ${plural(groups.slice(folders).reduce((n, g) => n + g.files.length, 0), 'file')}` : ''}`;
}

function changesItem(git: GitContext): PackItem {
  const { files, insertions, deletions } = git.totals;
  if (git.changes.length === 0) return item(CHANGES, '**Changed files:** none (the working tree is clean)');
  const label = `**Changed files (${files}, +${thousands(insertions)} −${thousands(deletions)}):**`;
  const groups = groupByFolder(git.changes);
  const summary = groups.length > 1 && git.changes.length > 12 ? `by folder ${groups.map(groupLabel).join(', ')}: ` : '';
  const all = `${label} ${summary}${[...git.changes].sort((a, b) => a.path.localeCompare(b.path)).map(describeChange).join(', ')}`;
  if (groups.length < 2 || git.changes.length <= 12) {
    const ranked = [...git.changes].sort(byChurn);
    const where = groups.length === 1 && git.changes.length > 1 && groups[0]?.folder !== TOP_LEVEL ? ` all in ${code(groups[0]?.folder ?? '')}` : '';
    const top = (n: number) => `${label} ${plural(files, 'file')}${where}; most changed: ${ranked.slice(0, n).map(describeChange).join(', ')}`;
    return item(CHANGES, all, ...[10, 5, 3, 1].filter((n) => n < git.changes.length).map(top));
  }
  const grouped = `**${plural(files, 'file')} changed in ${plural(groups.length, 'folder')} (+${thousands(insertions)} −${thousands(deletions)}):**`;
  const variants = [[5, groups.length], [3, groups.length], [1, groups.length], [0, groups.length], [0, 5], [0, 3], [0, 1]] as const;
  return item(CHANGES, all, ...variants.map(([perFolder, folders]) => `${grouped} ${byFolder(groups, perFolder, folders)}`));
}

function latestNoteItem(input: BriefingInput): PackItem | null {
  const latest = input.session?.notes.at(-1);
  if (!latest) return null;
  const when = ago(latest.at, input.now);
  return item(LATEST_NOTE, ...[4_000, 800, 400, 200].map((max) => `**Latest note** (${when}): ${keySentences(latest.text, max) ?? oneLine(latest.text, max)}`));
}

/** "`src/api.ts:42` Property 'id' does not exist… (ts) ×3; and 19 more errors in this file" */
function fileErrors(errors: readonly DiagnosticFact[], messages: number): string {
  const distinct = collapse(errors, (d) => d.message).slice(0, messages);
  const shown = distinct.map(({ members }) => {
    const first = members[0] as DiagnosticFact;
    return `${code(`${first.path}:${first.line}`)} ${oneLine(first.message, 120)}${first.source ? ` (${first.source})` : ''}${times(members.length)}`;
  });
  const listed = distinct.reduce((n, group) => n + group.members.length, 0);
  return `${shown.join('; ')}${errors.length > listed ? `; and ${plural(errors.length - listed, 'more error')} in this file` : ''}`;
}

/** Errors in files git has conflicted: the conflict markers, said once beside the conflicts. */
function conflictedErrors(files: readonly Collapsed<DiagnosticFact>[]): string {
  const count = files.reduce((n, f) => n + f.members.length, 0);
  const first = files[0]?.members[0] as DiagnosticFact;
  return `${count} in the ${plural(files.length, 'conflicted file')}, first ${code(`${first.path}:${first.line}`)} ${oneLine(first.message, 120)}`;
}

/** What is broken, file by file, the file with the most errors first: every file named even at the least. */
function errorsItem(input: BriefingInput, git: GitContext | null): PackItem | null {
  const errors = (input.editor?.diagnostics ?? []).filter((d) => d.severity === 'error');
  if (errors.length === 0) return null;
  const conflicted = new Set(git?.conflicted ?? []);
  const all = collapse(errors, (d) => d.path).sort((a, b) => b.members.length - a.members.length);
  const inConflicts = all.filter((f) => conflicted.has((f.members[0] as DiagnosticFact).path));
  const files = all.filter((f) => !inConflicts.includes(f));
  const label = `**Errors (${errors.length}${all.length > 1 ? ` in ${plural(all.length, 'file')}` : ''}):**`;
  /** `described` files with up to `messages` messages each, then the next ones by name and count. */
  const line = (described: number, messages: number, named: number) => {
    const shown = files.slice(0, described).map(({ members }) => fileErrors(members, messages));
    const counted = files.slice(described, named).map(({ members }) => `${code((members[0] as DiagnosticFact).path)} ${members.length}`);
    const rest = files.slice(Math.max(described, named));
    const more = rest.length > 0 ? `; and ${plural(rest.reduce((n, f) => n + f.members.length, 0), 'more error')} in ${plural(rest.length, 'other file')}` : '';
    const markers = inConflicts.length > 0 ? [conflictedErrors(inConflicts)] : [];
    return `${label} ${[...markers, ...shown, ...counted].join(' · ')}${more}`;
  };
  return item(ERRORS, line(10, 3, 10), line(5, 2, 10), line(3, 1, 10), line(1, 1, 10), line(1, 1, 3));
}

function unavailableItem(input: BriefingInput): PackItem | null {
  if (input.unavailable.length === 0) return null;
  const full = input.unavailable.map((u) => `${u.source} (${oneLine(u.reason, 80)})`).join('; ');
  return item(UNAVAILABLE, `**Not available:** ${full}`, `**Not available:** ${input.unavailable.map((u) => u.source).join(', ')}`);
}

function redactedItem(input: BriefingInput): PackItem | null {
  const total = totalRedactions(input.redactions ?? {});
  if (total === 0) return null;
  const line = `**Redacted ${plural(total, 'secret')}:** ${redactionBreakdown(input.redactions ?? {})}`;
  return item(REDACTED, `${line} (shown as \`[redacted: kind]\`; ask the user for a value you need)`, line);
}

export function essentialFacts(input: BriefingInput): PackItem[] {
  const git = input.git;
  const items = [
    goalItem(input),
    latestNoteItem(input),
    git ? branchItem(git) : null,
    git ? conflictItem(git) : null,
    errorsItem(input, git),
    git ? changesItem(git) : null,
    unavailableItem(input),
    redactedItem(input),
  ];
  return items.filter((i): i is PackItem => i !== null);
}
