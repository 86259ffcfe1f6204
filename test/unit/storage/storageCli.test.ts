// What the `baton` CLI says about its database files, run as a real `node dist/cli.js`: a
// damaged journal (one stderr line, every time it is found; the command's output and exit code
// unchanged), a --db that names a file which is not a Baton database (refused, untouched), and
// a database in a folder that cannot be written (reads work, writes fail with a clear line).
//
// A read-only folder for real, although the tests run as root (whom chmod does not stop):
// a read-only bind mount of the folder in a private mount namespace (`unshare -m`; nothing is
// mounted outside the child), which gives EROFS, and the CLI run as another user (uid 65534)
// on a root-owned folder, which gives EACCES. Not root: the folder is made read-only by chmod.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { journalPathOf } from '../../../src/storage/batonDatabase';
import { scanJournal } from '../../../src/storage/journal';
import { type CliRun, runCli, runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { insertLedgerRow, openDatabase } from '../support/database';
import { cliPath, repoRoot } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const stderrLines = (run: CliRun) => run.stderr.split('\n').filter(Boolean);

/** A database of `count` ledger rows, one journal record each, with record `seq`'s frame damaged by `damage`. */
async function damagedJournal(count: number, damage: (journal: Buffer, frame: { at: number; length: number }) => Buffer, seq: number): Promise<{ db: string; damaged: Buffer }> {
  const db = join(makeTempDir(), 'baton.db');
  const database = await openDatabase(db, { compactAfterBytes: 1 << 30 });
  for (let i = 1; i <= count; i++) await insertLedgerRow(database, `r${i}`);
  await database.close();
  const frame = (await scanJournal(journalPathOf(db))).frames.find((f) => f.seq === seq);
  assert.ok(frame);
  const damaged = damage(readFileSync(journalPathOf(db)), frame);
  writeFileSync(journalPathOf(db), damaged);
  return { db, damaged };
}

const zeroBytesInside = (journal: Buffer, frame: { at: number; length: number }) => {
  journal.fill(0, frame.at + 20, frame.at + 24);
  return journal;
};

/** The bytes of every file in a folder, to check that nothing changed. */
const snapshotOf = (dir: string) => readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name))] as const);

interface ReadOnlyWay {
  readonly name: string;
  readonly code: string;
  /** Makes `dir` read-only for the run (or prepares it), and runs the CLI there. */
  run(dir: string, args: readonly string[]): Promise<CliRun>;
}

