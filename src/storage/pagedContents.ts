// The main file handed to sql.js block by block, as SQLite asks for pages, instead of read whole
// on open: a cold open of a 60 MB database then reads (and checks) only what its queries touch.
// sql.js keeps a database in its in-memory file system (MEMFS), whose file contents are any
// object with `subarray(start, end)` and `set(bytes, position)`; MEMFS never asks for more
// (sql.js is pinned to one exact version, and the storage tests cover every path). The bytes are
// read from the descriptor the open checked them through, so a compaction that renames a new
// main file into place changes nothing here. Each block read is compared with the sum the open
// computed: a file changed in place by another program is refused, never half used. Blocks
// SQLite writes stay in memory, like every block once read; the file itself is never written.
// MEMFS copies what `subarray` returns at once, so a block handed out can change later.
import { closeSync, read, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { Database, SqlJsStatic } from 'sql.js';
import { UserFacingError } from '../core/errors';
import { BLOCK_BYTES } from './mainFileDigest';

/** Blocks read with one system call when SQLite reads on from where the last read ended (an export, a scan). */
const READ_AHEAD_BLOCKS = 16;

const ZERO_BLOCK = new Uint8Array(BLOCK_BYTES);

/**
 * Where the bytes come from: a descriptor kept open, or (on Windows) the file read whole. Held by
 * the database and by each compaction writing an image of it (mainFileImage.ts): the descriptor
 * is closed when the last holder lets go, so that a compaction never reads a number the system
 * has meanwhile given to another file.
 */
export interface BlockSource {
  /** Reads into `into` from `position`; returns the bytes read. */
  read(into: Uint8Array, position: number): number;
  /** The same in libuv's thread pool, for a compaction copying the whole file. */
  readLater(into: Uint8Array, position: number): Promise<number>;
  /** One more holder, who calls close() in turn. */
  hold(): void;
  close(): void;
}

export class DescriptorSource implements BlockSource {
  private fd: number | null;
  private holders = 1;

  constructor(fd: number) {
    this.fd = fd;
  }

  read(into: Uint8Array, position: number): number {
    return readSync(this.open(), into, 0, into.length, position);
  }

  readLater(into: Uint8Array, position: number): Promise<number> {
    const fd = this.open();
    return new Promise((resolve, reject) => read(fd, into, 0, into.length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))));
  }

  hold(): void {
    this.open();
    this.holders += 1;
  }

  close(): void {
    if (this.fd === null || --this.holders > 0) return;
    closeSync(this.fd);
    this.fd = null;
  }

  private open(): number {
    if (this.fd === null) throw new Error('the main file was already closed');
    return this.fd;
  }
}

export class BytesSource implements BlockSource {
  constructor(private readonly bytes: Uint8Array) {}

  read(into: Uint8Array, position: number): number {
    const part = this.bytes.subarray(position, position + into.length);
    into.set(part);
    return part.length;
  }

  async readLater(into: Uint8Array, position: number): Promise<number> {
    return this.read(into, position);
  }

  hold(): void {}

  close(): void {}
}

/** The file a database was opened on, and copies of the blocks SQLite has written over it since. */
export interface PagedState {
  readonly path: string;
  /** Held for the caller, who closes it. */
  readonly source: BlockSource;
  readonly baseSize: number;
  readonly baseSums: Uint32Array;
  readonly written: ReadonlyMap<number, Uint8Array>;
  /** Marks the database for the full check (a base block no longer matched its sum). */
  readonly markChanged: () => void;
}

export class MainFileChangedError extends UserFacingError {
  constructor(readonly path: string, block: number) {
    super(`Block ${block} of Baton's database file ${path} does not match what Baton wrote: another program changed it while Baton had it open, or it was damaged on disk. Nothing was changed. Try again: Baton then checks the whole file, and restores the last good backup if it is damaged. Do not write to the file with other tools while Baton is running.`);
  }
}

/** The file contents MEMFS sees: block by block from the source, checked against `sums`. */
export class PagedContents {
  /** What MEMFS takes for the capacity: never too small, so that it never copies the file into a new array. */
  readonly length = Number.MAX_SAFE_INTEGER;
  /** Blocks read from the file, checked. */
  private readonly blocks = new Map<number, Uint8Array>();
  /** Blocks SQLite wrote: arrays of their own, changed in place by later writes (MEMFS copies what it reads at once). */
  private readonly written = new Map<number, Uint8Array>();
  /** Written blocks a compaction's image also holds (state()): copied before SQLite next changes them. */
  private shared = new Set<number>();
  /** A block no longer matched its sum: this database must be opened again. */
  changed = false;
  /** Where the last read from the file ended: a read that starts there reads ahead. */
  private readEnd = -1;

  constructor(private readonly path: string, private readonly source: BlockSource, private readonly size: number, private readonly sums: Uint32Array) {}

  subarray(start: number, end: number): Uint8Array {
    const first = Math.floor(start / BLOCK_BYTES);
    if (start === first * BLOCK_BYTES && end - start === BLOCK_BYTES) return this.block(first); // a page: no copy
    const out = new Uint8Array(Math.max(0, end - start));
    for (let at = start; at < end;) {
      const index = Math.floor(at / BLOCK_BYTES);
      const from = at - index * BLOCK_BYTES;
      const length = Math.min(BLOCK_BYTES - from, end - at);
      out.set(this.block(index).subarray(from, from + length), at - start);
      at += length;
    }
    return out;
  }

