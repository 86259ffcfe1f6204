// The router and what surrounds it (the ledger, the response cache, prices, keys), built once
// per process from the database and the caller's sources.
import { randomUUID } from 'node:crypto';
import type { ZoneClock } from '../core/accounts/zoneClock';
import type { Calendar, ModelPerformance } from '../core/costs/ledgerPorts';
import { PriceBook } from '../core/costs/pricing';
import type { ApiKeySource } from '../core/routing/apiKeys';
import type { BreakerSnapshot } from '../core/routing/circuitBreaker';
import { LlmRouter } from '../core/routing/llmRouter';
import type { ProviderConfig, RouterConfig } from '../core/routing/routerConfig';
import { systemTimers, type Timers } from '../core/routing/timers';
import { GenaiPriceCatalog } from '../providers/builtinPrices';
import { providerNeedsKey } from '../providers/adapterFactory';
import { resolveProvider } from '../providers/providerPresets';
import { tokenCounter } from '../providers/tokenCounter';
import type { BatonDatabase } from '../storage/batonDatabase';
import { type CostReport, type CostReportRange, costReport } from '../storage/costQueries';
import { LedgerStore } from '../storage/ledgerStore';
import { requestKey } from '../storage/requestKey';
import { ResponseCacheStore } from '../storage/responseCacheStore';
import type { AccountKeyStore } from './accountApiKeys';
import { LocalCalendar } from './localCalendar';
import { systemLocalDay } from './systemLocalDay';
import { type HostAdapterFactory, ProviderConnectionCache } from './providerConnectionCache';

export interface RouterSources {
  /** The parsed configuration; throws RouterConfigError when the user's JSON is wrong. */
  readonly config: () => RouterConfig;
  readonly apiKeys: ApiKeySource;
  readonly hostAdapter?: HostAdapterFactory;
  readonly timers?: Timers;
  readonly calendar?: Calendar;
  /** Keys of single accounts (the extension's SecretStorage); without it, providers' keys only. */
  readonly accountKeys?: AccountKeyStore;
}

export interface ProviderModelStatus {
  readonly model: string;
  readonly breaker: BreakerSnapshot;
  readonly history: ModelPerformance | null;
}

export interface ProviderStatus {
  readonly id: string;
  readonly kind: ProviderConfig['kind'];
  readonly endpoint: string | null;
  readonly key: 'set' | 'missing' | 'not needed';
  /** Why the provider's key was refused (401/403), until the key changes. */
  readonly disabled: string | null;
  readonly models: readonly ProviderModelStatus[];
}

export interface RouterServices {
  readonly router: LlmRouter;
  readonly connections: ProviderConnectionCache;
  providers(): Promise<ProviderStatus[]>;
  costs(range: CostReportRange): Promise<CostReport>;
}

const HISTORY_MS = 30 * 86_400_000;

/** The account pool's part in a request: which providers may be charged to an account, and the zones of their windows. */
export interface RouterAccounts {
  readonly zones: ZoneClock;
  readonly chargesProvider: (provider: string) => Promise<boolean>;
}

export function createRouterServices(database: BatonDatabase, sources: RouterSources, onSettled?: () => void, accounts?: RouterAccounts): RouterServices {
  const ledger = new LedgerStore(database, accounts?.zones, systemLocalDay);
  const connections = new ProviderConnectionCache(sources.apiKeys, sources.hostAdapter);
  const timers = sources.timers ?? systemTimers;
  const router = new LlmRouter({
    config: sources.config,
    connections,
    prices: new PriceBook(new GenaiPriceCatalog()),
    pricingProviderId: pricingProviderIdOf,
    isLocal: isLocalProvider,
    ledger,
    cache: new ResponseCacheStore(database),
    cacheKey: requestKey,
    history: ledger,
    calendar: sources.calendar ?? new LocalCalendar(),
    timers,
    ids: { next: () => randomUUID() },
    countTokens: (text) => tokenCounter()(text),
    ...(onSettled && { onSettled }),
    ...(accounts && { chargesAccount: accounts.chargesProvider }),
  });
  return {
    router,
    connections,
    providers: async () => {
      const history = await ledger.performance(timers.now() - HISTORY_MS);
      return Promise.all(sources.config().providers.map((provider) => statusOf(provider, router, connections, history)));
    },
    costs: (range) => costReport(database, range),
  };
}

function pricingProviderIdOf(provider: ProviderConfig): string | null {
  if (provider.kind === 'vscode-lm') return null;
  try {
    return resolveProvider(provider).pricesProviderId ?? null;
  } catch {
    return null;
  }
}

function isLocalProvider(provider: ProviderConfig): boolean {
  if (provider.kind !== 'openai-compatible') return false;
  try {
    return resolveProvider(provider).local;
  } catch {
    return false;
  }
}

function endpointOf(provider: ProviderConfig): string | null {
  if (provider.kind === 'vscode-lm') return null;
  try {
    return resolveProvider(provider).baseUrl;
  } catch {
    return null;
  }
}

async function statusOf(provider: ProviderConfig, router: LlmRouter, connections: ProviderConnectionCache, history: readonly ModelPerformance[]): Promise<ProviderStatus> {
  const key = await connections.keyState(provider);
  const fingerprint = (await connections.connect([provider])).get(provider.id);
  const disabled = router.state.authGate.disabledReason(provider.id, fingerprint?.ok ? fingerprint.fingerprint : null);
  return {
    id: provider.id,
    kind: provider.kind,
    endpoint: endpointOf(provider),
    key: providerNeedsKey(provider) ? key : 'not needed',
    disabled: disabled?.reason ?? null,
    models: provider.models.map((model) => ({
      model: model.id,
      breaker: router.state.breakers.snapshot(provider.id, model.id),
      history: history.find((entry) => entry.provider === provider.id && entry.model === model.id) ?? null,
    })),
  };
}
