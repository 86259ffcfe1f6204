// The router, its providers, prices and ledger are a bundle of their own (dist/router.js),
// loaded when the database has opened, after activation: activation never parses them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

type RouterServicesModule = typeof import('./routerServices');

let loaded: RouterServicesModule | undefined;

export function loadRouterServices(): RouterServicesModule {
  if (loaded) return loaded;
  const bundled = join(__dirname, 'router.js');
  // A non-literal path keeps esbuild from pulling the router into the calling bundle; from
  // source (tests, tsx) the module itself is loaded.
  const path = existsSync(bundled) ? bundled : join(__dirname, ['router', 'Services'].join(''));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded = require(path) as RouterServicesModule;
  return loaded;
}
