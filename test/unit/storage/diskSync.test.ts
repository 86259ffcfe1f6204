// An acknowledged write waits for fdatasync on the calling thread while the disk answers fast,
// and in the thread pool once it does not, so that a slow or stalling disk holds the extension
// host at most briefly, and then not again for a minute.
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DiskSyncPolicy, MAX_POOL_MS, POOL_MS, RECENT, SLOW_MEDIAN_MS, STALL_MS, syncData } from '../../../src/storage/diskSync';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

function clockedPolicy() {
  const clock = { ms: 0 };
  return { clock, policy: new DiskSyncPolicy(() => clock.ms) };
}

describe('disk sync policy', () => {
  useTempDirs();

  it('flushes on the calling thread while the disk answers in well under a millisecond', () => {
    const { policy } = clockedPolicy();
    for (let i = 0; i < 10 * RECENT; i++) policy.inlineTook(0.4);
    assert.equal(policy.mode(), 'inline');
  });

  it('moves to the pool after one flush that held the thread past the stall limit, and tries again after a minute', () => {
    const { clock, policy } = clockedPolicy();
    policy.inlineTook(STALL_MS + 1);
    assert.equal(policy.mode(), 'pool');
    clock.ms += POOL_MS - 1;
    assert.equal(policy.mode(), 'pool');
    clock.ms += 2;
    assert.equal(policy.mode(), 'inline');
  });

  it('moves to the pool for a disk whose typical flush takes milliseconds (a hard disk)', () => {
    const { policy } = clockedPolicy();
    let flushes = 0;
    while (policy.mode() === 'inline' && flushes < 10 * RECENT) {
      policy.inlineTook(8);
      flushes += 1;
    }
    assert.equal(policy.mode(), 'pool');
    assert.equal(flushes, RECENT, 'after one window of flushes');
  });

  it('keeps flushing inline through a burst of slow flushes on a fast disk (just after a large file was written)', () => {
    const { policy } = clockedPolicy();
    for (const ms of [10.7, 13.1, 8.7, 0.5, 3, 4.1, 2.6, 5.8, 9.5, 7.9]) policy.inlineTook(ms);
    for (let i = 0; i < 10 * RECENT; i++) policy.inlineTook(0.4);
    assert.equal(policy.mode(), 'inline');
    for (let i = 0; i < RECENT / 2 + 1; i++) policy.inlineTook(SLOW_MEDIAN_MS + 1);
    assert.equal(policy.mode(), 'pool', 'but not when most of the last flushes are slow');
  });

  it('syncs a real file either way and reports a failed call as a rejection, not a throw', async () => {
    const path = join(makeTempDir('baton-sync-'), 'journal');
    const fd = openSync(path, 'w');
    const { clock, policy } = clockedPolicy();
    writeSync(fd, 'one');
    await syncData(fd, policy);
    policy.inlineTook(STALL_MS + 1);
    writeSync(fd, ' two');
    await syncData(fd, policy);
    assert.deepEqual(policy.counts, { inline: 1, pool: 1 });
    closeSync(fd);
    assert.equal(readFileSync(path, 'utf8'), 'one two');
    const failed = syncData(fd, policy);
    assert.ok(failed instanceof Promise);
    await assert.rejects(failed, { code: 'EBADF' });
    clock.ms += POOL_MS + 1;
    await assert.rejects(syncData(fd, policy), { code: 'EBADF' });
    assert.deepEqual(policy.counts, { inline: 2, pool: 2 });
  });

  it('flushes in the pool while a large file is being written, then inline again', async () => {
    const { policy } = clockedPolicy();
    let during: string | null = null;
    await policy.inPoolDuring(async () => {
      during = policy.mode();
    });
    assert.equal(during, 'pool');
    assert.equal(policy.mode(), 'inline');
    await assert.rejects(policy.inPoolDuring(async () => Promise.reject(new Error('disk full'))), /disk full/);
    assert.equal(policy.mode(), 'inline', 'a failed write does not leave the pool in use');
  });

  it('lets timers and other I/O run between the writes of a loop, inline flushes or not', async () => {
    const fd = openSync(join(makeTempDir('baton-sync-'), 'journal'), 'w');
    const { policy } = clockedPolicy();
    let ticked = false;
    setImmediate(() => (ticked = true));
    let writes = 0;
    while (!ticked && writes < 50) {
      writeSync(fd, 'x');
      await syncData(fd, policy);
      writes += 1;
    }
    closeSync(fd);
    assert.equal(policy.counts.inline, writes);
    assert.ok(ticked && writes < 50, `the event loop ran after ${writes} writes`);
  });

  it('holds the thread less and less often on a disk that stays slow: the pool for twice as long each time', () => {
    const { clock, policy } = clockedPolicy();
    const periods: number[] = [];
    for (let round = 0; round < 10; round++) {
      policy.inlineTook(STALL_MS + 1);
      const from = clock.ms;
      while (policy.mode() === 'pool') clock.ms += 1_000;
      periods.push(clock.ms - from);
    }
    assert.deepEqual(periods.slice(0, 3), [POOL_MS, 2 * POOL_MS, 4 * POOL_MS]);
    assert.equal(periods.at(-1), MAX_POOL_MS, 'up to an hour');
  });

  it('uses the pool only, where flushing on the calling thread was not measured (macOS, Windows)', async () => {
    const policy = new DiskSyncPolicy(undefined, false);
    assert.equal(policy.mode(), 'pool');
    const fd = openSync(join(makeTempDir('baton-sync-'), 'journal'), 'w');
    await syncData(fd, policy);
    closeSync(fd);
    assert.deepEqual(policy.counts, { inline: 0, pool: 1 });
  });
});
