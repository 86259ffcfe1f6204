// Offers a handoff when the current account crosses `baton.credits.rotateAt`: "Switch to <best>
// and copy briefing" or "Later". Asked once per account and window: "Later" is not repeated
// until the account has reset (or another account becomes current).
import * as vscode from 'vscode';
import type { AccountPool } from '../../core/accounts/accountPool';
import type { Log } from '../log';
import type { CreditView } from './creditStatusBarItem';
import { readCreditSettings } from './creditSettings';

export class RotationWatcher {
  /** `<account id>@<window start>` already offered. */
  private readonly offered = new Set<string>();
  private asking = false;

  constructor(
    private readonly pool: () => AccountPool,
    private readonly rotate: (to: string) => Promise<void>,
    private readonly log: Log,
  ) {}

  /** Called with every fresh view of the pool (the status bar's). */
  check(view: CreditView): void {
    const current = view.current;
    if (!current || this.asking || current.status !== 'active') return;
    if (current.usedShare < readCreditSettings().rotateAt) return;
    const key = `${current.account.id}@${current.windowStart}`;
    if (this.offered.has(key)) return;
    this.offered.add(key);
    this.asking = true;
    void this.offer(current.account.name, Math.round(current.usedShare * 100))
      .catch((error: unknown) => this.log.error('Could not offer to rotate the account', error))
      .finally(() => {
        this.asking = false;
      });
  }

  private async offer(name: string, usedPercent: number): Promise<void> {
    const ranking = await this.pool().best({});
    const next = ranking.kind === 'chosen' ? ranking.ranked.find((r) => r.usage.account.name !== name) : undefined;
    if (!next) {
      void vscode.window.showWarningMessage(`Baton: ${name} has used ${usedPercent}% of its limit, and no other account has credits left.`);
      return;
    }
    const target = next.usage.account.name;
    const action = `Switch to ${target} and copy briefing`;
    const pick = await vscode.window.showWarningMessage(`Baton: ${name} has used ${usedPercent}% of its limit.`, action, 'Later');
    if (pick === action) await this.rotate(target);
  }
}
