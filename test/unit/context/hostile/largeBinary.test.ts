// Large binary changes in a snapshot's patch: a binary above the cap is listed by path and size,
// never diffed and never stored as a cut patch; a binary patch that does not fit what is left of
// the budget is left out whole; what remains still applies. With 200 MB binaries, the peak memory
// of `baton snapshot take` (the CLI and the git it runs) stays bounded.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGitContext } from '../../../../src/context/git/gitContextReader';
import { applyPatch } from '../../../../src/context/patchApplier';
import { readPatch } from '../../../../src/context/patchReader';
import { git, makeRepo } from '../../support/git';
import { commitAll, repoWithFiles, writeFile } from '../../support/gitRepos';
import { cliPath, repoRoot } from '../../support/paths';
import { requireCliWithCurrentGitCode } from '../../support/hostileRepos';
import { makeTempDir, useTempDirs } from '../../support/tempDirs';

const KB = 1024;
const CAP = 64 * KB;
const hasTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;

/** Random bytes: incompressible, and binary to git (they hold NUL bytes). */
function noise(bytes: number): Buffer {
  const data = randomBytes(bytes);
  data[0] = 0;
  return data;
}

/** Peak resident memory of a command and all the processes it waited for, in KB. */
function peakMemoryKB(args: readonly string[]): Promise<{ kb: number; stdout: string; code: number | null }> {
  return new Promise((resolve) => {
    execFile('/usr/bin/time', ['-f', 'peak-rss-kb=%M', ...args], { cwd: repoRoot, env: { ...process.env, BATON_DB: '' }, timeout: 120_000 }, (error, stdout, stderr) => {
      const kb = Number(/peak-rss-kb=(\d+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ kb, stdout, code: error ? (typeof error.code === 'number' ? error.code : null) : 0 });
    });
  });
}

