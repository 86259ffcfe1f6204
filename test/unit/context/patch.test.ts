// The snapshot patch holds tracked changes and untracked files; applying it to a reverted
// tree brings both back, and a patch that does not apply changes nothing.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch } from '../../../src/context/patchApplier';
import { readPatch } from '../../../src/context/patchReader';
import { commitFile, git, makeRepo } from '../support/git';
import { useTempDirs } from '../support/tempDirs';

describe('snapshot patch', () => {
  useTempDirs();

  function repoWithWork(): string {
    const repo = makeRepo();
    commitFile(repo, 'auth.ts', 'export const retries = 1;\n');
    writeFileSync(join(repo, 'auth.ts'), 'export const retries = 3;\n');
    writeFileSync(join(repo, 'retry.ts'), '// TODO: wire the retry\nexport const backoff = 2;\n');
    return repo;
  }

  it('includes untracked files as new files, and round-trips through git apply', async () => {
    const repo = repoWithWork();
    const patch = await readPatch(repo, 1024 * 1024, true);
    assert.ok(patch && !patch.truncated);
    assert.match(patch.patch, /\+export const retries = 3;/);
    assert.match(patch.patch, /new file mode 100644[\s\S]*\+\+\+ b\/retry\.ts/);
    assert.match(patch.diffStat, /auth\.ts/);
    git(repo, 'checkout', '--', 'auth.ts');
    rmSync(join(repo, 'retry.ts'));
    assert.deepEqual(await applyPatch(repo, patch.patch), { ok: true });
    assert.equal(readFileSync(join(repo, 'auth.ts'), 'utf8'), 'export const retries = 3;\n');
    assert.equal(readFileSync(join(repo, 'retry.ts'), 'utf8'), '// TODO: wire the retry\nexport const backoff = 2;\n');
  });

  it('cuts the patch at the size limit and says so', async () => {
    const repo = repoWithWork();
    const patch = await readPatch(repo, 120, true);
    assert.ok(patch);
    assert.equal(patch.truncated, true);
    assert.ok(patch.bytes <= 120);
  });

  it('refuses a patch that does not apply cleanly and leaves the files alone', async () => {
    const repo = repoWithWork();
    const patch = await readPatch(repo, 1024 * 1024, true);
    assert.ok(patch);
    const result = await applyPatch(repo, patch.patch); // the changes are already there
    assert.equal(result.ok, false);
    assert.equal(readFileSync(join(repo, 'auth.ts'), 'utf8'), 'export const retries = 3;\n');
    assert.ok(existsSync(join(repo, 'retry.ts')));
  });
});
