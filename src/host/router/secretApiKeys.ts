// API keys in VS Code's SecretStorage, one entry per provider id. Nothing else in the
// extension holds a key: the router asks here for each request it sends.
import type * as vscode from 'vscode';
import type { ApiKeySource } from '../../core/routing/apiKeys';
import type { ProviderConfig } from '../../core/routing/routerConfig';
import type { AccountKeyStore } from '../../app/accountApiKeys';

/** The SecretStorage entry of a provider's key; typed so no other code builds the name. */
export function secretKeyOf(providerId: string): string {
  return `baton.apiKey.${providerId}`;
}

/** The entry of one account's own key (a dollar account on a provider); wins over the provider's. */
export function accountSecretKeyOf(accountId: string): string {
  return `baton.apiKey.account.${accountId}`;
}

export class SecretApiKeys implements ApiKeySource, AccountKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async key(provider: ProviderConfig): Promise<string | undefined> {
    const value = await this.secrets.get(secretKeyOf(provider.id));
    return value === undefined || value.trim() === '' ? undefined : value;
  }

  howToSet(provider: ProviderConfig): string {
    return `run "Baton: Set API Key" and choose ${provider.id}`;
  }

  async has(providerId: string): Promise<boolean> {
    return (await this.secrets.get(secretKeyOf(providerId))) !== undefined;
  }

  store(providerId: string, key: string): Thenable<void> {
    return this.secrets.store(secretKeyOf(providerId), key);
  }

  delete(providerId: string): Thenable<void> {
    return this.secrets.delete(secretKeyOf(providerId));
  }

  async accountKey(accountId: string): Promise<string | undefined> {
    const value = await this.secrets.get(accountSecretKeyOf(accountId));
    return value === undefined || value.trim() === '' ? undefined : value;
  }

  /** An empty key removes the account's own key (the provider's is used again). */
  async setAccountKey(accountId: string, key: string): Promise<void> {
    if (key.trim() === '') await this.secrets.delete(accountSecretKeyOf(accountId));
    else await this.secrets.store(accountSecretKeyOf(accountId), key.trim());
  }
}
