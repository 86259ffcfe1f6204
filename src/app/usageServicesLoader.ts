// The agent-log scanner and its price table are a bundle of their own (dist/usage.js), loaded
// on the first scan: activation never parses them.
import { requireBundle } from './bundleLoader';

type UsageServicesModule = typeof import('./usageServices');

export function loadUsageServices(): UsageServicesModule {
  return requireBundle<UsageServicesModule>(__dirname, 'usage.js', 'usageServices');
}
