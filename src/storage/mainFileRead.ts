// The main file read whole with its digest, the CRC-32 the journal's header records for the file
// Baton last wrote (journal.ts). An open compares the two to skip the slow integrity check, so
// the digest is on the path of every cold open: the file is read in chunks, and each chunk's
// CRC is computed on this thread while the next chunk is read on libuv's, so that for a 60 MB
// file the digest costs almost nothing beyond the read. CRC-32 detects accidental damage (a
// changed byte, a torn or zeroed page) as well as a cryptographic hash would, at a third of
// SHA-256's cost; nothing here defends against someone who can write the file anyway.
import { promises as fs } from 'node:fs';
import { crc32 } from 'node:zlib';
import { unlessMissing } from './fileSystem';

const CHUNK = 4 * 2 ** 20;

/** The digest of a main file's bytes, in the form journal headers record. */
export function mainDigestOf(bytes: Uint8Array): string {
  return digestText(crc32(bytes), bytes.length);
}

const digestText = (crc: number, size: number) => `crc32:${crc.toString(16).padStart(8, '0')}:${size}`;

/** Whether a header's text is a digest of this form. */
export const isMainDigest = (text: string): boolean => /^crc32:[0-9a-f]{8}:\d+$/.test(text);

/** The file's bytes and their digest; null when there is no file. */
export async function readMainFile(path: string): Promise<{ bytes: Buffer; digest: string } | null> {
  const handle = await unlessMissing(() => fs.open(path, 'r'));
  if (!handle) return null;
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(size);
    let crc = 0;
    let filled = 0;
    let pending = filled < size ? readChunk(handle, bytes, 0) : null;
    while (pending) {
      const read = await pending;
      const start = filled;
      filled += read;
      // Start the next read before checksumming this chunk: the two run side by side.
      pending = read > 0 && filled < size ? readChunk(handle, bytes, filled) : null;
      crc = crc32(bytes.subarray(start, filled), crc);
    }
    // A file that shrank while it was read is returned as far as it went: its checks fail then.
    const whole = filled === size ? bytes : bytes.subarray(0, filled);
    return { bytes: whole, digest: digestText(crc, whole.length) };
  } finally {
    await handle.close();
  }
}

async function readChunk(handle: fs.FileHandle, bytes: Buffer, at: number): Promise<number> {
  const { bytesRead } = await handle.read(bytes, at, Math.min(CHUNK, bytes.length - at), at);
  return bytesRead;
}
