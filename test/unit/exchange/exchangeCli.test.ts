// `baton export` and `baton import` as a script would use them: real processes, real files.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runCliOk } from '../support/cli';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

describe('baton export / import', () => {
  useTempDirs();

  async function workspaceWithSession(): Promise<{ dir: string; ws: string; db: string }> {
    const dir = makeTempDir();
    const ws = join(dir, 'project');
    mkdirSync(ws);
    const db = join(dir, 'a.db');
    await runCliOk(['--db', db, 'session', 'start', '--workspace', ws, '--goal', 'Ship the export']);
    await runCliOk(['--db', db, 'session', 'note', '--workspace', ws, '--text', 'Half way']);
    await runCliOk(['--db', db, 'session', 'end', '--workspace', ws, '--summary', 'Shipped']);
    return { dir, ws, db };
  }

  it('exports, imports into a new database (dry run first), and a second import adds nothing', async () => {
    const { dir, ws, db } = await workspaceWithSession();
    const out = join(dir, 'out.jsonl');
    assert.match(await runCliOk(['--db', db, 'export', '--workspace', ws, '--out', out]), /Exported 1 session \(2 rows\)/);
    assert.equal(JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!).format, 'baton-export');

    const other = join(dir, 'b.db');
    const dry = JSON.parse(await runCliOk(['--db', other, 'import', out, '--dry-run', '--json'])) as { dryRun: boolean; sessions: { added: number } };
    assert.deepEqual([dry.dryRun, dry.sessions.added], [true, 1]);
    const listedBefore = JSON.parse(await runCliOk(['--db', other, 'session', 'list', '--workspace', ws, '--json'])) as { sessions: unknown[] };
    assert.equal(listedBefore.sessions.length, 0, 'the dry run changed nothing');

    assert.match(await runCliOk(['--db', other, 'import', out]), /sessions: added 1, 0 already present/);
    assert.match(await runCliOk(['--db', other, 'import', out]), /sessions: added 0, 1 already present/);
    const [a, b] = await Promise.all([db, other].map((d) => runCliOk(['--db', d, 'session', 'list', '--workspace', ws, '--json'])));
    assert.deepEqual(JSON.parse(b!), JSON.parse(a!));
  });

  it('imports into another folder\'s workspace with --workspace', async () => {
    const { dir, ws, db } = await workspaceWithSession();
    const out = join(dir, 'out.jsonl');
    await runCliOk(['--db', db, 'export', '--workspace', ws, '--out', out]);
    const moved = join(dir, 'moved');
    mkdirSync(moved);
    await runCliOk(['--db', db, 'import', out, '--workspace', moved]);
    const listed = JSON.parse(await runCliOk(['--db', db, 'session', 'list', '--workspace', moved, '--json'])) as { sessions: { goal: string; notes: unknown[] }[] };
    assert.deepEqual(listed.sessions.map((s) => [s.goal, s.notes.length]), [['Ship the export', 1]]);
  });

  it('names every problem of a bad file by line and field, exits 1 and imports nothing', async () => {
    const { dir, ws, db } = await workspaceWithSession();
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"type":"header","format":"baton-export","version":1,"workspace":{"id":"w","name":"n","location":"l"}}\n{"type":"session","id":"x","goal":7}\n');
    const run = await runCli(['--db', db, 'import', bad]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /line 2, field goal: expected a string, found 7/);
    assert.match(run.stderr, /line 2, field startedAt: missing/);
    const listed = JSON.parse(await runCliOk(['--db', db, 'session', 'list', '--workspace', ws, '--json'])) as { sessions: unknown[] };
    assert.equal(listed.sessions.length, 1);
  });

  it('imports a file saved with a byte-order mark; refuses a __proto__ row and a newer version by line, exit 1', async () => {
    const { dir, ws, db } = await workspaceWithSession();
    const out = join(dir, 'out.jsonl');
    await runCliOk(['--db', db, 'export', '--workspace', ws, '--out', out]);
    const text = readFileSync(out, 'utf8');
    const withBom = join(dir, 'bom.jsonl');
    writeFileSync(withBom, `\uFEFF${text}`);
    const other = join(dir, 'b.db');
    assert.match(await runCliOk(['--db', other, 'import', withBom]), /sessions: added 1, 0 already present/);

    const odd = join(dir, 'odd.jsonl');
    writeFileSync(odd, `${text}{"type":"__proto__","id":"x"}\n{"type":"constructor"}\n`);
    const rows = text.trimEnd().split('\n').length;
    const run = await runCli(['--db', other, 'import', odd]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`line ${rows + 1}, field type: expected one of .* \\(found "__proto__"\\)`));
    assert.match(run.stderr, new RegExp(`line ${rows + 2}, field type: expected one of .* \\(found "constructor"\\)`));

    const newer = join(dir, 'newer.jsonl');
    writeFileSync(newer, text.replace('"version":2', '"version":3'));
    const refused = await runCli(['--db', other, 'import', newer]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /line 1, field version: 3 is not supported .*update Baton/);
  });

  it('explains usage errors: missing --out, missing file', async () => {
    const { dir, ws, db } = await workspaceWithSession();
    const noOut = await runCli(['--db', db, 'export', '--workspace', ws]);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--out FILE is required/);
    const missing = await runCli(['--db', db, 'import', join(dir, 'nope.jsonl')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.jsonl: no such file/);
  });
});
