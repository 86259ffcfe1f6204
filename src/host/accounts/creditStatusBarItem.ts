// The status-bar credit indicator: the current account and what is left, with a warning or
// error background as it runs low; the tooltip lists every active account; a click opens the
// credits menu; it is hidden while the pool is empty. It reads the pool on every change and every half minute (resets pass by
// themselves, and other windows or the CLI log credits too).
import * as vscode from 'vscode';
import type { AccountStanding } from '../../core/accounts/accountPool';
import { resetText, standingLabel, standingLevel, usedText } from '../../core/accounts/standingText';
import type { RuntimeState } from '../batonRuntime';
import type { Log } from '../log';
import { readCreditSettings } from './creditSettings';

const REFRESH_MS = 30_000;

export interface CreditView {
  readonly current: AccountStanding | null;
  readonly standings: readonly AccountStanding[];
}

export class CreditStatusBarItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('baton.credits', vscode.StatusBarAlignment.Left, 49);
  private readonly timer: NodeJS.Timeout;
  private readonly subscription: vscode.Disposable;
  private rendering: Promise<void> = Promise.resolve();

  constructor(
    private readonly runtime: RuntimeState,
    private readonly onView: (view: CreditView) => void,
    private readonly log: Log,
  ) {
    this.item.name = 'Baton Credits';
    this.item.command = 'baton.creditsMenu';
    this.subscription = runtime.onDidChange(() => this.refresh());
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
    this.refresh();
  }

  /** Serialised: a slow read never paints over a newer one. */
  refresh(): void {
    this.rendering = this.rendering.then(() => this.render()).catch((error: unknown) => this.log.error('Could not refresh the credit indicator', error));
  }

  private async render(): Promise<void> {
    const services = this.runtime.current;
    if (!services || this.runtime.status.kind !== 'ready') return this.item.hide();
    const standings = await services.accounts.standings();
    // The current account is one of the standings just read: no second pass over the pool.
    const currentId = await services.accountStore.currentId();
    const current = standings.find((standing) => standing.account.id === currentId) ?? null;
    this.onView({ current, standings });
    // Without accounts the indicator stays out of the way: the pool starts from "Baton: Add Account".
    if (standings.length === 0) return this.item.hide();
    if (!current) return this.show('$(credit-card) Pick account', 'Baton: no current account. Click to pick one.', this.tooltip(standings, null), undefined);
    const now = Date.now();
    const settings = readCreditSettings();
    const level = standingLevel(current, settings.warnAt, settings.criticalAt);
    const reset = resetText(current, now);
    const text = `$(credit-card) ${standingLabel(current)}${reset ? ` · ${shortReset(reset)}` : ''}`;
    const label = `Baton credits: ${current.account.name}, ${usedText(current)} used of the limit${reset ? `, ${reset}` : ''}`;
    const background = level === 'critical' ? 'statusBarItem.errorBackground' : level === 'warning' ? 'statusBarItem.warningBackground' : undefined;
    this.show(text, label, this.tooltip(standings, current), background);
  }

  private show(text: string, label: string, tooltip: string, background: string | undefined): void {
    this.item.text = text;
    this.item.accessibilityInformation = { label, role: 'button' };
    const markdown = new vscode.MarkdownString(tooltip, true);
    markdown.isTrusted = { enabledCommands: ['baton.addAccount', 'baton.logCredits', 'baton.rotateAccount', 'baton.useAccount'] };
    this.item.tooltip = markdown;
    this.item.backgroundColor = background ? new vscode.ThemeColor(background) : undefined;
    this.item.show();
  }

  private tooltip(standings: readonly AccountStanding[], current: AccountStanding | null): string {
    const now = Date.now();
    const active = standings.filter((s) => s.status !== 'disabled');
    const lines = active.map((s) => {
      const mark = s.account.id === current?.account.id ? '$(check) ' : '';
      const reset = resetText(s, now);
      return `| ${mark}${escapeCell(s.account.name)} | ${escapeCell(usedText(s))} | ${escapeCell(reset)} |`;
    });
    const table = ['| Account | Used | Reset |', '|---|---|---|', ...lines].join('\n');
    return `**Baton credits**\n\n${table}\n\n[$(add) Log Credits](command:baton.logCredits) · [$(arrow-swap) Rotate](command:baton.rotateAccount) · [$(account) Switch](command:baton.useAccount)`;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }
}

/** "resets in 3h 12m" → "3h 12m"; the status bar has little room. */
function shortReset(reset: string): string {
  return reset.replace(/^resets in /, '↻ ').replace(/^exhausted, back in /, 'back in ');
}

function escapeCell(text: string): string {
  return text.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);
}
