// readGitContext on real repositories: the working tree states (clean, staged, unstaged, both,
// untracked, renamed, deleted, binary, hostile names), unborn and detached HEAD.
import assert from 'node:assert/strict';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangedFile } from '../../../../src/core/workContext/workContext';
import { readGitContext } from '../../../../src/context/git/gitContextReader';
import { git, makeRepo } from '../../support/git';
import { commitAll, repoWithFiles, writeFile } from '../../support/gitRepos';
import { makeTempDir, useTempDirs } from '../../support/tempDirs';

async function read(cwd: string) {
  const result = await readGitContext({ cwd });
  assert.ok(result.git, `expected a git context, got ${JSON.stringify(result.unavailable)}`);
  return { git: result.git, unavailable: result.unavailable };
}

function change(changes: readonly ChangedFile[], path: string): ChangedFile {
  const found = changes.find((entry) => entry.path === path);
  assert.ok(found, `${path} should be among ${JSON.stringify(changes.map((entry) => entry.path))}`);
  return found;
}

describe('readGitContext: working tree changes', () => {
  useTempDirs();

  it('reads a clean repository: branch, head, nothing changed, nothing unavailable', async () => {
    const repo = repoWithFiles({ 'a.txt': 'a\n' });
    const head = git(repo, 'rev-parse', 'HEAD');
    const { git: context, unavailable } = await read(repo);
    assert.deepEqual(unavailable, []);
    assert.equal(context.branch, 'main');
    assert.equal(context.head, head);
    assert.equal(context.upstream, null);
    assert.equal(context.ahead, null);
    assert.equal(context.operation, null);
    assert.deepEqual(context.changes, []);
    assert.deepEqual(context.totals, { files: 0, insertions: 0, deletions: 0 });
    assert.deepEqual(context.conflicted, []);
    assert.equal(context.stashCount, 0);
    assert.equal(context.shallow, false);
    assert.deepEqual(context.addedTodos, []);
    assert.deepEqual(context.sessionCommits, []);
    assert.deepEqual(context.recentCommits.map((commit) => commit.subject), ['initial']);
  });

  it('tells staged, unstaged and both-on-one-file apart, with line counts against HEAD', async () => {
    const repo = repoWithFiles({ 'staged.txt': 'a\nb\n', 'unstaged.txt': 'a\nb\n', 'both.txt': 'a\nb\nc\n' });
    writeFile(repo, 'staged.txt', 'a\nb\nc\n');
    git(repo, 'add', 'staged.txt');
    writeFile(repo, 'unstaged.txt', 'a\n');
    writeFile(repo, 'both.txt', 'a\nB\nc\n');
    git(repo, 'add', 'both.txt');
    writeFile(repo, 'both.txt', 'a\nB\nc\nd\ne\n');

    const { git: context, unavailable } = await read(repo);
    assert.deepEqual(unavailable, []);
    assert.deepEqual(change(context.changes, 'staged.txt'), {
      // With no diff driver git names the nearest line above that starts with a letter.
      path: 'staged.txt', status: 'modified', staged: true, unstaged: false, insertions: 1, deletions: 0, binary: false, hunkHeaders: ['b'],
    });
    assert.deepEqual(
      { ...change(context.changes, 'unstaged.txt') },
      { path: 'unstaged.txt', status: 'modified', staged: false, unstaged: true, insertions: 0, deletions: 1, binary: false, hunkHeaders: ['a'] },
    );
    const both = change(context.changes, 'both.txt');
    assert.equal(both.staged, true);
    assert.equal(both.unstaged, true);
    assert.equal(both.status, 'modified');
    assert.equal(both.insertions, 3); // B, d, e against HEAD
    assert.equal(both.deletions, 1); // b
    assert.deepEqual(context.totals, { files: 3, insertions: 4, deletions: 2 });
  });

  it('lists untracked files (also inside new folders) with their line counts', async () => {
    const repo = repoWithFiles({ 'a.txt': 'a\n' });
    writeFile(repo, 'notes.md', 'one\ntwo\nthree');
    writeFile(repo, 'new/dir/deep.txt', 'x\n');
    const { git: context } = await read(repo);
    assert.deepEqual(
      context.changes.map(({ path, status, staged, unstaged, insertions, deletions }) => ({ path, status, staged, unstaged, insertions, deletions })),
      [
        { path: 'new/dir/deep.txt', status: 'untracked', staged: false, unstaged: true, insertions: 1, deletions: 0 },
        { path: 'notes.md', status: 'untracked', staged: false, unstaged: true, insertions: 3, deletions: 0 },
      ],
    );
  });

  it('reports a staged rename with its old path, and a deleted file', async () => {
    const body = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const repo = repoWithFiles({ 'old name.txt': `${body}\n`, 'gone.txt': 'x\ny\n' });
    git(repo, 'mv', 'old name.txt', 'new name.txt');
    writeFile(repo, 'new name.txt', `${body}\nline 20\n`);
    git(repo, 'add', 'new name.txt');
    rmSync(join(repo, 'gone.txt'));

    const { git: context } = await read(repo);
    const renamed = change(context.changes, 'new name.txt');
    assert.equal(renamed.status, 'renamed');
    assert.equal(renamed.oldPath, 'old name.txt');
    assert.equal(renamed.staged, true);
    assert.equal(renamed.insertions, 1);
    assert.equal(renamed.deletions, 0);
    const gone = change(context.changes, 'gone.txt');
    assert.deepEqual([gone.status, gone.staged, gone.unstaged, gone.insertions, gone.deletions], ['deleted', false, true, 0, 2]);
    assert.equal(context.changes.length, 2);
  });

  it('marks a changed binary file binary, with null line counts', async () => {
    const repo = repoWithFiles({ 'image.bin': Buffer.from([1, 0, 2, 3]) });
    writeFile(repo, 'image.bin', Buffer.from([1, 0, 2, 4, 5]));
    writeFile(repo, 'new.bin', Buffer.from([0, 0, 7, 84, 79, 68, 79, 10])); // untracked, holds "TODO\n"
    const { git: context } = await read(repo);
    assert.deepEqual(
      [change(context.changes, 'image.bin')].map(({ binary, insertions, deletions, hunkHeaders }) => ({ binary, insertions, deletions, hunkHeaders })),
      [{ binary: true, insertions: null, deletions: null, hunkHeaders: [] }],
    );
    assert.equal(change(context.changes, 'new.bin').binary, true);
    assert.equal(change(context.changes, 'new.bin').insertions, null);
    assert.deepEqual(context.addedTodos, []);
  });

  it('handles hostile file names (space, newline, leading dash, quote, unicode) through -z', async () => {
    const names = ['-rf oops.txt', 'line\nbreak.txt', 'ünïcødé 文件.ts', 'quote"back\\slash.txt'];
    const repo = repoWithFiles(Object.fromEntries(names.map((name) => [name, 'one\n'])));
    for (const name of names) writeFile(repo, name, 'one\n// TODO: handle this name\n');
    writeFile(repo, '--untracked\ttab.txt', 'FIXME: new file\n');

    const { git: context, unavailable } = await read(repo);
    assert.deepEqual(unavailable, []);
    assert.deepEqual(context.changes.map((entry) => entry.path).sort(), [...names, '--untracked\ttab.txt'].sort());
    for (const name of names) {
      const entry = change(context.changes, name);
      assert.deepEqual([entry.status, entry.insertions, entry.deletions], ['modified', 1, 0], name);
    }
    assert.deepEqual(
      context.addedTodos.map(({ path, line, tag }) => `${path}:${line}:${tag}`).sort(),
      [...names.map((name) => `${name}:2:TODO`), '--untracked\ttab.txt:1:FIXME'].sort(),
    );
  });

  it('reads a repository without commits: branch name, head null, files added or untracked', async () => {
    const repo = makeRepo();
    writeFile(repo, 'staged.ts', 'export const a = 1; // TODO: name it\n');
    git(repo, 'add', 'staged.ts');
    writeFile(repo, 'loose.txt', 'x\ny\n');

    const { git: context, unavailable } = await read(repo);
    assert.deepEqual(unavailable, []);
    assert.equal(context.branch, 'main');
    assert.equal(context.head, null);
    assert.deepEqual(context.recentCommits, []);
    assert.deepEqual(
      context.changes.map(({ path, status, staged, insertions }) => ({ path, status, staged, insertions })),
      [
        { path: 'staged.ts', status: 'added', staged: true, insertions: 1 },
        { path: 'loose.txt', status: 'untracked', staged: false, insertions: 2 },
      ],
    );
    assert.deepEqual(context.addedTodos, [{ path: 'staged.ts', line: 1, tag: 'TODO', text: 'name it' }]);
  });

  it('reports a detached HEAD with branch null and the commit', async () => {
    const repo = repoWithFiles({ 'a.txt': 'a\n' });
    writeFile(repo, 'a.txt', 'b\n');
    const second = commitAll(repo, 'second');
    const first = git(repo, 'rev-parse', 'HEAD~1');
    git(repo, 'checkout', '-q', '--detach', first);
    const { git: context } = await read(repo);
    assert.equal(context.branch, null);
    assert.equal(context.head, first);
    assert.notEqual(context.head, second);
    assert.equal(context.upstream, null);
  });

  it('works from a subfolder and reports paths from the repository root, tracked changes first', async () => {
    const repo = repoWithFiles({ 'src/deep/a.ts': 'a\n', 'top.txt': 't\n' });
    writeFile(repo, 'top.txt', 'T\n');
    writeFile(repo, 'src/deep/new.ts', '// HACK: quick\n');
    const { git: context } = await read(join(repo, 'src', 'deep'));
    assert.deepEqual(context.changes.map((entry) => entry.path), ['top.txt', 'src/deep/new.ts']);
    assert.deepEqual(context.addedTodos.map((todo) => todo.path), ['src/deep/new.ts']);
  });

  it('does not follow an untracked symbolic link out of the repository', async function () {
    if (process.platform === 'win32') this.skip();
    const outside = makeTempDir('baton-outside-');
    writeFileSync(join(outside, 'secret.txt'), 'TODO: secret outside the repository\n');
    const repo = repoWithFiles({ 'a.txt': 'a\n' });
    symlinkSync(join(outside, 'secret.txt'), join(repo, 'link.txt'));
    const { git: context } = await read(repo);
    assert.equal(change(context.changes, 'link.txt').status, 'untracked');
    assert.equal(change(context.changes, 'link.txt').insertions, null);
    assert.deepEqual(context.addedTodos, []);
  });
});
