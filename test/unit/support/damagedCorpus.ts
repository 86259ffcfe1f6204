// A small database in all three of its files (main, backup, journal), generated the same way
// every run, and the damage the corpus tests apply to it.
import { linkSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRecord } from '../../../src/storage/journal';
import { pseudoRandomBytes } from './bytes';
import { openDatabase } from './database';
import { makeTempDir } from './tempDirs';

export interface DatabaseFiles {
  readonly main: Buffer;
  readonly backup: Buffer;
  readonly journal: Buffer;
  /** Ledger ids in the main file, in the backup, and in all of backup + journal. */
  readonly idsInMain: readonly string[];
  readonly idsInBackup: readonly string[];
  readonly allIds: readonly string[];
}

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);

async function insertMany(path: string, rowIds: readonly string[], compactAfter: boolean): Promise<void> {
  const database = await openDatabase(path, { compactAfterBytes: 1 << 30 });
  for (const id of rowIds) {
    // Long rows, so that the file spans several pages.
    await database.write((db) => db.run('INSERT INTO ledger (id, provider, model, at, request_id) VALUES (?, ?, ?, ?, ?)', [id, 'corpus', 'm', 1, 'r'.repeat(300)]));
  }
  if (compactAfter) await database.compact();
  await database.close();
}

function readFiles(path: string) {
  return { main: readFileSync(path), backup: readFileSync(`${path}.bak`), journal: readFileSync(`${path}.journal`) };
}

/**
 * A database that was compacted twice: the backup holds 40 rows, the main file 60, and the
 * journal every change after the backup, up to 70 rows.
 */
export async function compactedDatabase(): Promise<DatabaseFiles> {
  const path = join(makeTempDir('baton-corpus-'), 'baton.db');
  const first = ids('first', 40);
  const second = ids('second', 20);
  const third = ids('third', 10);
  await insertMany(path, first, true);
  await insertMany(path, second, true);
  await insertMany(path, third, false);
  return { ...readFiles(path), idsInMain: [...first, ...second], idsInBackup: first, allIds: [...first, ...second, ...third] };
}

/** A database never compacted: its journal starts at change 0 and the backup is the empty schema. */
export async function youngDatabase(): Promise<DatabaseFiles> {
  const path = join(makeTempDir('baton-corpus-'), 'baton.db');
  const rows = ids('young', 12);
  await insertMany(path, rows, false);
  return { ...readFiles(path), idsInMain: [], idsInBackup: [], allIds: rows };
}

/** Writes the files into `dir`; with `linkBackup`, the backup is a hard link of the main file, as after creation. */
export function placeFiles(dir: string, files: DatabaseFiles, options: { backup?: boolean; linkBackup?: boolean } = {}): string {
  const path = join(dir, 'baton.db');
  writeFileSync(path, files.main);
  if (options.linkBackup) linkSync(path, `${path}.bak`);
  else if (options.backup !== false) writeFileSync(`${path}.bak`, files.backup);
  writeFileSync(`${path}.journal`, files.journal);
  return path;
}

/** Ways a main file gets damaged, each made from the valid bytes, with the reason Baton should report. */
export const MAIN_FILE_DAMAGE: readonly { name: string; damage: (valid: Buffer) => Buffer; reason: RegExp }[] = [
  { name: 'an empty (0 byte) file', damage: () => Buffer.alloc(0), reason: /the file is empty/ },
  { name: 'a file truncated to 50 bytes', damage: (valid) => valid.subarray(0, 50), reason: /only 50 bytes/ },
  { name: 'random bytes', damage: () => pseudoRandomBytes(8192, 'random'), reason: /not an SQLite database/ },
  { name: 'a wrong header', damage: (valid) => Buffer.concat([Buffer.from('SQLite format 4\0', 'latin1'), valid.subarray(16)]), reason: /not an SQLite database/ },
  { name: 'a text file', damage: () => Buffer.from('{"sessions": []}\n'.repeat(40)), reason: /not an SQLite database/ },
  {
    name: 'a valid header followed by garbage pages',
    damage: (valid) => Buffer.concat([valid.subarray(0, 100), pseudoRandomBytes(valid.length - 100, 'pages')]),
    reason: /malformed|not a database|integrity check failed/,
  },
  {
    name: 'a valid first page followed by garbage pages',
    damage: (valid) => Buffer.concat([valid.subarray(0, pageSizeOf(valid)), pseudoRandomBytes(valid.length - pageSizeOf(valid), 'later')]),
    reason: /malformed|integrity check failed/,
  },
  { name: 'a file truncated in the middle of its pages', damage: (valid) => valid.subarray(0, pageSizeOf(valid) * 2 + 100), reason: /truncated: \d+ of \d+ bytes/ },
];

export function pageSizeOf(file: Buffer): number {
  return file.readUInt16BE(16);
}

/** A journal whose last record was cut off halfway, as by a crash in the middle of an append. */
export function withTornTail(journal: Buffer): Buffer {
  const frame = encodeRecord({ seq: 1_000_000, statements: [["INSERT INTO ledger (id, provider, model, at) VALUES ('torn', 'x', 'm', 1)", []]] });
  return Buffer.concat([journal, frame.subarray(0, Math.floor(frame.length / 2))]);
}

/** A journal whose first frame (the header) is overwritten with garbage. */
export function withGarbageHeader(journal: Buffer): Buffer {
  return Buffer.concat([pseudoRandomBytes(24, 'journal header'), journal.subarray(24)]);
}
