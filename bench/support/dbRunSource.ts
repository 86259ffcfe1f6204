// What a database benchmark measured: the commit, and whether src/storage had changes not yet
// committed.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** The commit measured, and whether the storage engine had uncommitted changes when it was. */
export function sourceOf(): { commit: string; storageUncommittedChanges: boolean } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    return { commit: git('rev-parse', 'HEAD'), storageUncommittedChanges: git('status', '--porcelain', '--', 'src/storage').length > 0 };
  } catch {
    return { commit: 'unknown', storageUncommittedChanges: false };
  }
}
