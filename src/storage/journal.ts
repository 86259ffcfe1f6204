// The journal: an append-only file of committed changes, one framed record per write,
// fdatasynced before the write is acknowledged. Frame: "BTNJ", u32 length, u32 crc32, JSON.
// The first frame is a header saying which snapshot sequences the journal starts from.
// Records carry consecutive sequence numbers. A scan reads past damaged bytes to the next
// valid record frame and reports the damage; what is done with it is in journalRepair.ts.
import { promises as fs } from 'node:fs';
import { crc32 } from 'node:zlib';
import { unlessMissing } from './fileSystem';
import { isMainDigest, sumsBytes, sumsFromBytes } from './mainFileDigest';
import type { RecordedStatement } from './sqlAccess';

const MAGIC = Buffer.from('BTNJ', 'latin1');
const MAGIC_WORD = MAGIC.readUInt32LE(0);
const FRAME_HEADER = 12;
/** No header is larger: the block sums of a 4 GB main file, in base64. */
const MAX_HEADER_BYTES = 8 * 2 ** 20;

export interface JournalHeader {
  /** The journal holds every change after this sequence (the backup snapshot's). */
  readonly baseSeq: number;
  /** The sequence of the main snapshot when this journal was written. */
  readonly mainSeq: number;
  /**
   * Changes when a damaged journal is repaired (journalRepair.ts), never otherwise: compaction
   * copies it. A process that loaded its state under another epoch reloads the main file, so
   * that no process keeps in memory a change the repaired files lost. Absent in older journals.
   */
  readonly epoch?: string;
  /**
   * The digest (mainFileDigest.ts) of the main file as Baton wrote it at `mainSeq`. An open that finds
   * the main file with this digest knows it is the file Baton wrote whole and fsynced, and skips the
   * slow integrity check; any other file (changed by another tool, damaged on disk) gets the check.
   * Absent in older journals.
   */
  readonly mainDigest?: string;
  /**
   * That file's block sums, whose CRC-32 the digest is: an open checks each block against them as
   * it reads it (pagedContents.ts), so that it reads only the blocks it needs. Absent in older journals.
   */
  readonly mainSums?: Uint32Array;
  /**
   * Where the last record the main file holds starts, in bytes after the header frame. The records
   * before it are kept only for restoring the backup: a catch-up whose state holds the main
   * file's starts reading there (unfoldedScan.ts). Absent when none is kept, and in older journals.
   */
  readonly lastFoldedAt?: number;
}

export interface JournalRecord {
  readonly seq: number;
  readonly statements: readonly RecordedStatement[];
}

/** Where a frame starts and its 12-byte head (magic, length, crc32), to check later that it is still there. */
export interface FrameMark {
  readonly at: number;
  readonly head: Buffer;
}

export interface JournalScan {
  readonly header: JournalHeader | null;
  readonly records: JournalRecord[];
  /** Offset just past the last valid frame: where the next record is appended. */
  readonly validEnd: number;
  readonly size: number;
  /** The last valid frame read, or null when none was. */
  readonly last: FrameMark | null;
  /** Every valid frame read, in file order (absolute offsets). */
  readonly frames: readonly FrameInfo[];
  /** Unreadable bytes, in file order (absolute offsets); empty for a sound journal. */
  readonly damage: readonly DamagedSpan[];
}

type Blob = { readonly $b: string };
const isBlob = (value: unknown): value is Blob => typeof value === 'object' && value !== null && '$b' in value;

function encodeValue(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { $b: Buffer.from(value).toString('base64') } : value;
}

function decodeValue(_key: string, value: unknown): unknown {
  return isBlob(value) ? new Uint8Array(Buffer.from(value.$b, 'base64')) : value;
}

/** One array for the frame, the JSON encoded into it in place: every write makes one, and garbage makes V8 pause. */
export function encodeFrame(payload: unknown): Buffer {
  const json = JSON.stringify(payload, (k, v: unknown) => encodeValue(k, v));
  const frame = Buffer.allocUnsafe(FRAME_HEADER + Buffer.byteLength(json, 'utf8'));
  const length = frame.write(json, FRAME_HEADER, 'utf8');
  frame.writeUInt32LE(MAGIC_WORD, 0);
  frame.writeUInt32LE(length, 4);
  frame.writeUInt32LE(crc32(frame.subarray(FRAME_HEADER)), 8);
  return frame;
}

