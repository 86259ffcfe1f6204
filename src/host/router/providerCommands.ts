// `Baton: Set API Key` and `Baton: Show Providers`. Keys go straight from a password input
// box into SecretStorage; the quick picks show only whether a key is set.
import * as vscode from 'vscode';
import type { ProviderStatus, RouterServices } from '../../app/routerServices';
import type { RouterConfig } from '../../core/routing/routerConfig';
import { registerGuarded } from '../guardedCommand';
import type { Log } from '../log';
import type { SecretApiKeys } from './secretApiKeys';

interface ProviderPick extends vscode.QuickPickItem {
  readonly providerId: string;
}

export class ProviderCommands {
  constructor(
    private readonly router: () => RouterServices,
    private readonly config: () => RouterConfig,
    private readonly keys: SecretApiKeys,
    private readonly log: Log,
  ) {}

  register(): vscode.Disposable {
    return vscode.Disposable.from(
      registerGuarded('baton.setApiKey', (providerId) => this.setApiKey(typeof providerId === 'string' ? providerId : undefined), this.log),
      registerGuarded('baton.showProviders', () => this.showProviders(), this.log),
    );
  }

  async setApiKey(providerId?: string): Promise<void> {
    const id = providerId ?? (await this.pickProvider());
    if (!id) return;
    const has = await this.keys.has(id);
    const key = await vscode.window.showInputBox({
      title: `Baton: API key for ${id}`,
      prompt: has ? 'A key is set. Enter a new one to replace it, or leave empty and press Enter to remove it.' : `Paste the API key for ${id}. It is kept in VS Code's secret storage, never in settings.`,
      password: true,
      ignoreFocusOut: true,
      placeHolder: 'sk-…',
      validateInput: (value) => (/\s/.test(value.trim()) ? 'A key has no spaces inside: check what was pasted.' : undefined),
    });
    if (key === undefined) return;
    if (key.trim() === '') {
      if (!has) return;
      await this.keys.delete(id);
      this.router().connections.invalidate();
      void vscode.window.showInformationMessage(`Baton: the API key for ${id} was removed.`);
      return;
    }
    await this.keys.store(id, key.trim());
    this.router().connections.invalidate();
    this.log.info(`API key for ${id} set`);
    void vscode.window.showInformationMessage(`Baton: API key for ${id} saved in secret storage.`);
  }

  private async pickProvider(): Promise<string | undefined> {
    const providers = this.config().providers.filter((provider) => provider.kind !== 'vscode-lm');
    if (providers.length === 0) {
      const open = await vscode.window.showWarningMessage('Baton: no provider is configured yet. Add one to the "baton.providers" setting first.', 'Open Settings');
      if (open) await vscode.commands.executeCommand('workbench.action.openSettings', 'baton.providers');
      return undefined;
    }
    const items: ProviderPick[] = await Promise.all(
      providers.map(async (provider) => ({
        providerId: provider.id,
        label: `$(key) ${provider.id}`,
        description: provider.kind + (provider.preset ? ` · ${provider.preset}` : ''),
        detail: (await this.keys.has(provider.id)) ? 'A key is set' : 'No key set',
      })),
    );
    const pick = await vscode.window.showQuickPick(items, { title: 'Baton: Set API Key', placeHolder: 'Which provider is the key for?', matchOnDescription: true });
    return pick?.providerId;
  }

  async showProviders(): Promise<void> {
    const statuses = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Baton: reading provider status' }, () => this.router().providers());
    if (statuses.length === 0) {
      const open = await vscode.window.showInformationMessage('Baton: no provider is configured. Add one to the "baton.providers" setting.', 'Open Settings');
      if (open) await vscode.commands.executeCommand('workbench.action.openSettings', 'baton.providers');
      return;
    }
    const pick = await vscode.window.showQuickPick(statuses.flatMap(itemsOf), {
      title: 'Baton: Providers (last 30 days)',
      placeHolder: 'Pick a provider to set its API key',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (pick && pick.providerId) await this.setApiKey(pick.providerId);
  }
}

function itemsOf(status: ProviderStatus): (ProviderPick | (vscode.QuickPickItem & { providerId?: undefined }))[] {
  const key = status.key === 'missing' ? '$(warning) no key set' : status.key === 'set' ? '$(pass) key set' : 'no key needed';
  const header: ProviderPick = {
    providerId: status.id,
    label: `$(server-environment) ${status.id}`,
    description: `${status.kind}${status.endpoint ? ` · ${status.endpoint}` : ''}`,
    detail: `${key}${status.disabled ? ` · $(error) disabled: ${status.disabled}` : ''}`,
  };
  const models = status.models.map((model) => {
    const history = model.history;
    const rate = history && history.requests > 0 ? `${Math.round((history.successes / history.requests) * 100)}% ok of ${history.requests}` : 'no requests yet';
    const timing = history?.latencyP50Ms != null ? ` · latency p50 ${history.latencyP50Ms} ms / p95 ${history.latencyP95Ms} ms · first token p50 ${history.ttftP50Ms ?? '–'} ms / p95 ${history.ttftP95Ms ?? '–'} ms` : '';
    const breaker = model.breaker.state === 'closed' ? '$(circle-filled) breaker closed' : model.breaker.state === 'open' ? '$(circle-slash) breaker open' : '$(debug-pause) breaker half-open';
    return { label: `    ${model.model}`, description: breaker, detail: `${rate}${timing}` };
  });
  return [header, ...models];
}
