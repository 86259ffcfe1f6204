// The router, its providers, prices and ledger are a bundle of their own (dist/router.js),
// loaded when the database has opened, after activation: activation never parses them.
import { requireBundle } from './bundleLoader';

type RouterServicesModule = typeof import('./routerServices');

export function loadRouterServices(): RouterServicesModule {
  return requireBundle<RouterServicesModule>(__dirname, 'router.js', 'routerServices');
}
