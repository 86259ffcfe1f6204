// The session's notes for the successor. The latest is kept verbatim elsewhere (P0); of the
// earlier ones, those a later note replaced ("use Redis instead of memcached", "new plan: …")
// are superseded: they would send the successor down a dead end, so they appear only at the
// low level and say so. The current ones follow, newest first, the most recent at medium.
import type { SessionNote } from '../sessions/session';
import { meaningfulWords } from '../knowledge/knowledgeRelevance';

/** Earlier notes shown at medium; older ones at low. */
const RECENT_LIMIT = 10;

/** A later note that names what it replaces: the words after the cue are the old plan. */
const REPLACES = /\b(?:instead of|rather than|no longer|stop(?:ped)? using|drop(?:ped|ping)?|scrap(?:ped|ping)?|abandon(?:ed|ing)?|revert(?:ed|ing)?|replac(?:e|ed|ing))\s+(?:the\s+|using\s+)?([^.;:!?\n]{3,80})/giu;
/** A later note that replaces the plan as a whole. */
const NEW_PLAN = /\b(?:new plan|change of plan|plan changed|changed the plan|forget (?:the|that) plan|scrap (?:the|that) plan|neuer plan|planänderung|stattdessen)\b/iu;
/** What a plan sounds like, for a note a wholesale change of plan replaces. */
const PLAN_LIKE = /\b(?:plan|will|going to|next|approach|let's|we should|try|idea|option|intend|todo|vorhaben|werde|geplant)\b/iu;

export interface ClassifiedNote {
  readonly note: SessionNote;
  /** The later note that replaced it, when one did. */
  readonly supersededBy: SessionNote | null;
}

export interface NotePlan {
  /** Earlier notes still current, newest first: at medium. */
  readonly recent: readonly ClassifiedNote[];
  /** Older current notes and the superseded ones, newest first: at low only. */
  readonly older: readonly ClassifiedNote[];
  /** The latest note and the current earlier ones, for choosing knowledge. */
  readonly currentText: string;
}

function replacedWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const match of text.matchAll(REPLACES)) for (const word of meaningfulWords(match[1] ?? '')) if (word.length > 2) words.add(word);
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
  const earlier = notes.slice(0, -1).map((note, i) => ({ note, supersededBy: supersederOf(i, notes, replaced) })).reverse();
  const current = earlier.filter((n) => n.supersededBy === null);
  const recent = current.slice(0, RECENT_LIMIT);
  const older = earlier.filter((n) => !recent.includes(n));
  const currentText = [notes.at(-1)?.text ?? '', ...current.map((n) => n.note.text)].join('\n');
  return { recent, older, currentText };
}
