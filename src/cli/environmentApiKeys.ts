// The CLI's keys: the environment variable a provider's `apiKeyEnv` names, or its preset's
// usual one (OPENAI_API_KEY, ANTHROPIC_API_KEY, GROQ_API_KEY, …).
import type { ApiKeySource } from '../core/routing/apiKeys';
import type { ProviderConfig } from '../core/routing/routerConfig';

export class EnvironmentApiKeys implements ApiKeySource {
  constructor(
    private readonly defaultVariable: (provider: ProviderConfig) => string | undefined,
    private readonly environment: NodeJS.ProcessEnv = process.env,
  ) {}

  async key(provider: ProviderConfig): Promise<string | undefined> {
    const name = this.variableOf(provider);
    const value = name === undefined ? undefined : this.environment[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  howToSet(provider: ProviderConfig): string {
    const name = this.variableOf(provider);
    return name === undefined ? `give provider ${provider.id} an "apiKeyEnv" in the config file and set that variable` : `set the environment variable ${name}`;
  }

  private variableOf(provider: ProviderConfig): string | undefined {
    return provider.apiKeyEnv ?? this.defaultVariable(provider);
  }
}
