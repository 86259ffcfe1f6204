// Fault injection for the storage engine: wraps the calls in src/storage/fileSystem.ts (and the
// file handles they open) so that a chosen call fails, and records every call in order.
import type { FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { type JournalHandle, type StorageFs, storageFs } from '../../../src/storage/fileSystem';

export type FsCall = 'open' | 'rename' | 'link' | 'unlink' | 'copyFile' | 'write' | 'writeFile' | 'sync' | 'datasync' | 'truncate';

const HANDLE_CALLS: readonly FsCall[] = ['write', 'writeFile', 'sync', 'datasync', 'truncate'];

export interface Fault {
  /** The kind(s) of call to fail. */
  readonly call: FsCall | readonly FsCall[];
  /** Matched against the call's target: a file name, or "from -> to" for rename, link, copyFile. */
  readonly target?: RegExp;
  /** Which matching call fails, counting from 1. */
  readonly nth?: number;
  /** 'short' makes a `write` write only half of its bytes and report that, instead of failing. */
  readonly mode?: 'fail' | 'short';
  /** When set, the selected call waits for this before it fails (to act while it hangs). */
  readonly waitFor?: Promise<unknown>;
}

export function injectedError(description: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`EIO: i/o error, ${description} (injected)`), { code: 'EIO', errno: -5 });
}

/** Wraps storageFs while installed; `restore()` puts the real calls back. */
export class FaultInjector {
  /** Every call seen, as "call target" with file names only. */
  readonly calls: string[] = [];
  /** The calls that were made to fail. */
  readonly fired: string[] = [];
  private readonly original: StorageFs = { ...storageFs };
  private readonly seen: number[];

  constructor(private readonly faults: readonly Fault[] = []) {
    this.seen = faults.map(() => 0);
    const original = this.original;
    storageFs.open = (async (path: string, flags?: string | number, mode?: number) => {
      await this.check('open', basename(path));
      return this.wrapHandle(await original.open(path, flags, mode), basename(path));
    }) as typeof storageFs.open;
    storageFs.openJournal = async (path: string, writable: boolean) => {
      await this.check('open', basename(path));
      return this.wrapHandle(await original.openJournal(path, writable), basename(path));
    };
    storageFs.rename = (async (from: string, to: string) => {
      await this.check('rename', `${basename(from)} -> ${basename(to)}`);
      return original.rename(from, to);
    }) as typeof storageFs.rename;
    storageFs.link = (async (from: string, to: string) => {
      await this.check('link', `${basename(from)} -> ${basename(to)}`);
      return original.link(from, to);
    }) as typeof storageFs.link;
    storageFs.copyFile = (async (from: string, to: string, mode?: number) => {
      await this.check('copyFile', `${basename(from)} -> ${basename(to)}`);
      return original.copyFile(from, to, mode);
    }) as typeof storageFs.copyFile;
    storageFs.unlink = (async (path: string) => {
      await this.check('unlink', basename(path));
      return original.unlink(path);
    }) as typeof storageFs.unlink;
  }

  restore(): void {
    Object.assign(storageFs, this.original);
  }

  /** Rejects for a call that a fault selects; resolves 'short' for a short write. */
  private async check(call: FsCall, target: string): Promise<'short' | null> {
    const description = `${call} ${target}`;
    this.calls.push(description);
    for (const [index, fault] of this.faults.entries()) {
      const calls: readonly FsCall[] = typeof fault.call === 'string' ? [fault.call] : fault.call;
      if (!calls.includes(call) || (fault.target && !fault.target.test(target))) continue;
      this.seen[index] = (this.seen[index] ?? 0) + 1;
      if (this.seen[index] !== (fault.nth ?? 1)) continue;
      this.fired.push(description);
      await fault.waitFor;
      if (fault.mode === 'short' && call === 'write') return 'short';
      throw injectedError(description);
    }
    return null;
  }

  private wrapHandle<H extends FileHandle | JournalHandle>(handle: H, target: string): H {
    return new Proxy(handle, {
      get: (object, key) => {
        const value: unknown = Reflect.get(object, key);
        if (typeof value !== 'function') return value;
        const method = (value as (...args: unknown[]) => unknown).bind(object);
        if (!HANDLE_CALLS.includes(key as FsCall)) return method;
        return async (...args: unknown[]) => {
          if ((await this.check(key as FsCall, target)) === 'short') return shortWrite(object, args);
          return method(...args);
        };
      },
    });
  }
}

/** `handle.write(buffer, offset, length, position)` that writes only the first half. */
async function shortWrite(handle: FileHandle | JournalHandle, args: unknown[]): Promise<{ bytesWritten: number; buffer: unknown }> {
  const [buffer, offset, length, position] = args as [Buffer, number, number, number];
  const half = Math.floor(length / 2);
  const { bytesWritten } = await handle.write(buffer, offset, half, position);
  return { bytesWritten, buffer };
}

/** Runs `work` with the faults installed and always restores the real calls. */
export async function withFaults<T>(faults: readonly Fault[], work: (injector: FaultInjector) => Promise<T>): Promise<T> {
  const injector = new FaultInjector(faults);
  try {
    return await work(injector);
  } finally {
    injector.restore();
  }
}
