// `baton snapshot take` says what the snapshot does not hold: git it could not read, big
// binaries left out of the patch, secret files withheld — on stdout and in --json.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliOk } from '../support/cli';
import { commitFile, makeRepo } from '../support/git';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

interface TakenJson {
  changedFiles: number;
  withheldFiles: string[];
  omittedFiles: { path: string; bytes: number }[];
  unavailable: { source: string; reason: string }[];
}

describe('baton snapshot take: what the snapshot leaves out', () => {
  useTempDirs();

  it('says git was not read in a folder that is not a repository, as the briefing does', async () => {
    const folder = makeTempDir();
    const db = join(makeTempDir(), 'baton.db');
    const text = await runCliOk(['--db', db, 'snapshot', 'take', '--workspace', folder]);
    assert.match(text, /^git not read: .+/m);
    const json = JSON.parse(await runCliOk(['--db', db, 'snapshot', 'take', '--workspace', folder, '--json'])) as TakenJson;
    assert.ok(json.unavailable.some((u) => u.source === 'git'), JSON.stringify(json.unavailable));
  });

  it('names a binary too big for the patch with its size, and a secret file by name only', async () => {
    const repo = makeRepo();
    commitFile(repo, 'app.ts', 'export const a = 1;\n');
    writeFileSync(join(repo, 'model.bin'), Buffer.alloc(3 * 1024 * 1024));
    writeFileSync(join(repo, '.env'), 'API_TOKEN=abc\n');
    writeFileSync(join(repo, 'app.ts'), 'export const a = 2;\n');
    const db = join(makeTempDir(), 'baton.db');
    const text = await runCliOk(['--db', db, 'snapshot', 'take', '--workspace', repo]);
    assert.match(text, /Left out of the patch for their size: model\.bin \(3\.0 MB\)/);
    assert.match(text, /Not stored, as secrets by name \(listed only\): \.env/);
    assert.doesNotMatch(text, /^git not read/m, 'git itself was read');
    const json = JSON.parse(await runCliOk(['--db', db, 'snapshot', 'take', '--workspace', repo, '--json'])) as TakenJson;
    assert.deepEqual(json.omittedFiles, [{ path: 'model.bin', bytes: 3 * 1024 * 1024 }]);
    assert.deepEqual(json.withheldFiles, ['.env']);
  });
});
