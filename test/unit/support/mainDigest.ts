// The main file's block sums and digest as journal headers record them, computed here from the
// file's bytes on their own (CRC-32 of each 4 KiB block; CRC-32 of those, little-endian, and the size).
import { crc32 } from 'node:zlib';

export function sumsOf(bytes: Uint8Array): Uint32Array {
  const sums = new Uint32Array(Math.ceil(bytes.length / 4096));
  for (let block = 0; block < sums.length; block++) sums[block] = crc32(bytes.subarray(block * 4096, (block + 1) * 4096));
  return sums;
}

export function digestOf(bytes: Uint8Array): string {
  const table = Buffer.alloc(Math.ceil(bytes.length / 4096) * 4);
  sumsOf(bytes).forEach((sum, block) => table.writeUInt32LE(sum, block * 4));
  return `crc32-4k:${crc32(table).toString(16).padStart(8, '0')}:${bytes.length}`;
}
