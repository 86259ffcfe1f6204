// Splits `-z` output into its NUL-terminated fields, each decoded on its own (UTF-8, or latin1
// when a field is not valid UTF-8), so that one odd path cannot garble the others.
import { decodeBytes } from './textDecoding';

/** Complete fields only: a last field without its terminating NUL (cut by the byte cap) is dropped. */
export function splitNulFields(bytes: Buffer, start = 0, end = bytes.length): string[] {
  const fields: string[] = [];
  let pos = start;
  while (pos < end) {
    const nul = bytes.indexOf(0, pos);
    if (nul === -1 || nul >= end) break;
    fields.push(decodeBytes(bytes.subarray(pos, nul)));
    pos = nul + 1;
  }
  return fields;
}
