// KnowledgeStore on a real database file: CRUD, scope, full-text search and its ranking, the
// FTS index kept in step by updates, deletes and journal replay in another process's handle.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { KnowledgeDraft } from '../../../src/core/knowledge/knowledgeEntry';
import { KnowledgeValidationError } from '../../../src/core/knowledge/knowledgeText';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { KnowledgeStore } from '../../../src/storage/knowledgeStore';
import { openDatabase, queryFile } from '../support/database';
import { FakeClock, MINUTE, sequentialIds } from '../support/fakeClock';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { draft } from './knowledgeFixtures';

const WS = 'ws-a';
const OTHER = 'ws-b';

describe('KnowledgeStore', () => {
  useTempDirs();
  let path: string;
  let database: BatonDatabase;
  let clock: FakeClock;
  let store: KnowledgeStore;

  beforeEach(async () => {
    path = join(makeTempDir(), 'baton.db');
    database = await openDatabase(path);
    clock = new FakeClock();
    store = new KnowledgeStore(database, { clock, ids: sequentialIds('k') });
  });
  afterEach(() => database.close());

  const titles = (hits: readonly { entry: { title: string } }[]) => hits.map((hit) => hit.entry.title);

  describe('add, get, list, update, delete', () => {
    it('adds a normalized entry, durable on disk, and reads it back', async () => {
      const added = await store.add(WS, draft({ kind: 'gotcha', title: '  Rounding   bug ', body: 'Use cents.\r\n\n', tags: ['Money', ' money', '#Math'], paths: ['./src\\total.ts', 'src/total.ts', '/docs/'] }));
      assert.deepEqual(added, {
        id: 'k-1', workspaceId: WS, kind: 'gotcha', title: 'Rounding bug', body: 'Use cents.', tags: ['money', 'math'], paths: ['src/total.ts', 'docs/'],
        createdAt: clock.now(), updatedAt: clock.now(),
      });
      assert.deepEqual(await store.get('k-1'), added);
      assert.deepEqual(await queryFile(path, 'SELECT id, workspace_id, tags, paths FROM knowledge'), [{ id: 'k-1', workspace_id: WS, tags: 'money,math', paths: 'src/total.ts\ndocs/' }]);
      assert.equal(await store.get('missing'), null);
    });

    it('refuses an empty title or an unknown kind, writing nothing', async () => {
      const seq = database.sequence;
      await assert.rejects(store.add(WS, draft({ title: '   ' })), KnowledgeValidationError);
      await assert.rejects(store.add(WS, { ...draft({ title: 'x' }), kind: 'rumour' as KnowledgeDraft['kind'] }), /one of: pattern, solution, decision, gotcha, note/);
      assert.equal((await store.list(WS)).length, 0);
      assert.equal(database.sequence, seq, 'nothing written');
    });

    it('lists the workspace entries and the global ones, newest update first, never another workspace\'s', async () => {
      await store.add(WS, draft({ title: 'mine, old' }));
      clock.advance(MINUTE);
      await store.add(WS, draft({ title: 'global', scope: 'global' }));
      clock.advance(MINUTE);
      await store.add(OTHER, draft({ title: 'theirs' }));
      clock.advance(MINUTE);
      await store.add(WS, draft({ title: 'mine, new' }));
      assert.deepEqual((await store.list(WS)).map((e) => [e.title, e.workspaceId]), [['mine, new', WS], ['global', null], ['mine, old', WS]]);
      assert.deepEqual((await store.list(OTHER)).map((e) => e.title), ['theirs', 'global']);
      assert.deepEqual((await store.list(WS, 1)).map((e) => e.title), ['mine, new']);
    });

    it('updates the given fields only, moves the update time, and writes nothing for a no-op', async () => {
      const added = await store.add(WS, draft({ title: 'Old title', body: 'body', tags: ['a'] }));
      clock.advance(MINUTE);
      const updated = await store.update(added.id, { title: 'New title', tags: ['B', 'c'] });
      assert.deepEqual(updated, { ...added, title: 'New title', tags: ['b', 'c'], updatedAt: added.createdAt + MINUTE });
      const seq = database.sequence;
      assert.deepEqual(await store.update(added.id, { title: 'New title ' }), updated);
      assert.equal(database.sequence, seq, 'nothing written');
      assert.equal(await store.update('missing', { title: 'x' }), null);
      await assert.rejects(store.update(added.id, { title: '' }), KnowledgeValidationError);
    });

    it('moves an entry between workspace and global scope', async () => {
      const added = await store.add(WS, draft({ title: 'Scoped' }));
      assert.equal((await store.update(added.id, { scope: 'global' }))?.workspaceId, null);
      assert.deepEqual((await store.list(OTHER)).map((e) => e.id), [added.id]);
      await assert.rejects(store.update(added.id, { scope: 'workspace' }), KnowledgeValidationError);
      assert.equal((await store.update(added.id, { scope: 'workspace' }, OTHER))?.workspaceId, OTHER);
    });

    it('deletes an entry; scoped to a workspace, only one that workspace sees', async () => {
      const mine = await store.add(WS, draft({ title: 'mine' }));
      const theirs = await store.add(OTHER, draft({ title: 'theirs' }));
      const global = await store.add(OTHER, draft({ title: 'everyone', scope: 'global' }));
      assert.equal(await store.delete(theirs.id, WS), false);
      assert.equal(await store.delete(global.id, WS), true);
      assert.equal(await store.delete(mine.id), true);
      assert.equal(await store.delete(mine.id), false);
      assert.deepEqual(await queryFile(path, 'SELECT id FROM knowledge'), [{ id: theirs.id }]);
    });
  });

  describe('search', () => {
    it('ranks a title match above a body match of the same word', async () => {
      await store.add(WS, draft({ title: 'Deployment checklist', body: 'Run the migrations before the cache warmup.' }));
      clock.advance(MINUTE); // the body-only entry is newer: it must still rank lower
      await store.add(WS, draft({ title: 'Release notes', body: 'Remember the cache is cold after deploy.' }));
      await store.add(WS, draft({ title: 'Cache invalidation', body: 'Keys carry the schema version.' }));
      const hits = await store.search('cache', WS, 10);
      assert.deepEqual(titles(hits), ['Cache invalidation', 'Release notes', 'Deployment checklist']);
      assert.ok(hits[0]!.score > hits[1]!.score && hits[1]!.score > 0);
    });

    it('ranks entries that match more of the words higher, and finds those matching some', async () => {
      await store.add(WS, draft({ title: 'Retry policy', body: 'Backoff doubles.' }));
      await store.add(WS, draft({ title: 'Retry policy for uploads', body: 'Backoff doubles, jitter added, uploads resume.' }));
      await store.add(WS, draft({ title: 'Jitter', body: 'Random spread of timers.' }));
      assert.deepEqual(titles(await store.search('retry backoff jitter', WS, 10)), ['Retry policy for uploads', 'Retry policy', 'Jitter']);
    });

    it('treats every word as a prefix', async () => {
      await store.add(WS, draft({ title: 'Authentication flow', body: 'Tokens refresh silently.' }));
      assert.deepEqual(titles(await store.search('auth', WS)), ['Authentication flow']);
      assert.deepEqual(titles(await store.search('tok refr', WS)), ['Authentication flow']);
      assert.deepEqual(titles(await store.search('authz', WS)), []);
    });

    it('ignores accents and case: "cafe" finds "Café" and the other way round', async () => {
      await store.add(WS, draft({ title: 'Café menu parser', body: 'CRÈME brûlée has accents.' }));
      assert.deepEqual(titles(await store.search('cafe', WS)), ['Café menu parser']);
      assert.deepEqual(titles(await store.search('CREME brulee', WS)), ['Café menu parser']);
      assert.deepEqual(titles(await store.search('Café', WS)), ['Café menu parser']);
    });

    it('searches tags and paths too', async () => {
      await store.add(WS, draft({ title: 'One', tags: ['perf'] }));
      await store.add(WS, draft({ title: 'Two', paths: ['src/storage/journal.ts'] }));
      assert.deepEqual(titles(await store.search('perf', WS)), ['One']);
      assert.deepEqual(titles(await store.search('journal.ts', WS)), ['Two']);
    });

    it('never raises on hostile or empty input; text without words finds nothing', async () => {
      await store.add(WS, draft({ title: 'Near the OR gate', body: 'NOT a trick "quoted" (really) a-b' }));
      for (const query of ['"', '*', 'NEAR(', '-', 'OR', 'AND', 'NOT', '""', '(', ')', '^', 'a:b', 'title:', 'NEAR/3', '"unterminated', '* OR *', '-OR-', '\u0000', '   ', '']) {
        await assert.doesNotReject(store.search(query, WS), `query ${JSON.stringify(query)}`);
      }
      for (const query of ['"', '*', '-', '""', '(', '   ', '', '^*()']) assert.deepEqual(await store.search(query, WS), [], `query ${JSON.stringify(query)}`);
      assert.deepEqual(titles(await store.search('OR', WS)), ['Near the OR gate'], 'OR is a plain word');
      assert.deepEqual(titles(await store.search('NEAR(', WS)), ['Near the OR gate'], 'NEAR is a plain word');
      assert.deepEqual(titles(await store.search('"quoted" -trick', WS)), ['Near the OR gate']);
    });

    it('breaks ties by the most recent update', async () => {
      await store.add(WS, draft({ title: 'Same words', body: 'identical' }));
      clock.advance(MINUTE);
      await store.add(WS, draft({ title: 'Same words', body: 'identical' }));
      const hits = await store.search('same', WS);
      assert.equal(hits[0]!.score, hits[1]!.score);
      assert.deepEqual(hits.map((h) => h.entry.id), ['k-2', 'k-1']);
    });

    it('searches the workspace and global entries only, and honours the limit', async () => {
      await store.add(WS, draft({ title: 'Queue mine' }));
      await store.add(OTHER, draft({ title: 'Queue theirs' }));
      await store.add(OTHER, draft({ title: 'Queue global', scope: 'global' }));
      assert.deepEqual(titles(await store.search('queue', WS)).sort(), ['Queue global', 'Queue mine']);
      assert.equal((await store.search('queue', WS, 1)).length, 1);
      assert.deepEqual(await store.search('queue', WS, 0), []);
    });

    it('stays in step with updates and deletes: new text is found, old text is not', async () => {
      const entry = await store.add(WS, draft({ title: 'Webpack config', body: 'Loaders order matters.' }));
      await store.update(entry.id, { title: 'Esbuild config', body: 'Plugins order matters.' });
      assert.deepEqual(titles(await store.search('webpack', WS)), []);
      assert.deepEqual(titles(await store.search('loaders', WS)), []);
      assert.deepEqual(titles(await store.search('esbuild plugins', WS)), ['Esbuild config']);
      await store.delete(entry.id);
      assert.deepEqual(await store.search('esbuild', WS), []);
      assert.deepEqual(await queryFile(path, "SELECT docid FROM knowledge_fts WHERE knowledge_fts MATCH 'esbuild OR webpack'"), []);
    });

    it('another handle on the same file, replaying the journal, finds the same entries', async () => {
      const a = await store.add(WS, draft({ title: 'Lock ordering', body: 'Take the journal lock first.' }));
      const b = await store.add(WS, draft({ title: 'Backup before migrate', body: 'Copy the file.' }));
      await store.update(a.id, { body: 'Take the process lock first, then the queue.' });
      await store.delete(b.id);
      await store.add(WS, draft({ title: 'Fsync the journal', body: 'Before acknowledging.' }));
      const other = await openDatabase(path);
      try {
        const replayed = new KnowledgeStore(other, { clock, ids: sequentialIds('other') });
        for (const query of ['lock', 'journal', 'process queue', 'backup', 'copy']) {
          assert.deepEqual(await replayed.search(query, WS), await store.search(query, WS), `query ${query}`);
        }
        assert.deepEqual(titles(await replayed.search('journal', WS)), ['Fsync the journal']);
        assert.equal((await other.read((db) => db.one("SELECT count(*) AS n FROM knowledge_fts WHERE knowledge_fts MATCH 'backup'")))?.n, 0);
        // A write through the second handle is seen by the first.
        await replayed.add(WS, draft({ title: 'Seen across handles' }));
        assert.deepEqual(titles(await store.search('handles', WS)), ['Seen across handles']);
        // FTS4's own check: the index matches the knowledge table, row for row (it throws otherwise).
        for (const handle of [database, other]) {
          await handle.read((db) => db.all("INSERT INTO knowledge_fts (knowledge_fts) VALUES ('integrity-check')"));
        }
      } finally {
        await other.close();
      }
    });
  });
});
