// A scratch folder in a file system held in memory (tmpfs), for work that must run the storage
// engine's own file calls without writing to a disk: the write path's warm-up. Linux only, where
// /dev/shm (or the user's runtime folder) is a tmpfs; elsewhere there is none, and callers skip
// that work. A process killed mid-work leaves its folder behind: the next one removes folders
// of its kind older than STALE_MS, so at most a few megabytes of memory stay taken until then.
import { mkdtempSync, readdirSync, rmSync, statSync, statfsSync } from 'node:fs';
import { join } from 'node:path';

/** statfs(2)'s f_type for tmpfs. */
const TMPFS_MAGIC = 0x01021994;
/** Far longer than any warm-up runs. */
export const STALE_MS = 10 * 60_000;

export interface ScratchLocations {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => number;
}

const defaults: ScratchLocations = { platform: process.platform, env: process.env, now: () => Date.now() };

/** Whether `dir` is on a tmpfs (false when it cannot be asked). */
export function isTmpfs(dir: string): boolean {
  try {
    return statfsSync(dir).type === TMPFS_MAGIC;
  } catch {
    return false;
  }
}

/** The tmpfs folder scratch folders go in, or null where there is none. */
export function memoryFolder({ platform, env }: ScratchLocations = defaults): string | null {
  if (platform !== 'linux') return null;
  const candidates = ['/dev/shm', env['XDG_RUNTIME_DIR']].filter((dir): dir is string => Boolean(dir));
  return candidates.find(isTmpfs) ?? null;
}

/** Removes folders named `prefix…` in `parent` that were last changed over STALE_MS ago. */
export function removeStale(parent: string, prefix: string, now: () => number = defaults.now): void {
  let names: string[];
  try {
    names = readdirSync(parent).filter((name) => name.startsWith(prefix));
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(parent, name);
    const changed = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
    if (changed !== undefined && now() - changed > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * A new, private folder in memory for `prefix` work (older ones left by killed processes removed
 * first), or null where no memory file system can be written.
 */
export function makeMemoryScratch(prefix: string, locations: ScratchLocations = defaults): string | null {
  const parent = memoryFolder(locations);
  if (!parent) return null;
  removeStale(parent, prefix, locations.now);
  try {
    return mkdtempSync(join(parent, prefix));
  } catch {
    return null; // full, or not writable by this user
  }
}
