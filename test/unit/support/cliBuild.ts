// The CLI tests run dist/cli.js, which `npm run test:unit` builds first. Running mocha alone
// against a missing or stale bundle would test old code, so that fails clearly instead.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, requireBuiltCli, srcDir } from './paths';

function newestSource(dir: string): { file: string; mtimeMs: number } {
  let newest = { file: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const candidate = entry.isDirectory() ? newestSource(full) : { file: full, mtimeMs: statSync(full).mtimeMs };
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}

/** The folders and files the CLI bundle is built from. */
const CLI_SOURCES = ['cli.ts', 'cli', 'app', 'core', 'shared', 'storage', 'context', 'providers'];

export function requireFreshCli(): void {
  requireBuiltCli();
  const built = statSync(cliPath).mtimeMs;
  for (const name of CLI_SOURCES) {
    const path = join(srcDir, name);
    const newest = statSync(path).isDirectory() ? newestSource(path) : { file: path, mtimeMs: statSync(path).mtimeMs };
    if (newest.mtimeMs > built) throw new Error(`${cliPath} is older than ${newest.file}: run "npm run build" (or "npm run test:unit", which builds first).`);
  }
}
