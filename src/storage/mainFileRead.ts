// The main file as an open finds it. The file Baton last wrote is opened on the block sums its
// journal recorded, without reading it (openRecorded). Any other file is read once from end to
// end for its digest (readMainFile), through two small buffers, each chunk summed on this thread
// while the next is read on libuv's. Either way the pages themselves are read later, only as
// sql.js needs them, and checked against the sums (pagedContents.ts), through the descriptor kept
// open here: a compaction that renames a new file into place leaves it on the file that was
// checked. On Windows a file held open blocks that rename, so there the file is read whole into
// memory and closed at once.
import { closeSync, fstat, open, promises as fs, read } from 'node:fs';
import { promisify } from 'node:util';
import { blockCountOf, BLOCK_BYTES, digestOfSums, type MainSums, sizeInDigest, sumBlocks } from './mainFileDigest';
import { BytesSource, DescriptorSource, PagedMainFile } from './pagedContents';
import { unlessMissing } from './fileSystem';

const CHUNK = 256 * BLOCK_BYTES;

const openFile = promisify(open);
const fstatFile = promisify(fstat);
const readAt = (fd: number, into: Uint8Array, position: number) => new Promise<number>((resolve, reject) => {
  read(fd, into, 0, into.length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead)));
});

export interface MainFile {
  readonly file: PagedMainFile;
  /** The file's digest, computed from every byte of it. */
  readonly digest: string;
}

/**
 * The file Baton last wrote, by the sums its journal recorded, without reading it: each block is
 * checked when sql.js first reads it. Null when there is no file, or its size is not the one the
 * digest names (another file: read it whole), and on Windows, where no descriptor is kept open.
 */
export async function openRecorded(path: string, recorded: MainSums): Promise<MainFile | null> {
  if (process.platform === 'win32') return null;
  const fd = await unlessMissing(() => openFile(path, 'r'));
  if (fd === null) return null;
  const size = await fstatFile(fd).then((stats) => stats.size, () => null);
  if (size !== sizeInDigest(recorded.digest)) {
    closeSync(fd);
    return null;
  }
  return { file: new PagedMainFile(path, new DescriptorSource(fd), size, recorded.sums), digest: recorded.digest };
}

/** The file, summed; null when there is none. Release `file` (or close the database opened on it). */
export async function readMainFile(path: string, keepOpen = process.platform !== 'win32'): Promise<MainFile | null> {
  if (!keepOpen) {
    const bytes = await unlessMissing(() => fs.readFile(path));
    if (!bytes) return null;
    const sums = new Uint32Array(blockCountOf(bytes.length));
    sumBlocks(bytes, sums, 0);
    return { file: new PagedMainFile(path, new BytesSource(bytes), bytes.length, sums), digest: digestOfSums(sums, bytes.length) };
  }
  const fd = await unlessMissing(() => openFile(path, 'r'));
  if (fd === null) return null;
  try {
    const { size, sums } = await sumFile(fd);
    return { file: new PagedMainFile(path, new DescriptorSource(fd), size, sums), digest: digestOfSums(sums, size) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Sums every block, reading the next chunk while this one is summed. A file that shrank while it
 * was read counts as far as it went: its digest, and then its checks, fail.
 */
async function sumFile(fd: number): Promise<{ size: number; sums: Uint32Array }> {
  const { size } = await fstatFile(fd);
  const sums = new Uint32Array(blockCountOf(size));
  let [current, next] = [new Uint8Array(Math.min(CHUNK, size)), new Uint8Array(Math.min(CHUNK, size))];
  let done = 0;
  let pending = size > 0 ? readAt(fd, current, 0) : null;
  while (pending) {
    const got = await pending;
    const start = done;
    done += got;
    pending = got === CHUNK && done < size ? readAt(fd, next.subarray(0, Math.min(CHUNK, size - done)), done) : null;
    sumBlocks(current.subarray(0, got), sums, start / BLOCK_BYTES);
    [current, next] = [next, current];
  }
  return done === size ? { size, sums } : { size: done, sums: sums.subarray(0, blockCountOf(done)) };
}
