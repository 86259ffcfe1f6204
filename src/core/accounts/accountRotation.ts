// Handing off from one account to the next without losing context: end the session on the old
// account, keep a snapshot, write a `medium` briefing for the next chat, mark the old account
// exhausted until its reset, and start a session on the new one. The steps that touch sessions,
// snapshots and briefings are the caller's (the extension drives its tracker, the CLI its own).
import { UserFacingError, errorMessage } from '../errors';
import type { Account } from './account';
import type { AccountPool, AccountStanding } from './accountPool';

export interface RotationSteps {
  /** Ends the running session, if any, handing off to `to`; resolves to its id and goal. */
  endSession(to: Account): Promise<{ readonly id: string; readonly goal: string } | null>;
  snapshot(sessionId: string | null): Promise<void>;
  briefing(): Promise<{ readonly level: string; readonly text: string; readonly tokens: number }>;
  /** Starts a session with `goal` on `account`. */
  startSession(goal: string, account: Account): Promise<void>;
}

export interface RotationResult {
  readonly from: AccountStanding | null;
  readonly to: Account;
  /** Why `to` was chosen (the ranking's sentence, or "chosen by name"). */
  readonly reason: string;
  readonly exhaustedUntil: number | null;
  readonly briefing: { readonly level: string; readonly text: string; readonly tokens: number };
  /** Why no briefing could be written; the rotation went on without one. */
  readonly briefingError?: string;
}

/** The account to hand off to: the named one, else the best one other than the current. */
export async function rotationTarget(pool: AccountPool, from: AccountStanding | null, to?: string): Promise<{ account: Account; reason: string }> {
  if (to !== undefined) {
    const account = await pool.byName(to);
    if (account.id === from?.account.id) throw new UserFacingError(`${account.name} is already the current account: name another one to switch to.`);
    return { account, reason: 'chosen by name' };
  }
  const ranking = await pool.best({});
  if (ranking.kind === 'none') throw new UserFacingError(ranking.reason);
  const next = ranking.ranked.find((ranked) => ranked.usage.account.id !== from?.account.id);
  if (!next) {
    throw new UserFacingError(`${from?.account.name ?? 'The current account'} is the only account with credits left: add another one to rotate to (Baton: Add Account, or baton accounts add).`);
  }
  const reason = next === ranking.best ? ranking.reason : `${next.usage.account.name}: the best account other than the current one`;
  return { account: next.usage.account, reason };
}

export async function rotateAccount(pool: AccountPool, steps: RotationSteps, to?: string): Promise<RotationResult> {
  const from = await pool.current();
  const target = await rotationTarget(pool, from, to);
  const ended = await steps.endSession(target.account);
  if (ended && from) await pool.recordHandoff(ended.id, from.usedShare);
  await steps.snapshot(ended?.id ?? null);
  // Past this point the old session has ended: a briefing that fails must not leave the user
  // half-way, with no session and the old account still current.
  let briefing: RotationResult['briefing'] = { level: 'none', text: '', tokens: 0 };
  let briefingError: string | undefined;
  try {
    briefing = await steps.briefing();
  } catch (error) {
    briefingError = errorMessage(error);
  }
  const exhaustedUntil = from ? await pool.markExhausted(from.account) : null;
  await pool.use(target.account);
  await steps.startSession(ended?.goal ?? '', target.account);
  return { from, to: target.account, reason: target.reason, exhaustedUntil, briefing, ...(briefingError !== undefined && { briefingError }) };
}
