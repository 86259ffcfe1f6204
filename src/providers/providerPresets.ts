// What Baton knows about each provider it can reach: where the API is, where the CLI finds the
// key, whether one is needed, how usage arrives in a stream, and the provider's id in the
// price table (@pydantic/genai-prices). The `openai-compatible` kind names a preset, or gives a
// `baseUrl` (a preset is then recognised by its host, so its quirks still apply). Checked
// against each provider's documentation (2026-12); sources beside the entries.
import type { Capability, ProviderConfig } from '../core/routing/routerConfig';

/** How a provider reports usage in a stream, and what the request must say to get it. */
export interface UsageQuirks {
  /**
   * Send `stream_options: { include_usage: true }`. Off where the server rejects the field
   * (Mistral answers 422 "extra_forbidden") or where usage arrives without it.
   */
  readonly streamOptions: boolean;
  /** Send `usage: { include: true }` (OpenRouter's usage accounting; now its default, harmless). */
  readonly usageInclude: boolean;
  /** `max_completion_tokens` (OpenAI: reasoning models refuse `max_tokens`) or `max_tokens` (everyone else; Mistral refuses the other). */
  readonly maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /**
   * Where usage shows up, for the record (the adapter accepts every form): a last chunk with
   * no choices (`usage-chunk`), the chunk with the finish reason (`final-chunk`), Groq's
   * `x_groq.usage`, cumulative figures on `every-chunk` (Perplexity), or `none`.
   */
  readonly streamUsage: readonly ('usage-chunk' | 'final-chunk' | 'x_groq' | 'every-chunk' | 'none')[];
  /** How cached input is reported: `prompt_tokens_details.cached_tokens`, DeepSeek's hit/miss pair, or not at all. */
  readonly cache: 'cached_tokens' | 'prompt_cache_hit' | 'none';
  /** `usage.cost` is the request's price in USD (OpenRouter), recorded as reported. */
  readonly reportsCost: boolean;
}

export interface ProviderPreset {
  readonly baseUrl: string;
  /** Undefined for local servers that take no key. */
  readonly apiKeyEnv: string | undefined;
  readonly needsKey: boolean;
  /** The provider's id in @pydantic/genai-prices; undefined when the table has none. */
  readonly pricesProviderId: string | undefined;
  /** A server on this machine: nothing is billed. */
  readonly local: boolean;
  /** What the endpoint can do for models that can (a model's own `capabilities` win). */
  readonly capabilities: readonly Capability[];
  readonly quirks: UsageQuirks;
}

/** A provider as resolved from its configuration: the preset, with the configuration's overrides. */
export interface ResolvedProvider extends ProviderPreset {
  /** The preset used, if any (named, or recognised by the base URL's host). */
  readonly preset: string | undefined;
}

const COMPATIBLE: UsageQuirks = {
  streamOptions: true,
  usageInclude: false,
  maxTokensField: 'max_tokens',
  streamUsage: ['usage-chunk'],
  cache: 'cached_tokens',
  reportsCost: false,
};

const quirks = (overrides: Partial<UsageQuirks>): UsageQuirks => ({ ...COMPATIBLE, ...overrides });

interface PresetEntry extends Omit<ProviderPreset, 'local' | 'needsKey'> {
  readonly local?: boolean;
}

const remote = (entry: Omit<PresetEntry, 'local'>): PresetEntry => entry;

