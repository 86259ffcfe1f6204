// KnowledgeService over a real store: what a workspace may reach (its own entries and the
// global ones, never another workspace's), messages when an entry is gone, and the change event.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ChangeFeed } from '../../../src/core/changeFeed';
import { KnowledgeEntryGoneError, KnowledgeService } from '../../../src/core/knowledge/knowledgeService';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { KnowledgeStore } from '../../../src/storage/knowledgeStore';
import { openDatabase } from '../support/database';
import { FakeClock, sequentialIds } from '../support/fakeClock';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { draft } from './knowledgeFixtures';

const WS = 'ws-a';
const OTHER = 'ws-b';

describe('KnowledgeService', () => {
  useTempDirs();
  let database: BatonDatabase;
  let service: KnowledgeService;
  let notified: number;

  beforeEach(async () => {
    database = await openDatabase(join(makeTempDir(), 'baton.db'));
    notified = 0;
    service = new KnowledgeService(new KnowledgeStore(database, { clock: new FakeClock(), ids: sequentialIds('k') }), { notify: () => notified++ });
  });
  afterEach(() => database.close());

  it('finds the workspace’s own and the global entries, not another workspace’s', async () => {
    const own = await service.add(WS, draft({ title: 'Own' }));
    const global = await service.add(OTHER, draft({ title: 'Global', scope: 'global' }));
    const foreign = await service.add(OTHER, draft({ title: 'Foreign' }));
    assert.equal((await service.find(WS, own.id))?.title, 'Own');
    assert.equal((await service.find(WS, global.id))?.title, 'Global');
    assert.equal(await service.find(WS, foreign.id), null);
    assert.deepEqual((await service.list(WS)).map((e) => e.title).sort(), ['Global', 'Own']);
    assert.deepEqual((await service.search(WS, 'foreign')).map((hit) => hit.entry.title), []);
  });

  it('refuses to edit or delete another workspace’s entry, with a message that says so', async () => {
    const foreign = await service.add(OTHER, draft({ title: 'Foreign' }));
    await assert.rejects(service.update(WS, foreign.id, { title: 'Mine now' }), KnowledgeEntryGoneError);
    await assert.rejects(service.delete(WS, foreign.id), /No knowledge entry .* in this workspace/);
    assert.equal((await service.get(foreign.id))?.title, 'Foreign', 'nothing changed');
  });

  it('edits and deletes a visible entry, and says so when it is gone', async () => {
    const entry = await service.add(WS, draft({ title: 'Before' }));
    assert.equal((await service.update(WS, entry.id, { title: 'After' })).title, 'After');
    await service.delete(WS, entry.id);
    await assert.rejects(service.delete(WS, entry.id), KnowledgeEntryGoneError);
    await assert.rejects(service.require(WS, entry.id), KnowledgeEntryGoneError);
  });

  it('notifies the views after each change, and not after reads or refused changes', async () => {
    const entry = await service.add(WS, draft({ title: 'A' }));
    await service.update(WS, entry.id, { title: 'B' });
    await service.list(WS);
    await service.search(WS, 'b');
    await assert.rejects(service.update(WS, 'missing', { title: 'x' }));
    await service.delete(WS, entry.id);
    assert.equal(notified, 3);
  });

  it('gives briefings the entries relevant to the work', async () => {
    await service.add(WS, draft({ title: 'Cart totals are integer cents', paths: ['src/cart.ts'] }));
    await service.add(WS, draft({ title: 'Unrelated deploy note', paths: ['ops/deploy.sh'] }));
    const relevant = await service.relevant({ workspaceId: WS, paths: ['src/cart.ts'], goal: '', notes: [] });
    assert.deepEqual(relevant.map((e) => e.title), ['Cart totals are integer cents']);
  });
});

describe('ChangeFeed', () => {
  it('delivers several notifications in one turn once, to every listener, even when one throws', async () => {
    const errors: unknown[] = [];
    const feed = new ChangeFeed((error) => errors.push(error));
    const seen: string[] = [];
    feed.subscribe(() => {
      throw new Error('view broke');
    });
    const stop = feed.subscribe(() => seen.push('b'));
    feed.notify();
    feed.notify();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(seen, ['b']);
    assert.equal(errors.length, 1);
    stop();
    feed.notify();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(seen, ['b']);
  });
});
