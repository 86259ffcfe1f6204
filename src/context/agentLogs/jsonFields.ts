// Reading a few fields of a big JSON line without parsing all of it. A Claude Code assistant line
// is mostly its message's content (thinking, text, tool input): JSON.parse would decode and copy
// every byte of it to read a dozen small fields. Here the object is walked on its raw bytes, a
// string skipped with one search for its closing quote, and only the values asked for are decoded.
// A value that is not well-formed is answered as missing; a line whose object does not close
// (truncated) is answered as null.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const MINUS = 0x2d;

/** Where a value lies in the bytes: [start, end). */
export interface ValueRange {
  readonly start: number;
  readonly end: number;
}

const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

function skipSpace(bytes: Buffer, at: number, end: number): number {
  while (at < end && isSpace(bytes[at])) at++;
  return at;
}

/** The index just after the closing quote of the string that opens at `at` (a quote), or -1. */
export function afterString(bytes: Buffer, at: number, end: number): number {
  // Jump from quote to quote (one native search each): an escaped quote has an odd number of backslashes before it.
  let quote = bytes.indexOf(QUOTE, at + 1);
  while (quote >= 0 && quote < end) {
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = bytes.indexOf(QUOTE, quote + 1);
  }
  return -1;
}

/** The index just after the value that starts at `at`, or -1 when it does not end before `end`. */
export function afterValue(bytes: Buffer, at: number, end: number): number {
  const first = bytes[at];
  if (first === QUOTE) return afterString(bytes, at, end);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    // A number, true, false or null: up to the next delimiter.
    while (at < end && bytes[at] !== COMMA && bytes[at] !== CLOSE_OBJECT && bytes[at] !== CLOSE_ARRAY && !isSpace(bytes[at])) at++;
    return at;
  }
  let depth = 0;
  for (let i = at; i < end; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      const next = afterString(bytes, i, end);
      if (next < 0) return -1;
      i = next - 1;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The keys to pick out of an object, matched on the raw bytes of each key (no string made per key). */
export class FieldKeys<K extends string> {
  private readonly byLength = new Map<number, { key: K; bytes: Buffer }[]>();

  constructor(keys: readonly K[]) {
    for (const key of keys) {
      const bytes = Buffer.from(JSON.stringify(key));
      const same = this.byLength.get(bytes.length) ?? [];
      same.push({ key, bytes });
      this.byLength.set(bytes.length, same);
    }
  }

  /** The key whose quoted form is bytes [start, end), if it is one of these. */
  find(bytes: Buffer, start: number, end: number): K | undefined {
    const candidates = this.byLength.get(end - start);
    if (!candidates) return undefined;
    for (const candidate of candidates) if (sameBytes(bytes, start, candidate.bytes)) return candidate.key;
    return undefined;
  }
}

function sameBytes(bytes: Buffer, start: number, expected: Buffer): boolean {
  for (let i = 1; i < expected.length - 1; i++) if (bytes[start + i] !== expected[i]) return false;
  return true;
}

/** The fields picked out of an object. */
export interface PickedFields<K extends string, N extends string> {
  readonly values: Map<K, ValueRange>;
  /** The fields picked out of the object under `nested.key` (null when that is missing or not an object). */
  readonly nested: Map<N, ValueRange> | null;
  /** Just after the object's closing brace. */
  readonly end: number;
}

/**
 * The values of `keys` among the own fields of the object that starts at `start` (after spaces),
 * or null when that is not an object that closes before `end` (a truncated line). The object under
 * `nested.key` is walked for its own keys on the way, so a big object is walked once. A key given
 * twice keeps its last value, as JSON.parse would.
 */
export function objectFields<K extends string, N extends string = never>(
  bytes: Buffer, start: number, end: number, keys: FieldKeys<K>, nested?: { readonly key: K; readonly keys: FieldKeys<N> },
): PickedFields<K, N> | null {
  const values = new Map<K, ValueRange>();
  let inner: Map<N, ValueRange> | null = null;
  let at = skipSpace(bytes, start, end);
  if (bytes[at] !== OPEN_OBJECT) return null;
  at = skipSpace(bytes, at + 1, end);
  if (bytes[at] === CLOSE_OBJECT) return { values, nested: inner, end: at + 1 };
  while (at < end) {
    if (bytes[at] !== QUOTE) return null;
    const keyEnd = afterString(bytes, at, end);
    if (keyEnd < 0) return null;
    const colon = skipSpace(bytes, keyEnd, end);
    if (bytes[colon] !== COLON) return null;
    const valueStart = skipSpace(bytes, colon + 1, end);
    const key = keys.find(bytes, at, keyEnd);
    let valueEnd: number;
    if (nested && key === nested.key && bytes[valueStart] === OPEN_OBJECT) {
      const picked = objectFields(bytes, valueStart, end, nested.keys);
      inner = picked?.values ?? null;
      valueEnd = picked?.end ?? -1;
    } else {
      valueEnd = afterValue(bytes, valueStart, end);
    }
    if (valueEnd < 0 || valueEnd === valueStart) return null;
    if (key !== undefined) values.set(key, { start: valueStart, end: valueEnd });
    at = skipSpace(bytes, valueEnd, end);
    if (bytes[at] === CLOSE_OBJECT) return { values, nested: inner, end: at + 1 };
    if (bytes[at] !== COMMA) return null;
    at = skipSpace(bytes, at + 1, end);
  }
  return null;
}

/**
 * The value in `range` (a small one: a string, a number, a usage object), undefined if it is not
 * JSON. Strings without escapes and plain numbers are decoded directly: most values are those.
 */
export function valueAt(bytes: Buffer, range: ValueRange | undefined): unknown {
  if (!range) return undefined;
  const { start, end } = range;
  const first = bytes[start];
  if (first === QUOTE && bytes[end - 1] === QUOTE && end - start >= 2) {
    if (!hasByte(bytes, BACKSLASH, start, end)) return bytes.toString('utf8', start + 1, end - 1);
  } else if (first !== undefined && ((first >= DIGIT_0 && first <= DIGIT_9) || first === MINUS)) {
    return numberAt(bytes, start, end);
  }
  try {
    return JSON.parse(bytes.toString('utf8', start, end)) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON number; plain non-negative integers (token counts) are read without making a string. */
function numberAt(bytes: Buffer, start: number, end: number): number | undefined {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = (bytes[i] ?? 0) - DIGIT_0;
    if (digit < 0 || digit > 9 || end - start > 15) {
      const number = Number(bytes.toString('latin1', start, end));
      return Number.isFinite(number) ? number : undefined;
    }
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Epoch ms of a JSON string holding an ISO time in UTC as the agents write it
 * ("2026-11-20T10:00:00.000Z"), read from the digits; any other form goes through Date.parse.
 */
export function isoTimeAt(bytes: Buffer, range: ValueRange | undefined): number | null {
  if (!range) return null;
  const { start, end } = range;
  if (end - start === 26 && bytes[start] === QUOTE && bytes[start + 24] === 0x5a && bytes[start + 20] === 0x2e) {
    const year = digitsAt(bytes, start + 1, 4);
    const month = digitsAt(bytes, start + 6, 2);
    const day = digitsAt(bytes, start + 9, 2);
    const hour = digitsAt(bytes, start + 12, 2);
    const minute = digitsAt(bytes, start + 15, 2);
    const second = digitsAt(bytes, start + 18, 2);
    const ms = digitsAt(bytes, start + 21, 3);
    if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60 && ms >= 0) {
      return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  const text = valueAt(bytes, range);
  const parsed = typeof text === 'string' ? Date.parse(text) : Number.NaN;
  return Number.isNaN(parsed) ? null : parsed;
}

/** The number written with `count` digits at `start`, or -1 when one of them is not a digit. */
function digitsAt(bytes: Buffer, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = (bytes[i] ?? 0) - DIGIT_0;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function hasByte(bytes: Buffer, byte: number, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] === byte) return true;
  return false;
}

/** Whether the value in `range` is exactly the JSON string `expected` (compared on the bytes, nothing decoded). */
export function isString(bytes: Buffer, range: ValueRange | undefined, expected: Buffer): boolean {
  return range !== undefined && range.end - range.start === expected.length && bytes.compare(expected, 0, expected.length, range.start, range.end) === 0;
}

/** `"text"` as the bytes of a JSON string, for isString. */
export const jsonString = (text: string) => Buffer.from(JSON.stringify(text));
