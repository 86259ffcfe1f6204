// Commits, upstream and stash: session commits since a start HEAD (known, unknown, rewritten),
// recent history without repeats, ahead/behind against a real upstream, shallow clones.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readGitContext } from '../../../../src/context/git/gitContextReader';
import { git } from '../../support/git';
import { FIRST_COMMIT_AT, cloneWithUpstream, commitAll, commitOnRemote, repoWithFiles, writeFile } from '../../support/gitRepos';
import { makeTempDir, useTempDirs } from '../../support/tempDirs';

/** A repository with `count` dated commits c1..cN on main; returns it and the hashes, oldest first. */
function repoWithHistory(count: number): { repo: string; hashes: string[] } {
  const repo = repoWithFiles({ 'log.txt': '0\n' }, 'c0');
  const hashes = [git(repo, 'rev-parse', 'HEAD')];
  for (let i = 1; i <= count; i++) {
    writeFile(repo, 'log.txt', `${i}\n`);
    hashes.push(commitAll(repo, `c${i}`, FIRST_COMMIT_AT + 86_400 * i));
  }
  return { repo, hashes };
}

describe('readGitContext: history, upstream, stash', () => {
  useTempDirs();

  it('lists session commits since the start head and recent ones before them, newest first, without repeats', async () => {
    const { repo, hashes } = repoWithHistory(15);
    const start = hashes[12] ?? '';
    const { git: context, unavailable } = await readGitContext({ cwd: repo, sessionStartHead: start, recentLimit: 4 });
    assert.deepEqual(unavailable, []);
    assert.deepEqual(context?.sessionCommits.map((commit) => commit.subject), ['c15', 'c14', 'c13']);
    assert.deepEqual(context?.recentCommits.map((commit) => commit.subject), ['c12', 'c11', 'c10', 'c9']);
    assert.deepEqual(context?.sessionCommits[0], {
      hash: hashes[15],
      subject: 'c15',
      author: 'Baton Test',
      at: (FIRST_COMMIT_AT + 86_400 * 15) * 1000,
    });
  });

  it('defaults to 10 recent commits, and lists none as session commits without a start head', async () => {
    const { repo } = repoWithHistory(12);
    const { git: context } = await readGitContext({ cwd: repo });
    assert.deepEqual(context?.sessionCommits, []);
    assert.deepEqual(context?.recentCommits.map((commit) => commit.subject), ['c12', 'c11', 'c10', 'c9', 'c8', 'c7', 'c6', 'c5', 'c4', 'c3']);
  });

  it('says so when the start head is unknown, and still lists recent history', async () => {
    const { repo } = repoWithHistory(3);
    const unknown = 'deadbeef'.repeat(5);
    const { git: context, unavailable } = await readGitContext({ cwd: repo, sessionStartHead: unknown });
    assert.deepEqual(context?.sessionCommits, []);
    assert.deepEqual(context?.recentCommits.map((commit) => commit.subject), ['c3', 'c2', 'c1', 'c0']);
    assert.equal(unavailable.length, 1);
    assert.equal(unavailable[0]?.source, 'git.sessionCommits');
    assert.match(unavailable[0]?.reason ?? '', /^session start commit deadbeefdead is not in this repository \(shallow clone or rewritten history\)/);
  });

  it('never passes a start head that is not a commit id to git', async () => {
    const { repo } = repoWithHistory(1);
    const { git: context, unavailable } = await readGitContext({ cwd: repo, sessionStartHead: '--output=/tmp/x' });
    assert.deepEqual(context?.sessionCommits, []);
    assert.deepEqual(unavailable, [{ source: 'git.sessionCommits', reason: 'session start "--output=/tmp/x" is not a commit id' }]);
  });

  it('notes rewritten history when the start head is no longer an ancestor of HEAD', async () => {
    const { repo, hashes } = repoWithHistory(3);
    git(repo, 'reset', '-q', '--hard', hashes[1] ?? '');
    writeFile(repo, 'log.txt', 'rewritten\n');
    commitAll(repo, 'c2 rewritten');
    const { git: context, unavailable } = await readGitContext({ cwd: repo, sessionStartHead: hashes[3] ?? '' });
    assert.deepEqual(context?.sessionCommits.map((commit) => commit.subject), ['c2 rewritten']);
    assert.deepEqual(context?.recentCommits.map((commit) => commit.subject), ['c1', 'c0']);
    assert.deepEqual(unavailable.map((entry) => entry.source), ['git.sessionCommits']);
    assert.match(unavailable[0]?.reason ?? '', /not an ancestor of HEAD/);
  });

  it('reads the upstream and ahead/behind when both sides have commits', async () => {
    const { bare, clone } = cloneWithUpstream({ 'a.txt': 'a\n' });
    commitOnRemote(bare, 'remote.txt', 'r\n');
    commitOnRemote(bare, 'remote2.txt', 'r\n');
    git(clone, 'fetch', '-q');
    writeFile(clone, 'local.txt', 'l\n');
    commitAll(clone, 'local work');
    const { git: context, unavailable } = await readGitContext({ cwd: clone });
    assert.deepEqual(unavailable, []);
    assert.equal(context?.branch, 'main');
    assert.equal(context?.upstream, 'origin/main');
    assert.equal(context?.ahead, 1);
    assert.equal(context?.behind, 2);
  });

  it('says so when the upstream branch no longer exists', async () => {
    const { clone } = cloneWithUpstream({ 'a.txt': 'a\n' });
    git(clone, 'config', 'branch.main.merge', 'refs/heads/deleted');
    const { git: context, unavailable } = await readGitContext({ cwd: clone });
    assert.equal(context?.upstream, 'origin/deleted');
    assert.equal(context?.ahead, null);
    assert.deepEqual(unavailable, [{ source: 'git.upstream', reason: 'upstream origin/deleted no longer exists' }]);
  });

  it('reads a shallow clone: shallow true, the one commit, and a note on missing history', async () => {
    const { repo, hashes } = repoWithHistory(3);
    const shallow = join(makeTempDir('baton-shallow-'), 'shallow');
    git(repo, 'clone', '-q', '--depth', '1', `file://${repo}`, shallow);
    const { git: context, unavailable } = await readGitContext({ cwd: shallow, sessionStartHead: hashes[1] ?? '' });
    assert.equal(context?.shallow, true);
    assert.equal(context?.head, hashes[3]);
    assert.deepEqual(context?.recentCommits.map((commit) => commit.subject), ['c3']);
    assert.deepEqual(unavailable.map((entry) => entry.source).sort(), ['git.history', 'git.sessionCommits']);
    assert.match(unavailable.find((entry) => entry.source === 'git.history')?.reason ?? '', /shallow clone/);
  });

  it('counts stash entries', async () => {
    const repo = repoWithFiles({ 'a.txt': 'a\n' });
    for (const content of ['1\n', '2\n', '3\n']) {
      writeFile(repo, 'a.txt', content);
      git(repo, 'stash', 'push', '-q');
    }
    const { git: context, unavailable } = await readGitContext({ cwd: repo });
    assert.equal(context?.stashCount, 3);
    assert.deepEqual(context?.changes, []);
    assert.deepEqual(unavailable, []);
  });
});
