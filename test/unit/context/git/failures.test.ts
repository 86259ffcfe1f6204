// When git cannot answer: no repository, no git executable, a missing folder, a bare
// repository, a git that hangs or floods its output. The reader returns, never throws.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGitCommand } from '../../../../src/context/git/gitCommand';
import { gitContextCommandPlan, readGitContext } from '../../../../src/context/git/gitContextReader';
import { SAFE_GIT_FLAGS } from '../../../../src/context/gitRunner';
import { git } from '../../support/git';
import { repoWithFiles, writeFile } from '../../support/gitRepos';
import { makeTempDir, useTempDirs } from '../../support/tempDirs';

/** A shell script standing in for git. */
function fakeGit(body: string): string {
  const script = join(makeTempDir('baton-fakegit-'), 'git');
  writeFileSync(script, `#!/bin/sh\n${body}\n`);
  chmodSync(script, 0o755);
  return script;
}

describe('readGitContext: when git cannot answer', () => {
  useTempDirs();

  it('returns git null with the reason for a folder outside any repository', async () => {
    const folder = makeTempDir('baton-norepo-');
    const result = await readGitContext({ cwd: folder });
    assert.deepEqual(result, { git: null, unavailable: [{ source: 'git', reason: `not a git repository: ${folder}` }] });
  });

  it('returns git null when the git executable does not exist', async () => {
    const repo = repoWithFiles({ 'a.txt': 'a\n' });
    const missing = join(makeTempDir(), 'no-such-git');
    const result = await readGitContext({ cwd: repo, gitPath: missing });
    assert.deepEqual(result, { git: null, unavailable: [{ source: 'git', reason: `git executable not found: ${missing}` }] });
  });

  it('returns git null when the folder does not exist', async () => {
    const gone = join(makeTempDir(), 'gone');
    const result = await readGitContext({ cwd: gone });
    assert.deepEqual(result, { git: null, unavailable: [{ source: 'git', reason: `folder does not exist: ${gone}` }] });
  });

  it('returns git null for a bare repository (no working tree)', async () => {
    const repo = repoWithFiles({ 'a.txt': 'a\n' });
    const bare = join(makeTempDir(), 'bare.git');
    git(repo, 'clone', '-q', '--bare', repo, bare);
    const result = await readGitContext({ cwd: bare });
    assert.equal(result.git, null);
    assert.equal(result.unavailable[0]?.source, 'git');
    assert.match(result.unavailable[0]?.reason ?? '', /work tree/);
  });

  it('gives up on a git that hangs after the timeout, even when it leaves a child holding the pipe', async function () {
    if (process.platform === 'win32') this.skip();
    const repo = repoWithFiles({ 'a.txt': 'a\n' });
    const hanging = fakeGit('sleep 5; echo late');
    const started = Date.now();
    const result = await readGitContext({ cwd: repo, gitPath: hanging, timeoutMs: 150 });
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(result, { git: null, unavailable: [{ source: 'git', reason: 'git rev-parse timed out after 150 ms' }] });
  });

  it('keeps the first maxBytes of a flooding command and says it was cut', async function () {
    if (process.platform === 'win32') this.skip();
    const flood = fakeGit('yes 0123456789 | head -c 2000000');
    const result = await runGitCommand(['anything'], { cwd: makeTempDir(), gitPath: flood, maxBytes: 1000, timeoutMs: 5_000 });
    assert.ok(result.ok);
    assert.equal(result.truncated, true);
    assert.equal(result.stdout.length, 1000);
    assert.equal(result.stdout.toString('latin1', 0, 11), '0123456789\n');
  });

  it('runs every command with the safe flags first and reports each to the observer', async () => {
    const repo = repoWithFiles({ 'a.txt': 'a\n' });
    writeFile(repo, 'a.txt', 'b\n');
    const seen: (readonly string[])[] = [];
    const start = git(repo, 'rev-parse', 'HEAD');
    await readGitContext({ cwd: repo, sessionStartHead: start, onCommand: (args, ms) => {
      assert.ok(ms >= 0);
      seen.push(args);
    } });
    for (const args of seen) assert.deepEqual(args.slice(0, SAFE_GIT_FLAGS.length), [...SAFE_GIT_FLAGS]);
    const plan = gitContextCommandPlan({ sessionStartHead: start });
    assert.deepEqual(seen.map((args) => args.join(' ')).sort(), plan.map((args) => args.join(' ')).sort());
  });

  it('does not run a diff or textconv program configured by the repository', async () => {
    const repo = repoWithFiles({ 'a.txt': 'a\n' });
    const marker = join(makeTempDir(), 'ran');
    const script = fakeGit(`echo ran >> '${marker}'`);
    git(repo, 'config', 'diff.external', script);
    git(repo, 'config', 'diff.marker.textconv', script);
    writeFile(repo, '.gitattributes', '*.txt diff=marker\n');
    writeFile(repo, 'a.txt', 'b\n');
    const { git: context } = await readGitContext({ cwd: repo });
    assert.equal(context?.changes.find((entry) => entry.path === 'a.txt')?.insertions, 1);
    assert.equal(existsSync(marker), false, 'the reader must not run the configured programs');
    git(repo, 'diff'); // control: plain git diff runs diff.external
    assert.equal(existsSync(marker), true);
  });
});
