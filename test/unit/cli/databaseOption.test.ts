// Which database the CLI opens. An empty `--db` or `BATON_DB` (an unset shell variable, a
// template that rendered nothing) is a usage error, never a silent fallback to VS Code's own
// database, which the script did not mean to change.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCli, UsageError } from '../../../src/cli/cliArgs';
import { EmptyDatabasePathError, resolveDatabasePath } from '../../../src/storage/databaseLocation';
import { type CliRun, runCli, runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

function assertUsageError(run: CliRun, message: RegExp): void {
  assert.equal(run.code, 2, `exit code; stderr: ${run.stderr}`);
  assert.equal(run.stdout, '');
  const lines = run.stderr.split('\n').filter(Boolean);
  assert.match(lines[0] ?? '', /^baton: /);
  assert.match(lines[0] ?? '', message);
  assert.deepEqual(lines.slice(1), ['Run "baton --help" for usage.']);
}

describe('the database path: --db and BATON_DB', function () {
  this.timeout(30_000);
  useTempDirs();

  describe('resolveDatabasePath', () => {
    it('takes --db, then BATON_DB, then VS Code\'s database', () => {
      assert.equal(resolveDatabasePath('/flag.db', { BATON_DB: '/env.db' }), '/flag.db');
      assert.equal(resolveDatabasePath('/flag.db', { BATON_DB: '' }), '/flag.db', 'the flag wins over an empty variable');
      assert.equal(resolveDatabasePath(undefined, { BATON_DB: '/env.db' }), '/env.db');
      assert.match(resolveDatabasePath(undefined, { XDG_CONFIG_HOME: '/cfg' }), /baton\.db$/);
    });

    it('throws for an empty or blank --db or BATON_DB instead of falling back', () => {
      for (const flag of ['', ' ', '\t']) {
        assert.throws(() => resolveDatabasePath(flag, { BATON_DB: '/env.db' }), (e: unknown) => e instanceof EmptyDatabasePathError && /--db was given an empty path/.test(e.message));
      }
      for (const value of ['', '  ']) {
        assert.throws(() => resolveDatabasePath(undefined, { BATON_DB: value }), (e: unknown) => e instanceof EmptyDatabasePathError && /BATON_DB is set but empty/.test(e.message));
      }
    });

    it('parseCli refuses --db "" and --db= as usage errors', () => {
      for (const argv of [['--db', '', 'session', 'list'], ['--db=', 'session', 'list'], ['session', 'list', '--db', '  ']]) {
        assert.throws(() => parseCli(argv), (e: unknown) => e instanceof UsageError && /--db was given an empty path/.test(e.message), argv.join(' '));
      }
    });
  });

  describe('the CLI', () => {
    before(requireFreshCli);
    let home: string;
    let workspace: string;
    /** Where VS Code's database would be with this environment: it must stay untouched. */
    let env: Record<string, string>;

    beforeEach(() => {
      home = makeTempDir('baton-home-');
      workspace = makeTempDir('baton-ws-');
      env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), APPDATA: join(home, 'AppData') };
    });

    const nothingCreatedIn = (folder: string) => assert.deepEqual(readdirSync(folder), [], `nothing may be created in ${folder}`);

    it('--db "" and --db= exit 2 with a clear message and open no database', async () => {
      assertUsageError(await runCli(['--db', '', 'session', 'start', '--workspace', workspace], env), /--db was given an empty path: name the database file/);
      assertUsageError(await runCli(['--db=', 'session', 'list', '--workspace', workspace], env), /--db was given an empty path/);
      assertUsageError(await runCli(['session', 'list', '--workspace', workspace, '--db', ''], { ...env, BATON_DB: join(home, 'fine.db') }), /--db was given an empty path/);
      nothingCreatedIn(home);
    });

    it('BATON_DB= (set but empty) exits 2 with a clear message and opens no database', async () => {
      for (const value of ['', ' ']) {
        assertUsageError(await runCli(['session', 'start', '--workspace', workspace], { ...env, BATON_DB: value }), /BATON_DB is set but empty: set it to the database file, or unset it/);
      }
      assertUsageError(await runCli(['import', join(workspace, 'x.jsonl')], { ...env, BATON_DB: '' }), /BATON_DB is set but empty/);
      nothingCreatedIn(home);
    });

    it('a real BATON_DB is used, and --db overrides an empty one', async () => {
      const db = join(makeTempDir(), 'env.db');
      await runCliOk(['session', 'start', '--workspace', workspace], { ...env, BATON_DB: db });
      assert.ok(existsSync(db));
      const other = join(makeTempDir(), 'flag.db');
      await runCliOk(['--db', other, 'session', 'start', '--workspace', workspace], { ...env, BATON_DB: '' });
      assert.ok(existsSync(other));
      nothingCreatedIn(home);
    });
  });
});