/**
 * The sequence number of a record frame, read from the start of its JSON (`bytes` from `start`
 * to `end`) without parsing it or making a view of it.
 */
export function peekSeq(bytes: Uint8Array, start = 0, end = bytes.length): number | null {
  // '{"s":' compared byte by byte: an open runs this for every record the journal keeps.
  if (end - start < 7 || bytes[start] !== 0x7b || bytes[start + 1] !== 0x22 || bytes[start + 2] !== 0x73 || bytes[start + 3] !== 0x22 || bytes[start + 4] !== 0x3a) return null;
  let seq = 0;
  for (let i = start + 5; i < Math.min(end, start + 25); i++) {
    const c = bytes[i] ?? 0;
    if (c === 0x2c) return seq; // ','
    if (c < 0x30 || c > 0x39) return null;
    seq = seq * 10 + (c - 0x30);
  }
  return null;
}

/** Where a valid frame is, its length, and its sequence number (null for the header). */
export interface FrameInfo {
  readonly at: number;
  readonly length: number;
  readonly seq: number | null;
}

/** Bytes that are no valid frame: from `at` to `end` (the next valid frame, or the end of the file). */
export interface DamagedSpan {
  readonly at: number;
  readonly end: number;
  /** How many frame starts ("BTNJ") it holds: frames that were there and cannot be read. */
  readonly frameStarts: number;
}

export interface DecodedFrames {
  readonly payloads: unknown[];
  /** Just past the last valid frame (the place of the next append); `from` when there is none. */
  readonly validEnd: number;
  readonly lastAt: number | null;
  readonly firstAfterSkip: number | null;
  readonly frames: FrameInfo[];
  readonly damage: DamagedSpan[];
}

/**
 * Where the frame at `offset` ends when it is whole and its checksum matches, else -1. No object
 * is made per frame: an open runs this for every record the journal keeps, in a process whose
 * code V8 has not optimised yet.
 */
function frameEnd(bytes: Buffer, offset: number): number {
  if (offset + FRAME_HEADER > bytes.length || bytes.readUInt32LE(offset) !== MAGIC_WORD) return -1;
  const end = offset + FRAME_HEADER + bytes.readUInt32LE(offset + 4);
  if (end > bytes.length) return -1;
  const body = new Uint8Array(bytes.buffer, bytes.byteOffset + offset + FRAME_HEADER, end - offset - FRAME_HEADER);
  return crc32(body) === bytes.readUInt32LE(offset + 8) ? end : -1;
}

/** The frame at `offset` when it is whole and its checksum matches: its body and end. */
function frameAt(bytes: Buffer, offset: number): { body: Buffer; end: number } | null {
  const end = frameEnd(bytes, offset);
  return end === -1 ? null : { body: bytes.subarray(offset + FRAME_HEADER, end), end };
}

function countMagic(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  for (let at = bytes.indexOf(MAGIC, from); at !== -1 && at < to; at = bytes.indexOf(MAGIC, at + 1)) count += 1;
  return count;
}

/**
 * After damage at `from`: the next offset where a whole record frame with a matching checksum
 * and a sequence number above `afterSeq` starts. The checksum makes a false match negligible,
 * and a record's JSON cannot hold another frame (its quotes would be escaped), so user text
 * that contains "BTNJ" is never taken for a frame.
 */
function resynchronise(bytes: Buffer, from: number, afterSeq: number): number | null {
  for (let at = bytes.indexOf(MAGIC, from); at !== -1; at = bytes.indexOf(MAGIC, at + 1)) {
    const frame = frameAt(bytes, at);
    const seq = frame && peekSeq(frame.body);
    if (seq !== null && seq !== undefined && seq > afterSeq) return at;
  }
  return null;
}

/**
 * Parses every readable frame. Damaged bytes (a frame cut short, a checksum that does not
 * match, garbage) do not end the scan: it resumes at the next valid record frame, so records
 * after damage are still read, and the damage is reported as spans. Records up to
 * `skipThroughSeq` are checked (length, checksum) but not parsed: replay on open never needs them.
 */
