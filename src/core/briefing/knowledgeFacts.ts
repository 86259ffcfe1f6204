// Knowledge chosen for the briefing by relevance to the work now, each with its reason: an
// entry about a file that changed, or one that shares several distinctive words with the goal
// and the current notes. The strongly relevant few go in at medium; weaker matches only at low; the
// rest of a large knowledge base stays out, however much of it there is.
import type { KnowledgeEntry } from '../knowledge/knowledgeEntry';
import { meaningfulWords, pathMatch } from '../knowledge/knowledgeRelevance';
import { normalizePath } from '../knowledge/knowledgeText';
import { code, oneLine } from './briefingText';

/** At most this many entries at medium: more would crowd out the work itself. */
const STRONG_LIMIT = 5;
/** A title or tag word counts 2, a body word 1: 3 is a title word and more, or three body words. */
const STRONG_TERMS = 3;

export interface ChosenKnowledge {
  readonly entry: KnowledgeEntry;
  /** "about `src/money.ts`, which changed"; "shares payment, retries with the goal and notes". */
  readonly reason: string;
}

export interface KnowledgeChoice {
  readonly strong: readonly ChosenKnowledge[];
  readonly weak: readonly ChosenKnowledge[];
}

interface Scored extends ChosenKnowledge {
  readonly path: number;
  readonly terms: number;
}

function bestPath(entry: KnowledgeEntry, changed: readonly string[]): { score: number; path: string } {
  let best = { score: 0, path: '' };
  for (const entryPath of entry.paths) {
    for (const changedPath of changed) {
      const score = pathMatch(entryPath, changedPath);
      if (score > best.score) best = { score, path: normalizePath(entryPath) };
    }
  }
  return best;
}

/** An entry's words, read once: its title and tags count double. */
interface EntryWords {
  readonly entry: KnowledgeEntry;
  readonly strong: ReadonlySet<string>;
  readonly weak: ReadonlySet<string>;
}

const wordsOfEntry = (entry: KnowledgeEntry): EntryWords => ({
  entry,
  strong: meaningfulWords(`${entry.title} ${entry.tags.join(' ')}`),
  weak: meaningfulWords(entry.body),
});

/**
 * The goal's and notes' words that can tell entries apart: not numbers, and not words that a
 * tenth of the knowledge base uses ("Kundenportal" in every portal entry says nothing about
 * which one matters now).
 */
function distinctiveHints(entries: readonly EntryWords[], goalAndNotes: string): Set<string> {
  const frequency = new Map<string, number>();
  for (const { strong, weak } of entries) {
    for (const word of new Set([...strong, ...weak])) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  }
  const common = Math.max(2, Math.ceil(entries.length / 10));
  return new Set([...meaningfulWords(goalAndNotes)].filter((w) => !/^\p{N}+$/u.test(w) && (frequency.get(w) ?? 0) <= common));
}

function scored({ entry, strong, weak }: EntryWords, changed: readonly string[], hints: ReadonlySet<string>): Scored {
  const path = bestPath(entry, changed);
  const shared = [...hints].filter((w) => strong.has(w) || weak.has(w));
  const terms = shared.reduce((sum, w) => sum + (strong.has(w) ? 2 : 1), 0);
  const reason =
    path.score >= 2 ? `about ${code(path.path)}, ${path.score === 3 ? 'which changed' : 'where files changed'}`
    : terms > 0 ? `shares ${shared.slice(0, 3).join(', ')} with the goal and notes`
    : `about ${code(path.path)}, beside changed files`;
  return { entry, reason, path: path.score, terms };
}

const rank = (a: Scored, b: Scored) => b.path - a.path || b.terms - a.terms || b.entry.updatedAt - a.entry.updatedAt || a.entry.id.localeCompare(b.entry.id);

/** `goalAndNotes`: the goal and the notes still current (not the superseded ones). */
export function chooseKnowledge(entries: readonly KnowledgeEntry[], changedPaths: readonly string[], goalAndNotes: string): KnowledgeChoice {
  const changed = changedPaths.map(normalizePath).filter((p) => p !== '');
  const words = entries.map(wordsOfEntry);
  const hints = distinctiveHints(words, goalAndNotes);
  const all = words.map((e) => scored(e, changed, hints)).filter((s) => s.path > 0 || s.terms > 0).sort(rank);
  const isStrong = (s: Scored) => s.path >= 2 || s.terms >= STRONG_TERMS;
  const strong = all.filter(isStrong).slice(0, STRONG_LIMIT);
  return { strong, weak: all.filter((s) => !strong.includes(s)) };
}

// Code fences would turn the one-line summary into a broken inline code span.
const bodySummary = (body: string) => oneLine(body.replace(/^\s*(```|~~~).*$/gm, ''), 240);

export function knowledgeLine({ entry, reason }: ChosenKnowledge): string {
  const kind = `${entry.kind[0]?.toUpperCase()}${entry.kind.slice(1)}`;
  const body = bodySummary(entry.body);
  return `**${kind}:** ${oneLine(entry.title, 120)}${body ? ` — ${body}` : ''} (${reason})`;
}
