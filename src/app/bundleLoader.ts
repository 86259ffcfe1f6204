// Loads a part of Baton that ships as a bundle of its own (dist/<bundle>), or its module from
// source when the code runs unbundled (tests, tsx). The path is computed, so esbuild never pulls
// the part into the calling bundle: activation does not parse what it does not use.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const loaded = new Map<string, unknown>();

/** `dir`: the caller's __dirname; `source`: the module beside the caller, without extension. */
export function requireBundle<T>(dir: string, bundle: string, source: string): T {
  const key = join(dir, bundle);
  if (loaded.has(key)) return loaded.get(key) as T;
  const path = existsSync(key) ? key : join(dir, source);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(path) as T;
  loaded.set(key, module);
  return module;
}
