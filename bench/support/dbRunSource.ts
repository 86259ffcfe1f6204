// Where a database benchmark ran: the commit measured (and whether src/storage had changes not
// yet committed) and the file system under its work folder.
import { execFileSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
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

export function fileSystemOf(dir: string): string {
  const names: Record<number, string> = { 0xef53: 'ext4', 0x01021994: 'tmpfs', 0x9123683e: 'btrfs', 0x58465342: 'xfs', 0x794c7630: 'overlayfs' };
  const type = statfsSync(dir).type;
  return names[type] ?? `0x${type.toString(16)}`;
}
