// What a session spent, on which account, and (when it handed off to another account) how well
// it used that account, as the plain data a session view shows. Pure: the caller reads the spend,
// the accounts and the target band.
import type { SessionCreditsView } from '../../shared/viewState';
import type { Account } from './account';
import type { SessionSpend } from './accountPorts';
import { type TargetBand, handoffEfficiency } from './handoffEfficiency';
import { sessionSpendText } from './sessionSpendText';

/**
 * `account` is the name of the account the session ran on, null when it ran on none or that
 * account was removed since (the spend then says "a removed account"). `handoff` is null unless
 * the session handed off; its percent is the whole percent the verdict was judged on.
 */
export function sessionCreditsView(spend: SessionSpend, accounts: readonly Account[], band: TargetBand): SessionCreditsView {
  const account = spend.accountId === null ? undefined : accounts.find((a) => a.id === spend.accountId);
  const share = spend.handoffShare;
  // A stored share that is not a number cannot be judged; say nothing rather than fail the view.
  const efficiency = share !== null && Number.isFinite(share) ? handoffEfficiency({ usedAtHandoff: share, limit: 1, band }) : null;
  return {
    spent: sessionSpendText(spend, accounts),
    account: account?.name ?? null,
    handoff: efficiency === null
      ? null
      : { percent: Math.round(efficiency.share * 100), verdict: efficiency.verdict, recommendation: efficiency.recommendation },
  };
}
