// Which work tree git may read: the folder's own. Legitimate layouts (a subfolder of the
// repository, a linked worktree, a submodule, a separate git dir, a nested repository, a folder
// reached through a symbolic link) are read as before; a work tree moved elsewhere by
// core.worktree is refused with the path in the reason, by every reader, and git apply writes
// nothing there. Names git's -c cannot carry refuse git too.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGitContext } from '../../../../src/context/git/gitContextReader';
import { readGitHead } from '../../../../src/context/gitHeadReader';
import { applyPatch } from '../../../../src/context/patchApplier';
import { readPatch } from '../../../../src/context/patchReader';
import { git } from '../../support/git';
import { repoWithFiles, writeFile } from '../../support/gitRepos';
import { RESTORE_PATCH, workRepo } from '../../support/hostileRepos';
import { makeTempDir, useTempDirs } from '../../support/tempDirs';

async function readsOwnRepository(folder: string, expected: { branch: string; changed: string[] }): Promise<void> {
  const { git: context, unavailable } = await readGitContext({ cwd: folder });
  assert.ok(context, JSON.stringify(unavailable));
  assert.deepEqual(unavailable, []);
  assert.equal(context.branch, expected.branch);
  assert.deepEqual(context.changes.map((change) => change.path).sort(), [...expected.changed].sort());
  assert.equal((await readGitHead(folder))?.branch, expected.branch);
  const patch = await readPatch(folder, 1024 * 1024, context.head !== null);
  assert.ok(patch && !patch.truncated, 'the patch is read whole');
  for (const path of expected.changed) assert.ok(patch.patch.includes(`b/${path}`), `${path} in the patch`);
}

describe('hostile repositories: only the folder\'s own work tree is read', () => {
  useTempDirs();

  it('reads the whole repository from a subfolder, and applies a patch at its top level', async () => {
    const repo = workRepo();
    mkdirSync(join(repo, 'src', 'deep'), { recursive: true });
    await readsOwnRepository(join(repo, 'src', 'deep'), { branch: 'main', changed: ['a.txt', 'new.txt'] });
    assert.deepEqual(await applyPatch(join(repo, 'src', 'deep'), RESTORE_PATCH), { ok: true });
    assert.equal(readFileSync(join(repo, 'restored.txt'), 'utf8'), 'restored\n');
  });

  it('reads a linked worktree, whose .git file points into the main repository', async () => {
    const repo = repoWithFiles({ 'a.txt': 'one\n' });
    const linked = join(makeTempDir('baton-linked-'), 'linked');
    git(repo, 'worktree', 'add', '-q', '-b', 'feature', linked);
    writeFile(linked, 'a.txt', 'one\ntwo\n');
    await readsOwnRepository(linked, { branch: 'feature', changed: ['a.txt'] });
  });

  it('reads a submodule opened as the folder, and a repository with a separate git dir', async () => {
    const sub = repoWithFiles({ 's.txt': 's\n' });
    const superRepo = repoWithFiles({ 'top.txt': 'top\n' });
    git(superRepo, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'sub');
    writeFile(join(superRepo, 'sub'), 's.txt', 's\nmore\n');
    await readsOwnRepository(join(superRepo, 'sub'), { branch: 'main', changed: ['s.txt'] });

    const separate = makeTempDir('baton-separate-');
    git(separate, 'init', '-q', '-b', 'main', `--separate-git-dir=${join(makeTempDir('baton-gitdir-'), 'repo.git')}`);
    writeFile(separate, 'x.txt', 'x\n');
    await readsOwnRepository(separate, { branch: 'main', changed: ['x.txt'] });
  });

  it('reads a nested repository, not the one around it, and a folder reached through a link', async () => {
    const outer = repoWithFiles({ 'outer.txt': 'outer\n' });
    const inner = join(outer, 'inner');
    mkdirSync(inner);
    git(inner, 'init', '-q', '-b', 'inner-main');
    writeFile(inner, 'in.txt', 'in\n');
    await readsOwnRepository(inner, { branch: 'inner-main', changed: ['in.txt'] });

    const link = join(makeTempDir('baton-link-'), 'linked-folder');
    symlinkSync(inner, link);
    await readsOwnRepository(link, { branch: 'inner-main', changed: ['in.txt'] });
  });

  it('refuses core.worktree elsewhere in every reader, with the path, and git apply writes nothing there', async () => {
    const repo = workRepo();
    const away = makeTempDir('baton-away-');
    writeFile(away, 'same.txt', 'same\n');
    git(repo, 'config', 'core.worktree', away);
    const reason = `refused: core.worktree points outside the workspace (${realpathSync(away)})`;
    assert.deepEqual(await readGitContext({ cwd: repo }), { git: null, unavailable: [{ source: 'git', reason }] });
    assert.equal(await readPatch(repo, 1024 * 1024, true), null);
    assert.equal(await readGitHead(repo), null);
    assert.deepEqual(await applyPatch(repo, RESTORE_PATCH), { ok: false, detail: reason });
    assert.deepEqual(readdirSync(away), ['same.txt']);
    assert.equal(readFileSync(join(away, 'same.txt'), 'utf8'), 'same\n');
    // Control: plain git reads the other folder (whose files do not match the index).
    assert.match(git(repo, 'status', '--porcelain'), /^ D a\.txt$/m);
  });

  it('says nothing about a GIT_DIR that names the folder\'s own repository', async () => {
    const repo = workRepo();
    process.env.GIT_DIR = join(repo, '.git');
    try {
      const { unavailable } = await readGitContext({ cwd: repo });
      assert.deepEqual(unavailable, []);
    } finally {
      delete process.env.GIT_DIR;
    }
  });

  it('refuses git when a filter driver has a name -c cannot carry, and switches off odd but valid names', async () => {
    const repo = workRepo('*.txt filter=a.b\n');
    const marker = join(makeTempDir('baton-marker-'), 'ran');
    const script = join(makeTempDir('baton-tools-'), 'clean');
    writeFileSync(script, `#!/bin/sh\necho ran >> '${marker}'\ncat\n`, { mode: 0o755 });
    git(repo, 'config', 'filter.a.b.clean', script);
    git(repo, 'config', 'filter.Upper Case.clean', script);
    const read = await readGitContext({ cwd: repo });
    assert.ok(read.git);
    assert.deepEqual(read.unavailable, [{ source: 'git.filters', reason: "content shown as stored: the repository's filters were not run (a.b)" }]);

    git(repo, 'config', 'filter.x=y.clean', script);
    assert.deepEqual(await readGitContext({ cwd: repo }), { git: null, unavailable: [{ source: 'git', reason: 'refused: filter driver "x=y" cannot be switched off' }] });
    assert.throws(() => readFileSync(marker), 'no filter ran');
  });
});
