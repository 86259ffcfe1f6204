// The costs service is a bundle of its own (dist/costs-service.js), loaded when the costs panel
// or a cost command first needs it: activation never parses the forecast and anomaly rules.
import { requireBundle } from './bundleLoader';

type CostsServicesModule = typeof import('./costsServices');

export function loadCostsServices(): CostsServicesModule {
  return requireBundle<CostsServicesModule>(__dirname, 'costs-service.js', 'costsServices');
}
