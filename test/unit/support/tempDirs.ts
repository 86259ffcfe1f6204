// Temporary folders that are removed after each test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];

export function makeTempDir(prefix = 'baton-unit-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Registers cleanup for the calling `describe` block. */
export function useTempDirs(): void {
  afterEach(removeTempDirs);
}