describe('hostile repositories: large binary changes in a snapshot patch', function () {
  this.timeout(120_000);
  useTempDirs();

  it('lists a tracked binary above the cap by path and size; the patch applies without it', async () => {
    const repo = repoWithFiles({ 'big.bin': noise(200 * KB), 'small.bin': noise(8 * KB), 't.txt': 'one\n' });
    const big = noise(210 * KB);
    const small = noise(8 * KB);
    writeFile(repo, 'big.bin', big);
    writeFile(repo, 'small.bin', small);
    writeFile(repo, 't.txt', 'one\ntwo\n');
    const patch = await readPatch(repo, CAP, true);
    assert.ok(patch);
    assert.deepEqual(patch.omitted, [{ path: 'big.bin', bytes: 210 * KB }]);
    assert.equal(patch.truncated, false);
    assert.doesNotMatch(patch.patch, /big\.bin/);
    assert.match(patch.patch, /diff --git a\/small\.bin b\/small\.bin[\s\S]*GIT binary patch/);
    assert.match(patch.diffStat, /big\.bin/, 'the diff stat still names it');

    git(repo, 'checkout', '--', 'small.bin', 't.txt');
    assert.deepEqual(await applyPatch(repo, patch.patch), { ok: true });
    assert.deepEqual(readFileSync(join(repo, 'small.bin')), small);
    assert.equal(readFileSync(join(repo, 't.txt'), 'utf8'), 'one\ntwo\n');
    assert.deepEqual(readFileSync(join(repo, 'big.bin')), big, 'left as it was');
  });

  it('lists a deleted binary with its old size, an untracked one, and a staged one before the first commit', async () => {
    const repo = repoWithFiles({ 'gone.bin': noise(100 * KB), 'keep.txt': 'keep\n' });
    rmSync(join(repo, 'gone.bin'));
    writeFile(repo, 'untracked.bin', noise(90 * KB));
    writeFile(repo, 'notes.txt', 'notes\n');
    const patch = await readPatch(repo, CAP, true);
    assert.ok(patch);
    assert.deepEqual(patch.omitted, [{ path: 'gone.bin', bytes: 100 * KB }, { path: 'untracked.bin', bytes: 90 * KB }]);
    assert.equal(patch.truncated, false);
    assert.match(patch.patch, /\+\+\+ b\/notes\.txt/);
    assert.doesNotMatch(patch.patch, /GIT binary patch/);

    const unborn = makeRepo();
    writeFile(unborn, 'staged.bin', noise(80 * KB));
    git(unborn, 'add', 'staged.bin');
    assert.deepEqual((await readPatch(unborn, CAP, false))?.omitted, [{ path: 'staged.bin', bytes: 80 * KB }]);
  });

  it('never cuts a binary patch: one that does not fit what is left is left out whole', async () => {
    const repo = repoWithFiles({ 'keep.txt': 'keep\n' });
    writeFile(repo, 'a-notes.txt', 'x'.repeat(40 * KB));
    writeFile(repo, 'b-image.bin', noise(30 * KB));
    const untracked = await readPatch(repo, CAP, true);
    assert.ok(untracked);
    assert.deepEqual(untracked.omitted, [{ path: 'b-image.bin', bytes: 30 * KB }]);
    assert.equal(untracked.truncated, false);
    rmSync(join(repo, 'a-notes.txt'));
    assert.deepEqual(await applyPatch(repo, untracked.patch), { ok: true }, 'what is kept applies');

    const tracked = repoWithFiles({ 'a.txt': 'a\n', 'b1.bin': noise(30 * KB), 'b2.bin': noise(30 * KB) });
    writeFile(tracked, 'a.txt', 'a\nb\n');
    writeFile(tracked, 'b1.bin', noise(30 * KB));
    writeFile(tracked, 'b2.bin', noise(30 * KB));
    const cut = await readPatch(tracked, CAP, true);
    assert.ok(cut);
    assert.equal(cut.truncated, true, 'the two binary patches do not fit: the patch is cut');
    assert.match(cut.patch, /\+\+\+ b\/a\.txt/);
    assert.doesNotMatch(cut.patch, /GIT binary patch/, 'but not inside a binary patch');
  });

  it('with 200 MB binaries (changed and untracked), lists them, and snapshot take stays within bounded memory', async function () {
    if (hasTime) requireCliWithCurrentGitCode();
    const repo = repoWithFiles({ 't.txt': 'one\n' });
    const big = join(repo, 'big.bin');
    writeFileSync(big, Buffer.alloc(0));
    truncateSync(big, 200 * KB * KB); // sparse: no disk, but 200 MB to anything that reads it
    commitAll(repo, 'a 200 MB binary');
    const handle = Buffer.from('changed');
    writeFileSync(big, handle, { flag: 'r+' });
    writeFileSync(join(repo, 'new.bin'), Buffer.alloc(0));
    truncateSync(join(repo, 'new.bin'), 200 * KB * KB);
    writeFile(repo, 't.txt', 'one\ntwo\n');

    const patch = await readPatch(repo, 512 * KB, true);
    assert.ok(patch);
    assert.deepEqual(patch.omitted, [{ path: 'big.bin', bytes: 200 * KB * KB }, { path: 'new.bin', bytes: 200 * KB * KB }]);
    assert.equal(patch.truncated, false);
    assert.ok(patch.bytes < 4 * KB, `patch of ${patch.bytes} bytes`);
    // status and diff hash the 200 MB (streaming): slow on a busy machine, so a longer timeout.
    const context = await readGitContext({ cwd: repo, timeoutMs: 60_000 });
    assert.deepEqual(context.git?.changes.find((change) => change.path === 'big.bin')?.binary, true);

    if (!hasTime) this.skip();
    const db = join(makeTempDir('baton-big-db-'), 'baton.db');
    const run = await peakMemoryKB([process.execPath, cliPath, '--db', db, 'snapshot', 'take', '--workspace', repo, '--json']);
    assert.equal(run.code, 0, run.stdout);
    assert.equal((JSON.parse(run.stdout) as { patchTruncated: boolean }).patchTruncated, false);
    // Reading either file whole would take 200 MB; the CLI alone takes about 100 MB.
    assert.ok(run.kb < 192 * KB, `peak memory ${Math.round(run.kb / KB)} MB`);
  });
});
