// `baton knowledge add|search|list|delete` as a script would use them: a real `node dist/cli.js`
// per command, checked through its output and the database file it leaves behind.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceForPath } from '../../../src/context/workspaceIdentity';
import { runCli, runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { queryFile } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const RESULT_KEYS = ['body', 'id', 'kind', 'paths', 'scope', 'score', 'tags', 'title', 'updatedAt'];

interface Result {
  id: string;
  kind: string;
  title: string;
  body: string;
  tags: string[];
  paths: string[];
  scope: 'workspace' | 'global';
  score: number;
  updatedAt: string;
}

describe('baton CLI: knowledge', function () {
  this.timeout(60_000);
  useTempDirs();
  before(requireFreshCli);

  let db: string;
  let ws: string;
  let other: string;

  beforeEach(() => {
    const dir = makeTempDir();
    db = join(dir, 'baton.db');
    ws = join(dir, 'shop');
    other = join(dir, 'blog');
    mkdirSync(ws);
    mkdirSync(other);
  });

  const add = (args: string[], dir = ws) => runCliOk(['--db', db, 'knowledge', 'add', '--workspace', dir, ...args]).then((out) => out.trim());

  async function search(query: string, dir = ws): Promise<Result[]> {
    const stdout = await runCliOk(['--db', db, 'knowledge', 'search', '--workspace', dir, query, '--json']);
    assert.equal(stdout.split('\n').filter(Boolean).length, 1, `one line of JSON expected, got: ${stdout}`);
    const parsed = JSON.parse(stdout) as { results: Result[] };
    assert.deepEqual(Object.keys(parsed), ['results']);
    for (const result of parsed.results) {
      assert.deepEqual(Object.keys(result).sort(), RESULT_KEYS);
      assert.match(result.updatedAt, ISO);
      assert.equal(typeof result.score, 'number');
    }
    return parsed.results;
  }

  it('add prints the new id, durable on disk, with tags, paths and scope', async () => {
    const id = await add(['--kind', 'gotcha', '--title', 'Totals in cents', '--body', 'Never sum floats.', '--tags', 'Money, rounding', '--paths', 'src/total.ts,src/tax.ts']);
    assert.match(id, UUID);
    const rows = await queryFile(db, 'SELECT id, workspace_id, kind, title, body, tags, paths FROM knowledge');
    assert.deepEqual(rows, [{ id, workspace_id: workspaceForPath(ws).id, kind: 'gotcha', title: 'Totals in cents', body: 'Never sum floats.', tags: 'money,rounding', paths: 'src/total.ts\nsrc/tax.ts' }]);
    const json = JSON.parse(await add(['--kind', 'note', '--title', 'Everywhere', '--global', '--json'])) as { id: string; entry: Result };
    assert.match(json.id, UUID);
    assert.equal(json.entry.scope, 'global');
    assert.deepEqual(await queryFile(db, 'SELECT workspace_id FROM knowledge WHERE id = ?', [json.id]), [{ workspace_id: null }]);
  });

  it('refuses an unknown or missing kind with a usage error listing the kinds, and a missing title', async () => {
    for (const args of [['--kind', 'rumour', '--title', 'x'], ['--title', 'x']]) {
      const run = await runCli(['--db', db, 'knowledge', 'add', '--workspace', ws, ...args]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /pattern, solution, decision, gotcha, note/);
    }
    const noTitle = await runCli(['--db', db, 'knowledge', 'add', '--workspace', ws, '--kind', 'note']);
    assert.equal(noTitle.code, 2);
    assert.match(noTitle.stderr, /--title TEXT is required/);
    const blank = await runCli(['--db', db, 'knowledge', 'add', '--workspace', ws, '--kind', 'note', '--title', '   ']);
    assert.equal(blank.code, 2);
    assert.match(blank.stderr, /needs a title/);
    assert.deepEqual(await queryFile(db, 'SELECT id FROM knowledge'), []);
  });

  it('search ranks title matches first, finds by prefix and without accents, and sees global entries', async () => {
    const body = await add(['--kind', 'note', '--title', 'Release steps', '--body', 'Warm the cache after deploy.']);
    const title = await add(['--kind', 'pattern', '--title', 'Cache keys carry the version', '--body', 'So deploys never read stale data.']);
    const global = await add(['--kind', 'decision', '--title', 'Café-style code review', '--global'], other);
    await add(['--kind', 'note', '--title', 'Cache in the other workspace'], other);
    const results = await search('cache');
    assert.deepEqual(results.map((r) => r.id), [title, body]);
    assert.ok(results[0]!.score > results[1]!.score);
    assert.deepEqual(results[0], { ...results[0], kind: 'pattern', title: 'Cache keys carry the version', body: 'So deploys never read stale data.', tags: [], paths: [], scope: 'workspace' });
    assert.deepEqual((await search('deplo')).map((r) => r.id).sort(), [body, title].sort());
    assert.deepEqual((await search('cafe')).map((r) => [r.id, r.scope]), [[global, 'global']]);
  });

  it('hostile queries exit 0 with valid JSON; text without words finds nothing', async () => {
    await add(['--kind', 'note', '--title', 'Near the OR gate']);
    for (const query of ['"', '*', 'NEAR(', '-', 'OR', '(((', '"a" AND -b*']) {
      const run = await runCli(['--db', db, 'knowledge', 'search', '--workspace', ws, '--json', '--', query]);
      assert.equal(run.code, 0, `query ${query}: ${run.stderr}`);
      assert.ok(Array.isArray((JSON.parse(run.stdout) as { results: unknown[] }).results));
    }
    assert.deepEqual(await search('"'), []);
    assert.equal((await search('OR')).length, 1);
    const missing = await runCli(['--db', db, 'knowledge', 'search', '--workspace', ws, '--json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Give the words to search for/);
  });

  it('list shows the workspace and global entries, latest first; delete removes one from list and search', async () => {
    const first = await add(['--kind', 'note', '--title', 'First entry']);
    const second = await add(['--kind', 'gotcha', '--title', 'Second entry', '--global']);
    const listed = JSON.parse(await runCliOk(['--db', db, 'knowledge', 'list', '--workspace', ws, '--json'])) as { entries: Result[] };
    assert.deepEqual(listed.entries.map((e) => e.id).sort(), [first, second].sort());
    assert.ok(!('score' in listed.entries[0]!));
    assert.match(await runCliOk(['--db', db, 'knowledge', 'list', '--workspace', ws]), /gotcha\s+Second entry\s+\(global\)/);

    assert.match(await runCliOk(['--db', db, 'knowledge', 'delete', '--workspace', ws, first]), new RegExp(`Deleted ${first}`));
    assert.deepEqual((await search('entry')).map((r) => r.id), [second]);
    const again = await runCli(['--db', db, 'knowledge', 'delete', '--workspace', ws, first]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /No knowledge entry/);
    const noId = await runCli(['--db', db, 'knowledge', 'delete', '--workspace', ws]);
    assert.equal(noId.code, 2);
  });

  it('does not delete another workspace\'s entry', async () => {
    const theirs = await add(['--kind', 'note', '--title', 'Theirs'], other);
    const run = await runCli(['--db', db, 'knowledge', 'delete', '--workspace', ws, theirs]);
    assert.equal(run.code, 1);
    assert.deepEqual(await queryFile(db, 'SELECT id FROM knowledge'), [{ id: theirs }]);
  });

  it('export carries the knowledge; import into another database makes it searchable there', async () => {
    const id = await add(['--kind', 'solution', '--title', 'Flaky test fixed by fake timers']);
    const out = join(makeTempDir(), 'out.jsonl');
    await runCliOk(['--db', db, 'export', '--workspace', ws, '--out', out]);
    assert.ok(readFileSync(out, 'utf8').includes('"type":"knowledge"'));
    const target = join(makeTempDir(), 'other.db');
    await runCliOk(['--db', target, 'import', out]);
    const found = JSON.parse(await runCliOk(['--db', target, 'knowledge', 'search', '--workspace', ws, 'flaky', '--json'])) as { results: Result[] };
    assert.deepEqual(found.results.map((r) => r.id), [id]);
  });

  it('usage lists the knowledge commands; an unknown subcommand is a usage error', async () => {
    assert.match(await runCliOk(['--help']), /knowledge search --workspace DIR QUERY/);
    const run = await runCli(['--db', db, 'knowledge', 'frobnicate', '--workspace', ws]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Try: add, search, list, delete/);
  });
});
