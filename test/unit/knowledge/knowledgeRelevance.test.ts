// relevantKnowledge: what a briefing carries. Path matches first (exact, containment, same
// folder), then words shared with the goal and notes; deterministic order.
import assert from 'node:assert/strict';
import type { KnowledgeEntry } from '../../../src/core/knowledge/knowledgeEntry';
import { meaningfulWords, pathMatch, rankRelevantKnowledge, relevantKnowledge } from '../../../src/core/knowledge/knowledgeRelevance';

function entry(id: string, fields: Partial<KnowledgeEntry> = {}): KnowledgeEntry {
  return { id, workspaceId: 'ws', kind: 'note', title: id, body: '', tags: [], paths: [], createdAt: 0, updatedAt: 0, ...fields };
}

const NO_HINTS = { paths: [], goal: '', notes: [] };
const ids = (entries: readonly KnowledgeEntry[]) => entries.map((e) => e.id);

describe('relevantKnowledge', () => {
  it('pathMatch: exact 3, containment 2, same folder 1, otherwise 0', () => {
    assert.equal(pathMatch('src/auth/login.ts', 'src/auth/login.ts'), 3);
    assert.equal(pathMatch('./src\\auth/login.ts', '/src/auth/login.ts'), 3, 'normalized first');
    assert.equal(pathMatch('src/auth', 'src/auth/login.ts'), 2, 'the entry names a folder of the changed file');
    assert.equal(pathMatch('src/auth/', 'src/auth/deep/x.ts'), 2);
    assert.equal(pathMatch('src/auth/login.ts', 'src/auth'), 2, 'a changed folder holds the entry\'s file');
    assert.equal(pathMatch('src/auth/logout.ts', 'src/auth/login.ts'), 1);
    assert.equal(pathMatch('src/authx/login.ts', 'src/auth/login.ts'), 0);
    assert.equal(pathMatch('src/au', 'src/auth/login.ts'), 0, 'a prefix of a name is not a folder');
    assert.equal(pathMatch('README.md', 'LICENSE'), 0, 'two top-level files share no folder worth naming');
    assert.equal(pathMatch('', 'src/a.ts'), 0);
  });

  it('finds entries about the changed files, exact before folder before neighbour', () => {
    const entries = [
      entry('neighbour', { paths: ['src/auth/session.ts'] }),
      entry('unrelated', { paths: ['docs/intro.md'] }),
      entry('folder', { paths: ['src/auth'] }),
      entry('exact', { paths: ['lib/x.ts', 'src/auth/login.ts'] }),
      entry('no-paths'),
    ];
    assert.deepEqual(ids(relevantKnowledge(entries, { ...NO_HINTS, paths: ['src/auth/login.ts'] })), ['exact', 'folder', 'neighbour']);
  });

  it('finds entries sharing words with the goal and notes, title and tag words counting double', () => {
    const entries = [
      entry('body', { title: 'Misc', body: 'The invoice rounding happens in cents.' }),
      entry('title', { title: 'Invoice rounding rules' }),
      entry('tag', { title: 'Something', tags: ['invoice'] }),
      entry('stop-words-only', { title: 'The next thing to fix', body: 'and with for' }),
      entry('accented', { title: 'Façade pattern' }),
    ];
    const ranked = rankRelevantKnowledge(entries, { paths: [], goal: 'Fix the invoice rounding', notes: ['Next: the facade'] });
    assert.deepEqual(ranked.map((r) => [r.entry.id, r.termScore]), [['title', 4], ['accented', 2], ['body', 2], ['tag', 2]]);
  });

  it('a path match outranks any number of shared words', () => {
    const entries = [
      entry('words', { title: 'Payment retry backoff jitter', updatedAt: 9 }),
      entry('path', { title: 'Unrelated', paths: ['src/pay.ts'] }),
    ];
    assert.deepEqual(ids(relevantKnowledge(entries, { paths: ['src/pay.ts'], goal: 'payment retry backoff jitter', notes: [] })), ['path', 'words']);
  });

  it('orders equal relevance by the latest update, then by id, whatever the input order', () => {
    const entries = [entry('b', { updatedAt: 1, paths: ['a.ts'] }), entry('c', { updatedAt: 2, paths: ['a.ts'] }), entry('a', { updatedAt: 1, paths: ['a.ts'] })];
    const hints = { ...NO_HINTS, paths: ['a.ts'] };
    assert.deepEqual(ids(relevantKnowledge(entries, hints)), ['c', 'a', 'b']);
    assert.deepEqual(ids(relevantKnowledge([...entries].reverse(), hints)), ['c', 'a', 'b']);
  });

  it('returns nothing without hints, and honours a limit', () => {
    const entries = [entry('a', { title: 'Anything', paths: ['x/y.ts'] })];
    assert.deepEqual(relevantKnowledge(entries, NO_HINTS), []);
    const many = ['a', 'b', 'c'].map((id) => entry(id, { title: 'cache' }));
    assert.deepEqual(ids(relevantKnowledge(many, { ...NO_HINTS, goal: 'cache' }, { limit: 2 })), ['a', 'b']);
  });

  it('meaningfulWords drops stop words and single characters, folds case and accents', () => {
    assert.deepEqual([...meaningfulWords('Fix the Café in a UI, then x')], ['cafe', 'ui']);
  });
});
