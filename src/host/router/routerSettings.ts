// The router's configuration from `baton.providers`, `baton.routing` and `baton.budgets`,
// parsed once and again only when one of them changes. A wrong setting surfaces as one
// message listing every problem, when a request is made (and in the log when it is edited).
import * as vscode from 'vscode';
import type { RouterConfig } from '../../core/routing/routerConfig';
import { parseRouterConfig } from '../../core/routing/routerConfigParser';

const SECTIONS = ['baton.providers', 'baton.routing', 'baton.budgets'];

export class RouterSettings implements vscode.Disposable {
  private parsed: RouterConfig | Error | undefined;
  private readonly watcher: vscode.Disposable;

  /** `expand` completes what the settings leave to VS Code (the vscode-lm models). */
  constructor(
    private readonly onChange: () => void,
    private readonly expand: (config: RouterConfig) => RouterConfig = (config) => config,
  ) {
    this.watcher = vscode.workspace.onDidChangeConfiguration((event) => {
      if (SECTIONS.some((section) => event.affectsConfiguration(section))) this.invalidate();
    });
  }

  /** Read the settings again at the next request (they, or what VS Code offers, changed). */
  invalidate(): void {
    this.parsed = undefined;
    this.onChange();
  }

  /** The current configuration; throws RouterConfigError naming every problem. */
  readonly config = (): RouterConfig => {
    this.parsed ??= this.read();
    if (this.parsed instanceof Error) throw this.parsed;
    return this.parsed;
  };

  private read(): RouterConfig | Error {
    const settings = vscode.workspace.getConfiguration('baton');
    try {
      return this.expand(parseRouterConfig(
        { providers: settings.get<unknown>('providers'), routing: settings.get<unknown>('routing'), budgets: settings.get<unknown>('budgets') },
        'The Baton settings (baton.providers, baton.routing, baton.budgets)',
      ));
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  dispose(): void {
    this.watcher.dispose();
  }
}
