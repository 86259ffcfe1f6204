// Deterministic "random" bytes, so that a damaged-file test damages the same way every run.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

export function pseudoRandomBytes(length: number, seed: string): Buffer {
  const chunks: Buffer[] = [];
  let block = createHash('sha256').update(seed).digest();
  for (let size = 0; size < length; size += block.length) {
    chunks.push(block);
    block = createHash('sha256').update(block).digest();
  }
  return Buffer.concat(chunks).subarray(0, length);
}

/** The names in a folder, sorted, to check that nothing was left behind. */
export function listDir(dir: string): string[] {
  return readdirSync(dir).sort();
}

export function sameBytes(path: string, expected: Uint8Array): boolean {
  return Buffer.compare(readFileSync(path), Buffer.from(expected)) === 0;
}
