// Decoding of file contents and git output that may not be UTF-8. Never throws: valid UTF-8 is
// decoded as such; anything else is decoded line by line, UTF-8 where a line is valid and
// latin1 where it is not (latin1 maps every byte, so nothing is lost or replaced).
import { isUtf8 } from 'node:buffer';

/** Git's own test: a NUL byte in the first 8,000 bytes makes a file binary. */
export const BINARY_SNIFF_BYTES = 8000;

export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

export function decodeText(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const parts: string[] = [];
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const line = bytes.subarray(start, end);
    parts.push(line.toString(isUtf8(line) ? 'utf8' : 'latin1'));
    start = end + 1;
  }
  return parts.join('\n');
}

/** Bytes to a string: UTF-8 when valid, latin1 otherwise. For short values such as paths. */
export function decodeBytes(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString(isUtf8(buffer) ? 'utf8' : 'latin1');
}
