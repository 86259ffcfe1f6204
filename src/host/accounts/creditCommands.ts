// Credits from the palette and the status bar: log credits, switch account, pick the best one,
// rotate now, scan the agents' logs, and the status bar's menu.
import * as vscode from 'vscode';
import type { BatonServices } from '../../app/batonServices';
import { formatDuration } from '../../core/format';
import { standingLabel } from '../../core/accounts/standingText';
import { registerGuarded } from '../guardedCommand';
import type { Log } from '../log';
import type { SessionTrackerDriver } from '../sessionTrackerDriver';
import { rotateInWindow } from './accountHandoff';
import { pickAccount } from './accountPicks';

type AmountPick = vscode.QuickPickItem & { readonly amount?: number };

export class CreditCommands {
  constructor(
    private readonly services: () => BatonServices,
    private readonly driver: SessionTrackerDriver,
    private readonly scanNow: () => Promise<void>,
    private readonly log: Log,
  ) {}

  register(): vscode.Disposable {
    const guarded = (id: string, run: () => Promise<void>) => registerGuarded(id, run, this.log);
    return vscode.Disposable.from(
      guarded('baton.logCredits', () => this.logCredits()),
      guarded('baton.useAccount', () => this.useAccount()),
      guarded('baton.selectBestAccount', () => this.selectBest()),
      guarded('baton.rotateAccount', () => this.rotate()),
      guarded('baton.scanAgentUsage', () => this.scanNow()),
      guarded('baton.creditsMenu', () => this.menu()),
    );
  }

  private async requireAccounts() {
    const pool = this.services().accounts;
    const standings = await pool.standings();
    if (standings.length === 0) {
      const pick = await vscode.window.showInformationMessage('Baton: there are no accounts yet.', 'Add Account');
      if (pick) await vscode.commands.executeCommand('baton.addAccount');
      return null;
    }
    return { pool, standings, current: await pool.current() };
  }

  async logCredits(): Promise<void> {
    const state = await this.requireAccounts();
    if (!state) return;
    const account = state.current?.account ?? (await pickAccount(state.standings, null, 'Baton: Log Credits', 'Which account spent the credits?'));
    if (!account) return;
    const recent = await state.pool.recentAmounts(account);
    const picks: AmountPick[] = [
      ...recent.map((amount) => ({ label: `$(history) ${amount}`, description: 'logged recently', amount })),
      { label: '$(edit) Another amount…' },
    ];
    const chosen = recent.length === 0 ? picks[0] : await vscode.window.showQuickPick(picks, { title: `Baton: Log Credits on ${account.name}`, placeHolder: `How many ${account.unit} did you spend?` });
    if (!chosen) return;
    const amount = chosen.amount ?? (await this.askAmount(account.name, account.unit));
    if (amount === undefined) return;
    const session = this.driver.tracker?.running ?? null;
    const standing = await state.pool.logCredits(account, amount, { sessionId: session?.id ?? null, workspaceId: this.driver.workspace?.id ?? null });
    this.log.info(`Logged ${amount} ${account.unit} on ${account.name}`);
    void vscode.window.setStatusBarMessage(`$(check) Baton: ${standingLabel(standing)}`, 4000);
  }

  private async askAmount(name: string, unit: string): Promise<number | undefined> {
    const text = await vscode.window.showInputBox({
      title: `Baton: Log Credits on ${name}`,
      prompt: `How many ${unit} did you spend?`,
      placeHolder: 'e.g. 12',
      ignoreFocusOut: true,
      validateInput: (value) => (Number(value.trim()) > 0 && Number.isFinite(Number(value.trim())) ? undefined : 'Enter a positive number, e.g. 12 or 0.5.'),
    });
    return text === undefined ? undefined : Number(text.trim());
  }

  async useAccount(): Promise<void> {
    const state = await this.requireAccounts();
    if (!state) return;
    const account = await pickAccount(state.standings, state.current?.account.id ?? null, 'Baton: Switch Account', 'The account you are working on now');
    if (!account) return;
    await state.pool.use(account);
    this.log.info(`Current account: ${account.name}`);
  }

  async selectBest(): Promise<void> {
    const state = await this.requireAccounts();
    if (!state) return;
    const task = await vscode.window.showInputBox({
      title: 'Baton: Select Best Account',
      prompt: 'What is the task? Words matching account tags count (optional: press Enter to skip)',
      placeHolder: 'e.g. Fix the frontend layout',
    });
    if (task === undefined) return;
    const ranking = await state.pool.best({ task });
    if (ranking.kind === 'none') {
      void vscode.window.showWarningMessage(`Baton: ${ranking.reason}`);
      return;
    }
    const name = ranking.best.usage.account.name;
    const pick = await vscode.window.showInformationMessage(`Baton: best account: ${ranking.reason}`, `Use ${name}`);
    if (pick) await state.pool.use(ranking.best.usage.account);
  }

  async rotate(to?: string): Promise<void> {
    await rotateInWindow(this.services(), this.driver, this.log, to);
  }

  private async menu(): Promise<void> {
    const current = await this.services().accounts.current();
    const reset = current?.resetsAt ? ` · resets in ${formatDuration(current.resetsAt - Date.now())}` : '';
    const items: Array<vscode.QuickPickItem & { command: string }> = [
      { label: '$(add) Log Credits', description: current ? current.account.name : '', command: 'baton.logCredits' },
      { label: '$(account) Switch Account', command: 'baton.useAccount' },
      { label: '$(arrow-swap) Rotate Now', detail: 'End the session, copy a briefing, and continue on the best other account', command: 'baton.rotateAccount' },
      { label: '$(sparkle) Select Best Account', command: 'baton.selectBestAccount' },
      { label: '$(sync) Scan Agent Usage', detail: 'Read Claude Code, Codex, Gemini CLI, Cline, Roo Code and Kilo Code logs', command: 'baton.scanAgentUsage' },
      { label: '$(graph) Show Costs', command: 'baton.showCosts' },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: current ? `Baton: ${standingLabel(current)}${reset}` : 'Baton credits' });
    if (pick) await vscode.commands.executeCommand(pick.command);
  }
}
