// Operations in progress, read from the git dir: merge with conflicts, rebase with a conflict,
// cherry-pick, revert, bisect, and the same inside a linked worktree (its own git dir).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readGitContext } from '../../../../src/context/git/gitContextReader';
import { git } from '../../support/git';
import { commitAll, divergedBranches, gitMayFail, writeFile } from '../../support/gitRepos';
import { makeTempDir, useTempDirs } from '../../support/tempDirs';

describe('readGitContext: operations in progress', () => {
  useTempDirs();

  it('reports a merge in progress and its conflicted files', async () => {
    const { repo } = divergedBranches();
    writeFile(repo, 'clean.txt', 'added by main\n');
    commitAll(repo, 'clean file');
    assert.equal(gitMayFail(repo, 'merge', 'other').code, 1);
    const { git: context, unavailable } = await readGitContext({ cwd: repo });
    assert.deepEqual(unavailable, []);
    assert.equal(context?.operation, 'merge');
    assert.deepEqual(context?.conflicted, ['shared.txt']);
    const shared = context?.changes.find((entry) => entry.path === 'shared.txt');
    assert.deepEqual([shared?.status, shared?.staged, shared?.unstaged], ['conflicted', false, true]);
  });

  it('reports a rebase stopped on a conflict', async () => {
    const { repo } = divergedBranches();
    assert.notEqual(gitMayFail(repo, 'rebase', 'other').code, 0);
    const { git: context } = await readGitContext({ cwd: repo });
    assert.equal(context?.operation, 'rebase');
    assert.equal(context?.branch, null, 'a rebase runs on a detached HEAD');
    assert.deepEqual(context?.conflicted, ['shared.txt']);
  });

  it('reports a cherry-pick and a revert in progress', async () => {
    const { repo, other } = divergedBranches();
    assert.equal(gitMayFail(repo, 'cherry-pick', other).code, 1);
    assert.equal((await readGitContext({ cwd: repo })).git?.operation, 'cherry-pick');
    git(repo, 'cherry-pick', '--abort');
    assert.equal((await readGitContext({ cwd: repo })).git?.operation, null);

    writeFile(repo, 'shared.txt', 'line 1\nline 2 changed again\nline 3\n');
    commitAll(repo, 'change again');
    assert.equal(gitMayFail(repo, 'revert', '--no-edit', 'HEAD~1').code, 1);
    const { git: context } = await readGitContext({ cwd: repo });
    assert.equal(context?.operation, 'revert');
    assert.deepEqual(context?.conflicted, ['shared.txt']);
  });

  it('reports a bisect in progress', async () => {
    const { repo, main } = divergedBranches();
    git(repo, 'bisect', 'start');
    git(repo, 'bisect', 'bad', main);
    assert.equal((await readGitContext({ cwd: repo })).git?.operation, 'bisect');
  });

  it('reads the operation of a linked worktree from its own git dir', async () => {
    const { repo } = divergedBranches();
    git(repo, 'branch', '-q', 'side', 'main');
    const worktree = join(makeTempDir('baton-wt-'), 'side');
    git(repo, 'worktree', 'add', '-q', worktree, 'side');
    assert.equal(gitMayFail(worktree, 'merge', 'other').code, 1);
    const inWorktree = await readGitContext({ cwd: worktree });
    assert.equal(inWorktree.git?.operation, 'merge');
    assert.equal(inWorktree.git?.branch, 'side');
    assert.deepEqual(inWorktree.git?.conflicted, ['shared.txt']);
    const inMain = await readGitContext({ cwd: repo });
    assert.equal(inMain.git?.operation, null);
    assert.deepEqual(inMain.git?.conflicted, []);
  });
});
