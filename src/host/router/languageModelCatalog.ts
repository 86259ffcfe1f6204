// The chat models VS Code offers now (Copilot's and other extensions'), kept current through
// `onDidChangeChatModels`, so a `vscode-lm` provider that lists no models routes to all of them.
import * as vscode from 'vscode';
import type { ProviderConfig, RouterConfig } from '../../core/routing/routerConfig';

export class LanguageModelCatalog implements vscode.Disposable {
  private ids: readonly string[] = [];
  private readonly watcher: vscode.Disposable;

  constructor(private readonly onChange: () => void) {
    this.watcher = vscode.lm.onDidChangeChatModels(() => void this.refresh());
    void this.refresh();
  }

  /** `config` with every vscode-lm provider that lists no models given the ones VS Code offers. */
  expand(config: RouterConfig): RouterConfig {
    if (!config.providers.some(needsModels)) return config;
    const models = this.ids.map((id) => ({ id }));
    return { ...config, providers: config.providers.map((provider) => (needsModels(provider) ? { ...provider, models } : provider)) };
  }

  private async refresh(): Promise<void> {
    try {
      const models = await vscode.lm.selectChatModels({});
      this.ids = [...new Set(models.map((model) => model.id))];
      this.onChange();
    } catch {
      this.ids = [];
    }
  }

  dispose(): void {
    this.watcher.dispose();
  }
}

function needsModels(provider: ProviderConfig): boolean {
  return provider.kind === 'vscode-lm' && provider.models.length === 0;
}
