// How an acknowledged write waits for the disk: fdatasync on the calling thread while the disk
// answers fast, through libuv's thread pool while it does not.
//
// On a fast disk the flush itself is the smaller part of the wait. Measured on the 2-core VM of
// bench/results/db.json, the trip to a pool thread and back added 0.2 ms at p50 and about 1.5 ms
// at p99 to a 0.35 ms flush (both threads sleep and are woken). better-sqlite3, the reference, syncs
// on the calling thread too. A slow disk (a hard disk, a network share) must not hold the
// extension host, though: one flush slower than STALL_MS, or a typical flush (the median of the
// last RECENT) slower than SLOW_MEDIAN_MS, sends the flushes to the pool for POOL_MS; then the
// calling thread is tried again, after twice as long each time it proves slow again (up to
// MAX_POOL_MS), so that a disk that is always slow holds the host less and less often. A median,
// not a sum: a fast disk has bursts of slow flushes (just after a large file was written), which
// must not cost the fast path for a minute. Only on Linux, where this was measured: macOS flushes
// with F_FULLFSYNC and Windows with FlushFileBuffers, both milliseconds, so there the pool is
// used as before.
import { fdatasync, fdatasyncSync } from 'node:fs';

/** A flush this slow, once, and the pool is used: the host was held long enough to be felt. */
export const STALL_MS = 100;
/** A typical flush this slow: a hard disk (5 to 20 ms), where an SSD flushes in well under 1 ms. */
export const SLOW_MEDIAN_MS = 4;
export const RECENT = 16;
/** How long the pool is used before the calling thread is tried again, the first time. */
export const POOL_MS = 60_000;
export const MAX_POOL_MS = 60 * 60_000;

export type SyncMode = 'inline' | 'pool';

export class DiskSyncPolicy {
  private readonly recent: number[] = [];
  private readonly sorted = new Float64Array(RECENT);
  private poolUntil = Number.NEGATIVE_INFINITY;
  private poolMs = POOL_MS;
  private heavyWrites = 0;
  /** Flushes made each way, for the benchmark's record. */
  readonly counts: Record<SyncMode, number> = { inline: 0, pool: 0 };

  constructor(private readonly now: () => number = () => performance.now(), private readonly inlineAllowed = true) {}

  mode(): SyncMode {
    return !this.inlineAllowed || this.heavyWrites > 0 || this.now() < this.poolUntil ? 'pool' : 'inline';
  }

  /** Flushes go to the pool while `work` runs: a large file being written and synced (a compaction) can hold them. */
  async inPoolDuring<T>(work: () => Promise<T>): Promise<T> {
    this.heavyWrites += 1;
    try {
      return await work();
    } finally {
      this.heavyWrites -= 1;
    }
  }

  /** Drops the recent flush times (flushes to a file system in memory, which say nothing of the disk). */
  forgetRecent(): void {
    this.recent.length = 0;
  }

  /** Records how long an inline flush held the thread, and moves to the pool when that was too long. */
  inlineTook(ms: number): void {
    this.recent.push(ms);
    if (this.recent.length > RECENT) this.recent.shift();
    if (ms > STALL_MS || (this.recent.length === RECENT && medianOf(this.recent, this.sorted) > SLOW_MEDIAN_MS)) {
      this.poolUntil = this.now() + this.poolMs;
      this.poolMs = Math.min(this.poolMs * 2, MAX_POOL_MS);
      this.recent.length = 0;
    }
  }
}

/** The median of RECENT flush times, sorted in `scratch`: a copy and a sort per write were 1.5 KB of garbage each. */
function medianOf(values: readonly number[], scratch: Float64Array): number {
  scratch.set(values);
  scratch.sort();
  return scratch[Math.floor(RECENT / 2)] ?? 0;
}

/** One policy for the process: the journals it writes share a disk, or are few. */
export const diskSync = new DiskSyncPolicy(undefined, process.platform === 'linux');

/** fdatasync of `fd`, on this thread or the pool as `policy` says; rejects as the call fails. */
export function syncData(fd: number, policy: DiskSyncPolicy = diskSync): Promise<void> {
  if (policy.mode() === 'pool') {
    policy.counts.pool += 1;
    return new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
  }
  policy.counts.inline += 1;
  const start = performance.now();
  try {
    fdatasyncSync(fd);
  } catch (error) {
    return Promise.reject(error);
  } finally {
    policy.inlineTook(performance.now() - start);
  }
  // Resolved from the event loop, not at once: a caller writing in a loop still lets timers and
  // other I/O (a compaction's reads and writes, a webview's messages) run between its writes.
  return new Promise((resolve) => setImmediate(resolve));
}
