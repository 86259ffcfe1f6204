// P0: what the next assistant must know at every level: the goal, the branch and any
// operation in progress, conflicts, the changed files, the latest note, blocking errors,
// what Baton could not see, and how many secrets it redacted (so that a marker in the text
// reads as deliberate, and the reader knows to ask for a value rather than guess it).
import { redactionBreakdown, totalRedactions } from '../redaction/redaction';
import type { BriefingInput } from './briefingTypes';
import { ago, churn, code, oneLine, plural } from './briefingText';
import { type PackItem, item, section } from './packItem';
import type { ChangedFile, GitContext } from '../workContext/workContext';

const GOAL = section('goal', 'Goal', 0);
const BRANCH = section('branch', 'Branch', 0);
const CONFLICTS = section('conflicts', 'Conflicts', 0);
const CHANGES = section('changes', 'Changed files', 0);
const LATEST_NOTE = section('latest-note', 'Latest note', 0);
const ERRORS = section('errors', 'Blocking errors', 0);
const UNAVAILABLE = section('unavailable', 'Not available', 0);
const REDACTED = section('redacted', 'Redacted', 0);

function goalItem(input: BriefingInput): PackItem {
  const goal = input.session?.goal.trim();
  const text = goal ? goal : input.session ? '(no goal was set for this session)' : '(no session is running; no goal recorded)';
  return item(GOAL, `**Goal:** ${oneLine(text, 600)}`, `**Goal:** ${oneLine(text, 160)}`);
}

function branchItem(git: GitContext): PackItem {
  const where = git.branch ? `${code(git.branch)}` : `detached HEAD at ${code(git.head?.slice(0, 12) ?? 'unborn')}`;
  const upstream = git.upstream ? ` (${git.ahead ?? '?'} ahead, ${git.behind ?? '?'} behind ${code(git.upstream)})` : '';
  const operation = git.operation ? ` · **${git.operation} in progress**` : '';
  const head = git.head && git.branch ? ` at ${code(git.head.slice(0, 12))}` : '';
  return item(BRANCH, `**Branch:** ${where}${head}${upstream}${operation}`, `**Branch:** ${where}${operation}`);
}

function conflictItem(git: GitContext): PackItem | null {
  if (git.conflicted.length === 0) return null;
  const all = git.conflicted.map(code).join(', ');
  return item(CONFLICTS, `**Conflicts (${git.conflicted.length}):** ${all}`, `**Conflicts:** ${plural(git.conflicted.length, 'file')}, first ${code(git.conflicted[0] ?? '')}`);
}

const byChurn = (a: ChangedFile, b: ChangedFile) =>
  (b.insertions ?? 0) + (b.deletions ?? 0) - ((a.insertions ?? 0) + (a.deletions ?? 0)) || a.path.localeCompare(b.path);

function describeChange(file: ChangedFile): string {
  const tag = file.status === 'modified' ? '' : ` ${file.status}${file.oldPath ? ` from ${code(file.oldPath)}` : ''}`;
  return `${code(file.path)} (${churn(file.insertions, file.deletions)}${tag})`;
}

function changesItem(git: GitContext): PackItem {
  const { files, insertions, deletions } = git.totals;
  if (git.changes.length === 0) return item(CHANGES, '**Changed files:** none (the working tree is clean)');
  const label = `**Changed files (${files}, +${insertions} −${deletions}):**`;
  const ranked = [...git.changes].sort(byChurn);
  const top = (n: number) => `${label} ${plural(files, 'file')}; most changed: ${ranked.slice(0, n).map(describeChange).join(', ')}`;
  const all = `${label} ${[...git.changes].sort((a, b) => a.path.localeCompare(b.path)).map(describeChange).join(', ')}`;
  return item(CHANGES, all, ...[10, 5, 3, 1].filter((n) => n < git.changes.length).map(top));
}

function latestNoteItem(input: BriefingInput): PackItem | null {
  const latest = input.session?.notes.at(-1);
  if (!latest) return null;
  const when = ago(latest.at, input.now);
  return item(LATEST_NOTE, `**Latest note** (${when}): ${oneLine(latest.text, 800)}`, `**Latest note** (${when}): ${oneLine(latest.text, 200)}`);
}

function errorsItem(input: BriefingInput): PackItem | null {
  const errors = (input.editor?.diagnostics ?? []).filter((d) => d.severity === 'error');
  if (errors.length === 0) return null;
  const line = (n: number) => errors.slice(0, n).map((d) => `${code(`${d.path}:${d.line}`)} ${oneLine(d.message, 120)}${d.source ? ` (${d.source})` : ''}`).join('; ');
  const more = (n: number) => (errors.length > n ? `; and ${errors.length - n} more` : '');
  return item(ERRORS, ...[20, 5, 1].map((n) => `**Blocking errors (${errors.length}):** ${line(n)}${more(n)}`));
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
    git ? branchItem(git) : null,
    git ? conflictItem(git) : null,
    git ? changesItem(git) : null,
    latestNoteItem(input),
    errorsItem(input),
    unavailableItem(input),
    redactedItem(input),
  ];
  return items.filter((i): i is PackItem => i !== null);
}
