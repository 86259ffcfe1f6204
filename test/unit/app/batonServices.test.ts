// The service graph as the extension and the CLI get it: built once from the sources handed in,
// every service on the one database, and one change event for what the views show.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type BatonServices, createBatonServices } from '../../../src/app/batonServices';
import { FakeClock, MINUTE } from '../support/fakeClock';
import { commitFile, makeRepo } from '../support/git';
import { repoRoot, srcDir, wasmDir } from '../support/paths';
import { testSources } from '../support/services';
import { makeTempDir, useTempDirs } from '../support/tempDirs';


/** A repository with one commit and nothing uncommitted. */
function repo(): string {
  const dir = makeRepo();
  commitFile(dir, 'README.md', '# shop\n');
  return dir;
}

/** Resolves after the change feed had a chance to deliver (it batches per microtask turn). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createBatonServices', () => {
  useTempDirs();
  let services: BatonServices | undefined;
  afterEach(async () => {
    await services?.close();
    services = undefined;
  });

  it('builds the workspace services on one database, with the clock and ids handed in', async () => {
    const dir = repo();
    services = await createBatonServices(testSources(dir));
    const work = services.work;
    assert.ok(work);
    const session = await work.tracker.start('Ship the VAT report');
    assert.equal(session.id, 's-1');
    assert.equal(session.startedAt, Date.UTC(2026, 10, 24, 9, 0, 0));
    await work.tracker.addNote('next: the PDF total');
    const snapshot = await work.snapshots.take('Checkpoint', 'manual');
    assert.equal(snapshot.sessionId, session.id, 'the snapshot service reads the tracker’s session from the same database');
    assert.deepEqual(snapshot.notes, ['next: the PDF total']);
    const entry = await services.knowledge.add(work.workspace.id, { kind: 'gotcha', title: 'VAT report totals are integer cents', body: '', tags: ['vat'], paths: [], scope: 'workspace' });
    const briefing = await work.briefings.generate('low', { save: true });
    assert.match(briefing.markdown, /Ship the VAT report/);
    assert.match(briefing.markdown, /VAT report totals are integer cents/, 'the briefing reads the knowledge service');
    assert.equal((await work.briefingHistory.latest(work.workspace.id))?.briefing.markdown, briefing.markdown);
    assert.deepEqual((await work.snapshotHistory.list(work.workspace.id, 10)).map((s) => s.id), [snapshot.id]);
    assert.equal((await services.knowledge.find(work.workspace.id, entry.id))?.title, 'VAT report totals are integer cents');
  });

  it('without a workspace has no workspace services, and knowledge still works', async () => {
    services = await createBatonServices(testSources(makeTempDir(), { workspace: null }));
    assert.equal(services.work, null);
    const entry = await services.knowledge.add('elsewhere', { kind: 'note', title: 'Global note', body: '', tags: [], paths: [], scope: 'global' });
    assert.deepEqual((await services.knowledge.list('any-workspace')).map((e) => e.id), [entry.id]);
  });

  it('reads git only in the folder the caller allows, and says why not otherwise', async () => {
    const dir = repo();
    let allowed = false;
    services = await createBatonServices(testSources(dir, { git: { folder: () => (allowed ? dir : null), unavailableReason: 'not read: the workspace is not trusted' } }));
    const work = services.work;
    assert.ok(work);
    const refused = await work.briefings.generate('low', { save: false });
    assert.deepEqual(refused.unavailable.filter((u) => u.source === 'git'), [{ source: 'git', reason: 'not read: the workspace is not trusted' }]);
    assert.equal(await work.snapshots.currentPatch(1024), null);
    allowed = true;
    const read = await work.briefings.generate('low', { save: false });
    assert.deepEqual(read.unavailable.filter((u) => u.source === 'git'), []);
    assert.equal(await work.snapshots.currentPatch(1024), '');
  });

  it('takes the session-end snapshot of an ended session', async () => {
    const dir = repo();
    const clock = new FakeClock();
    services = await createBatonServices(testSources(dir, { clock }));
    const work = services.work;
    assert.ok(work);
    await work.tracker.start('Refactor');
    clock.advance(5 * MINUTE);
    const ended = await work.tracker.end('done');
    const snapshot = await work.snapshotEndedSession(ended);
    assert.equal(snapshot.reason, 'session-end');
    assert.equal(snapshot.sessionId, ended.id);
  });

  it('fires one change event for what views show: snapshots, saved briefings, knowledge', async () => {
    const dir = repo();
    services = await createBatonServices(testSources(dir));
    const work = services.work;
    assert.ok(work);
    let changes = 0;
    services.changes.subscribe(() => changes++);
    const expectChange = async (what: string, action: () => Promise<unknown>, expected = 1) => {
      changes = 0;
      await action();
      await settle();
      assert.equal(changes, expected, what);
    };
    await expectChange('a snapshot', () => work.snapshots.take('', 'manual'));
    await expectChange('a saved briefing', () => work.briefings.generate('high', { save: true }));
    await expectChange('an unsaved briefing changes nothing', () => work.briefings.generate('high', { save: false }), 0);
    const entry = await services.knowledge.add(work.workspace.id, { kind: 'note', title: 'A', body: '', tags: [], paths: [], scope: 'workspace' });
    await expectChange('a knowledge edit', () => services!.knowledge.update(work.workspace.id, entry.id, { title: 'B' }));
    await expectChange('a knowledge delete', () => services!.knowledge.delete(work.workspace.id, entry.id));
    await expectChange('several changes in one turn arrive once', async () => {
      services!.changes.notify();
      services!.changes.notify();
    });
  });

  it('a window warms the write path up after its open, a CLI command does not; closing cancels the warm-up', async () => {
    const dir = repo();
    const command = await createBatonServices(testSources(dir, { database: { path: join(makeTempDir(), 'baton.db'), wasmDir, fold: 'command' } }));
    assert.equal(command.warmUp, null);
    await command.close();
    services = await createBatonServices(testSources(dir, { database: { path: join(makeTempDir(), 'baton.db'), wasmDir, fold: 'window' } }));
    const warmUp = services.warmUp;
    assert.ok(warmUp, 'started, to run once the window has settled');
    const started = performance.now();
    await services.close();
    services = undefined;
    assert.ok(performance.now() - started < 1_000, 'close does not wait for the warm-up\'s delay');
    assert.equal(warmUp.writesMade, 0);
  });
});

describe('the service graph is built only in src/app', () => {
  const CONSTRUCTS = /\bnew\s+(?:[A-Z]\w*(?:Store|Service|Tracker)|BatonDatabase)\s*\(|\bBatonDatabase\.open\s*\(/;
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));

  it('no file outside src/app constructs a store, a service, the tracker or the database', () => {
    const offenders = files(srcDir)
      .map((file) => relative(repoRoot, file).split(sep).join('/'))
      .filter((file) => !file.startsWith('src/app/') && !file.startsWith('src/webview/') && file !== 'src/storage/batonDatabase.ts')
      .filter((file) => CONSTRUCTS.test(readFileSync(join(repoRoot, file), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('the pattern finds the forms a stray construction takes', () => {
    for (const stray of ['new KnowledgeStore(database, deps)', 'new SnapshotService({', 'new SessionTracker({', 'await BatonDatabase.open({ path })', 'new BatonDatabase(']) {
      assert.match(stray, CONSTRUCTS);
    }
    assert.doesNotMatch('new UiStore(storage)'.replace('UiStore', 'Ui'), CONSTRUCTS);
  });
});
