// Knowledge in workspace exports: the workspace's entries and the global ones travel with their
// scope, are validated, import idempotently, keep the later edit, and stay searchable.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceRef } from '../../../src/core/sessions/session';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { ExchangeValidationError } from '../../../src/storage/exchange/exchangeValidation';
import { describeImport, exportWorkspaceToFile, importFromFile } from '../../../src/storage/exchange/workspaceExchange';
import { KnowledgeStore } from '../../../src/storage/knowledgeStore';
import { openDatabase } from '../support/database';
import { FakeClock, MINUTE, sequentialIds } from '../support/fakeClock';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { draft } from './knowledgeFixtures';

const WS: WorkspaceRef = { id: 'ws-shop', name: 'shop', location: '/home/me/shop' };

describe('knowledge export and import', () => {
  useTempDirs();
  let dir: string;
  let clock: FakeClock;
  let source: BatonDatabase;
  let sourceStore: KnowledgeStore;
  let file: string;
  const targets: BatonDatabase[] = [];

  async function target(name = 'target.db'): Promise<{ database: BatonDatabase; store: KnowledgeStore }> {
    const database = await openDatabase(join(dir, name));
    targets.push(database);
    return { database, store: new KnowledgeStore(database, { clock, ids: sequentialIds('t') }) };
  }

  const rowsOf = (database: BatonDatabase) => database.read((db) => db.all('SELECT * FROM knowledge ORDER BY id'));

  beforeEach(async () => {
    dir = makeTempDir();
    clock = new FakeClock();
    source = await openDatabase(join(dir, 'source.db'));
    sourceStore = new KnowledgeStore(source, { clock, ids: sequentialIds('k') });
    await sourceStore.add(WS.id, draft({ kind: 'gotcha', title: 'Cents, not floats', body: '```ts\nconst total = cents(a) + cents(b);\n```', tags: ['money'], paths: ['src/total.ts'] }));
    clock.advance(MINUTE);
    await sourceStore.add(WS.id, draft({ kind: 'pattern', title: 'Prefer early returns everywhere', scope: 'global' }));
    await sourceStore.add('ws-elsewhere', draft({ title: 'Not in this export' }));
    file = join(dir, 'export.jsonl');
  });

  afterEach(async () => {
    for (const database of targets.splice(0)) await database.close();
    await source.close();
  });

  it('exports the workspace entries and the global ones, with their scope', async () => {
    const summary = await exportWorkspaceToFile(source, WS, file, new Date('2026-11-24T10:00:00Z'));
    assert.equal(summary.knowledge, 2);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines, [
      { type: 'knowledge', id: 'k-1', scope: 'workspace', kind: 'gotcha', title: 'Cents, not floats', body: '```ts\nconst total = cents(a) + cents(b);\n```', tags: ['money'], paths: ['src/total.ts'], createdAt: clock.now() - MINUTE, updatedAt: clock.now() - MINUTE },
      { type: 'knowledge', id: 'k-2', scope: 'global', kind: 'pattern', title: 'Prefer early returns everywhere', body: '', tags: [], paths: [], createdAt: clock.now(), updatedAt: clock.now() },
    ]);
  });

  it('imports into an empty database with the same rows, searchable; a second import adds nothing', async () => {
    await exportWorkspaceToFile(source, WS, file);
    const { database, store } = await target();
    const first = await importFromFile(database, file);
    assert.deepEqual(first.knowledge, { added: 2, unchanged: 0, remapped: 0, updated: 0 });
    const exported = (await rowsOf(source)).filter((r) => r.id !== 'k-3');
    assert.deepEqual(await rowsOf(database), exported.map((r) => ({ ...r })));
    assert.deepEqual((await store.search('cents', WS.id)).map((h) => h.entry.id), ['k-1']);
    assert.deepEqual((await store.list('any-other-workspace')).map((e) => e.id), ['k-2'], 'the global entry stays global');
    const seq = database.sequence;
    const second = await importFromFile(database, file);
    assert.deepEqual(second.knowledge, { added: 0, unchanged: 2, remapped: 0, updated: 0 });
    assert.equal(database.sequence, seq, 'nothing written');
    assert.match(describeImport(second, false).join('\n'), /knowledge: added 0, 2 already present/);
  });

  it('puts workspace entries into the chosen workspace, global ones stay global', async () => {
    await exportWorkspaceToFile(source, WS, file);
    const { database } = await target();
    await importFromFile(database, file, { workspaceId: 'ws-moved' });
    assert.deepEqual((await rowsOf(database)).map((r) => [r.id, r.workspace_id]), [['k-1', 'ws-moved'], ['k-2', null]]);
  });

  it('keeps the later edit of the same entry, on either side', async () => {
    await exportWorkspaceToFile(source, WS, file);
    const { database, store } = await target();
    await importFromFile(database, file);
    // Edited in the target later than the file's copy: importing the old file changes nothing.
    clock.advance(MINUTE);
    await store.update('k-1', { title: 'Cents, never floats' });
    const older = await importFromFile(database, file);
    assert.deepEqual(older.knowledge, { added: 0, unchanged: 2, remapped: 0, updated: 0 });
    assert.equal((await store.get('k-1'))?.title, 'Cents, never floats');
    // Edited again in the source, later still: the import brings that edit, in place, and the FTS index follows.
    clock.advance(MINUTE);
    await sourceStore.update('k-1', { title: 'Integer cents', body: 'Use bigint for totals.' });
    await exportWorkspaceToFile(source, WS, file);
    const newer = await importFromFile(database, file);
    assert.deepEqual(newer.knowledge, { added: 0, unchanged: 1, remapped: 0, updated: 1 });
    assert.match(describeImport(newer, false).join('\n'), /1 updated to a later edit/);
    assert.equal((await store.get('k-1'))?.title, 'Integer cents');
    assert.deepEqual((await store.search('bigint', WS.id)).map((h) => h.entry.id), ['k-1']);
    assert.deepEqual(await store.search('floats', WS.id), []);
    assert.equal((await rowsOf(database)).length, 2);
  });

  it('remaps an id held by an unrelated entry of another workspace', async () => {
    await exportWorkspaceToFile(source, WS, file);
    const { database, store } = await target();
    await database.write((db) => db.run("INSERT INTO knowledge (id, workspace_id, kind, title, created_at, updated_at) VALUES ('k-1', 'ws-x', 'note', 'Unrelated', 1, 1)"));
    const report = await importFromFile(database, file);
    assert.deepEqual(report.knowledge, { added: 1, unchanged: 0, remapped: 1, updated: 0 });
    const [hit] = await store.search('cents', WS.id);
    assert.match(hit!.entry.id, /^k-1~[0-9a-f]{12}$/);
    assert.deepEqual((await importFromFile(database, file)).knowledge, { added: 0, unchanged: 2, remapped: 0, updated: 0 });
  });

  it('refuses bad knowledge lines by line and field, importing nothing', async () => {
    await exportWorkspaceToFile(source, WS, file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    lines.push(
      JSON.stringify({ type: 'knowledge', id: 'x1', scope: 'team', kind: 'rumour', title: 't', body: '', tags: 'a,b', paths: [1], createdAt: 1, updatedAt: -1 }),
      JSON.stringify({ type: 'knowledge', id: 'x2', scope: 'global', kind: 'note', title: 7, body: '', tags: [], paths: [], createdAt: 1 }),
    );
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, lines.join('\n'));
    const { database } = await target();
    const error = await importFromFile(database, bad).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof ExchangeValidationError);
    assert.deepEqual(error.problems.map((p) => p.replace(/, found .*$/, '')), [
      'line 4, field scope: expected one of workspace, global',
      'line 4, field kind: expected one of pattern, solution, decision, gotcha, note',
      'line 4, field tags: expected a list of strings',
      'line 4, field paths: expected a list of strings',
      'line 4, field updatedAt: expected a whole number >= 0',
      'line 5, field title: expected a string',
      'line 5, field updatedAt: missing (expected a whole number >= 0)',
    ]);
    assert.deepEqual(await rowsOf(database), []);
  });
});
