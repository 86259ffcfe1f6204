// Locations the unit tests need: the repository root, sql.js's wasm and the built CLI.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const srcDir = join(repoRoot, 'src');
export const fixturesDir = join(repoRoot, 'test', 'fixtures');
export const wasmDir = join(repoRoot, 'node_modules', 'sql.js', 'dist');
export const cliPath = join(repoRoot, 'dist', 'cli.js');

/** Fails with a clear message when dist/cli.js has not been built. */
export function requireBuiltCli(): string {
  if (!existsSync(cliPath)) {
    throw new Error(`${cliPath} is missing: run "npm run build" (or "npm run test:unit", which builds first).`);
  }
  return cliPath;
}
