// What a compaction writes as the new main file: the database as SQLite has it between two
// transactions. For a database read block by block (pagedContents.ts) that is the file it was
// opened on with the blocks SQLite wrote since laid over it. It is written from those pieces in
// chunks, reading the file in libuv's thread pool, so that the extension host is never held for
// long: sql.js's export() built the same bytes in one synchronous call, reading and copying the
// whole file (180 ms at 64 MB), and reopened the database. Every block taken from the old file
// is checked against its recorded sum on the way, so damage on disk is never carried into the
// new file under fresh sums: the compaction fails instead, and the database is marked for the
// full check. A database sql.js holds whole (a new one, or one opened from bytes) is exported.
import type { FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { Database } from 'sql.js';
import { BLOCK_BYTES, blockCountOf, mainSumsOf } from './mainFileDigest';
import { MainFileChangedError, type PagedState, pagedContentsOf } from './pagedContents';
import { exportWhole } from './recovery';

/** Bytes read, checked and written per step: each step holds the thread for about a millisecond. */
const CHUNK_BYTES = 1 << 20;
/**
 * Flushed to disk every this many bytes. A journal fdatasync made meanwhile (a write of this
 * process or another) waits for the file system to write out what this file has not yet flushed
 * (ext4's ordered mode), so the flushes keep that wait to a few milliseconds.
 */
export const FLUSH_EVERY_BYTES = 4 << 20;

export interface MainImage {
  readonly size: number;
  /** Writes the image into `handle` from offset 0; returns its block sums. */
  writeTo(handle: FileHandle): Promise<Uint32Array>;
  /** Lets go of the old file (once written, or when the compaction stops). */
  release(): void;
}

/** An image in one array: export()'s bytes. */
export class BytesImage implements MainImage {
  constructor(private readonly bytes: Uint8Array) {}

  get size(): number {
    return this.bytes.length;
  }

  async writeTo(handle: FileHandle): Promise<Uint32Array> {
    await handle.writeFile(this.bytes);
    return mainSumsOf(this.bytes).sums;
  }

  release(): void {}
}

/** The old file with the written blocks over it, `size` bytes long (SQLite's page count times its page size). */
export class PagedImage implements MainImage {
  private released = false;

  constructor(private readonly state: PagedState, readonly size: number) {}

  async writeTo(handle: FileHandle): Promise<Uint32Array> {
    const sums = new Uint32Array(blockCountOf(this.size));
    const chunk = new Uint8Array(CHUNK_BYTES);
    for (let start = 0; start < this.size; start += CHUNK_BYTES) {
      const bytes = chunk.subarray(0, Math.min(CHUNK_BYTES, this.size - start));
      await this.fill(bytes, start, sums);
      await handle.write(bytes, 0, bytes.length, start);
      if ((start + bytes.length) % FLUSH_EVERY_BYTES === 0) await handle.datasync();
    }
    return sums;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.state.source.close();
  }

  /** The image's bytes from `start`, and their block sums; the old file's blocks checked. */
  private async fill(bytes: Uint8Array, start: number, sums: Uint32Array): Promise<void> {
    const { source, baseSize } = this.state;
    const fromBase = Math.max(0, Math.min(bytes.length, baseSize - start));
    const read = fromBase > 0 ? await source.readLater(bytes.subarray(0, fromBase), start) : 0;
    bytes.fill(0, read);
    for (let offset = 0; offset < bytes.length; offset += BLOCK_BYTES) {
      const index = (start + offset) / BLOCK_BYTES;
      const block = bytes.subarray(offset, offset + BLOCK_BYTES);
      sums[index] = this.blockSum(index, block, read - offset);
    }
  }

  /** Lays a written block over `block` or checks the old file's; returns the sum of the block as it now is. */
  private blockSum(index: number, block: Uint8Array, readHere: number): number {
    const { written, baseSize, baseSums, path, markChanged } = this.state;
    const own = written.get(index);
    if (own) {
      block.set(own.subarray(0, block.length));
      return crc32(block);
    }
    const inBase = Math.max(0, Math.min(BLOCK_BYTES, baseSize - index * BLOCK_BYTES));
    if (inBase === 0) return crc32(block); // past the old file and never written: zeros, as SQLite would read it
    if (readHere < inBase || crc32(block.subarray(0, inBase)) !== baseSums[index]) {
      markChanged();
      throw new MainFileChangedError(path, index);
    }
    return block.length === inBase ? (baseSums[index] ?? 0) : crc32(block);
  }
}

/** The image of `db` now, between transactions. */
export function mainImageOf(db: Database): MainImage {
  const contents = pagedContentsOf(db);
  if (!contents) return new BytesImage(exportWhole(db));
  const [pages = 0, pageSize = 0] = ['page_count', 'page_size'].map((name) => Number(db.exec(`PRAGMA ${name}`)[0]?.values[0]?.[0]));
  return new PagedImage(contents.state(), pages * pageSize);
}
