// The digest the journal's header records for the main file Baton last wrote (journal.ts): the
// CRC-32 of each 4 KiB block, and the CRC-32 of those sums with the file's size. An open compares
// it with the file it finds to skip the slow integrity check; the block sums then let the pages
// sql.js reads later, one by one (pagedContents.ts), be checked against the bytes the digest
// vouched for. CRC-32 detects accidental damage (a changed byte, a torn or zeroed page) as well as
// a cryptographic hash would, at a fraction of the cost; nothing here defends against someone who
// can write the file anyway.
import { crc32 } from 'node:zlib';

export const BLOCK_BYTES = 4096;

const PREFIX = 'crc32-4k';

/** The block sums of `bytes`, appended to `sums` from block `first` on (a file read in pieces). */
export function sumBlocks(bytes: Uint8Array, sums: Uint32Array, first: number): void {
  for (let block = 0; block * BLOCK_BYTES < bytes.length; block++) {
    sums[first + block] = crc32(bytes.subarray(block * BLOCK_BYTES, (block + 1) * BLOCK_BYTES));
  }
}

export const blockCountOf = (size: number): number => Math.ceil(size / BLOCK_BYTES);

/** The digest of a file of `size` bytes with these block sums. */
export function digestOfSums(sums: Uint32Array, size: number): string {
  const table = crc32(sumsBytes(sums));
  return `${PREFIX}:${table.toString(16).padStart(8, '0')}:${size}`;
}

export interface MainSums {
  readonly digest: string;
  readonly sums: Uint32Array;
}

/** The block sums and digest of a main file's bytes, as journal headers record them. */
export function mainSumsOf(bytes: Uint8Array): MainSums {
  const sums = new Uint32Array(blockCountOf(bytes.length));
  sumBlocks(bytes, sums, 0);
  return { digest: digestOfSums(sums, bytes.length), sums };
}

/** The file size a digest names. */
export const sizeInDigest = (digest: string): number => Number(digest.slice(digest.lastIndexOf(':') + 1));

/** The sums as stored (little-endian 32-bit words), and back; null when the bytes are no table of `digest`. */
export const sumsBytes = (sums: Uint32Array): Uint8Array => new Uint8Array(sums.buffer, sums.byteOffset, sums.byteLength);

export function sumsFromBytes(bytes: Uint8Array, digest: string): Uint32Array | null {
  if (bytes.length % 4 !== 0) return null;
  const sums = new Uint32Array(bytes.slice().buffer);
  const size = sizeInDigest(digest);
  return sums.length === blockCountOf(size) && digestOfSums(sums, size) === digest ? sums : null;
}

/**
 * Whether a header's text is a digest of this form. Older journals recorded a SHA-256, or one
 * CRC-32 of the whole file: that file gets the full check once, and is then rewritten.
 */
export const isMainDigest = (text: string): boolean => /^crc32-4k:[0-9a-f]{8}:\d+$/.test(text);