function execToRun(file: string, args: readonly string[], options: { uid?: number; gid?: number } = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, BATON_DB: undefined };
  return new Promise((resolve) => {
    execFile(file, args, { cwd: repoRoot, env, timeout: 30_000, ...options }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

/** Whether this process may make a private mount namespace with a read-only bind mount in it. */
function canUnshareMounts(): boolean {
  const dir = makeTempDir('baton-probe-');
  try {
    execFileSync('unshare', ['-m', 'sh', '-c', 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1"', 'sh', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function readOnlyWays(): ReadOnlyWay[] {
  const root = process.getuid?.() === 0;
  if (!root) {
    return [{
      name: 'a folder made read-only with chmod',
      code: 'EACCES',
      run: (dir, args) => {
        chmodSync(dir, 0o555);
        return execToRun(process.execPath, [cliPath, ...args]).finally(() => chmodSync(dir, 0o755));
      },
    }];
  }
  const ways: ReadOnlyWay[] = [{
    name: "another user's folder (the CLI runs as uid 65534)",
    code: 'EACCES',
    run: (dir, args) => {
      // Only the database folder's own mode changes (it is root's, made 0755: readable, not
      // writable by that user); the temp folder above it is world-traversable already.
      chmodSync(dir, 0o755);
      for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o644);
      return execToRun(process.execPath, [cliPath, ...args], { uid: 65534, gid: 65534 });
    },
  }];
  if (canUnshareMounts()) {
    ways.push({
      name: 'a read-only bind mount (private mount namespace)',
      code: 'EROFS',
      run: (dir, args) => execToRun('unshare', ['-m', 'sh', '-c', 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"', 'sh', dir, process.execPath, cliPath, ...args]),
    });
  }
  return ways;
}

describe('baton CLI: the database files', function () {
  this.timeout(60_000);
  useTempDirs();
  before(requireFreshCli);

  describe('a damaged journal', () => {
    it('four zero bytes in record 4 of 8: the command runs as usual, and one stderr line says what was recovered, lost and kept', async () => {
      const { db, damaged } = await damagedJournal(8, zeroBytesInside, 4);
      const workspace = makeTempDir('baton-ws-');
      const run = await runCli(['session', 'start', '--db', db, '--workspace', workspace, '--goal', 'after the damage']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^Started session \S+: after the damage\n$/);
      const lines = stderrLines(run);
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0]!, /^baton: Baton's journal was damaged: 4 changes after the damage were recovered, 1 could not be read; missing now: change 4; the damaged journal was kept at (\S+baton\.db\.journal\.corrupt-\S+)\.$/);
      const copy = /kept at (\S+)\.$/.exec(lines[0]!)?.[1];
      assert.deepEqual(readFileSync(copy!), damaged, 'the copy named is the damaged journal');
      const again = await runCli(['session', 'list', '--db', db, '--workspace', workspace]);
      assert.equal(again.code, 0);
      assert.equal(again.stderr, '', 'repaired: the next command says nothing');
      const ids = await openDatabase(db).then(async (d) => {
        const rows = await d.read((r) => r.all('SELECT id FROM ledger ORDER BY id').map((row) => row.id));
        await d.close();
        return rows;
      });
      assert.deepEqual(ids, ['r1', 'r2', 'r3', 'r5', 'r6', 'r7', 'r8']);
    });

    it('a journal cut 100 bytes short: not silent: the lost last write is reported, exit code unchanged', async () => {
      const { db, damaged } = await damagedJournal(8, (journal) => journal, 8);
      truncateSync(journalPathOf(db), damaged.length - 100);
      const workspace = makeTempDir('baton-ws-');
      const run = await runCli(['session', 'list', '--db', db, '--workspace', workspace]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, 'No sessions yet in this workspace.\n');
      assert.match(run.stderr, /^baton: Baton's journal was damaged at its end \(a write cut short by a crash, a full disk or a truncated copy\): 0 changes after the damage were recovered, 1 could not be read; missing now: change 8; the damaged journal was kept at \S+\.journal\.corrupt-\S+\.\n$/);
    });

    it('a failing command keeps its own error and exit code, after the journal line', async () => {
      const { db } = await damagedJournal(4, zeroBytesInside, 2);
      const workspace = makeTempDir('baton-ws-');
      const run = await runCli(['session', 'note', '--db', db, '--workspace', workspace, '--text', 'x']);
      assert.equal(run.code, 1);
      const lines = stderrLines(run);
      assert.match(lines[0]!, /^baton: Baton's journal was damaged: 2 changes after the damage were recovered, 1 could not be read; missing now: change 2;/);
      assert.match(lines[1]!, /^baton: No session is running in this workspace/);
      assert.equal(lines.length, 2);
    });
  });

  describe('--db naming a file that is not a Baton database', () => {
    it('is refused with one line that says what to do; the file is untouched and nothing is created beside it', async () => {
      const dir = makeTempDir();
      const notes = join(dir, 'notes.txt');
      const text = 'shopping list\n- milk\n- bread\n';
      writeFileSync(notes, text);
      const workspace = makeTempDir('baton-ws-');
      for (const args of [['session', 'list'], ['session', 'start'], ['knowledge', 'list']]) {
        const run = await runCli([...args, '--db', notes, '--workspace', workspace]);
        assert.equal(run.code, 1, run.stderr);
        assert.equal(run.stdout, '');
        assert.deepEqual(stderrLines(run), [`baton: ${notes} is not a Baton database (it is a text file, not an SQLite database). Baton left it untouched: pick the right database file, or a path where no file exists yet to start a new database.`]);
      }
      assert.equal(readFileSync(notes, 'utf8'), text);
      assert.deepEqual(readdirSync(dir), ['notes.txt']);
    });
  });

  describe('a database in a folder that cannot be written', () => {
    for (const way of readOnlyWays()) {
      it(`${way.name}: session, snapshot and knowledge lists, search, briefing and export work; writes fail with one clear line (${way.code}); no file changes`, async () => {
        const dir = makeTempDir('baton-ro-');
        const db = join(dir, 'baton.db');
        const workspace = makeTempDir('baton-ws-');
        const out = makeTempDir('baton-out-');
        const base = ['--db', db, '--workspace', workspace];
        await runCliOk(['session', 'start', ...base, '--goal', 'read-only goal']);
        await runCliOk(['session', 'note', ...base, '--text', 'a note']);
        await runCliOk(['snapshot', 'take', ...base, '--label', 'snap']);
        await runCliOk(['knowledge', 'add', ...base, '--kind', 'gotcha', '--title', 'Mind the cache', '--body', 'It is stale after a rebase.']);
        const reads: readonly string[][] = [['session', 'list', '--json'], ['snapshot', 'list', '--json'], ['knowledge', 'list', '--json'], ['knowledge', 'search', 'cache', '--json']];
        const expected = await Promise.all(reads.map((args) => runCliOk([...args, ...base])));
        chmodSync(out, 0o777); // where the export goes, writable by whoever runs the CLI
        const before = snapshotOf(dir);

        for (const [i, args] of reads.entries()) {
          const run = await way.run(dir, [...args, ...base]);
          assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
          assert.equal(run.stdout, expected[i], args.join(' '));
          assert.equal(run.stderr, '');
        }
        const briefing = await way.run(dir, ['briefing', ...base]);
        assert.equal(briefing.code, 0, briefing.stderr);
        assert.match(briefing.stdout, /read-only goal/);
        assert.match(briefing.stdout, /a note/);
        const exported = await way.run(dir, ['export', ...base, '--out', join(out, 'export.jsonl')]);
        assert.equal(exported.code, 0, exported.stderr);
        assert.match(readFileSync(join(out, 'export.jsonl'), 'utf8'), /read-only goal/);

        const message = new RegExp(`^baton: Baton cannot save changes to its database at ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: its folder is not writable \\(${way.code}\\)\\. Commands that only read still work; to make changes, make that writable, or use a database in a writable folder \\(--db PATH, BATON_DB, or the baton\\.databasePath setting\\)\\.$`);
        const writes: readonly string[][] = [['session', 'note', '--text', 'refused'], ['session', 'end'], ['snapshot', 'take'], ['knowledge', 'add', '--kind', 'note', '--title', 'x', '--body', 'y'], ['briefing', '--save']];
        for (const args of writes) {
          const run = await way.run(dir, [...args, ...base]);
          assert.equal(run.code, 1, `${args.join(' ')}: exits 1`);
          assert.equal(run.stdout, '', args.join(' '));
          assert.equal(stderrLines(run).length, 1, run.stderr);
          assert.match(run.stderr.trimEnd(), message, args.join(' '));
        }
        assert.deepEqual(snapshotOf(dir), before, 'no file in the folder changed, none was added');
      });
    }

    it('a write to a read-only journal in a writable folder fails with the same kind of line', async function () {
      if (process.getuid?.() !== 0) this.skip(); // needs another user to make chmod count
      const dir = makeTempDir('baton-ro-');
      const db = join(dir, 'baton.db');
      const workspace = makeTempDir('baton-ws-');
      await runCliOk(['session', 'start', '--db', db, '--workspace', workspace]);
      chmodSync(dir, 0o777);
      for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o444);
      const run = await execToRun(process.execPath, [cliPath, 'session', 'note', '--db', db, '--workspace', workspace, '--text', 'x'], { uid: 65534, gid: 65534 });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /^baton: Baton cannot save changes to its database at \S+: its journal cannot be written \(EACCES\)\. Commands that only read still work/);
      const listed = await execToRun(process.execPath, [cliPath, 'session', 'list', '--db', db, '--workspace', workspace], { uid: 65534, gid: 65534 });
      assert.equal(listed.code, 0, listed.stderr);
    });
  });
});
