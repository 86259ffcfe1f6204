// Files a user names for output (an export, a backup, from the CLI or the extension's save
// dialogs) are written only where a regular file may be: never over a link, a FIFO, a device,
// a socket or a folder, and never over Baton's own database files, however they are named.
// Every case on the real file system.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { join } from 'node:path';
import type { WorkspaceRef } from '../../../src/core/sessions/session';
import { backupPathOf, journalPathOf } from '../../../src/storage/batonDatabase';
import { exportWorkspaceToFile } from '../../../src/storage/exchange/workspaceExchange';
import { UnsafeOutputTargetError, batonFileKind, requireOutputTarget } from '../../../src/storage/outputTarget';
import { openDatabase, queryFile } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const WS: WorkspaceRef = { id: 'ws-target', name: 'target', location: '/tmp/target' };

async function refused(target: string, database: string, reason: RegExp): Promise<void> {
  await assert.rejects(requireOutputTarget(target, database), (error: unknown) => {
    assert.ok(error instanceof UnsafeOutputTargetError, `expected UnsafeOutputTargetError, got ${String(error)}`);
    assert.match(error.message, reason);
    assert.match(error.message, /Choose another file name\.$/);
    return true;
  });
}

describe('output targets: only where a regular file may be', () => {
  useTempDirs();
  let dir: string;
  let db: string;

  beforeEach(() => {
    dir = makeTempDir();
    db = join(dir, 'baton.db');
    writeFileSync(db, 'stands in for the database');
  });

  it('allows a new file and an existing regular file, and returns the absolute path', async () => {
    assert.equal(await requireOutputTarget(join(dir, 'export.jsonl'), db), join(dir, 'export.jsonl'));
    writeFileSync(join(dir, 'old.jsonl'), 'old export');
    assert.equal(await requireOutputTarget(join(dir, 'old.jsonl'), db), join(dir, 'old.jsonl'));
    // Names that only start like the database's own files are the user's.
    for (const name of ['baton.db.jsonl', 'baton.db.backup', 'baton.db.baked', 'baton.db.journals.txt', 'baton.db.locked', 'baton.dbx', 'my-baton.db', 'baton-backup-2026-01-01.db']) {
      assert.equal(await requireOutputTarget(join(dir, name), db), join(dir, name), name);
    }
  });

  it('refuses a symbolic link, even one to a regular file, and a dangling one', async () => {
    const file = join(dir, 'real.jsonl');
    writeFileSync(file, 'keep me');
    symlinkSync(file, join(dir, 'link.jsonl'));
    await refused(join(dir, 'link.jsonl'), db, /link\.jsonl: it is a symbolic link/);
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.jsonl'));
    await refused(join(dir, 'dangling.jsonl'), db, /it is a symbolic link/);
  });

  it('refuses a FIFO, a device, a socket and a folder', async function () {
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    await refused(join(dir, 'pipe'), db, /pipe: it is a named pipe \(FIFO\)/);
    await refused('/dev/null', db, /\/dev\/null: it is a device/);
    mkdirSync(join(dir, 'folder'));
    await refused(join(dir, 'folder'), db, /folder: it is a folder/);
    await refused(dir, db, /it is a folder/);
    const socketPath = join(dir, 'sock');
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      await refused(socketPath, db, /sock: it is a socket/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("refuses Baton's own files beside the database by name, existing or not", async () => {
    const own: [string, RegExp][] = [
      [db, /it is Baton's database/],
      [journalPathOf(db), /it is Baton's journal/],
      [backupPathOf(db), /Baton's backups/],
      [`${db}.bak-v3`, /Baton's backups/],
      [`${db}.bak.corrupt-2026-01-02T03-04-05-678Z`, /Baton's backups/],
      [`${db}.journal.corrupt-2026-01-02T03-04-05-678Z`, /Baton's journal/],
      [`${db}.lock`, /Baton's database lock/],
      [`${db}.lock.break`, /Baton's database lock/],
      [`${db}.corrupt-2026-01-02T03-04-05-678Z`, /damaged copy of Baton's database/],
      [join(dir, '.baton.db.1234.1700000000000.tmp'), /temporary file/],
      [join(dir, '.baton.db.compact-1234-1700000000000.tmp'), /temporary file/],
    ];
    for (const [path, reason] of own) await refused(path, db, reason);
    writeFileSync(journalPathOf(db), 'journal bytes');
    await refused(journalPathOf(db), db, /journal/);
    assert.equal(readFileSync(journalPathOf(db), 'utf8'), 'journal bytes');
  });

  it('compares by the real folder: another spelling, a linked folder, a relative path', async () => {
    await refused(join(dir, 'sub', '..', 'baton.db.journal'), db, /journal/);
    const linkedDir = join(makeTempDir(), 'linked');
    symlinkSync(dir, linkedDir);
    await refused(join(linkedDir, 'baton.db.journal'), db, /journal/);
    await refused(join(dir, 'baton.db.journal'), join(linkedDir, 'baton.db'), /journal/);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await refused('baton.db.journal', db, /journal/);
      await refused('./baton.db', 'baton.db', /Baton's database/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('compares names without case where the file system ignores it (macOS, Windows)', async () => {
    assert.equal(batonFileKind('baton.db', 'Baton.DB.Journal', true), "Baton's journal (or a copy of it)");
    assert.equal(batonFileKind('baton.db', 'Baton.DB.Journal', false), null);
    await assert.rejects(requireOutputTarget(join(dir, 'BATON.db.journal'), db, 'darwin'), UnsafeOutputTargetError);
    assert.equal(await requireOutputTarget(join(dir, 'BATON.db.journal'), db, 'linux'), join(dir, 'BATON.db.journal'));
  });

  it('refuses a hard link to the database (same inode) anywhere, and one to its journal', async () => {
    const elsewhere = makeTempDir();
    linkSync(db, join(elsewhere, 'innocent.jsonl'));
    await refused(join(elsewhere, 'innocent.jsonl'), db, /Baton's database \(another name for the same file\)/);
    writeFileSync(journalPathOf(db), 'journal bytes');
    linkSync(journalPathOf(db), join(elsewhere, 'journal-copy.jsonl'));
    await refused(join(elsewhere, 'journal-copy.jsonl'), db, /journal \(or a copy of it\) \(another name/);
    // A symlinked database path: its real file is protected too.
    const real = join(makeTempDir(), 'real.db');
    writeFileSync(real, 'database');
    symlinkSync(real, join(elsewhere, 'via-link.db'));
    await refused(real, join(elsewhere, 'via-link.db'), /another name for the same file/);
  });

  it('says when the folder is missing or not a folder', async () => {
    await refused(join(dir, 'missing', 'out.jsonl'), db, /the folder .*missing does not exist/);
    await refused(join(db, 'out.jsonl'), db, /baton\.db is not a folder/);
    await refused('', db, /no file name was given/);
  });

  describe('export', () => {
    it('refuses the journal of the database it exports, and every acknowledged write survives', async () => {
      const path = join(dir, 'live.db');
      const database = await openDatabase(path);
      try {
        await database.write((w) => w.run('INSERT INTO workspaces (id, name, location) VALUES (?, ?, ?)', [WS.id, WS.name, WS.location]));
        for (const id of ['s1', 's2', 's3']) {
          await database.write((w) => w.run('INSERT INTO sessions (id, workspace_id, goal, started_at, ended_at, last_activity_at) VALUES (?, ?, ?, 1, 2, 2)', [id, WS.id, id]));
        }
        const journal = readFileSync(journalPathOf(path));
        await assert.rejects(exportWorkspaceToFile(database, WS, journalPathOf(path)), /Baton will not write to .*live\.db\.journal: it is Baton's journal.*Choose another file name\./);
        await assert.rejects(exportWorkspaceToFile(database, WS, backupPathOf(path)), UnsafeOutputTargetError);
        await assert.rejects(exportWorkspaceToFile(database, WS, path), UnsafeOutputTargetError);
        assert.deepEqual(readFileSync(journalPathOf(path)), journal);
      } finally {
        await database.close();
      }
      assert.deepEqual(await queryFile(path, 'SELECT id FROM sessions ORDER BY id'), [{ id: 's1' }, { id: 's2' }, { id: 's3' }]);
    });

    it('leaves a symlink, a FIFO and a folder as they were, and writes a regular file', async () => {
      const database = await openDatabase(join(dir, 'live.db'));
      try {
        const file = join(dir, 'real.jsonl');
        writeFileSync(file, 'keep me');
        symlinkSync(file, join(dir, 'link.jsonl'));
        execFileSync('mkfifo', [join(dir, 'pipe.jsonl')]);
        mkdirSync(join(dir, 'folder.jsonl'));
        for (const name of ['link.jsonl', 'pipe.jsonl', 'folder.jsonl']) {
          await assert.rejects(exportWorkspaceToFile(database, WS, join(dir, name)), UnsafeOutputTargetError, name);
        }
        assert.equal(readlinkSync(join(dir, 'link.jsonl')), file);
        assert.equal(readFileSync(file, 'utf8'), 'keep me');
        assert.ok(lstatSync(join(dir, 'pipe.jsonl')).isFIFO());
        assert.ok(lstatSync(join(dir, 'folder.jsonl')).isDirectory());
        const summary = await exportWorkspaceToFile(database, WS, join(dir, 'ok.jsonl'));
        assert.equal(summary.path, join(dir, 'ok.jsonl'));
        assert.ok(lstatSync(summary.path).isFile());
      } finally {
        await database.close();
      }
    });
  });

  it('a refused backup target is refused before BatonDatabase.backupTo runs (the callers check)', async () => {
    // The extension's "Back Up Database" runs the same check on the dialog's answer first.
    const database = await openDatabase(join(dir, 'live.db'));
    try {
      for (const target of [journalPathOf(database.path), `${database.path}.bak-v1`, '/dev/null']) {
        await assert.rejects(requireOutputTarget(target, database.path), UnsafeOutputTargetError, target);
      }
      const ok = await requireOutputTarget(join(dir, 'baton-backup-2026-01-01.db'), database.path);
      await database.backupTo(ok);
      assert.ok(existsSync(ok));
    } finally {
      await database.close();
    }
  });
});
