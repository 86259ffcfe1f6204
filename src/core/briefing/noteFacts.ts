// The session's notes for the successor. The latest is kept verbatim elsewhere (P0); of the
// earlier ones, those a later note replaced ("use Redis instead of memcached", "new plan: …")
// are superseded: they would send the successor down a dead end, so they appear only at the
// low level and say so. Routine notes written from one template ("Reviewed X for Y", twelve
// times) are said once with their count, so that they do not push the notes that matter out;
// the current ones follow, newest first, as many as the budget holds.
import type { SessionNote } from '../sessions/session';
import { meaningfulWords } from '../knowledge/knowledgeRelevance';

/** A later note that names what it replaces: the words after the cue are the old plan. */
const REPLACES =
  /(?<![\p{L}])(?:instead of|rather than|no longer|stop(?:ped)? using|drop(?:s|ped|ping)?|scrap(?:s|ped|ping)?|abandon(?:s|ed|ing)?|revert(?:s|ed|ing)?|replac(?:e|es|ed|ing)|verworfen|statt|anstatt|nicht mehr|ersetzt)\s*:?\s+(?:the\s+|using\s+)?([^.;:!?\n]{3,80})/giu;
/** Words that say what kind of thing was replaced rather than which: never the old plan itself. */
const GENERIC = new Set(['every', 'all', 'note', 'notes', 'above', 'below', 'earlier', 'previous', 'old', 'plan', 'plans', 'approach', 'idea', 'everything', 'this', 'that']);
/** A later note that replaces the plan as a whole. */
const NEW_PLAN = /\b(?:new plan|change of plan|plan changed|changed the plan|forget (?:the|that) plan|scrap (?:the|that) plan|neuer plan|planänderung|stattdessen)\b/iu;
/** What a plan sounds like, for a note a wholesale change of plan replaces. */
const PLAN_LIKE = /\b(?:plan|will|going to|next|approach|let's|we should|try|idea|option|intend|todo|vorhaben|werde|geplant)\b/iu;

export interface ClassifiedNote {
  readonly note: SessionNote;
  /** The later note that replaced it, when one did. */
  readonly supersededBy: SessionNote | null;
  /** Earlier notes from the same template, said with this one (its newest). */
  readonly similar: number;
}

/** Notes this alike (character trigrams shared) come from one template. */
const SAME_TEMPLATE = 0.5;
/** A template used this often is routine; two alike notes may still say different things. */
const ROUTINE_COUNT = 3;

function trigrams(text: string): Set<string> {
  const flat = ` ${text.toLowerCase().replace(/\s+/g, ' ').trim()} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= flat.length; i++) grams.add(flat.slice(i, i + 3));
  return grams;
}

function alike(a: Set<string>, b: Set<string>): boolean {
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared += 1;
  return shared / (a.size + b.size - shared) >= SAME_TEMPLATE;
}

/** Newest first in, newest first out: routine runs folded into their newest note. */
function foldRoutine(notes: readonly ClassifiedNote[]): ClassifiedNote[] {
  const groups: { grams: Set<string>; members: ClassifiedNote[] }[] = [];
  for (const current of notes) {
    const grams = trigrams(current.note.text);
    const group = groups.find((g) => alike(g.grams, grams));
    if (group) group.members.push(current);
    else groups.push({ grams, members: [current] });
  }
  const folded = new Map(groups.filter((g) => g.members.length >= ROUTINE_COUNT).map((g) => [g.members[0], g.members.length - 1]));
  const hidden = new Set(groups.filter((g) => g.members.length >= ROUTINE_COUNT).flatMap((g) => g.members.slice(1)));
  return notes.filter((n) => !hidden.has(n)).map((n) => ({ ...n, similar: folded.get(n) ?? 0 }));
}

export interface NotePlan {
  /** Earlier notes still current, routine runs folded, newest first: from medium, as the budget allows. */
  readonly current: readonly ClassifiedNote[];
  /** The superseded ones, newest first: at low only. */
  readonly superseded: readonly ClassifiedNote[];
  /** The latest note and the current earlier ones, for choosing knowledge. */
  readonly currentText: string;
}

function replacedWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const match of text.matchAll(REPLACES)) for (const word of meaningfulWords(match[1] ?? '')) if (word.length > 2 && !GENERIC.has(word)) words.add(word);
  return words;
}

function supersederOf(index: number, notes: readonly SessionNote[], replaced: readonly Set<string>[]): SessionNote | null {
  const words = meaningfulWords(notes[index]?.text ?? '');
  for (let later = notes.length - 1; later > index; later--) {
    const text = notes[later]?.text ?? '';
    const named = [...(replaced[later] ?? [])].some((w) => words.has(w));
    if (named || (NEW_PLAN.test(text) && PLAN_LIKE.test(notes[index]?.text ?? ''))) return notes[later] ?? null;
  }
  return null;
}

export function planNotes(notes: readonly SessionNote[]): NotePlan {
  const replaced = notes.map((n) => replacedWords(n.text));
  const earlier = notes.slice(0, -1).map((note, i) => ({ note, supersededBy: supersederOf(i, notes, replaced), similar: 0 })).reverse();
  const current = earlier.filter((n) => n.supersededBy === null);
  const currentText = [notes.at(-1)?.text ?? '', ...current.map((n) => n.note.text)].join('\n');
  return { current: foldRoutine(current), superseded: foldRoutine(earlier.filter((n) => n.supersededBy !== null)), currentText };
}
