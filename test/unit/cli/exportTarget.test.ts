// `baton export --out FILE` writes only where a regular file may be. Once, `--out <db>.journal`
// renamed the export over Baton's own journal and three acknowledged writes were lost; the
// same path replaced a symlink, a FIFO and, as root, a device. Real processes, real files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { linkSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CliRun, runCli, runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { queryFile } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

function assertRefused(run: CliRun, target: RegExp, reason: RegExp): void {
  assert.equal(run.code, 2, `exit code; stderr: ${run.stderr}`);
  assert.equal(run.stdout, '');
  const [first, ...rest] = run.stderr.split('\n').filter(Boolean);
  assert.match(first ?? '', /^baton: --out: Baton will not write to /);
  assert.match(first ?? '', target);
  assert.match(first ?? '', reason);
  assert.match(first ?? '', /Choose another file name\.$/);
  assert.deepEqual(rest, ['Run "baton --help" for usage.']);
}

describe('baton export: where --out may write', function () {
  this.timeout(60_000);
  useTempDirs();
  before(requireFreshCli);
  let dir: string;
  let ws: string;
  let db: string;

  beforeEach(async () => {
    dir = makeTempDir();
    ws = join(dir, 'project');
    mkdirSync(ws);
    db = join(dir, 'baton.db');
    // Three acknowledged writes, in the journal (not yet compacted into the main file).
    await runCliOk(['--db', db, 'session', 'start', '--workspace', ws, '--goal', 'keep me']);
    await runCliOk(['--db', db, 'session', 'note', '--workspace', ws, '--text', 'first']);
    await runCliOk(['--db', db, 'session', 'note', '--workspace', ws, '--text', 'second']);
  });

  const exportTo = (out: string) => runCli(['--db', db, 'export', '--workspace', ws, '--out', out]);

  it("refuses the database's journal, the database, its backups and lock; nothing is lost", async () => {
    const journal = readFileSync(`${db}.journal`);
    assertRefused(await exportTo(`${db}.journal`), /baton\.db\.journal/, /it is Baton's journal/);
    assertRefused(await exportTo(db), /baton\.db: /, /it is Baton's database/);
    assertRefused(await exportTo(`${db}.bak`), /baton\.db\.bak/, /Baton's backups/);
    assertRefused(await exportTo(`${db}.bak-v0`), /baton\.db\.bak-v0/, /Baton's backups/);
    assertRefused(await exportTo(`${db}.lock`), /baton\.db\.lock/, /lock/);
    assertRefused(await exportTo(`${db}.corrupt-2026-01-01T00-00-00-000Z`), /corrupt/, /moved aside/);
    // Relative, from the database's folder, as a script would write it.
    const relative = await runCli(['--db', db, 'export', '--workspace', ws, '--out', join(dir, 'project', '..', 'baton.db.journal')]);
    assertRefused(relative, /baton\.db\.journal/, /journal/);
    assert.deepEqual(readFileSync(`${db}.journal`), journal);
    const notes = await queryFile(db, 'SELECT text FROM session_notes ORDER BY at, text');
    assert.deepEqual(notes, [{ text: 'first' }, { text: 'second' }]);
    assert.deepEqual(await queryFile(db, 'SELECT goal FROM sessions'), [{ goal: 'keep me' }]);
  });

  it('refuses a hard link to the database under another name and folder', async () => {
    const other = makeTempDir();
    linkSync(db, join(other, 'export.jsonl'));
    const before = readFileSync(db);
    assertRefused(await exportTo(join(other, 'export.jsonl')), /export\.jsonl/, /Baton's database \(another name for the same file\)/);
    assert.deepEqual(readFileSync(db), before);
    assert.equal(statSync(db).nlink, 2, 'the link is still there');
  });

  it('refuses a symlink (even to a regular file), a FIFO, a device and a folder, and leaves them as they were', async () => {
    const file = join(dir, 'real.jsonl');
    writeFileSync(file, 'keep me');
    symlinkSync(file, join(dir, 'link.jsonl'));
    assertRefused(await exportTo(join(dir, 'link.jsonl')), /link\.jsonl/, /it is a symbolic link/);
    assert.equal(readlinkSync(join(dir, 'link.jsonl')), file);
    assert.equal(readFileSync(file, 'utf8'), 'keep me');

    execFileSync('mkfifo', [join(dir, 'pipe.jsonl')]);
    assertRefused(await exportTo(join(dir, 'pipe.jsonl')), /pipe\.jsonl/, /named pipe \(FIFO\)/);
    assert.ok(lstatSync(join(dir, 'pipe.jsonl')).isFIFO());

    assertRefused(await exportTo('/dev/null'), /\/dev\/null/, /it is a device/);
    assert.ok(lstatSync('/dev/null').isCharacterDevice());

    mkdirSync(join(dir, 'folder'));
    assertRefused(await exportTo(join(dir, 'folder')), /folder/, /it is a folder/);
  });

  it('writes a new file, and replaces an existing regular file', async () => {
    const out = join(dir, 'export.jsonl');
    assert.match(await runCliOk(['--db', db, 'export', '--workspace', ws, '--out', out]), /^Exported 1 session \(3 rows\) to .*export\.jsonl\n$/);
    writeFileSync(out, 'an older export');
    await runCliOk(['--db', db, 'export', '--workspace', ws, '--out', out]);
    assert.equal(JSON.parse(readFileSync(out, 'utf8').split('\n')[0] ?? '').format, 'baton-export');
    assert.ok(lstatSync(out).isFile());
  });
});
