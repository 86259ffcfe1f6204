// ProcessLock: mutual exclusion between holders that share only the lock file, and recovery
// from locks whose owner died.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LockTimeoutError, ProcessLock } from '../../../src/storage/processLock';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** When the file at `path` was created, in nanoseconds: a lock file made again has another. */
const bornAt = (path: string) => statSync(path, { bigint: true }).birthtimeNs;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function backdate(path: string, seconds: number): void {
  const then = new Date(Date.now() - seconds * 1000);
  utimesSync(path, then, then);
}

describe('ProcessLock', () => {
  useTempDirs();
  let lockPath: string;
  beforeEach(() => {
    lockPath = join(makeTempDir(), 'baton.db.lock');
  });

  it('holds the lock file during the work and removes it afterwards, also when the work throws', async () => {
    const lock = new ProcessLock(lockPath);
    const seen = await lock.withLock(async () => readFileSync(lockPath, 'utf8'));
    assert.match(seen, new RegExp(`^${process.pid}@${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`));
    assert.equal(existsSync(lockPath), false);
    await assert.rejects(lock.withLock(() => Promise.reject(new Error('work failed'))), /work failed/);
    assert.equal(existsSync(lockPath), false);
  });

  it('serializes holders from separate instances: no lost update on a shared counter', async () => {
    const counter = join(makeTempDir(), 'counter');
    writeFileSync(counter, '0');
    const locks = [new ProcessLock(lockPath), new ProcessLock(lockPath), new ProcessLock(lockPath)];
    let inside = 0;
    let maxInside = 0;
    const work = async () => {
      inside += 1;
      maxInside = Math.max(maxInside, inside);
      const value = Number(await fs.readFile(counter, 'utf8'));
      await fs.writeFile(counter, String(value + 1)); // a read-modify-write that races without the lock
      inside -= 1;
    };
    await Promise.all(Array.from({ length: 15 }, (_, i) => locks[i % locks.length]!.withLock(work)));
    assert.equal(maxInside, 1);
    assert.equal(readFileSync(counter, 'utf8'), '15');
    assert.equal(existsSync(lockPath), false);
  });

  it('breaks a lock left by a dead process on this machine', async () => {
    const pid = deadPid();
    writeFileSync(lockPath, `${pid}@${hostname()}:stale`);
    const ran = await new ProcessLock(lockPath, { timeoutMs: 2_000 }).withLock(async () => readFileSync(lockPath, 'utf8'));
    assert.doesNotMatch(ran, /stale/);
    assert.equal(existsSync(lockPath), false);
  });

  it('does not break a fresh lock held by a live process, and times out', async () => {
    writeFileSync(lockPath, `${process.pid}@${hostname()}:someone-else`);
    await assert.rejects(new ProcessLock(lockPath, { timeoutMs: 150 }).withLock(async () => 'never'), LockTimeoutError);
    assert.equal(readFileSync(lockPath, 'utf8'), `${process.pid}@${hostname()}:someone-else`, 'the other holder keeps its lock');
  });

  it('does not break a lock from another machine by pid, only by age', async () => {
    writeFileSync(lockPath, `${deadPid()}@some-other-host:x`);
    await assert.rejects(new ProcessLock(lockPath, { timeoutMs: 150 }).withLock(async () => 'never'), LockTimeoutError);
    backdate(lockPath, 60);
    assert.equal(await new ProcessLock(lockPath, { timeoutMs: 2_000, staleMs: 30_000 }).withLock(async () => 'ran'), 'ran');
  });

  it('breaks an empty lock file (owner died between create and write) once it is over a second old', async () => {
    writeFileSync(lockPath, '');
    backdate(lockPath, 5);
    assert.equal(await new ProcessLock(lockPath, { timeoutMs: 2_000 }).withLock(async () => 'ran'), 'ran');
  });

  it('the timeout error says what to do', () => {
    assert.match(new LockTimeoutError('/x/baton.db.lock').message, /busy.*\/x\/baton\.db\.lock.*delete that file/);
  });

  describe('bursts (burstMs)', () => {
    it('keeps the lock file for a holder that follows at once, and releases it when the event loop moves on', async () => {
      const lock = new ProcessLock(lockPath, { burstMs: 1_000 });
      const first = await lock.withLock(async () => bornAt(lockPath));
      const second = await lock.withLock(async () => bornAt(lockPath));
      assert.equal(second, first, 'the same lock file: not unlinked and created again');
      assert.equal(existsSync(lockPath), true, 'kept until the event loop moves on');
      await nextTurn();
      assert.equal(existsSync(lockPath), false);
    });

    it('lets another holder in once the burst is over, and still excludes it during the burst', async () => {
      const lock = new ProcessLock(lockPath, { burstMs: 1_000 });
      const other = new ProcessLock(lockPath, { timeoutMs: 2_000 });
      const order: string[] = [];
      await lock.withLock(async () => order.push('burst 1'));
      const waiting = other.withLock(async () => order.push('other'));
      await lock.withLock(async () => order.push('burst 2'));
      await waiting;
      assert.deepEqual(order, ['burst 1', 'burst 2', 'other']);
      assert.equal(existsSync(lockPath), false);
    });

    it('takes the lock file again once it is older than burstMs, so that its age never nears staleMs', async () => {
      const lock = new ProcessLock(lockPath, { burstMs: 20 });
      const first = await lock.withLock(async () => {
        await new Promise((resolve) => setTimeout(resolve, 40));
        return bornAt(lockPath);
      });
      const second = await lock.withLock(async () => bornAt(lockPath));
      assert.notEqual(second, first);
      await nextTurn();
      assert.equal(existsSync(lockPath), false);
    });

    it('releaseKept lets the lock go at once (a database closing, a process about to exit)', async () => {
      const lock = new ProcessLock(lockPath, { burstMs: 1_000 });
      await lock.withLock(async () => 'done');
      lock.releaseKept();
      assert.equal(existsSync(lockPath), false);
    });

    it('a failed holder in a burst still leaves the lock to be released', async () => {
      const lock = new ProcessLock(lockPath, { burstMs: 1_000 });
      await assert.rejects(lock.withLock(() => Promise.reject(new Error('work failed'))), /work failed/);
      await nextTurn();
      assert.equal(existsSync(lockPath), false);
    });
  });
});
