// Full-text search of the knowledge base, the pure half: turning what a user typed into a
// safe FTS4 MATCH expression, and ranking the matches with BM25 computed from FTS4's
// matchinfo('pcnalx'). The store runs the query; everything here is deterministic.
import { wordsOf } from './knowledgeText';

/** The columns of knowledge_fts, in order. */
export const KNOWLEDGE_FTS_COLUMNS = ['title', 'body', 'tags', 'paths'] as const;

/** How much a hit in each column counts: a title match beats a body match. */
export const KNOWLEDGE_COLUMN_WEIGHTS: readonly number[] = [5, 1, 3, 2];

export const MAX_QUERY_TERMS = 12;
export const MAX_TERM_LENGTH = 64;

/**
 * The search terms of what a user typed: words of letters and digits, folded like the
 * tokenizer folds them, unique, at most MAX_QUERY_TERMS. Quotes, stars, parentheses, minus
 * signs and the like never reach FTS; they only separate words.
 */
export function searchTerms(text: string): string[] {
  const unique = new Set<string>();
  for (const word of wordsOf(text)) {
    unique.add(word.slice(0, MAX_TERM_LENGTH));
    if (unique.size === MAX_QUERY_TERMS) break;
  }
  return [...unique];
}

/**
 * An FTS4 MATCH expression for the terms: each one quoted with a trailing `*` (a prefix
 * search, so that results come while the user is still typing), joined by OR so that an entry
 * matching some of the words is found and ranked below one matching all. Words such as OR,
 * NEAR or NOT are quoted and so stay plain words. Null when there is nothing to search for.
 */
export function matchExpression(terms: readonly string[]): string | null {
  const safe = terms.filter((term) => /^[\p{L}\p{N}]+$/u.test(term));
  return safe.length === 0 ? null : safe.map((term) => `"${term}*"`).join(' OR ');
}

/** The figures of matchinfo('pcnalx') for one row. */
export interface MatchInfo {
  readonly phrases: number;
  readonly columns: number;
  /** Rows in the full-text table. */
  readonly rows: number;
  /** Average tokens per column over all rows. */
  readonly averageLength: readonly number[];
  /** Tokens per column in this row. */
  readonly length: readonly number[];
  /** Per phrase, per column: hits in this row, hits in all rows, rows with a hit. */
  readonly hits: readonly (readonly { readonly inRow: number; readonly inAll: number; readonly rowsWithHit: number }[])[];
}

/** Decodes matchinfo('pcnalx'): 32-bit unsigned integers in machine (wasm: little-endian) order. */
export function decodeMatchInfo(blob: Uint8Array): MatchInfo | null {
  if (blob.byteLength < 12 || blob.byteLength % 4 !== 0) return null;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const values = Array.from({ length: blob.byteLength / 4 }, (_, i) => view.getUint32(i * 4, true));
  const [phrases = 0, columns = 0, rows = 0] = values;
  if (values.length !== 3 + 2 * columns + 3 * phrases * columns) return null;
  const averageLength = values.slice(3, 3 + columns);
  const length = values.slice(3 + columns, 3 + 2 * columns);
  const base = 3 + 2 * columns;
  const hits = Array.from({ length: phrases }, (_, p) =>
    Array.from({ length: columns }, (_, c) => {
      const at = base + 3 * (p * columns + c);
      return { inRow: values[at] ?? 0, inAll: values[at + 1] ?? 0, rowsWithHit: values[at + 2] ?? 0 };
    }),
  );
  return { phrases, columns, rows, averageLength, length, hits };
}

export interface Bm25Options {
  readonly weights?: readonly number[];
  /** Term-frequency saturation. */
  readonly k1?: number;
  /** Length normalization, 0 (none) to 1 (full). */
  readonly b?: number;
}

/**
 * BM25 over weighted columns (as in SQLite's FTS5 `bm25()`): for every phrase and column,
 * idf x saturated, length-normalized term frequency x the column's weight. The idf is the
 * always-positive form log(1 + (N - n + 0.5) / (n + 0.5)), where n, the rows holding the
 * phrase, is taken as its most frequent column (matchinfo counts per column). Higher is more
 * relevant; 0 is no match.
 */
export function bm25(info: MatchInfo, options: Bm25Options = {}): number {
  const { weights = KNOWLEDGE_COLUMN_WEIGHTS, k1 = 1.2, b = 0.75 } = options;
  let score = 0;
  for (const phrase of info.hits) {
    const rowsWithHit = phrase.reduce((most, column) => Math.max(most, column.rowsWithHit), 0);
    const idf = Math.log(1 + (info.rows - rowsWithHit + 0.5) / (rowsWithHit + 0.5));
    phrase.forEach((column, c) => {
      if (column.inRow === 0) return;
      const average = Math.max(info.averageLength[c] ?? 1, 1);
      const norm = 1 - b + (b * (info.length[c] ?? 0)) / average;
      score += idf * (weights[c] ?? 1) * ((column.inRow * (k1 + 1)) / (column.inRow + k1 * norm));
    });
  }
  return score;
}

/** How many of the query's phrases (words) the row matches in any column. */
export function matchedPhrases(info: MatchInfo): number {
  return info.hits.filter((phrase) => phrase.some((column) => column.inRow > 0)).length;
}

/**
 * The rank of a search hit: the number of query words it matches, plus its BM25 squashed into
 * [0, 1). So an entry matching more of the words always ranks higher, and among entries that
 * match as many, BM25 decides (a title hit beating a body hit, a rare word a common one).
 */
export function rankScore(info: MatchInfo, options: Bm25Options = {}): number {
  const relevance = bm25(info, options);
  return matchedPhrases(info) + relevance / (relevance + 1);
}

/** Orders hits: higher score first, then the most recently updated, then by id. */
export function compareRanked(a: { score: number; updatedAt: number; id: string }, b: { score: number; updatedAt: number; id: string }): number {
  return b.score - a.score || b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
