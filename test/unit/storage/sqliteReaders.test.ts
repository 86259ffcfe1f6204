// What another SQLite reader finds in Baton's main file: the `sqlite3` command line (Debian
// package `sqlite3`), as a user or a sync tool would open baton.db. Every change a CLI command
// wrote is there when the command has exited; a window's changes are there a few seconds after
// its writes stop; `baton db checkpoint` folds what another process left in the journal.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BatonDatabase } from '../../../src/storage/batonDatabase';
import { runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { makeRepo } from '../support/git';
import { wasmDir } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const SQLITE3 = '/usr/bin/sqlite3';

/** One value from the main file, read by sqlite3 itself (not through Baton). */
function sqlite3(path: string, sql: string): string {
  if (!existsSync(SQLITE3)) throw new Error(`${SQLITE3} is missing: apt-get install sqlite3 (.ci/run installs it).`);
  return execFileSync(SQLITE3, ['-readonly', path, sql], { encoding: 'utf8' }).trim();
}

describe('the main file for other SQLite readers', function () {
  this.timeout(120_000);
  useTempDirs();
  before(requireFreshCli);

  it('holds every change a CLI command wrote once the command has exited, for each kind of write', async () => {
    const db = join(makeTempDir(), 'baton.db');
    const workspace = makeRepo();
    const cli = (...args: string[]) => runCliOk(['--db', db, ...args]);
    const count = (table: string, where = '1') => Number(sqlite3(db, `SELECT count(*) FROM ${table} WHERE ${where}`));

    await cli('session', 'start', '--workspace', workspace, '--goal', 'Read me from sqlite3');
    assert.equal(sqlite3(db, 'SELECT goal FROM sessions'), 'Read me from sqlite3');
    await cli('session', 'note', '--workspace', workspace, '--text', 'first note');
    await cli('session', 'note', '--workspace', workspace, '--text', 'second note');
    assert.equal(count('session_notes'), 2);
    await cli('knowledge', 'add', '--workspace', workspace, '--kind', 'decision', '--title', 'Cents as integers', '--body', 'Never floats.');
    assert.equal(count('knowledge', "title = 'Cents as integers'"), 1);
    await cli('snapshot', 'take', '--workspace', workspace, '--label', 'checkpoint');
    assert.equal(count('snapshots', "label = 'checkpoint'"), 1);
    await cli('briefing', '--workspace', workspace, '--save');
    assert.equal(count('briefings'), 1);
    await cli('accounts', 'add', '--name', 'Team', '--platform', 'claude', '--unit', 'credits', '--limit', '100');
    await cli('credits', 'log', '--account', 'Team', '--amount', '7');
    assert.equal(count('accounts', "name = 'Team'"), 1);
    assert.equal(count('credit_log'), 1);
    await cli('session', 'end', '--workspace', workspace, '--summary', 'done');
    assert.equal(sqlite3(db, 'SELECT summary FROM sessions'), 'done');
  });

  it('holds a long-lived process\'s changes a moment after its writes stop, and not before without the fold', async () => {
    const dir = makeTempDir();
    const folding = await BatonDatabase.open({ path: join(dir, 'window.db'), wasmDir, fold: { whenIdleMs: 150 } });
    const plain = await BatonDatabase.open({ path: join(dir, 'plain.db'), wasmDir });
    try {
      for (const database of [folding, plain]) await database.write((w) => w.run("INSERT INTO baton_meta (key, value) VALUES ('reader-test', 'x')"));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const seen = (path: string) => sqlite3(path, "SELECT count(*) FROM baton_meta WHERE key = 'reader-test'");
      assert.equal(seen(join(dir, 'window.db')), '1', 'folded into the main file once the writes stopped');
      assert.equal(seen(join(dir, 'plain.db')), '0', 'without the fold, the change is only in the journal: the fold is what this test sees');
    } finally {
      await folding.close();
      await plain.close();
    }
  });

  it('"baton db checkpoint" folds what another process left in the journal, and says when there is nothing to fold', async () => {
    const path = join(makeTempDir(), 'baton.db');
    const database = await BatonDatabase.open({ path, wasmDir });
    await database.write((w) => w.run("INSERT INTO baton_meta (key, value) VALUES ('left-in-journal', 'x')"));
    await database.close();
    assert.equal(sqlite3(path, "SELECT count(*) FROM baton_meta WHERE key = 'left-in-journal'"), '0');
    const folded = await runCliOk(['--db', path, 'db', 'checkpoint']);
    assert.match(folded, /^Folded the journal into .*baton\.db \(\d+ KB of changes, up to change \d+; the file is \d+ KB\): any SQLite reader now sees every change\.\n$/);
    assert.equal(sqlite3(path, "SELECT count(*) FROM baton_meta WHERE key = 'left-in-journal'"), '1');
    assert.match(await runCliOk(['--db', path, 'db', 'checkpoint']), /already holds every change \(up to change \d+\): nothing to fold\./);
    assert.deepEqual(Object.keys(JSON.parse(await runCliOk(['--db', path, 'db', 'checkpoint', '--json'])) as object), ['path', 'folded', 'change', 'bytes', 'ms']);
  });
});
