// Where Baton may write a file that a user named (an export, a backup): only where a regular
// file may be. Refuses a target that exists and is not a regular file (a symbolic link, even
// one to a regular file; a FIFO, a device, a socket, a folder), and Baton's own database
// files: the database, its journal, backups, lock and the copies moved aside after damage,
// compared by the real folder and by inode, so that another spelling or a hard link of the
// same file is refused too. Called just before writing, after any dialog has returned.
//
// A check, then a write, leaves a window in which the path can change. The write replaces the
// target by renaming a temp file over it (atomicFile.ts), which never writes *through* a link,
// a FIFO or a device that appears meanwhile; the check is what keeps those, and Baton's files,
// from being replaced in the ordinary case.
import { type Stats, promises as fs } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { UserFacingError } from '../core/errors';

export class UnsafeOutputTargetError extends UserFacingError {
  constructor(readonly path: string, readonly reason: string) {
    super(`Baton will not write to ${path}: ${reason}. Choose another file name.`);
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What `name` is among the files Baton keeps beside a database named `databaseName` in the
 * same folder, or null when it is none of them. The names are those of batonDatabase.ts
 * (journal, `.bak`, `.bak-v<N>`), processLock.ts (`.lock`, `.lock.break`), snapshotFile.ts
 * (`.corrupt-<time>` and other moved-aside kinds), compaction.ts and atomicFile.ts (temps).
 */
export function batonFileKind(databaseName: string, name: string, caseInsensitive = false): string | null {
  const db = escapeRegExp(databaseName);
  const flags = caseInsensitive ? 'i' : '';
  const kinds: readonly [RegExp, string][] = [
    [new RegExp(`^${db}$`, flags), "Baton's database"],
    // Anything derived from the journal, a backup or the lock: `.journal.corrupt-…`, `.bak-v3`, `.lock.break`, …
    [new RegExp(`^${db}\\.journal(?:$|[.-])`, flags), "Baton's journal (or a copy of it)"],
    [new RegExp(`^${db}\\.bak(?:$|[.-])`, flags), "one of Baton's backups of its database"],
    [new RegExp(`^${db}\\.lock(?:$|[.-])`, flags), "Baton's database lock"],
    // A file moved aside after damage: `<db>.<kind>-<ISO time>` (snapshotFile.ts moveAside/copyAside).
    [new RegExp(`^${db}\\.[a-z]+-\\d{4}-\\d{2}-\\d{2}T`, flags), 'a damaged copy of Baton\'s database that was moved aside'],
    [new RegExp(`^\\.${db}\\..*\\.tmp$`, flags), "a temporary file of Baton's database"],
  ];
  return kinds.find(([pattern]) => pattern.test(name))?.[1] ?? null;
}

function describeNonRegular(st: Stats): string {
  if (st.isSymbolicLink()) return 'it is a symbolic link (Baton would replace the link, not write to the file it points to)';
  if (st.isDirectory()) return 'it is a folder';
  if (st.isFIFO()) return 'it is a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'it is a device';
  if (st.isSocket()) return 'it is a socket';
  return 'it is not a regular file';
}

async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await fs.lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null; // the folder is checked next
    throw error;
  }
}

const statOrNull = (path: string) => fs.stat(path).catch(() => null);
const sameFile = (a: Stats | null, b: Stats | null) => a !== null && b !== null && a.dev === b.dev && a.ino === b.ino;
const realOrResolved = (path: string) => fs.realpath(path).catch(() => resolve(path));

/**
 * Throws UnsafeOutputTargetError (saying what to do) unless `target` may be written as a new
 * or replaced regular file next to the database at `databasePath`. Returns the absolute path.
 */
export async function requireOutputTarget(target: string, databasePath: string, platform: NodeJS.Platform = process.platform): Promise<string> {
  const path = resolve(target);
  const refuse = (reason: string) => new UnsafeOutputTargetError(path, reason);
  if (target.trim() === '') throw refuse('no file name was given');

  const existing = await lstatOrNull(path);
  if (existing && !existing.isFile()) throw refuse(describeNonRegular(existing));
  if (!existing) {
    const folder = await statOrNull(dirname(path));
    if (!folder) throw refuse(`the folder ${dirname(path)} does not exist`);
    if (!folder.isDirectory()) throw refuse(`${dirname(path)} is not a folder`);
  }

  // By name: the target lies in the database's folder (however it is spelled) and bears one of its names.
  const databaseDir = resolve(dirname(databasePath));
  const [targetDirStat, databaseDirStat] = await Promise.all([statOrNull(dirname(path)), statOrNull(databaseDir)]);
  const sameFolder = sameFile(targetDirStat, databaseDirStat) || (await realOrResolved(dirname(path))) === (await realOrResolved(databaseDir));
  if (sameFolder) {
    const kind = batonFileKind(basename(databasePath), basename(path), platform === 'win32' || platform === 'darwin');
    if (kind) throw refuse(`it is ${kind}`);
  }

  // By inode: a hard link to the database (or to one of its files) under any name, anywhere.
  if (existing) {
    if (sameFile(existing, await statOrNull(databasePath))) throw refuse("it is Baton's database (another name for the same file)");
    const names = await fs.readdir(databaseDir).catch(() => [] as string[]);
    for (const name of names) {
      const kind = batonFileKind(basename(databasePath), name);
      if (kind && sameFile(existing, await statOrNull(resolve(databaseDir, name)))) throw refuse(`it is ${kind} (another name for the same file)`);
    }
  }
  return path;
}
