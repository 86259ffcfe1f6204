// Temp files left behind by a process that was killed in the middle of a save or a
// compaction. Removed on open, but only those of processes that are no longer running.
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid embedded in one of our temp names, or null if the name is not ours. */
export function tempOwner(databaseName: string, fileName: string): number | null {
  const escaped = databaseName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [
    new RegExp(`^\\.${escaped}(?:\\.journal)?\\.(\\d+)\\.\\d+\\.tmp$`), // atomicFile
    new RegExp(`^\\.${escaped}\\.compact-(\\d+)-\\d+\\.tmp$`), // compaction snapshot
    new RegExp(`^${escaped}\\.bak\\.(\\d+)\\.tmp$`), // backup staging link
    new RegExp(`^${escaped}\\.bak\\.(\\d+)\\.old\\.tmp$`), // the replaced backup, until a compaction removes it
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(fileName);
    if (match?.[1]) return Number(match[1]);
  }
  return null;
}

export async function removeOrphanTemps(path: string): Promise<string[]> {
  const dir = dirname(path);
  const name = basename(path);
  const removed: string[] = [];
  for (const entry of await fs.readdir(dir)) {
    const pid = tempOwner(name, entry);
    if (pid === null || pid === process.pid || isRunning(pid)) continue;
    await fs.unlink(join(dir, entry)).then(() => removed.push(entry), () => undefined);
  }
  return removed;
}
