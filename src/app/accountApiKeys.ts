// Keys per account: a dollar account on a provider may carry its own key (two OpenAI accounts,
// say), so switching account also switches the key requests go out with. The key of the
// account a request is charged to wins; without one, the provider's own key is used.
import type { ApiKeySource } from '../core/routing/apiKeys';
import type { ProviderConfig } from '../core/routing/routerConfig';

/** Where account keys are kept (SecretStorage in the extension); never the database. */
export interface AccountKeyStore {
  accountKey(accountId: string): Promise<string | undefined>;
}

export class AccountApiKeys implements ApiKeySource {
  constructor(
    private readonly providerKeys: ApiKeySource,
    private readonly accountKeys: AccountKeyStore,
    /** The account requests to the provider are charged to now, as the reservation picks it. */
    private readonly chargedAccount: (providerId: string) => Promise<{ readonly id: string } | null>,
  ) {}

  async key(provider: ProviderConfig): Promise<string | undefined> {
    const account = await this.chargedAccount(provider.id);
    const own = account ? await this.accountKeys.accountKey(account.id) : undefined;
    return own ?? this.providerKeys.key(provider);
  }

  howToSet(provider: ProviderConfig): string {
    return this.providerKeys.howToSet(provider);
  }
}
