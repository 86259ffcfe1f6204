// Reads untracked files for the briefing: their line count (they are all added lines) and their
// TODO markers. Capped in files and bytes; symbolic links and special files are never opened,
// so an untracked link cannot make Baton read (and send) a file outside the repository.
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { TodoCollector } from './todoScanner';
import { decodeText, looksBinary } from './textDecoding';

export const MAX_UNTRACKED_FILES = 200;
export const MAX_UNTRACKED_FILE_BYTES = 256 * 1024;
const CONCURRENCY = 16;
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export interface UntrackedFileFacts {
  /** Null when the file is binary, too large to count, or could not be read. */
  readonly lines: number | null;
  readonly binary: boolean;
}

export interface UntrackedScan {
  readonly files: ReadonlyMap<string, UntrackedFileFacts>;
  /** Untracked files left unread because of the file or byte cap. */
  readonly skipped: number;
  /** Files read only in part (larger than the per-file cap or the remaining byte budget). */
  readonly partial: number;
}

/** `paths` are relative to `root`; `byteBudget` caps the bytes read over all files. */
export async function scanUntrackedFiles(root: string, paths: readonly string[], byteBudget: number, todos: TodoCollector): Promise<UntrackedScan> {
  const files = new Map<string, UntrackedFileFacts>();
  const selected = paths.slice(0, MAX_UNTRACKED_FILES);
  let budget = byteBudget;
  let skipped = paths.length - selected.length;
  let partial = 0;
  const contents: (FileRead | null)[] = new Array<FileRead | null>(selected.length).fill(null);
  let next = 0;

  const worker = async () => {
    while (next < selected.length) {
      const index = next++;
      const path = selected[index] ?? '';
      const allowance = Math.min(MAX_UNTRACKED_FILE_BYTES, budget);
      if (allowance <= 0) {
        skipped++;
        continue;
      }
      budget -= allowance;
      const read = await readRegularFile(root, path, allowance);
      if (!read) {
        budget += allowance;
        continue;
      }
      budget += allowance - read.bytes.length;
      if (read.partial) partial++;
      contents[index] = read;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, selected.length) }, worker));

  // TODOs in path order, whatever order the reads finished in.
  for (let i = 0; i < selected.length; i++) {
    const path = selected[i] ?? '';
    const read = contents[i];
    if (!read) continue;
    if (looksBinary(read.bytes)) {
      files.set(path, { lines: null, binary: true });
      continue;
    }
    const text = decodeText(read.bytes);
    // A file read in part: its last line may be cut, so it is left out of the TODO scan.
    todos.scanFile(path, read.partial ? text.slice(0, Math.max(0, text.lastIndexOf('\n'))) : text);
    files.set(path, { lines: read.partial ? null : countLines(text), binary: false });
  }
  return { files, skipped, partial };
}

interface FileRead {
  readonly bytes: Buffer;
  readonly partial: boolean;
}

function countLines(text: string): number {
  if (text.length === 0) return 0;
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return text.endsWith('\n') ? count : count + 1;
}

async function readRegularFile(root: string, path: string, limit: number): Promise<FileRead | null> {
  const full = resolve(root, path);
  const rel = relative(root, full);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return null;
  try {
    const info = await lstat(full);
    if (!info.isFile()) return null;
    const handle = await open(full, OPEN_FLAGS);
    try {
      const opened = await handle.stat();
      if (!opened.isFile()) return null;
      const size = Math.min(opened.size, limit);
      const buffer = Buffer.alloc(size);
      let filled = 0;
      while (filled < size) {
        const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return { bytes: buffer.subarray(0, filled), partial: opened.size > limit };
    } finally {
      await handle.close();
    }
  } catch {
    return null; // vanished, unreadable, or a link swapped in: leave it out
  }
}
