// Which knowledge a briefing should carry: entries about the files that changed, and entries
// that share words with the session's goal and notes. Pure and deterministic: the same input
// gives the same entries in the same order.
import type { KnowledgeEntry } from './knowledgeEntry';
import { normalizePath, wordsOf } from './knowledgeText';

export interface RelevanceHints {
  /** Workspace-relative paths of the changed (or open) files. */
  readonly paths: readonly string[];
  readonly goal: string;
  readonly notes: readonly string[];
}

export interface RelevanceOptions {
  /** At most this many entries; all relevant ones when absent. */
  readonly limit?: number;
}

export interface ScoredRelevance {
  readonly entry: KnowledgeEntry;
  /** 3: a path is a changed file; 2: a folder holding one, or a file under a changed folder; 1: same folder; 0: none. */
  readonly pathMatch: number;
  /** Words shared with the goal and notes, a title or tag word counting double. */
  readonly termScore: number;
}

/** Words too common to say that two texts are about the same thing (English, German, some French and Spanish). */
const STOP_WORDS = new Set(
  `a an and are as at be but by can could did do does done for from had has have how i if in into is it its
  just let me my no not now of on or our out so than that the their then there these they this those to too up
  us use used using via was we were what when where which while who why will with would you your yet also all any
  some more most should must need needs next todo fix fixed make made get got add added new old one two
  der die das den dem des ein eine einer eines einem einen und oder aber ist sind war waren wird werden wurde
  nicht kein keine mit von zu zum zur im in am an auf aus bei für nach über unter vor um bis seit durch gegen
  es sie er wir ihr ich du man sich auch noch nur schon so wie wenn dann als da hier jetzt neu neue neuen alle
  beim vom ins ans dass weil ob sowie bzw sehr mehr viel wieder immer ohne gibt geht kommt macht hat haben kann soll muss zeigt zeigen
  le la les un une des et ou est sont pas pour par sur dans avec el los las y o es son para por con en del`.split(/\s+/),
);

/** The meaningful words of a text: folded, without stop words or single characters. */
export function meaningfulWords(text: string): Set<string> {
  return new Set(wordsOf(text).filter((word) => word.length > 1 && !STOP_WORDS.has(word)));
}

const folderOf = (path: string) => {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? '' : path.slice(0, cut);
};

const isUnder = (path: string, folder: string) => folder !== '' && path.startsWith(`${folder.replace(/\/+$/, '')}/`);

/** How closely an entry's path relates to one changed path: 3 exact, 2 one contains the other, 1 same folder, 0 none. */
export function pathMatch(entryPath: string, changedPath: string): number {
  const a = normalizePath(entryPath).replace(/\/+$/, '');
  const b = normalizePath(changedPath).replace(/\/+$/, '');
  if (!a || !b) return 0;
  if (a === b) return 3;
  if (isUnder(b, a) || isUnder(a, b)) return 2;
  return folderOf(a) === folderOf(b) && folderOf(a) !== '' ? 1 : 0;
}

export function scoreRelevance(entry: KnowledgeEntry, changed: readonly string[], hintWords: ReadonlySet<string>): ScoredRelevance {
  let best = 0;
  for (const entryPath of entry.paths) {
    for (const changedPath of changed) best = Math.max(best, pathMatch(entryPath, changedPath));
    if (best === 3) break;
  }
  let termScore = 0;
  if (hintWords.size > 0) {
    const strong = meaningfulWords(`${entry.title} ${entry.tags.join(' ')}`);
    const weak = meaningfulWords(entry.body);
    for (const word of hintWords) termScore += strong.has(word) ? 2 : weak.has(word) ? 1 : 0;
  }
  return { entry, pathMatch: best, termScore };
}

function compare(a: ScoredRelevance, b: ScoredRelevance): number {
  return (
    b.pathMatch - a.pathMatch ||
    b.termScore - a.termScore ||
    b.entry.updatedAt - a.entry.updatedAt ||
    (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0)
  );
}

/** Every relevant entry with its scores, most relevant first. */
export function rankRelevantKnowledge(entries: readonly KnowledgeEntry[], hints: RelevanceHints): ScoredRelevance[] {
  const changed = hints.paths.map(normalizePath).filter((p) => p !== '');
  const hintWords = meaningfulWords([hints.goal, ...hints.notes].join('\n'));
  return entries
    .map((entry) => scoreRelevance(entry, changed, hintWords))
    .filter((scored) => scored.pathMatch > 0 || scored.termScore > 0)
    .sort(compare);
}

/**
 * The entries relevant to a piece of work, most relevant first: a path match (exact, then
 * folder containment, then same folder) outranks shared words; then more shared words (a
 * title or tag word counting double); then the most recently updated; then by id.
 */
export function relevantKnowledge(entries: readonly KnowledgeEntry[], hints: RelevanceHints, options: RelevanceOptions = {}): KnowledgeEntry[] {
  const ranked = rankRelevantKnowledge(entries, hints).map((scored) => scored.entry);
  return options.limit === undefined ? ranked : ranked.slice(0, Math.max(0, options.limit));
}