export function decodeFrames(bytes: Buffer, from = 0, skipThroughSeq = -1): DecodedFrames {
  const payloads: unknown[] = [];
  const frames: FrameInfo[] = [];
  const damage: DamagedSpan[] = [];
  let offset = from;
  let validEnd = from;
  let lastAt: number | null = null;
  let firstAfterSkip: number | null = null;
  let lastSeq = -1;
  while (offset < bytes.length) {
    const end = frameEnd(bytes, offset);
    const seq = end === -1 ? null : peekSeq(bytes, offset + FRAME_HEADER, end);
    let payload: unknown;
    let readable = end !== -1 && (seq === null || seq > lastSeq);
    if (readable && (seq === null || seq > skipThroughSeq)) {
      try {
        payload = JSON.parse(bytes.toString('utf8', offset + FRAME_HEADER, end), decodeValue);
      } catch {
        readable = false;
      }
    }
    if (!readable) {
      const next = resynchronise(bytes, offset + 1, lastSeq);
      const end = next ?? bytes.length;
      damage.push({ at: offset, end, frameStarts: countMagic(bytes, offset, end) });
      if (next === null) break;
      offset = next;
      continue;
    }
    if (seq === null || seq > skipThroughSeq) {
      payloads.push(payload);
      if (seq !== null && firstAfterSkip === null) firstAfterSkip = offset;
    }
    if (seq !== null) lastSeq = seq;
    frames.push({ at: offset, length: end - offset, seq });
    lastAt = offset;
    offset = end;
    validEnd = offset;
  }
  return { payloads, validEnd, lastAt, firstAfterSkip, frames, damage };
}

/**
 * The journal that follows a new main file: `header`, then the frames of the records after its
 * `baseSeq` from `bytes` (an old journal's valid frames), as they are on disk (contiguous:
 * sequence numbers only grow), without decoding them. The header records where the last of
 * those the main file holds (up to its `mainSeq`) starts.
 */
export function journalAfter(bytes: Buffer, header: JournalHeader): { bytes: Buffer; count: number } {
  let offset = 0;
  let start: number | null = null;
  let lastFolded: number | null = null;
  let count = 0;
  for (let end = frameEnd(bytes, offset); end !== -1; end = frameEnd(bytes, offset)) {
    const seq = peekSeq(bytes, offset + FRAME_HEADER, end);
    if (seq !== null && seq > header.baseSeq) {
      start ??= offset;
      if (seq <= header.mainSeq) lastFolded = offset;
      count += 1;
    }
    offset = end;
  }
  const frames = start === null ? Buffer.alloc(0) : bytes.subarray(start, offset);
  const head = encodeHeader({ ...header, ...(start !== null && lastFolded !== null ? { lastFoldedAt: lastFolded - start } : {}) });
  return { bytes: Buffer.concat([head, frames]), count };
}

function toRecord(payload: unknown): JournalRecord | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { s, o } = payload as { s?: unknown; o?: unknown };
  return typeof s === 'number' && Array.isArray(o) ? { seq: s, statements: o as RecordedStatement[] } : null;
}

function toHeader(payload: unknown): JournalHeader | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { h, base, main, epoch, digest, sums, folded } = payload as { h?: unknown; base?: unknown; main?: unknown; epoch?: unknown; digest?: unknown; sums?: unknown; folded?: unknown };
  if (h !== 1 || typeof base !== 'number' || typeof main !== 'number') return null;
  // Older journals recorded a SHA-256, or a CRC-32 of the whole file: not this form, so that file gets the full check once.
  const mainDigest = typeof digest === 'string' && isMainDigest(digest) ? digest : undefined;
  const mainSums = mainDigest && sums instanceof Uint8Array ? sumsFromBytes(sums, mainDigest) : null;
  return {
    baseSeq: base,
    mainSeq: main,
    ...(typeof epoch === 'string' && epoch !== '' ? { epoch } : {}),
    ...(mainDigest ? { mainDigest } : {}),
    ...(mainSums ? { mainSums } : {}),
    ...(Number.isSafeInteger(folded) && (folded as number) >= 0 ? { lastFoldedAt: folded as number } : {}),
  };
}

export function encodeRecord(record: JournalRecord): Buffer {
  return encodeFrame({ s: record.seq, o: record.statements });
}

