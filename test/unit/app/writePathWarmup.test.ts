// The write path's warm-up a long-lived process runs after it opens the database
// (writePathWarmup.ts): real writes through the storage engine's own file calls, on a database
// in a tmpfs folder (memoryScratch.ts), so nothing reaches a disk; it leaves no folder behind,
// and stops when cancelled (a window closing).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { STALE_MS, isTmpfs, makeMemoryScratch, memoryFolder, removeStale } from '../../../src/storage/memoryScratch';
import { WARM_UP_FOLDER_PREFIX, startWritePathWarmUp } from '../../../src/app/writePathWarmup';
import { type FixtureBundle, bundleFixture, spawnLines } from '../support/childBundle';
import { wasmDir } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

interface RunnerReport {
  writesMade: number;
  turns: number;
  diskBytes: number;
  callBytes: number;
  parent: string | null;
  left: string[];
}

describe('the write path warm-up', () => {
  useTempDirs();
  let runner: FixtureBundle;
  before(async function () {
    this.timeout(60_000);
    runner = await bundleFixture('warmUpRunner');
  });
  after(() => runner.remove());

  // In a process of its own: in mocha's, other tests' leftover work and the reporter also write.
  it('writes through the journal\'s own file calls into memory, in slices; nothing reaches a disk and no folder is left', async function () {
    this.timeout(60_000);
    if (!memoryFolder() || !existsSync('/proc/self/io')) this.skip(); // Linux with a tmpfs
    const run = spawnLines(runner.script, [wasmDir, '300', '300']);
    const { code, stderr } = await run.exited;
    assert.equal(code, 0, stderr);
    const report = JSON.parse(run.lines[0] ?? '{}') as RunnerReport;
    assert.equal(report.writesMade, 300);
    assert.ok(report.turns >= 10, `the event loop ran between the slices (${report.turns} timer turns)`);
    // Every write appended its record (a few hundred bytes) through a write call...
    assert.ok(report.callBytes > 300 * 200, `the writes went through write calls (${report.callBytes} bytes)`);
    // ...to a file system in memory: no page of a disk-backed file was dirtied.
    assert.ok(report.diskBytes < 4_096, `wrote ${report.diskBytes} bytes towards a disk`);
    assert.deepEqual(report.left, [], `its folder in ${report.parent} was removed`);
  });

  it('cancelled before its delay, makes no folder and no write; cancelled while running, stops at the next slice and removes its folder', async function () {
    this.timeout(60_000);
    const folders: string[] = [];
    const folder = () => {
      const dir = makeTempDir('baton-warm-up-test-');
      folders.push(dir);
      return dir;
    };
    const early = startWritePathWarmUp(wasmDir, { delayMs: 60_000, folder });
    early.cancel();
    await early.done;
    assert.equal(early.writesMade, 0);
    assert.equal(folders.length, 0, 'no folder was made');

    const running = startWritePathWarmUp(wasmDir, { delayMs: 0, writes: 100_000, seedRows: 10, slice: 5, folder });
    while (running.writesMade === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    running.cancel();
    await running.done;
    const stoppedAt = running.writesMade;
    assert.ok(stoppedAt < 100_000 && stoppedAt % 5 === 0, `stopped after ${stoppedAt} writes`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(running.writesMade, stoppedAt, 'nothing more after done');
    assert.equal(existsSync(folders[0] ?? ''), false, 'its folder was removed');
  });

  it('a warm-up that cannot open its database resolves without an error and removes its folder', async function () {
    this.timeout(30_000);
    const dir = makeTempDir('baton-warm-up-test-');
    mkdirSync(join(dir, 'baton.db')); // a folder where the database file should be
    const warmUp = startWritePathWarmUp(wasmDir, { delayMs: 0, folder: () => dir });
    await warmUp.done;
    assert.equal(warmUp.writesMade, 0);
    assert.equal(existsSync(dir), false);
  });

  it('where there is no memory file system, makes nothing', async () => {
    const warmUp = startWritePathWarmUp(wasmDir, { delayMs: 0, folder: () => null });
    await warmUp.done;
    assert.equal(warmUp.writesMade, 0);
  });
});

describe('scratch folders in memory', () => {
  useTempDirs();

  it('are found only on Linux, in a tmpfs', function () {
    assert.equal(memoryFolder({ platform: 'darwin', env: {}, now: Date.now }), null);
    assert.equal(memoryFolder({ platform: 'win32', env: {}, now: Date.now }), null);
    // A folder on a disk is not one, whatever the environment names.
    const onDisk = makeTempDir('not-tmpfs-');
    assert.equal(isTmpfs(onDisk), false);
    assert.notEqual(memoryFolder({ platform: 'linux', env: { XDG_RUNTIME_DIR: onDisk }, now: Date.now }), onDisk);
    const parent = memoryFolder();
    if (!parent) this.skip();
    assert.equal(isTmpfs(parent), true);
    // A prefix of this test's own: windows running meanwhile keep their warm-up folders.
    const prefix = `baton-scratch-test-${process.pid}-`;
    const dir = makeMemoryScratch(prefix);
    assert.ok(dir?.startsWith(join(parent, prefix)), `made ${dir} in ${parent}`);
    removeStale(parent, prefix, () => Date.now() + STALE_MS + 60_000);
    assert.equal(existsSync(dir ?? ''), false, 'an old one is removed');
  });

  it('left by a killed process are removed once older than a warm-up could run; newer ones are kept', () => {
    const parent = makeTempDir('baton-scratch-parent-');
    const old = join(parent, `${WARM_UP_FOLDER_PREFIX}old`);
    const fresh = join(parent, `${WARM_UP_FOLDER_PREFIX}fresh`);
    const other = join(parent, 'someone-else');
    for (const dir of [old, fresh, other]) mkdirSync(dir);
    const longAgo = (Date.now() - STALE_MS - 60_000) / 1_000;
    utimesSync(old, longAgo, longAgo);
    utimesSync(other, longAgo, longAgo);
    removeStale(parent, WARM_UP_FOLDER_PREFIX);
    assert.deepEqual(readdirSync(parent).sort(), [`${WARM_UP_FOLDER_PREFIX}fresh`, 'someone-else']);
  });
});
