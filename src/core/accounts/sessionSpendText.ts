// What a session spent, as one phrase for briefings and session views: the credits logged to
// each account during it, in that account's unit, and the cost of its API calls.
import { formatUsd, nanosFromUsd } from '../costs/costMath';
import type { Account } from './account';
import type { SessionSpend } from './accountPorts';

function amountText(amount: number, account: Account | undefined): string {
  const rounded = Math.round(amount * 100) / 100;
  if (!account) return `${rounded} credits on a removed account`;
  if (account.unit === 'usd') return `${formatUsd(nanosFromUsd(amount))} on ${account.name}`;
  if (account.unit === 'percent') return `${rounded}% of ${account.name}`;
  return `${rounded} ${rounded === 1 ? 'credit' : 'credits'} on ${account.name}`;
}

/** Null when the session spent nothing Baton knows of. */
export function sessionSpendText(spend: SessionSpend, accounts: readonly Account[]): string | null {
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const parts = spend.credits.filter((c) => c.amount > 0).map((c) => amountText(c.amount, byId.get(c.accountId)));
  if (spend.costUsd > 0) parts.push(`${formatUsd(nanosFromUsd(spend.costUsd))} on API calls`);
  return parts.length === 0 ? null : parts.join(', ');
}