export function encodeHeader(header: JournalHeader): Buffer {
  return encodeFrame({
    h: 1,
    base: header.baseSeq,
    main: header.mainSeq,
    ...(header.epoch ? { epoch: header.epoch } : {}),
    ...(header.mainDigest ? { digest: header.mainDigest } : {}),
    ...(header.mainSums ? { sums: sumsBytes(header.mainSums) } : {}),
    ...(header.lastFoldedAt !== undefined ? { folded: header.lastFoldedAt } : {}),
  });
}


/** Just the header, from the first bytes of the journal: null when missing, unreadable or absent. */
export async function readJournalHeader(path: string): Promise<JournalHeader | null> {
  const handle = await unlessMissing(() => fs.open(path, 'r'));
  if (!handle) return null;
  try {
    return (await readHeaderFrame(handle))?.header ?? null;
  } finally {
    await handle.close();
  }
}

/** The header frame of an open journal, and where it ends; null when unreadable or absent. */
export async function readHeaderFrame(handle: fs.FileHandle): Promise<{ header: JournalHeader; end: number } | null> {
  try {
    const head = Buffer.alloc(FRAME_HEADER);
    await handle.read(head, 0, FRAME_HEADER, 0);
    // The header frame is read whole: with the main file's block sums it can be some tens of KB.
    const frameBytes = Buffer.alloc(FRAME_HEADER + Math.min(head.readUInt32LE(4), MAX_HEADER_BYTES));
    const { bytesRead } = await handle.read(frameBytes, 0, frameBytes.length, 0);
    const frame = frameAt(frameBytes.subarray(0, bytesRead), 0);
    const header = frame && toHeader(JSON.parse(frame.body.toString('utf8'), decodeValue) as unknown);
    return header && frame ? { header, end: frame.end } : null;
  } catch {
    return null;
  }
}

/** The epoch of a header, '' for journals written before epochs existed. */
export const epochOf = (header: JournalHeader | null): string => header?.epoch ?? '';

/** Bytes of the valid record frames after `mainSeq`: the changes the main file does not hold yet. */
export function unfoldedBytes(frames: readonly FrameInfo[], mainSeq: number): number {
  let bytes = 0;
  for (const frame of frames) if (frame.seq !== null && frame.seq > mainSeq) bytes += frame.length;
  return bytes;
}

/**
 * Reads the journal from `offset` (0 reads the header too). A missing file is empty. Records
 * up to `skipThroughSeq` are verified but left out of `records`.
 */
/** A scan with the file's inode and the bytes read. */
export type FullScan = JournalScan & { ino: number; bytes: Buffer; firstRecordAt: number | null };

export async function scanJournal(path: string, offset = 0, skipThroughSeq = -1): Promise<FullScan> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { header: null, records: [], validEnd: 0, size: 0, ino: 0, last: null, frames: [], damage: [], bytes: Buffer.alloc(0), firstRecordAt: null };
    }
    throw error;
  }
  try {
    const { size, ino } = await handle.stat();
    return await scanOpenJournal(handle, { size, ino }, offset, skipThroughSeq);
  } finally {
    await handle.close();
  }
}

/** `scanJournal` of an open journal of this size and inode. */
export async function scanOpenJournal(handle: fs.FileHandle, { size, ino }: { size: number; ino: number }, offset: number, skipThroughSeq: number): Promise<FullScan> {
  const start = Math.min(offset, size);
  const bytes = Buffer.alloc(size - start);
  if (bytes.length > 0) await handle.read(bytes, 0, bytes.length, start);
  const { payloads, validEnd, lastAt, firstAfterSkip, frames, damage } = decodeFrames(bytes, 0, skipThroughSeq);
  // The header is the first frame of the file, and only if it is read whole where it belongs.
  const header = start === 0 && frames[0]?.at === 0 && frames[0].seq === null ? toHeader(payloads[0]) : null;
  const records = payloads.map(toRecord).filter((r): r is JournalRecord => r !== null);
  const last = lastAt === null ? null : { at: start + lastAt, head: Buffer.from(bytes.subarray(lastAt, lastAt + FRAME_HEADER)) };
  return {
    header,
    records,
    validEnd: start + validEnd,
    size,
    ino,
    last,
    frames: frames.map((frame) => ({ ...frame, at: start + frame.at })),
    damage: damage.map((span) => ({ ...span, at: start + span.at, end: start + span.end })),
    // `bytes` and `firstRecordAt` (relative to `bytes`) let compaction copy kept frames as they are.
    bytes,
    firstRecordAt: firstAfterSkip,
  };
}
