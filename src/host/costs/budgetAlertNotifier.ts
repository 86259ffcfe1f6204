// Budget alerts as VS Code notifications: after each change (debounced, one check at a time),
// the limits that passed 80%, 90% or 100% in their period are claimed in the database, and only
// the alerts this window claimed are shown, so two windows on one database never both alert.
// What is due, what it says and which buttons it has are core/costs/budgetAlerts.ts's.
import * as vscode from 'vscode';
import { type AlertAction, type AlertDue, type LimitStanding, alertActions, alertMessage, alertSeverity, alertsDue } from '../../core/costs/budgetAlerts';
import type { Log } from '../log';

const DEBOUNCE_MS = 500;

export interface AlertMarkClaims {
  /** Marks the keys; resolves with those this call marked first (storage/alertMarks.ts). */
  claim(markKeys: readonly string[], at: number): Promise<string[]>;
}

export interface BudgetAlertDependencies {
  /** Every limit's standing now; may throw while the services open (logged, retried on the next change). */
  readonly standings: () => Promise<readonly LimitStanding[]>;
  /** A getter: the database may open after the notifier is built. */
  readonly marks: () => AlertMarkClaims;
  readonly now: () => number;
  readonly log: Log;
  readonly onShowCosts: () => void;
  readonly onChange: vscode.Event<void>;
}

export class BudgetAlertNotifier implements vscode.Disposable {
  /** Mark keys settled in this window: claimed here, or found claimed elsewhere. */
  private readonly settled = new Set<string>();
  private readonly subscription: vscode.Disposable;
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private again = false;
  private disposed = false;
  private readonly buttons: Readonly<Record<AlertAction, { readonly label: string; readonly run: () => unknown }>>;

  constructor(private readonly deps: BudgetAlertDependencies) {
    this.buttons = {
      showCosts: { label: 'Show Costs', run: () => deps.onShowCosts() },
      rotateNow: { label: 'Rotate Now', run: () => vscode.commands.executeCommand('baton.rotateAccount') },
    };
    // A budget changed in the settings is checked at once, not at the next request.
    this.subscription = vscode.Disposable.from(
      deps.onChange(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('baton.budgets') && this.schedule()),
    );
    this.schedule();
  }

  private schedule(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
  }

  private async run(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return;
    }
    this.checking = true;
    try {
      await this.check();
    } catch (error) {
      this.deps.log.error('Could not check the budget alerts', error);
    } finally {
      this.checking = false;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    }
  }

  private async check(): Promise<void> {
    const due = alertsDue(await this.deps.standings()).filter((alert) => !this.settled.has(alert.markKey));
    if (due.length === 0 || this.disposed) return;
    const claimed = new Set(await this.deps.marks().claim(due.flatMap((alert) => [alert.markKey, ...alert.supersedes]), this.deps.now()));
    for (const alert of due) {
      this.settled.add(alert.markKey);
      if (claimed.has(alert.markKey) && !this.disposed) this.show(alert);
    }
  }

  private show(alert: AlertDue): void {
    const message = alertMessage(alert, this.deps.now());
    const buttons = alertActions(alert).map((action) => this.buttons[action]);
    this.deps.log.info(message);
    const shown = alertSeverity(alert) === 'error'
      ? vscode.window.showErrorMessage(message, ...buttons.map((button) => button.label))
      : vscode.window.showWarningMessage(message, ...buttons.map((button) => button.label));
    Promise.resolve(shown)
      .then((picked) => buttons.find((button) => button.label === picked)?.run())
      .catch((error: unknown) => this.deps.log.error('A budget alert\'s action failed', error));
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.subscription.dispose();
  }
}
