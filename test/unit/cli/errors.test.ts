// What the `baton` CLI tells a user who gets something wrong: exit codes (1 for a failed
// command, 2 for a usage error), one clear stderr line, and no database touched needlessly.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { USAGE } from '../../../src/cli/cliArgs';
import { LATEST_SCHEMA_VERSION } from '../../../src/storage/migrations';
import { type CliRun, runCli, runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { independentSqlJs, queryFile } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

function assertFailure(run: CliRun, code: number, message: RegExp): void {
  assert.equal(run.code, code, `exit code; stderr: ${run.stderr}`);
  assert.equal(run.stdout, '');
  const lines = run.stderr.split('\n').filter(Boolean);
  assert.match(lines[0] ?? '', /^baton: /);
  assert.match(lines[0] ?? '', message);
  if (code === 2) assert.deepEqual(lines.slice(1), ['Run "baton --help" for usage.']);
  else assert.equal(lines.length, 1, `one stderr line expected, got: ${run.stderr}`);
}

describe('baton CLI: errors and help', function () {
  this.timeout(30_000);
  useTempDirs();
  before(requireFreshCli);
  let workspace: string;
  let db: string;
  beforeEach(() => {
    workspace = makeTempDir('baton-ws-');
    db = join(makeTempDir(), 'baton.db');
  });

  it('--help, -h and no arguments print the usage and exit 0', async () => {
    for (const args of [['--help'], ['-h'], [], ['session', 'start', '--help']]) {
      const run = await runCli(args);
      assert.equal(run.code, 0, args.join(' '));
      assert.equal(run.stdout, `${USAGE}\n`);
      assert.equal(run.stderr, '');
    }
    assert.match(USAGE, /session start --workspace DIR/);
  });

  it('a note or end with no running session exits 1 with one clear line', async () => {
    assertFailure(await runCli(['session', 'note', '--db', db, '--workspace', workspace, '--text', 'x']), 1, /No session is running in this workspace\. Start one first\.$/);
    assertFailure(await runCli(['session', 'end', '--db', db, '--workspace', workspace]), 1, /No session is running/);
    assert.deepEqual(await queryFile(db, 'SELECT count(*) AS n FROM session_notes'), [{ n: 0 }]);
  });

  it('starting while a session runs exits 1 and names the running session', async () => {
    await runCliOk(['session', 'start', '--db', db, '--workspace', workspace, '--goal', 'first']);
    assertFailure(await runCli(['session', 'start', '--db', db, '--workspace', workspace, '--goal', 'second']), 1, /already running \("first"\)/);
    assert.deepEqual(await queryFile(db, 'SELECT goal FROM sessions'), [{ goal: 'first' }]);
  });

  it('usage errors exit 2 with a message and create no database', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /Unknown command "frobnicate"/],
      [['session', 'list', '--db', db], /--workspace DIR is required/],
      [['session', 'start', '--db', db, '--workspace', join(workspace, 'missing')], /--workspace .*missing: no such folder/],
      [['session', 'start', '--db', db, '--bogus'], /Unknown option '--bogus'/],
      [['session', 'start', '--db'], /--db/],
    ];
    for (const [args, message] of cases) assertFailure(await runCli(args), 2, message);
    writeFileSync(join(workspace, 'file.txt'), 'not a folder');
    assertFailure(await runCli(['session', 'start', '--db', db, '--workspace', join(workspace, 'file.txt')]), 2, /no such folder/);
    assert.equal(existsSync(db), false);
  });

  it('an unknown session subcommand or an empty note text exits 2', async () => {
    assertFailure(await runCli(['session', 'pause', '--db', db, '--workspace', workspace]), 2, /Unknown command "session pause"/);
    await runCliOk(['session', 'start', '--db', db, '--workspace', workspace]);
    assertFailure(await runCli(['session', 'note', '--db', db, '--workspace', workspace, '--text', '   ']), 2, /--text TEXT is required/);
    assert.deepEqual(await queryFile(db, 'SELECT count(*) AS n FROM session_notes'), [{ n: 0 }]);
  });

  it('a damaged database is moved aside byte-identical, the backup restored, and the command still runs', async () => {
    await runCliOk(['session', 'start', '--db', db, '--workspace', workspace, '--goal', 'kept in the journal']);
    const damaged = Buffer.from('this is not a database, but it might be someone\'s data\n'.repeat(40));
    writeFileSync(db, damaged);
    const run = await runCli(['session', 'note', '--db', db, '--workspace', workspace, '--text', 'after the damage']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^baton: .*damaged \(not an SQLite database\).*moved to \S*baton\.db\.corrupt-[\dTZ-]+ .*backup was restored from \S*baton\.db\.bak/);
    assert.equal(run.stderr.split('\n').filter(Boolean).length, 1, 'one line');
    const movedTo = readdirSync(dirname(db)).filter((name) => name.startsWith('baton.db.corrupt-'));
    assert.equal(movedTo.length, 1);
    assert.deepEqual(readFileSync(join(dirname(db), movedTo[0]!)), damaged, 'the damaged file is kept, byte-identical');
    assert.deepEqual(await queryFile(db, 'SELECT goal FROM sessions'), [{ goal: 'kept in the journal' }]);
    assert.deepEqual(await queryFile(db, 'SELECT text FROM session_notes'), [{ text: 'after the damage' }]);
  });

  it('a database from a newer Baton can be listed, but a write exits 1 and keeps the file unchanged', async () => {
    await runCliOk(['session', 'start', '--db', db, '--workspace', workspace, '--goal', 'before the upgrade']);
    const SQL = await independentSqlJs();
    const newer = new SQL.Database(readFileSync(db));
    newer.exec('PRAGMA user_version = 99');
    const bytes = Buffer.from(newer.export());
    newer.close();
    writeFileSync(db, bytes);
    const journal = readFileSync(`${db}.journal`);
    const listed = JSON.parse(await runCliOk(['session', 'list', '--db', db, '--workspace', workspace, '--json'])) as { sessions: { goal: string }[] };
    assert.deepEqual(listed.sessions.map((s) => s.goal), ['before the upgrade']);
    assertFailure(await runCli(['session', 'note', '--db', db, '--workspace', workspace, '--text', 'x']), 1, new RegExp(`newer Baton \\(schema 99; this one knows ${LATEST_SCHEMA_VERSION}\\)\\. It is open read-only`));
    assertFailure(await runCli(['session', 'end', '--db', db, '--workspace', workspace]), 1, /read-only/);
    assert.deepEqual(readFileSync(db), bytes);
    assert.deepEqual(readFileSync(`${db}.journal`), journal);
  });
});
