// Whole-file JSON logs (Gemini CLI's legacy chat files, the Cline family's ui_messages.json) are
// rewritten in place, so they are read entirely when they change. One JSON.parse of a file of tens
// of MB would block the extension host for hundreds of ms, so the file is read in chunks and then
// walked byte by byte (yielding as it goes) to find the objects that are elements of its message
// array; only the elements that contain a marker are decoded and parsed.
import type { FileHandle } from 'node:fs/promises';
import { afterString } from './jsonFields';
import { yieldToEventLoop } from './jsonlChunks';

/** A document bigger than this is not read (reported as unreadable instead of exhausting memory). */
export const MAX_DOCUMENT_BYTES = 512 * 2 ** 20;
const SCAN_SLICE_BYTES = 4 * 2 ** 20;

const QUOTE = 0x22;
const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;

export async function readDocument(handle: FileHandle, size: number, chunkBytes: number): Promise<Buffer> {
  if (size > MAX_DOCUMENT_BYTES) throw new Error(`larger than ${MAX_DOCUMENT_BYTES / 2 ** 20} MiB`);
  const buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(buffer, filled, Math.min(chunkBytes, size - filled), filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
    await yieldToEventLoop();
  }
  return buffer.subarray(0, filled);
}

/** Where an element object lies in the document: [start, end). */
export interface ElementRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Every object that is a direct element of an array nested `arrayDepth` levels deep (1: the
 * document is the array, as in ui_messages.json; 2: an array that is a field of the top-level
 * object, as Gemini's `messages`), in document order, limited to the objects that contain
 * `marker`. Yields to the event loop every few MB. A truncated document gives the elements that
 * were complete.
 */
export async function markedElements(bytes: Buffer, arrayDepth: number, marker: Buffer): Promise<ElementRange[]> {
  const found: ElementRange[] = [];
  const arrayAt: boolean[] = []; // per depth: is the container at that depth an array?
  let depth = 0;
  let elementStart = -1;
  let nextMarker = bytes.indexOf(marker);
  let nextYield = SCAN_SLICE_BYTES;
  for (let i = 0; i < bytes.length; i++) {
    if (i >= nextYield) {
      nextYield += SCAN_SLICE_BYTES;
      await yieldToEventLoop();
    }
    const byte = bytes[i];
    if (byte === QUOTE) {
      const after = afterString(bytes, i, bytes.length);
      i = after < 0 ? bytes.length : after - 1;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
      arrayAt[depth] = byte === OPEN_ARRAY;
      if (byte === OPEN_OBJECT && depth === arrayDepth + 1 && arrayAt[arrayDepth]) elementStart = i;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      if (byte === CLOSE_OBJECT && depth === arrayDepth + 1 && elementStart >= 0) {
        // Markers are found in one forward pass over the document: no element is searched twice.
        if (nextMarker >= 0 && nextMarker < elementStart) nextMarker = bytes.indexOf(marker, elementStart);
        if (nextMarker >= 0 && nextMarker < i) found.push({ start: elementStart, end: i + 1 });
        elementStart = -1;
      }
      depth--;
    }
  }
  return found;
}

/** Whether the document's last byte that is not whitespace is `byte`: a whole JSON document was not cut short. */
export function endsWith(bytes: Buffer, byte: number): boolean {
  let end = bytes.length - 1;
  while (end >= 0 && (bytes[end] === 0x20 || bytes[end] === 0x0a || bytes[end] === 0x0d || bytes[end] === 0x09)) end--;
  return end >= 0 && bytes[end] === byte;
}
