// Where the router gets each provider's key: SecretStorage in the extension, an environment
// variable in the CLI. Keys never pass through settings, the database, logs or a webview.
import type { ProviderConfig } from './routerConfig';

export interface ApiKeySource {
  /** The provider's key, or undefined when none is set. */
  key(provider: ProviderConfig): Promise<string | undefined>;
  /** How the user sets it, worded to finish a sentence: 'run "Baton: Set API Key"'. */
  howToSet(provider: ProviderConfig): string;
}
