// Keys per account: the account a request would be charged to lends its own key; without one,
// or when no account is charged, the provider's key goes out. Switching the current account
// switches the key.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AccountApiKeys } from '../../../src/app/accountApiKeys';
import type { AccountFields } from '../../../src/core/accounts/account';
import type { ApiKeySource } from '../../../src/core/routing/apiKeys';
import type { ProviderConfig } from '../../../src/core/routing/routerConfig';
import { AccountStore } from '../../../src/storage/accountStore';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { openDatabase } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const OPENAI: ProviderConfig = { id: 'openai', kind: 'openai', models: [{ id: 'gpt-4o-mini' }] };
const ANTHROPIC: ProviderConfig = { id: 'anthropic', kind: 'anthropic', models: [{ id: 'claude' }] };
const providerKeys: ApiKeySource = { key: async (p) => `provider-key-${p.id}`, howToSet: () => 'set it' };
const api = (name: string, priority: number): AccountFields => ({
  name, platform: 'openai', label: '', unit: 'usd', limit: 5, window: { kind: 'daily', resetTime: '00:00', timeZone: 'UTC' }, tags: [], priority, notes: '',
});

describe('account API keys', () => {
  useTempDirs();
  let database: BatonDatabase;
  let store: AccountStore;
  let n = 0;

  beforeEach(async () => {
    database = await openDatabase(join(makeTempDir(), 'baton.db'));
    store = new AccountStore(database, { next: () => `acc-${++n}` });
  });
  afterEach(() => database.close());

  it("sends the charged account's own key, else the provider's, and follows a switch of account", async () => {
    await store.upsertMany([api('Work', 2), api('Personal', 1)], 0);
    const work = await store.byName('Work');
    const personal = await store.byName('Personal');
    assert.ok(work && personal);
    const own = new Map([[personal.id, 'sk-personal']]);
    const keys = new AccountApiKeys(providerKeys, { accountKey: async (id) => own.get(id) }, (provider) => store.chargedAccount(provider, Date.now()));
    assert.equal(await keys.key(OPENAI), 'provider-key-openai', 'Work (highest priority) has no key of its own');
    await store.setCurrent(personal.id);
    assert.equal(await keys.key(OPENAI), 'sk-personal', 'the current account is charged, with its key');
    assert.equal(await keys.key(ANTHROPIC), 'provider-key-anthropic', 'no account on that provider');
    await store.setStatus(personal.id, { kind: 'exhausted', until: Date.now() + 60_000 }, 0);
    assert.equal(await keys.key(OPENAI), 'provider-key-openai', 'an exhausted account is not charged, nor is its key used');
  });
});
