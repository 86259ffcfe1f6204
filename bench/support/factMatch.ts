// Whether a briefing states a fact. A fact is a phrase, matched as whole tokens, or a pattern.
// Substring matching let a fact pass on text that is there anyway ('Not available' matched the
// editor's line when the git line was gone; 'main' matched 'domain'), so a phrase must stand
// on token boundaries. Markdown emphasis and code spans are removed first: a composer is free
// to write `src/a.ts` or **rebase in progress**, and neither should decide a match.

export type FactText = string | RegExp;

/** A letter, digit or underscore in any script: what a token boundary must not touch. */
const WORD = String.raw`[\p{L}\p{N}_]`;
const BEFORE = `(?<!${WORD})`;
const AFTER = `(?!${WORD})`;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The markdown as plain text: no `*` or backticks, runs of blanks as one space (lines kept). */
export function plainText(markdown: string): string {
  return markdown.replace(/[*`]/g, '').replace(/[^\S\n]+/g, ' ');
}

/** The source of a pattern that finds `phrase` on token boundaries; blanks match any blanks. */
export function tokenSource(phrase: string): string {
  const words = phrase.replace(/[*`]/g, '').trim().split(/\s+/).map(escape);
  // A phrase that starts or ends with punctuation (`'id'`, `formatMoney()`) has its boundary there.
  const head = /^[\p{L}\p{N}_]/u.test(phrase.trim()) ? BEFORE : '';
  const tail = /[\p{L}\p{N}_]$/u.test(phrase.trim()) ? AFTER : '';
  return `${head}${words.join('\\s+')}${tail}`;
}

/** A whole-token phrase as a pattern (case-insensitive, Unicode-aware). */
export function phrase(text: string): RegExp {
  return new RegExp(tokenSource(text), 'iu');
}

const sourceOf = (part: FactText) => (typeof part === 'string' ? tokenSource(part) : part.source);

/** Both parts on one line, within `chars` characters of each other, in either order. */
export function near(a: FactText, b: FactText, chars = 80): RegExp {
  const gap = `[^\\n]{0,${chars}}?`;
  return new RegExp(`(?:${sourceOf(a)})${gap}(?:${sourceOf(b)})|(?:${sourceOf(b)})${gap}(?:${sourceOf(a)})`, 'iu');
}

/** A number as written by a person or a formatter: 1204, 1,204, 1 204 or 1.204. */
export function numberSource(n: number): string {
  const digits = String(n);
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '[,. \u202f]?');
  return `(?<![\\p{N},.])${grouped}(?![\\p{N}]|[,.]\\p{N})`;
}

/**
 * A count of something: `150 files`, `150 changed files`, `files (150`, `files: 150`. The noun
 * is a pattern source such as `files?`; up to `between` characters may separate the two.
 */
export function countOf(n: number, noun: string, between = 24): RegExp {
  const number = numberSource(n);
  const word = `${BEFORE}(?:${noun})${AFTER}`;
  return new RegExp(`${number}[^\\n\\d]{0,${between}}?${word}|${word}[^\\n\\d]{0,${between}}?${number}`, 'iu');
}

/** A folder named as a folder (`src/api`, `src/api/`), not as the start of a longer path. */
export function folder(path: string): RegExp {
  return new RegExp(`${BEFORE}${escape(path)}/?(?![\\p{L}\\p{N}_/.-])`, 'iu');
}

/** A folder with its count of files: `src/api 62`, `src/api/: 62 files`, `src/api (62,`. */
export function folderCount(path: string, n: number): RegExp {
  return new RegExp(`${folder(path).source}[^\\n\\p{N}]{0,16}?${numberSource(n)}`, 'iu');
}

/** A place in a file: `src/a.ts:42`, `src/a.ts:42:7`, `src/a.ts line 42`, `src/a.ts (line 42)`. */
export function at(path: string, line: number): RegExp {
  return new RegExp(`${BEFORE}${escape(path)}(?::\\s?|,?\\s*\\(?\\s*(?:lines?|l\\.|ln)\\s*)${line}(?!\\d)`, 'iu');
}

/**
 * That a source could not be read: its name tied to "not available" / "unavailable" on one
 * line. A dotted name (`git.upstream`) is a different source from `git`. `also` lists the
 * source's own wordings of the same thing ("not a git repository").
 */
export function unavailable(source: string, also: readonly string[] = []): RegExp {
  const name = `(?<![\\p{L}\\p{N}_.])${escape(source)}(?![\\p{L}\\p{N}_.])`;
  const claim = '(?:not available|unavailable|could not be read|unknown)';
  const parts = [`${claim}:?[^\\n]{0,160}?${name}`, `${name}[^\\n]{0,24}?${claim}`, ...also.map(tokenSource)];
  return new RegExp(parts.join('|'), 'iu');
}

/** The same text listed at least `times` times: a list that was not collapsed. */
export function repeated(text: FactText, times: number): RegExp {
  return new RegExp(`(?:(?:${sourceOf(text)})[\\s\\S]*?){${times}}`, 'iu');
}

/** Whether the briefing states the fact: a phrase on token boundaries, or the pattern. */
export function factFound(markdown: string, fact: FactText): boolean {
  const text = plainText(markdown);
  if (typeof fact === 'string') return phrase(fact).test(text);
  // A copy without g/y, so that a shared pattern carries no lastIndex from an earlier test.
  return new RegExp(fact.source, fact.flags.replace(/[gy]/g, '')).test(text);
}

/** How a fact is shown in a report. */
export function describeFact(fact: FactText): string {
  return typeof fact === 'string' ? `"${fact}"` : String(fact);
}
