// Loads a module that ships as its own bundle next to the running one (dist/<name>.js), or
// from source when the code runs unbundled (tests, tsx). Keeps large SDKs off activation.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const loaded = new Map<string, unknown>();

/** `bundle`: file name in dist/; `source`: the module path relative to src/providers/sdk/. */
export function loadLazyBundle<T>(bundle: string, source: string): T {
  const cached = loaded.get(bundle);
  if (cached !== undefined) return cached as T;
  const bundled = join(__dirname, bundle);
  // Non-literal requires keep esbuild from pulling the module into the calling bundle.
  const path = existsSync(bundled) ? bundled : join(__dirname, 'sdk', source);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(path) as T;
  loaded.set(bundle, module);
  return module;
}
