// Reading an append-only JSONL log from a byte offset, in chunks of complete lines. The agent may
// be writing the file while we read: a last line without its newline is not handed out (it waits
// for the next scan), so the offset reached is always the byte after a newline. Lines are found
// on the raw bytes; decoding and JSON.parse are left to the caller, for the few lines that matter.
import type { FileHandle } from 'node:fs/promises';

const NEWLINE = 0x0a;
export const DEFAULT_CHUNK_BYTES = 2 * 2 ** 20;
/** A line longer than this is dropped unread (base64 images can make Claude Code lines huge). */
export const MAX_LINE_BYTES = 64 * 2 ** 20;

/** Lets timers, I/O callbacks and the UI's messages run between two chunks. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface LineChunk {
  /** Complete lines only: the last byte is a newline. A view, valid until the next chunk is asked for. */
  readonly bytes: Buffer;
  /** File offset of `bytes[0]`. */
  readonly position: number;
  /** Lines longer than MAX_LINE_BYTES passed over before this chunk. */
  readonly droppedLines: number;
}

/** Where the file is consumed up to after `chunk`. */
export const chunkEnd = (chunk: LineChunk): number => chunk.position + chunk.bytes.length;

/**
 * The complete lines of bytes [from, to) of the file, chunk by chunk, yielding to the event loop
 * between chunks. A file that ends early (it shrank meanwhile) just ends the sequence. A line that
 * outgrows `maxLineBytes` is passed over and counted in the next chunk's `droppedLines`. The next
 * chunk is read into a second buffer while the caller works on this one, so the disk's (or the page
 * cache's) time and the parsing overlap instead of adding up.
 */
