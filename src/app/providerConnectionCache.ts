// Each configured provider's adapter, built once with its key and kept until the key or the
// configuration changes (a provider object is replaced when the settings change). Keys are
// read from the ApiKeySource only here; what the router keeps of one is a short SHA-256
// fingerprint, for the auth gate to notice a new key.
import { createHash } from 'node:crypto';
import type { ApiKeySource } from '../core/routing/apiKeys';
import type { ProviderConnection, ProviderConnections } from '../core/routing/providerConnections';
import type { ProviderConfig } from '../core/routing/routerConfig';
import type { ProviderAdapter } from '../core/routing/streamEvent';
import { createProviderAdapter, providerNeedsKey } from '../providers/adapterFactory';

/** Adapters only the host can build (vscode-lm); undefined when it cannot. */
export type HostAdapterFactory = (provider: ProviderConfig) => ProviderAdapter | undefined;

export class ProviderConnectionCache implements ProviderConnections {
  private cache = new WeakMap<ProviderConfig, Promise<ProviderConnection>>();

  constructor(
    private readonly keys: ApiKeySource,
    private readonly hostAdapter: HostAdapterFactory = () => undefined,
  ) {}

  /** Forget every connection (a key was set or removed). */
  invalidate(): void {
    this.cache = new WeakMap();
  }

  async connect(providers: readonly ProviderConfig[]): Promise<ReadonlyMap<string, ProviderConnection>> {
    const entries = await Promise.all(providers.map(async (provider) => [provider.id, await this.connection(provider)] as const));
    return new Map(entries);
  }

  /** Whether a provider has the key it needs: 'set', 'missing' or 'not needed'. */
  async keyState(provider: ProviderConfig): Promise<'set' | 'missing' | 'not needed'> {
    if (!providerNeedsKey(provider)) return 'not needed';
    return (await this.keys.key(provider)) === undefined ? 'missing' : 'set';
  }

  private connection(provider: ProviderConfig): Promise<ProviderConnection> {
    let pending = this.cache.get(provider);
    if (!pending) {
      pending = this.build(provider);
      this.cache.set(provider, pending);
    }
    return pending;
  }

  private async build(provider: ProviderConfig): Promise<ProviderConnection> {
    if (provider.kind === 'vscode-lm') {
      const adapter = this.hostAdapter(provider);
      return adapter ? { ok: true, adapter, fingerprint: null } : { ok: false, unavailable: 'VS Code language models are only available inside VS Code' };
    }
    const key = await this.keys.key(provider);
    if (key === undefined && providerNeedsKey(provider)) return { ok: false, unavailable: `no API key: ${this.keys.howToSet(provider)}` };
    try {
      return { ok: true, adapter: createProviderAdapter(provider, key), fingerprint: key === undefined ? null : fingerprintOf(key) };
    } catch (error) {
      return { ok: false, unavailable: error instanceof Error ? error.message : String(error) };
    }
  }
}

function fingerprintOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