const PRESETS = {
  // console.groq.com/docs/openai; usage also under x_groq.usage in the last chunk.
  groq: remote({ baseUrl: 'https://api.groq.com/openai/v1', apiKeyEnv: 'GROQ_API_KEY', pricesProviderId: 'groq', capabilities: ['tools', 'vision'], quirks: quirks({ streamUsage: ['usage-chunk', 'x_groq'] }) }),
  // docs.mistral.ai: stream_options is refused (422 extra_forbidden); usage comes in the last chunk.
  mistral: remote({ baseUrl: 'https://api.mistral.ai/v1', apiKeyEnv: 'MISTRAL_API_KEY', pricesProviderId: 'mistral', capabilities: ['tools', 'vision'], quirks: quirks({ streamOptions: false, streamUsage: ['final-chunk'] }) }),
  // docs.together.ai: usage rides on the chunk with the finish reason (which may read "eos").
  together: remote({ baseUrl: 'https://api.together.xyz/v1', apiKeyEnv: 'TOGETHER_API_KEY', pricesProviderId: 'together', capabilities: ['tools', 'vision'], quirks: quirks({ streamOptions: false, streamUsage: ['final-chunk'] }) }),
  // deepinfra.com/docs/advanced/openai_api. DEEPINFRA_API_KEY as DeepInfra's Vercel integration
  // and the AI SDK name it (LangChain reads DEEPINFRA_API_TOKEN). Not in the price table.
  deepinfra: remote({ baseUrl: 'https://api.deepinfra.com/v1/openai', apiKeyEnv: 'DEEPINFRA_API_KEY', pricesProviderId: undefined, capabilities: ['tools', 'vision'], quirks: COMPATIBLE }),
  // openrouter.ai/docs/use-cases/usage-accounting: usage (with `cost`, and cache reads and
  // writes in prompt_tokens_details) in the last SSE message.
  openrouter: remote({ baseUrl: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY', pricesProviderId: 'openrouter', capabilities: ['tools', 'vision'], quirks: quirks({ usageInclude: true, reportsCost: true }) }),
  // docs.perplexity.ai: cumulative usage on every chunk; no function calling.
  perplexity: remote({ baseUrl: 'https://api.perplexity.ai', apiKeyEnv: 'PERPLEXITY_API_KEY', pricesProviderId: 'perplexity', capabilities: [], quirks: quirks({ streamOptions: false, streamUsage: ['every-chunk'], cache: 'none' }) }),
  // ai.google.dev/gemini-api/docs/openai
  gemini: remote({ baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai/', apiKeyEnv: 'GEMINI_API_KEY', pricesProviderId: 'google', capabilities: ['tools', 'vision'], quirks: COMPATIBLE }),
  // api-docs.deepseek.com: cache hits and misses as prompt_cache_hit_tokens / prompt_cache_miss_tokens.
  deepseek: remote({ baseUrl: 'https://api.deepseek.com', apiKeyEnv: 'DEEPSEEK_API_KEY', pricesProviderId: 'deepseek', capabilities: ['tools'], quirks: quirks({ cache: 'prompt_cache_hit' }) }),
  // docs.x.ai: reasoning tokens are counted outside completion_tokens but inside total_tokens.
  xai: remote({ baseUrl: 'https://api.x.ai/v1', apiKeyEnv: 'XAI_API_KEY', pricesProviderId: 'x-ai', capabilities: ['tools', 'vision'], quirks: COMPATIBLE }),
  // docs.ollama.com/openai: no key (the SDK's placeholder is ignored); include_usage since 0.4.
  ollama: { baseUrl: 'http://localhost:11434/v1', apiKeyEnv: undefined, pricesProviderId: undefined, local: true, capabilities: ['tools', 'vision'], quirks: quirks({ cache: 'none' }) },
  // lmstudio.ai/docs/api/openai-api: no key; older versions ignore include_usage.
  lmstudio: { baseUrl: 'http://localhost:1234/v1', apiKeyEnv: undefined, pricesProviderId: undefined, local: true, capabilities: ['tools', 'vision'], quirks: quirks({ cache: 'none' }) },
} satisfies Record<string, PresetEntry>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as readonly PresetName[];

/** The `openai` and `anthropic` kinds, which need no preset. */
const OPENAI: PresetEntry = {
  baseUrl: 'https://api.openai.com/v1',
  apiKeyEnv: 'OPENAI_API_KEY',
  pricesProviderId: 'openai',
  capabilities: ['tools', 'vision'],
  quirks: quirks({ maxTokensField: 'max_completion_tokens' }),
};

const ANTHROPIC: PresetEntry = {
  baseUrl: 'https://api.anthropic.com',
  apiKeyEnv: 'ANTHROPIC_API_KEY',
  pricesProviderId: 'anthropic',
  capabilities: ['tools', 'vision'],
  // Unused by the Anthropic adapter; usage comes in message_start and message_delta.
  quirks: quirks({ streamOptions: false, streamUsage: ['every-chunk'] }),
};

const CUSTOM: PresetEntry = { baseUrl: '', apiKeyEnv: undefined, pricesProviderId: undefined, capabilities: [], quirks: COMPATIBLE };

export function isPresetName(name: string): name is PresetName {
  return Object.prototype.hasOwnProperty.call(PRESETS, name);
}

/**
 * The provider's endpoint, key variable and quirks. Throws an Error whose message tells the
 * user what to fix: an unknown preset (listing the known ones), an openai-compatible provider
 * with neither preset nor base URL, or the vscode-lm kind (served by VS Code, no endpoint).
 */
export function resolveProvider(config: ProviderConfig): ResolvedProvider {
  switch (config.kind) {
    case 'openai':
      return withOverrides(config, OPENAI, undefined);
    case 'anthropic':
      return withOverrides(config, ANTHROPIC, undefined);
    case 'openai-compatible':
      return resolveCompatible(config);
    case 'vscode-lm':
      throw new Error(`Provider "${config.id}" is of kind vscode-lm: VS Code serves it through its language model API, so it has no endpoint or key to resolve.`);
  }
}

function resolveCompatible(config: ProviderConfig): ResolvedProvider {
  if (config.preset !== undefined) {
    if (!isPresetName(config.preset)) {
      throw new Error(`Provider "${config.id}" names the unknown preset "${config.preset}". Known presets: ${PRESET_NAMES.join(', ')}. Or leave "preset" out and give the endpoint's "baseUrl".`);
    }
    return withOverrides(config, PRESETS[config.preset], config.preset);
  }
  if (config.baseUrl === undefined || config.baseUrl.trim() === '') {
    throw new Error(`Provider "${config.id}" is openai-compatible but has neither "preset" nor "baseUrl". Set "preset" to one of ${PRESET_NAMES.join(', ')}, or "baseUrl" to the endpoint (for example "http://localhost:8000/v1").`);
  }
  const recognised = presetForUrl(config.baseUrl);
  return recognised ? withOverrides(config, PRESETS[recognised], recognised) : withOverrides(config, CUSTOM, undefined);
}

/** The preset whose API lives on this URL's host (and port), so a bare base URL keeps its quirks. */
export function presetForUrl(baseUrl: string): PresetName | undefined {
  const host = hostOf(baseUrl);
  return host === undefined ? undefined : PRESET_NAMES.find((name) => hostOf(PRESETS[name].baseUrl) === host);
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

function withOverrides(config: ProviderConfig, entry: PresetEntry, preset: string | undefined): ResolvedProvider {
  const apiKeyEnv = config.apiKeyEnv ?? entry.apiKeyEnv;
  return {
    preset,
    baseUrl: config.baseUrl ?? entry.baseUrl,
    apiKeyEnv,
    // A custom endpoint needs a key only if the configuration says where to find one.
    needsKey: apiKeyEnv !== undefined,
    pricesProviderId: entry.pricesProviderId,
    local: entry.local ?? false,
    capabilities: entry.capabilities,
    quirks: entry.quirks,
  };
}

/** Cheap, never throws: does this provider want a key before it is called? */
export function providerNeedsKey(config: ProviderConfig): boolean {
  if (config.kind === 'vscode-lm') return false;
  try {
    return resolveProvider(config).needsKey;
  } catch {
    return config.apiKeyEnv !== undefined;
  }
}