export async function* completeLineChunks(handle: FileHandle, from: number, to: number, chunkBytes: number, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<LineChunk> {
  const state: ChunkState = { buffer: Buffer.allocUnsafe(chunkBytes), carried: 0, position: from, dropping: false };
  let spare: Buffer = Buffer.allocUnsafe(chunkBytes);
  let droppedLines = 0;
  let reading = readMore(handle, state, to);
  try {
    while (reading) {
      const bytesRead = await reading;
      if (bytesRead === 0) return;
      const filled = state.carried + bytesRead;
      const lastNewline = state.buffer.lastIndexOf(NEWLINE, filled - 1);
      if (lastNewline < 0) {
        carryWhole(state, filled, maxLineBytes);
        reading = readMore(handle, state, to);
        continue;
      }
      const start = state.dropping ? state.buffer.indexOf(NEWLINE) + 1 : 0;
      if (state.dropping) droppedLines++;
      const chunk = { bytes: state.buffer.subarray(start, lastNewline + 1), position: state.position + start, droppedLines };
      // The unfinished last line moves to the spare buffer, and the read after it starts now.
      if (spare.length < state.buffer.length) spare = Buffer.allocUnsafe(state.buffer.length);
      const next: ChunkState = { buffer: spare, carried: state.buffer.copy(spare, 0, lastNewline + 1, filled), position: state.position + lastNewline + 1, dropping: false };
      reading = readMore(handle, next, to);
      // Yielded even when empty (only a dropped line ended here), so its bytes count as consumed.
      yield chunk;
      droppedLines = 0;
      spare = state.buffer;
      Object.assign(state, next);
      await yieldToEventLoop();
    }
  } finally {
    // A caller that stops early closes the file next: no read may still be running on it then.
    await reading?.catch(() => 0);
  }
}

/** The buffer being filled: `carried` bytes of an unfinished line at its start, which is file offset `position`. */
interface ChunkState {
  buffer: Buffer;
  carried: number;
  position: number;
  /** Inside an over-long line: discard it up to its newline. */
  dropping: boolean;
}

/** Starts reading the bytes after the carried ones; null when none are left before `to`. */
function readMore(handle: FileHandle, state: ChunkState, to: number): Promise<number> | null {
  const want = Math.min(state.buffer.length - state.carried, to - state.position - state.carried);
  if (want <= 0) return null;
  const read = handle.read(state.buffer, state.carried, want, state.position + state.carried).then((result) => result.bytesRead);
  // Awaited later (at the latest when the generator ends): not an unhandled rejection meanwhile.
  read.catch(() => undefined);
  return read;
}

/** No line ends in the buffer yet: keep all of it and read on, growing the buffer, or dropping a line grown too long. */
function carryWhole(state: ChunkState, filled: number, maxLineBytes: number): void {
  if (state.dropping) state.position += filled;
  state.carried = state.dropping ? 0 : filled;
  if (state.carried < state.buffer.length) return;
  if (state.buffer.length >= maxLineBytes) {
    state.dropping = true;
    state.position += state.carried;
    state.carried = 0;
  } else {
    state.buffer = grow(state.buffer);
  }
}

function grow(buffer: Buffer): Buffer {
  const bigger = Buffer.allocUnsafe(buffer.length * 2);
  buffer.copy(bigger);
  return bigger;
}

/** A line of a chunk: [start, end) in the chunk's bytes, without its newline. */
export interface LineRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The lines of `bytes` (complete lines) that contain any of `markers`, in file order, each once.
 * Searching the whole chunk for a marker and then finding only its line's ends is much cheaper than
 * splitting every line: most lines of a log (prompts, tool output) never need to be looked at.
 */
export function linesContaining(bytes: Buffer, markers: readonly Buffer[]): LineRange[] {
  const starts = new Map<number, number>();
  for (const marker of markers) {
    let at = bytes.indexOf(marker);
    while (at >= 0) {
      const start = bytes.lastIndexOf(NEWLINE, at) + 1;
      const newline = bytes.indexOf(NEWLINE, at);
      const end = newline < 0 ? bytes.length : newline;
      starts.set(start, end);
      at = bytes.indexOf(marker, end + 1);
    }
  }
  const ranges = [...starts].map(([start, end]) => ({ start, end }));
  if (markers.length > 1) ranges.sort((a, b) => a.start - b.start);
  return ranges;
}

/** The first line of the file (without its newline), or null when it has none within `maxBytes`. */
export async function readFirstLine(handle: FileHandle, size: number, maxBytes: number): Promise<string | null> {
  const length = Math.min(size, maxBytes);
  const buffer = Buffer.allocUnsafe(length);
  const { bytesRead } = await handle.read(buffer, 0, length, 0);
  const newline = buffer.subarray(0, bytesRead).indexOf(NEWLINE);
  return newline < 0 ? null : buffer.toString('utf8', 0, newline);
}

/**
 * The last complete line before byte `before` that contains `marker`, searching backwards at most
 * `maxBytes`; null when there is none. Used to recover a log's state (its current model) when
 * reading resumes in the middle of the file.
 */
export async function findLastLineWith(handle: FileHandle, before: number, marker: Buffer, maxBytes: number, chunkBytes: number): Promise<string | null> {
  const floor = Math.max(0, before - maxBytes);
  let end = before;
  while (end > floor) {
    // Overlap the windows by the marker's length so a marker across two windows is still found.
    const start = Math.max(floor, end - chunkBytes);
    const window = Buffer.allocUnsafe(end - start);
    const { bytesRead } = await handle.read(window, 0, window.length, start);
    const at = window.subarray(0, bytesRead).lastIndexOf(marker);
    if (at >= 0) return lineAround(handle, start + at, before);
    if (start === floor) return null;
    end = start + marker.length;
    await yieldToEventLoop();
  }
  return null;
}

/** The whole line holding file offset `at`, which must end (with a newline) before `limit`. */
async function lineAround(handle: FileHandle, at: number, limit: number): Promise<string | null> {
  const start = await lineStartBefore(handle, at);
  const length = limit - start;
  const buffer = Buffer.allocUnsafe(length);
  const { bytesRead } = await handle.read(buffer, 0, length, start);
  const newline = buffer.subarray(0, bytesRead).indexOf(NEWLINE, at - start);
  return newline < 0 ? null : buffer.toString('utf8', 0, newline);
}

async function lineStartBefore(handle: FileHandle, at: number): Promise<number> {
  const step = 64 * 1024;
  let end = at;
  while (end > 0) {
    const start = Math.max(0, end - step);
    const window = Buffer.allocUnsafe(end - start);
    await handle.read(window, 0, window.length, start);
    const newline = window.lastIndexOf(NEWLINE);
    if (newline >= 0) return start + newline + 1;
    end = start;
  }
  return 0;
}
