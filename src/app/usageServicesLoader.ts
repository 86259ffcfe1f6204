// The agent-log scanner and its price table are a bundle of their own (dist/usage.js), loaded
// on the first scan: activation never parses them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

type UsageServicesModule = typeof import('./usageServices');

let loaded: UsageServicesModule | undefined;

export function loadUsageServices(): UsageServicesModule {
  if (loaded) return loaded;
  const bundled = join(__dirname, 'usage.js');
  // A non-literal path keeps esbuild from pulling the scanner into the calling bundle; from
  // source (tests, tsx) the module itself is loaded.
  const path = existsSync(bundled) ? bundled : join(__dirname, ['usage', 'Services'].join(''));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded = require(path) as UsageServicesModule;
  return loaded;
}
