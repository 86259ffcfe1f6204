// How much material a briefing was composed from: every piece of the gathered input written
// out plainly, one item a line, and counted with the briefing's own tokenizer (o200k). This is
// what the composer would have to print if nothing were grouped, counted or left out, so that
// raw / budget says how hard the level's budget presses.
import type { BriefingInput } from '../../src/core/briefing/briefingTypes';
import type { GitContext } from '../../src/core/workContext/workContext';

export type Count = (text: string) => number;

export interface RawMaterial {
  /** Tokens of all the material together. */
  readonly tokens: number;
  /** Tokens per kind of material, for the report. */
  readonly parts: Readonly<Record<string, number>>;
}

function gitParts(git: GitContext | null): Record<string, string[]> {
  if (!git) return {};
  const commit = (c: { hash: string; subject: string }) => `${c.hash.slice(0, 8)} ${c.subject}`;
  return {
    changes: git.changes.map((c) => `${c.oldPath ? `${c.oldPath} -> ` : ''}${c.path} ${c.status} +${c.insertions ?? '?'} -${c.deletions ?? '?'} ${c.hunkHeaders.join('; ')}`),
    conflicts: [...git.conflicted],
    todos: git.addedTodos.map((t) => `${t.path}:${t.line} ${t.tag}: ${t.text}`),
    sessionCommits: git.sessionCommits.map(commit),
    recentCommits: git.recentCommits.map(commit),
  };
}

/** The material as plain lines, by kind. */
export function rawLines(input: BriefingInput): Record<string, string[]> {
  const session = input.session;
  const editor = input.editor;
  return {
    goal: session ? [session.goal] : [],
    notes: (session?.notes ?? []).map((n) => n.text),
    ...gitParts(input.git),
    knowledge: input.knowledge.map((k) => `${k.kind}: ${k.title} — ${k.body} (${k.paths.join(', ')}) [${k.tags.join(', ')}]`),
    diagnostics: (editor?.diagnostics ?? []).map((d) => `${d.path}:${d.line} ${d.severity} ${d.message}${d.source ? ` (${d.source})` : ''}`),
    editors: editor ? [...editor.openEditors, ...editor.unsaved.map((p) => `${p} unsaved`)] : [],
    unavailable: input.unavailable.map((u) => `${u.source}: ${u.reason}`),
  };
}

export function rawMaterial(input: BriefingInput, count: Count): RawMaterial {
  const parts: Record<string, number> = {};
  let tokens = 0;
  for (const [kind, lines] of Object.entries(rawLines(input))) {
    if (lines.length === 0) continue;
    parts[kind] = count(lines.join('\n'));
    tokens += parts[kind];
  }
  return { tokens, parts };
}
