// One adapter per configured provider. Building one is cheap: the SDK loads on its first call.
import type { ProviderConfig } from '../core/routing/routerConfig';
import type { ProviderAdapter } from '../core/routing/streamEvent';
import { AnthropicAdapter } from './anthropicAdapter';
import { OpenAIAdapter } from './openaiAdapter';
import { resolveProvider } from './providerPresets';

export { providerNeedsKey } from './providerPresets';

/**
 * The adapter for an `openai`, `anthropic` or `openai-compatible` provider. `apiKey` comes from
 * SecretStorage (extension) or the `apiKeyEnv` variable (CLI); a provider that needs one and
 * lacks it still gets an adapter, whose calls fail at once with class `auth`. Throws (with a
 * message for the user) on a configuration that names no endpoint, and for `vscode-lm`, which
 * the extension host builds itself. `clock` reads `retry-after` dates (Date.now by default).
 */
export function createProviderAdapter(config: ProviderConfig, apiKey: string | undefined, options: { readonly clock?: () => number } = {}): ProviderAdapter {
  if (config.kind === 'vscode-lm') {
    throw new Error(`Provider "${config.id}" is of kind vscode-lm: only the VS Code extension can serve it (through VS Code's language model API), not the CLI.`);
  }
  const resolved = resolveProvider(config);
  const common = { providerId: config.id, baseUrl: resolved.baseUrl, apiKey: apiKey || undefined, apiKeyEnv: resolved.apiKeyEnv, clock: options.clock };
  if (config.kind === 'anthropic') return new AnthropicAdapter(common);
  return new OpenAIAdapter({ ...common, needsKey: resolved.needsKey, quirks: resolved.quirks });
}