  /** SQLite's writes, kept beside the file. */
  set(bytes: Uint8Array, position: number): void {
    for (let at = position, end = position + bytes.length; at < end;) {
      const index = Math.floor(at / BLOCK_BYTES);
      const from = at - index * BLOCK_BYTES;
      const length = Math.min(BLOCK_BYTES - from, end - at);
      this.writable(index, length < BLOCK_BYTES).set(bytes.subarray(at - position, at - position + length), from);
      at += length;
    }
  }

  /** The block's own array, made on its first write (from the block as it was, when only part of it is written). */
  private writable(index: number, partly: boolean): Uint8Array {
    const kept = this.written.get(index);
    if (kept && this.shared.delete(index)) {
      const copy = kept.slice();
      this.written.set(index, copy);
      return copy;
    }
    if (kept) return kept;
    // A block read before becomes the written one: SQLite reads a page before it changes it, and a
    // new array would cost a page fault (about 15 µs here) for each block of each write.
    const read = this.blocks.get(index);
    const block = read ?? new Uint8Array(BLOCK_BYTES);
    if (partly && !read) block.set(this.block(index));
    this.written.set(index, block);
    this.blocks.delete(index);
    return block;
  }

  release(): void {
    this.source.close();
    this.blocks.clear();
    this.written.clear();
    this.shared.clear();
  }

  /**
   * The state between two transactions, for a compaction to write out while SQLite goes on. The
   * written blocks are not copied here (after a long session they are megabytes, and a write
   * would wait for the copy) but when SQLite next changes one.
   */
  state(): PagedState {
    this.source.hold();
    const written = new Map(this.written);
    this.shared = new Set(written.keys());
    return { path: this.path, source: this.source, baseSize: this.size, baseSums: this.sums, written, markChanged: () => (this.changed = true) };
  }

  private block(index: number): Uint8Array {
    const kept = this.written.get(index) ?? this.blocks.get(index);
    if (kept) return kept;
    if (index * BLOCK_BYTES >= this.size) return ZERO_BLOCK; // past the file as it was opened, never written
    this.readFrom(index);
    return this.blocks.get(index) ?? ZERO_BLOCK;
  }

  /**
   * Reads `first`, checked, and when the reads run in order, the blocks after it that are not in
   * memory yet (a random read, such as an index lookup's, would only pay for checking more).
   */
  private readFrom(first: number): void {
    let count = 1;
    const ahead = first === this.readEnd ? READ_AHEAD_BLOCKS : 1;
    const known = (index: number) => this.blocks.has(index) || this.written.has(index);
    while (count < ahead && !known(first + count) && (first + count) * BLOCK_BYTES < this.size) count++;
    this.readEnd = first + count;
    const position = first * BLOCK_BYTES;
    const bytes = new Uint8Array(Math.min(count * BLOCK_BYTES, this.size - position));
    const read = this.source.read(bytes, position);
    for (let i = 0; i < count; i++) {
      const block = bytes.subarray(i * BLOCK_BYTES, Math.min((i + 1) * BLOCK_BYTES, read));
      const expected = Math.min(BLOCK_BYTES, this.size - position - i * BLOCK_BYTES);
      if (block.length !== expected || crc32(block) !== this.sums[first + i]) {
        if (i > 0) return; // read ahead, not asked for yet: it fails when it is
        this.changed = true;
        throw new MainFileChangedError(this.path, first + i);
      }
      this.blocks.set(first + i, expected === BLOCK_BYTES ? block : padded(block));
    }
  }
}

function padded(bytes: Uint8Array): Uint8Array {
  const block = new Uint8Array(BLOCK_BYTES);
  block.set(bytes);
  return block;
}

const pagedFiles = new WeakMap<Database, PagedContents>();

/** Whether `db` read a block of its main file that another program changed since the open (MainFileChangedError). */
export const readChangedFile = (db: Database): boolean => pagedFiles.get(db)?.changed ?? false;

/** The paged contents `db` was opened on; undefined for a database sql.js holds whole. */
export const pagedContentsOf = (db: Database): PagedContents | undefined => pagedFiles.get(db);

/**
 * A main file whose blocks an open summed (mainFileRead.ts), for sql.js to read as it needs them.
 * Also a byte source for the open's own header checks. Released when its database closes.
 */
export class PagedMainFile {
  private readonly contents: PagedContents;

  constructor(path: string, source: BlockSource, readonly length: number, sums: Uint32Array) {
    this.contents = new PagedContents(path, source, length, sums);
  }

  subarray(start: number, end: number): Uint8Array {
    return this.contents.subarray(start, Math.min(end, this.length));
  }

  /**
   * A database on these bytes. sql.js writes the data it is given into a new MEMFS file, and for
   * the first write of a new file keeps `data.slice()`: here, the paged contents themselves.
   */
  openIn(sql: SqlJsStatic): Database {
    const data = { length: this.length, subarray: (start: number, end: number) => this.subarray(start, end), slice: () => this.contents };
    // sql.js declares its data as an array of bytes; MEMFS uses only the members above (see the top).
    const db = new sql.Database(data as unknown as Uint8Array);
    pagedFiles.set(db, this.contents);
    const close = db.close.bind(db);
    db.close = () => {
      try {
        close();
      } finally {
        this.release();
      }
    };
    return db;
  }

  release(): void {
    this.contents.release();
  }
}
