// The costs service is a bundle of its own (dist/costs-service.js), loaded when the costs panel
// or a cost command first needs it: activation never parses the forecast and anomaly rules.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

type CostsServicesModule = typeof import('./costsServices');

let loaded: CostsServicesModule | undefined;

export function loadCostsServices(): CostsServicesModule {
  if (loaded) return loaded;
  const bundled = join(__dirname, 'costs-service.js');
  // A non-literal path keeps esbuild from pulling the service into the calling bundle; from
  // source (tests, tsx) the module itself is loaded.
  const path = existsSync(bundled) ? bundled : join(__dirname, ['costs', 'Services'].join(''));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded = require(path) as CostsServicesModule;
  return loaded;
}
