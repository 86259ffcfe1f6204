// Quick pick items for accounts: the name, what is used, the window and its reset, the tags.
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts/account';
import type { AccountStanding } from '../../core/accounts/accountPool';
import { resetText, usedText } from '../../core/accounts/standingText';

export type AccountPick = vscode.QuickPickItem & { readonly account: Account };

export function accountPick(standing: AccountStanding, currentId: string | null, now: number): AccountPick {
  const { account } = standing;
  const icon = standing.status === 'disabled' ? '$(circle-slash)' : standing.status === 'exhausted' ? '$(warning)' : account.id === currentId ? '$(check)' : '$(account)';
  const tags = account.tags.length > 0 ? ` · ${account.tags.join(', ')}` : '';
  return {
    label: `${icon} ${account.name}`,
    description: `${usedText(standing)} · ${account.platform}`,
    detail: `${account.window.kind} window, ${resetText(standing, now) || 'not in use'}${tags}${account.label ? ` · ${account.label}` : ''}`,
    account,
  };
}

/** Picks one account; undefined when the user dismissed the pick. */
export async function pickAccount(standings: readonly AccountStanding[], currentId: string | null, title: string, placeHolder: string): Promise<Account | undefined> {
  const now = Date.now();
  const pick = await vscode.window.showQuickPick(standings.map((s) => accountPick(s, currentId, now)), { title, placeHolder, matchOnDescription: true, matchOnDetail: true });
  return pick?.account;
}
