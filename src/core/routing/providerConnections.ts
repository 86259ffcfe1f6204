// The router's view of each configured provider's connection: its adapter (built with its key
// and cached), the fingerprint of that key for the auth gate, or why it cannot be used.
import type { ProviderConfig } from './routerConfig';
import type { ProviderAdapter } from './streamEvent';

export type ProviderConnection =
  | { readonly ok: true; readonly adapter: ProviderAdapter; readonly fingerprint: string | null }
  | { readonly ok: false; readonly unavailable: string };

export interface ProviderConnections {
  /**
   * Resolves every provider's key and adapter for the request about to be routed. Cached:
   * after the first request this is a map lookup per provider, so it costs the hot path nothing.
   */
  connect(providers: readonly ProviderConfig[]): Promise<ReadonlyMap<string, ProviderConnection>>;
}
