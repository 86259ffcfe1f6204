// The pure half of knowledge search: safe MATCH expressions from anything typed, matchinfo
// decoding, and BM25 ranking rules.
import assert from 'node:assert/strict';
import { type MatchInfo, bm25, compareRanked, decodeMatchInfo, matchExpression, matchedPhrases, rankScore, searchTerms } from '../../../src/core/knowledge/knowledgeRanking';

/** matchinfo('pcnalx') bytes, little-endian, as FTS4 in wasm returns them. */
function blob(values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v, true));
  return bytes;
}

/** One phrase, four columns (title, body, tags, paths); hits[c] = hits in this row's column c. */
function info(hits: number[], length: number[], { rows = 10, df = 2, average = [4, 40, 2, 2] } = {}): MatchInfo {
  return {
    phrases: 1, columns: 4, rows, averageLength: average, length,
    hits: [hits.map((inRow) => ({ inRow, inAll: inRow ? df : 0, rowsWithHit: inRow ? df : 0 }))],
  };
}

describe('knowledge ranking', () => {
  describe('searchTerms and matchExpression', () => {
    it('keeps words of letters and digits, folded, unique; everything else only separates', () => {
      assert.deepEqual(searchTerms('Café "au" lait* OR (NEAR/3 x-y) café'), ['cafe', 'au', 'lait', 'or', 'near', '3', 'x', 'y']);
      assert.deepEqual(searchTerms('日本語 テスト'), ['日本語', 'テスト']);
      assert.deepEqual(searchTerms('"*()-^:'), []);
    });

    it('quotes every term with a prefix star and joins them with OR', () => {
      assert.equal(matchExpression(['retry', 'or', 'near']), '"retry*" OR "or*" OR "near*"');
      assert.equal(matchExpression([]), null);
      assert.equal(matchExpression(['"bad', '*']), null, 'terms that are not plain words are dropped');
    });

    it('caps the number and length of terms', () => {
      assert.equal(searchTerms(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')).length, 12);
      assert.equal(searchTerms('x'.repeat(500))[0]!.length, 64);
    });
  });

  describe('decodeMatchInfo', () => {
    it('reads p, c, n, a, l and the x triples', () => {
      const decoded = decodeMatchInfo(blob([2, 2, 7, 3, 9, 4, 11, 1, 2, 2, 0, 5, 3, 0, 1, 1, 2, 2, 1]));
      assert.deepEqual(decoded, {
        phrases: 2, columns: 2, rows: 7, averageLength: [3, 9], length: [4, 11],
        hits: [
          [{ inRow: 1, inAll: 2, rowsWithHit: 2 }, { inRow: 0, inAll: 5, rowsWithHit: 3 }],
          [{ inRow: 0, inAll: 1, rowsWithHit: 1 }, { inRow: 2, inAll: 2, rowsWithHit: 1 }],
        ],
      });
    });

    it('refuses a blob of the wrong size', () => {
      assert.equal(decodeMatchInfo(blob([1, 1, 1, 1])), null);
      assert.equal(decodeMatchInfo(new Uint8Array(7)), null);
    });
  });

  describe('bm25 and rankScore', () => {
    it('weighs a title hit above a body hit', () => {
      assert.ok(bm25(info([1, 0, 0, 0], [4, 40, 0, 0])) > bm25(info([0, 1, 0, 0], [4, 40, 0, 0])));
    });

    it('rewards rarer words, more hits (saturating) and shorter columns', () => {
      assert.ok(bm25(info([1, 0, 0, 0], [4, 0, 0, 0], { df: 1 })) > bm25(info([1, 0, 0, 0], [4, 0, 0, 0], { df: 8 })));
      const one = bm25(info([0, 1, 0, 0], [0, 40, 0, 0]));
      const three = bm25(info([0, 3, 0, 0], [0, 40, 0, 0]));
      assert.ok(three > one && three < 3 * one);
      assert.ok(bm25(info([0, 1, 0, 0], [0, 10, 0, 0])) > bm25(info([0, 1, 0, 0], [0, 200, 0, 0])));
    });

    it('is positive even for a word in every row, and 0 without a hit', () => {
      assert.ok(bm25(info([1, 0, 0, 0], [4, 0, 0, 0], { rows: 5, df: 5 })) > 0);
      assert.equal(bm25(info([0, 0, 0, 0], [4, 40, 0, 0])), 0);
    });

    it('ranks matching more words above any BM25 difference', () => {
      const strongOne: MatchInfo = { ...info([9, 9, 9, 9], [1, 1, 1, 1], { df: 1 }), phrases: 2, hits: [info([9, 9, 9, 9], [1, 1, 1, 1], { df: 1 }).hits[0]!, info([0, 0, 0, 0], [1, 1, 1, 1]).hits[0]!] };
      const weakTwo: MatchInfo = { ...info([0, 1, 0, 0], [9, 400, 0, 0], { df: 9 }), phrases: 2, hits: [info([0, 1, 0, 0], [9, 400, 0, 0], { df: 9 }).hits[0]!, info([0, 1, 0, 0], [9, 400, 0, 0], { df: 9 }).hits[0]!] };
      assert.deepEqual([matchedPhrases(strongOne), matchedPhrases(weakTwo)], [1, 2]);
      assert.ok(bm25(strongOne) > bm25(weakTwo));
      assert.ok(rankScore(weakTwo) > rankScore(strongOne));
    });

    it('orders by score, then the latest update, then id', () => {
      const hits = [
        { id: 'b', score: 1, updatedAt: 5 },
        { id: 'a', score: 1, updatedAt: 5 },
        { id: 'c', score: 1, updatedAt: 9 },
        { id: 'd', score: 2, updatedAt: 1 },
      ];
      assert.deepEqual([...hits].sort(compareRanked).map((h) => h.id), ['d', 'c', 'a', 'b']);
    });
  });
});
