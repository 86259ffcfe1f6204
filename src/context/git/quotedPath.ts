// Git quotes a path in patch headers when it holds a double quote, backslash or control
// character (and bytes >= 0x80 unless core.quotePath=false): "a/b\tc\303\251". This undoes it.
import { decodeBytes } from './textDecoding';

const ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/**
 * Reads a C-style quoted string starting at `start` (which must be a double quote).
 * Returns the decoded value and the index after the closing quote, or null if malformed.
 */
export function readQuoted(text: string, start: number): { value: string; end: number } | null {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '"') return { value: decodeBytes(Uint8Array.from(bytes)), end: i + 1 };
    if (ch === '\\') {
      const next = text.charAt(i + 1);
      if (next >= '0' && next <= '7') {
        bytes.push(parseInt(text.slice(i + 1, i + 4), 8) & 0xff);
        i += 4;
        continue;
      }
      const code = ESCAPES[next];
      if (code === undefined) return null;
      bytes.push(code);
      i += 2;
      continue;
    }
    for (const byte of Buffer.from(ch, 'utf8')) bytes.push(byte);
    i++;
  }
  return null;
}

/**
 * A `---`/`+++` header path, quoted or not, with its `a/`/`b/` prefix removed. Git ends an
 * unquoted name that holds a space with a TAB (for GNU patch); a real TAB would be quoted.
 */
export function headerPath(raw: string, prefix: string): string | null {
  const value = raw.startsWith('"') ? readQuoted(raw, 0)?.value : raw.endsWith('\t') ? raw.slice(0, -1) : raw;
  if (value === undefined || !value.startsWith(prefix)) return null;
  return value.slice(prefix.length);
}
