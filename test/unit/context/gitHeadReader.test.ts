// readGitHead on real repositories: branch and commit, detached HEAD, no commits, no repo.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gitHeadReaderFor, readGitHead } from '../../../src/context/gitHeadReader';
import { commitFile, git, makeRepo } from '../support/git';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

describe('readGitHead', () => {
  useTempDirs();

  it('reads the branch and the full 40-hex HEAD of a repository', async () => {
    const repo = makeRepo();
    const head = commitFile(repo, 'a.txt', 'a');
    const read = await readGitHead(repo);
    assert.deepEqual(read, { branch: 'main', head });
    assert.match(read?.head ?? '', /^[0-9a-f]{40}$/);
  });

  it('follows branch switches and works from a subfolder', async () => {
    const repo = makeRepo();
    commitFile(repo, 'a.txt', 'a');
    git(repo, 'switch', '-q', '-c', 'feature/login');
    const head = commitFile(repo, 'b.txt', 'b');
    const sub = join(repo, 'src', 'deep');
    mkdirSync(sub, { recursive: true });
    assert.deepEqual(await readGitHead(sub), { branch: 'feature/login', head });
  });

  it('reports a detached HEAD with branch null', async () => {
    const repo = makeRepo();
    const first = commitFile(repo, 'a.txt', 'a');
    commitFile(repo, 'b.txt', 'b');
    git(repo, 'checkout', '-q', '--detach', first);
    assert.deepEqual(await readGitHead(repo), { branch: null, head: first });
  });

  it('reports a repository without commits with head null', async () => {
    assert.deepEqual(await readGitHead(makeRepo()), { branch: 'main', head: null });
  });

  it('returns null outside a repository and for a missing folder', async () => {
    assert.equal(await readGitHead(makeTempDir()), null);
    assert.equal(await readGitHead(join(makeTempDir(), 'gone')), null);
  });

  it('gitHeadReaderFor reads the given folder, and nothing without one', async () => {
    const repo = makeRepo();
    const head = commitFile(repo, 'a.txt', 'a');
    assert.deepEqual(await gitHeadReaderFor(repo).readHead(), { branch: 'main', head });
    assert.equal(await gitHeadReaderFor(null).readHead(), null);
  });
});
