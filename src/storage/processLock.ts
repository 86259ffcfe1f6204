// A lock file shared by every process that writes the database (VS Code windows and the CLI).
// Created with O_EXCL; a lock whose owner died, or that is older than `staleMs`, is broken.
import { promises as fs, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface ProcessLockOptions {
  readonly timeoutMs?: number;
  readonly staleMs?: number;
  /**
   * How long a lock may be kept for the next holder in this process, when that one asks before
   * the event loop moves on (the next write of a burst); 0 releases at once.
   */
  readonly burstMs?: number;
}

export class LockTimeoutError extends Error {
  constructor(path: string) {
    super(`Baton's database is busy: could not lock ${path}. Another Baton process may be stuck; if none runs, delete that file.`);
  }
}

/** Error codes of a file that cannot be created or changed because of permissions or a read-only mount. */
export const NOT_WRITABLE_CODES: ReadonlySet<string> = new Set(['EROFS', 'EACCES', 'EPERM']);

export const isNotWritable = (error: unknown): error is NodeJS.ErrnoException =>
  NOT_WRITABLE_CODES.has(String((error as NodeJS.ErrnoException | null)?.code));

/** The lock file cannot be created: the folder is read-only or not ours to write (EROFS, EACCES, EPERM). */
export class LockNotWritableError extends Error {
  constructor(readonly path: string, readonly code: string, options?: { cause: unknown }) {
    super(`cannot create ${path} (${code})`, options);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class ProcessLock {
  private readonly timeoutMs: number;
  private readonly staleMs: number;
  private readonly burstMs: number;
  private readonly token = `${process.pid}@${hostname()}:${Math.random().toString(36).slice(2)}`;
  /** A lock kept after its holder finished, with when it was taken; released once the event loop moves on. */
  private kept: { readonly takenAt: number; readonly release: NodeJS.Immediate } | null = null;

  constructor(private readonly path: string, options: ProcessLockOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.staleMs = options.staleMs ?? 30_000;
    this.burstMs = options.burstMs ?? 0;
  }

  async withLock<T>(work: () => Promise<T>): Promise<T> {
    const takenAt = this.reuseKept() ?? (await this.acquire());
    try {
      return await work();
    } finally {
      this.releaseOrKeep(takenAt);
    }
  }

  /** Releases a lock kept for a burst now (before the process exits, or the database closes). */
  releaseKept(): void {
    if (!this.kept) return;
    clearImmediate(this.kept.release);
    this.kept = null;
    this.release();
  }

  /**
   * A burst of writes takes the lock file once: its create and unlink are directory changes that
   * every write's fdatasync would otherwise also commit to the file system's journal. Another
   * process waits at most until this one's event loop moves on, or `burstMs`.
   */
  private reuseKept(): number | null {
    const kept = this.kept;
    if (!kept) return null;
    clearImmediate(kept.release);
    this.kept = null;
    if (Date.now() - kept.takenAt <= this.burstMs) return kept.takenAt;
    this.release(); // taken again, so that its age (what other machines judge it by) stays short of staleMs
    return null;
  }

  private releaseOrKeep(takenAt: number): void {
    if (this.burstMs <= 0) return this.release();
    const release = setImmediate(() => {
      this.kept = null;
      this.release();
    });
    this.kept = { takenAt, release };
  }

  /** When it was taken. */
  private async acquire(): Promise<number> {
    const deadline = Date.now() + this.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      if (await this.tryCreate()) return Date.now();
      await this.breakIfStale();
      if (Date.now() > deadline) throw new LockTimeoutError(this.path);
      await delay(Math.min(2 + attempt, 20));
    }
  }

  /**
   * Synchronous, as is `release`: each is a few tens of microseconds on a local disk, where the
   * promise versions took three or four trips through the thread pool (0.2 ms each way) on every
   * write. Waiting for another process's lock stays asynchronous.
   */
  private async tryCreate(): Promise<boolean> {
    try {
      writeFileSync(this.path, this.token, { flag: 'wx', mode: 0o600 });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      if (isNotWritable(error)) throw new LockNotWritableError(this.path, String(error.code), { cause: error });
      throw error;
    }
  }

  /**
   * Breaks a lock whose owner died or that is older than `staleMs`. Breaking happens under a
   * short second lock, re-reading the owner there, so that two waiters that both saw the dead
   * owner cannot remove a lock one of them has just taken.
   */
  private async breakIfStale(): Promise<void> {
    const seen = await this.readOwner();
    if (!seen || !this.isStale(seen)) return;
    const breaker = `${this.path}.break`;
    try {
      await fs.writeFile(breaker, this.token, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      // A lock left behind in a folder that has become read-only can never be broken here.
      if (isNotWritable(error)) throw new LockNotWritableError(this.path, String(error.code), { cause: error });
      const age = await fs.stat(breaker).then((st) => Date.now() - st.mtimeMs, () => 0);
      if (age > 5_000) await fs.unlink(breaker).catch(() => undefined); // its owner died while breaking
      return;
    }
    try {
      const again = await this.readOwner();
      if (again && again.owner === seen.owner && this.isStale(again)) await fs.unlink(this.path).catch(() => undefined);
    } finally {
      await fs.unlink(breaker).catch(() => undefined);
    }
  }

  private async readOwner(): Promise<{ owner: string; ageMs: number } | null> {
    try {
      const owner = await fs.readFile(this.path, 'utf8');
      const ageMs = Date.now() - (await fs.stat(this.path)).mtimeMs;
      return { owner, ageMs };
    } catch {
      return null; // released meanwhile
    }
  }

  private isStale({ owner, ageMs }: { owner: string; ageMs: number }): boolean {
    const [pidText, rest] = owner.split('@');
    const sameHost = rest?.startsWith(`${hostname()}:`) ?? false;
    const pid = Number(pidText);
    const dead = sameHost && Number.isInteger(pid) && pid > 0 && !isAlive(pid);
    // An empty file is a lock whose owner died between create and write.
    return dead || ageMs > this.staleMs || (owner === '' && ageMs > 1_000);
  }

  private release(): void {
    try {
      if (readFileSync(this.path, 'utf8') === this.token) unlinkSync(this.path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}
