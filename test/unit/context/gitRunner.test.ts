// runGit against real git on temporary repositories: safe flags, typed failures, byte caps
// and timeouts. Each safety check has a control run with plain git showing it would matter.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAFE_GIT_FLAGS, runGit } from '../../../src/context/gitRunner';
import { commitFile, git, makeRepo } from '../support/git';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

/** An executable script that appends to `marker` when run. */
function markerScript(dir: string, name: string, marker: string): string {
  const script = join(dir, name);
  writeFileSync(script, `#!/bin/sh\necho ran >> '${marker}'\nexit 1\n`);
  chmodSync(script, 0o755);
  return script;
}

describe('runGit', () => {
  useTempDirs();

  it('runs git with the safe flags first and returns stdout', async () => {
    const repo = makeRepo();
    const head = commitFile(repo, 'a.txt', 'a');
    const result = await runGit(['rev-parse', 'HEAD'], { cwd: repo });
    assert.deepEqual(result, { ok: true, stdout: `${head}\n` });
    assert.deepEqual([...SAFE_GIT_FLAGS], ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '--no-optional-locks']);
  });

  it('overrides a repository\'s core.fsmonitor, so a workspace cannot run its fsmonitor program', async () => {
    const repo = makeRepo();
    commitFile(repo, 'a.txt', 'a');
    const outside = makeTempDir();
    const marker = join(outside, 'fsmonitor-ran');
    git(repo, 'config', 'core.fsmonitor', markerScript(outside, 'fsmonitor', marker));

    const seen = await runGit(['config', 'core.fsmonitor'], { cwd: repo });
    assert.deepEqual(seen, { ok: true, stdout: 'false\n' });
    assert.equal((await runGit(['status', '--porcelain'], { cwd: repo })).ok, true);
    assert.equal(existsSync(marker), false, 'runGit must not run the fsmonitor program');

    git(repo, 'status', '--porcelain'); // control: plain git does run it
    assert.equal(existsSync(marker), true, 'control: the fsmonitor program is live');
  });

  it('disables hooks, so a workspace cannot run its hooks', async () => {
    const repo = makeRepo();
    commitFile(repo, 'a.txt', 'a');
    const hooks = makeTempDir();
    const marker = join(hooks, 'hook-ran');
    markerScript(hooks, 'pre-commit', marker);
    git(repo, 'config', 'core.hooksPath', hooks);
    const identity = ['-c', 'user.name=T', '-c', 'user.email=t@baton.invalid'];

    const result = await runGit([...identity, 'commit', '--allow-empty', '-q', '-m', 'no hooks'], { cwd: repo });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(existsSync(marker), false, 'runGit must not run hooks');

    assert.throws(() => git(repo, 'commit', '--allow-empty', '-q', '-m', 'hooks'), 'control: the failing pre-commit hook blocks plain git');
    assert.equal(existsSync(marker), true, 'control: the hook is live');
  });

  it('takes no optional locks: status does not rewrite the index', async () => {
    const repo = makeRepo();
    commitFile(repo, 'a.txt', 'a');
    const index = join(repo, '.git', 'index');
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(join(repo, 'a.txt'), old, old); // stat data now differs from the index
    const before = statSync(index).mtimeMs;
    assert.equal((await runGit(['status', '--porcelain'], { cwd: repo })).ok, true);
    assert.equal(statSync(index).mtimeMs, before, 'runGit must not refresh the index');
    git(repo, 'status', '--porcelain');
    assert.notEqual(statSync(index).mtimeMs, before, 'control: plain git status refreshes the index');
  });

  it('reports a missing git binary as no-git', async () => {
    const result = await runGit(['status'], { cwd: makeTempDir(), gitPath: join(makeTempDir(), 'no-such-git') });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'no-git');
  });

  it('reports a folder outside any repository as not-a-repository', async () => {
    const result = await runGit(['status'], { cwd: makeTempDir() });
    assert.equal(!result.ok && result.reason, 'not-a-repository');
    assert.match(!result.ok ? result.detail : '', /not a git repository/);
  });

  it('reports other git errors as failed, with git\'s message', async () => {
    const repo = makeRepo();
    commitFile(repo, 'a.txt', 'a');
    const result = await runGit(['rev-parse', '--verify', 'no-such-branch'], { cwd: repo });
    assert.equal(!result.ok && result.reason, 'failed');
    assert.match(!result.ok ? result.detail : '', /Needed a single revision/);
  });

  it('stops output beyond maxBytes as too-large', async () => {
    const repo = makeRepo();
    for (let i = 0; i < 5; i++) commitFile(repo, `f${i}.txt`, String(i));
    const capped = await runGit(['log'], { cwd: repo, maxBytes: 64 });
    assert.equal(!capped.ok && capped.reason, 'too-large');
    const full = await runGit(['log'], { cwd: repo });
    assert.ok(full.ok && full.stdout.length > 64, 'control: the same log is longer than the cap');
  });

  it('stops a command that outlives timeoutMs as timeout', async function () {
    if (process.platform === 'win32') this.skip();
    const dir = makeTempDir();
    const slowGit = join(dir, 'git');
    writeFileSync(slowGit, '#!/bin/sh\nsleep 5\n');
    chmodSync(slowGit, 0o755);
    const result = await runGit(['status'], { cwd: dir, timeoutMs: 200, gitPath: slowGit });
    assert.equal(!result.ok && result.reason, 'timeout');
  });
});
