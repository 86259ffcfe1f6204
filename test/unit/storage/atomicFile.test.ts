// writeFileAtomic: the target holds either the old or the new bytes, never a mix, and no temp
// file is left behind, also when open, write, sync or rename fail.
import assert from 'node:assert/strict';
import { promises as fs, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AtomicFileOps, sameStamp, stampOf, writeFileAtomic } from '../../../src/storage/atomicFile';
import { listDir } from '../support/bytes';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const realOps: AtomicFileOps = { open: fs.open, rename: fs.rename, unlink: fs.unlink };
const OLD = Buffer.from('old generation');
const NEW = Buffer.from('new generation, longer than the old one');

/** Wraps a FileHandle so that one of its methods fails. */
function failingHandleOps(method: 'writeFile' | 'sync'): AtomicFileOps {
  return {
    ...realOps,
    open: (async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      return new Proxy(handle, {
        get(target, key) {
          if (key === method) return () => Promise.reject(Object.assign(new Error(`EIO: ${method} failed (injected)`), { code: 'EIO' }));
          const value: unknown = Reflect.get(target, key);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    }) as typeof fs.open,
  };
}

describe('writeFileAtomic', () => {
  useTempDirs();
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = makeTempDir();
    path = join(dir, 'baton.db');
  });

  it('creates and then replaces the file, leaving no temp files', async () => {
    await writeFileAtomic(path, OLD);
    assert.deepEqual(readFileSync(path), OLD);
    await writeFileAtomic(path, NEW);
    assert.deepEqual(readFileSync(path), NEW);
    assert.deepEqual(listDir(dir), ['baton.db']);
  });

  it('writes through a temp file in the same folder and renames it over the target', async () => {
    writeFileSync(path, OLD);
    const renames: [string, string][] = [];
    await writeFileAtomic(path, NEW, { ...realOps, rename: (async (from: string, to: string) => {
      renames.push([from, to]);
      assert.deepEqual(readFileSync(from), NEW, 'the temp file is complete before the rename');
      assert.deepEqual(readFileSync(to), OLD, 'the target is untouched until the rename');
      return fs.rename(from, to);
    }) as typeof fs.rename });
    assert.equal(renames.length, 1);
    assert.equal(renames[0]?.[1], path);
    assert.match(renames[0]?.[0] ?? '', new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.baton\\.db\\.\\d+\\.\\d+\\.tmp$`));
  });

  const faults: { name: string; ops: () => AtomicFileOps; error: RegExp }[] = [
    { name: 'open', ops: () => ({ ...realOps, open: (() => Promise.reject(new Error('EMFILE (injected)'))) as typeof fs.open }), error: /EMFILE/ },
    { name: 'write', ops: () => failingHandleOps('writeFile'), error: /writeFile failed/ },
    { name: 'sync', ops: () => failingHandleOps('sync'), error: /sync failed/ },
    { name: 'rename', ops: () => ({ ...realOps, rename: (() => Promise.reject(new Error('EXDEV (injected)'))) as typeof fs.rename }), error: /EXDEV/ },
  ];
  for (const { name, ops, error } of faults) {
    it(`a failing ${name} rejects and leaves the previous file readable and no temp file`, async () => {
      writeFileSync(path, OLD);
      await assert.rejects(writeFileAtomic(path, NEW, ops()), error);
      assert.deepEqual(readFileSync(path), OLD);
      assert.deepEqual(listDir(dir), ['baton.db']);
    });
  }

  it('stamps change with each write and are null for a missing file', async () => {
    assert.equal(await stampOf(path), null);
    await writeFileAtomic(path, OLD);
    const first = await stampOf(path);
    assert.ok(sameStamp(first, await stampOf(path)));
    await writeFileAtomic(path, NEW);
    assert.ok(!sameStamp(first, await stampOf(path)));
    assert.ok(sameStamp(null, null));
    assert.ok(!sameStamp(first, null));
  });
});
