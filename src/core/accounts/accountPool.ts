// The account pool as users see it: every account with what it used in its current window and
// when that resets, the current account, the best one for a task, manual credit logs. Usage is
// read fresh from storage on each call (other windows and the CLI write to the same database).
import type { Clock, IdSource } from '../clock';
import { UserFacingError } from '../errors';
import { type Account, type AccountFields, AGENT_SOURCES, effectiveStatus } from './account';
import type { AccountRepository } from './accountPorts';
import { type RankingRequest, type RankingResult, rankAccounts } from './accountRanking';
import { currentWindow, nextResetAfter, rollingResetsAt } from './creditWindow';
import type { ZoneClock } from './zoneClock';

const PLATFORMS_FRESH_MS = 5_000;

export interface AccountStanding {
  readonly account: Account;
  /** In the account's unit, in the current window (for `percent`: the share the agent reported). */
  readonly used: number;
  readonly limit: number;
  readonly remaining: number;
  /** used / limit, 0…1+ (may pass 1 when more was logged than the limit). */
  readonly usedShare: number;
  readonly windowStart: number;
  /** Epoch ms of the next reset; null when unknown (a rolling window not in use). */
  readonly resetsAt: number | null;
  /** 'active', 'exhausted' (until its reset) or 'disabled', as of now. */
  readonly status: 'active' | 'exhausted' | 'disabled';
  readonly lastUsedAt: number | null;
}

export interface PoolDependencies {
  readonly repository: AccountRepository;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly zones: ZoneClock;
  /** Called after each change the pool writes (views refresh). */
  readonly onChange?: () => void;
}

export class UnknownAccountError extends UserFacingError {
  constructor(name: string, known: readonly string[]) {
    super(known.length === 0
      ? `There is no account "${name}": the pool is empty. Add one with Baton: Add Account (or baton accounts add).`
      : `There is no account "${name}". Accounts: ${known.join(', ')}.`);
  }
}

export class AccountPool {
  /** Platforms of dollar accounts, as last read, and when: the router asks on every request. */
  private usdPlatforms = new Set<string>();
  private platformsReadAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: PoolDependencies) {}

  async list(): Promise<Account[]> {
    const accounts = await this.deps.repository.list();
    this.usdPlatforms = new Set(accounts.filter((a) => a.unit === 'usd' && a.status.kind !== 'disabled').map((a) => a.platform.toLowerCase()));
    this.platformsReadAt = this.deps.clock.now();
    return accounts;
  }

  /**
   * Whether router requests to `provider` may be charged to an account. Read again when older
   * than a few seconds (another window or the CLI may have added one); the reservation itself
   * reads the accounts under the lock, so a stale answer only costs a reservation.
   */
  async chargesProvider(provider: string): Promise<boolean> {
    if (this.deps.clock.now() - this.platformsReadAt > PLATFORMS_FRESH_MS) await this.list();
    return this.usdPlatforms.has(provider.toLowerCase());
  }

  async standings(): Promise<AccountStanding[]> {
    const accounts = await this.list();
    return Promise.all(accounts.map((account) => this.standingOf(account)));
  }

  async standingOf(account: Account): Promise<AccountStanding> {
    const now = this.deps.clock.now();
    const window = currentWindow(account.window, now, this.deps.zones);
    const status = effectiveStatus(account, now);
    if (account.unit === 'percent' && (AGENT_SOURCES as readonly string[]).includes(account.platform)) return this.reportedStanding(account, window.start, status);
    const usage = await this.deps.repository.usageSince(account, window.start, now);
    const resetsAt = window.resetsAt ?? rollingResetsAt(usage.firstAt);
    return standing(account, usage.used, window.start, resetsAt, status, usage.lastAt);
  }

  /** A window the agent reports itself (Codex): the newest figure, unless its reset has passed. */
  private async reportedStanding(account: Account, windowStart: number, status: AccountStanding['status']): Promise<AccountStanding> {
    const now = this.deps.clock.now();
    const kind = account.window.kind === 'weekly' ? 'weekly' : 'rolling-5h';
    const reported = await this.deps.repository.latestRateLimit(account.platform, kind);
    const current = reported !== null && (reported.resetsAt === null ? reported.observedAt >= windowStart : reported.resetsAt > now);
    return standing(account, current ? reported.usedPercent : 0, windowStart, current ? reported.resetsAt : null, status, reported?.observedAt ?? null);
  }

  async byName(name: string): Promise<Account> {
    const account = await this.deps.repository.byName(name.trim());
    if (account) return account;
    throw new UnknownAccountError(name, (await this.deps.repository.list()).map((a) => a.name));
  }

  async current(): Promise<AccountStanding | null> {
    const id = await this.deps.repository.currentId();
    const account = id === null ? null : (await this.list()).find((a) => a.id === id);
    return account ? this.standingOf(account) : null;
  }

  async best(request: Omit<RankingRequest, 'now'>): Promise<RankingResult> {
    const standings = await this.standings();
    return rankAccounts(standings.map((s) => ({ account: s.account, used: s.used, limit: s.limit, resetsAt: s.resetsAt, lastUsedAt: s.lastUsedAt })), { ...request, now: this.deps.clock.now() });
  }

  async save(fields: readonly AccountFields[]): Promise<{ created: number; updated: number }> {
    const counts = await this.deps.repository.upsertMany(fields, this.deps.clock.now());
    this.changed();
    return counts;
  }

  /**
   * Adds an account; refuses a name already in the pool (checked in the same write, so two
   * processes adding one name cannot both succeed). `editHint` says how to change the existing one.
   */
  async add(fields: AccountFields, editHint: (takenName: string) => string): Promise<Account> {
    const clash = await this.deps.repository.insertNew(fields, this.deps.clock.now());
    if (clash) throw new UserFacingError(`There is already an account named "${clash.taken}": ${editHint(clash.taken)}.`);
    this.changed();
    return this.byName(fields.name);
  }

  async update(account: Account, fields: AccountFields): Promise<void> {
    const done = await this.deps.repository.update(account.id, fields, this.deps.clock.now());
    if (!done) throw new UserFacingError(`Another account is already named "${fields.name}": pick another name.`);
    this.changed();
  }

  async remove(account: Account): Promise<void> {
    await this.deps.repository.remove(account.id);
    this.changed();
  }

  async use(account: Account): Promise<void> {
    await this.deps.repository.setCurrent(account.id);
    this.changed();
  }

  async setEnabled(account: Account, enabled: boolean): Promise<void> {
    await this.deps.repository.setStatus(account.id, enabled ? { kind: 'active' } : { kind: 'disabled' }, this.deps.clock.now());
    this.changed();
  }

  /** Until its next reset (a rolling window: five hours after its first use in the window). */
  async markExhausted(account: Account): Promise<number> {
    const now = this.deps.clock.now();
    const standing = await this.standingOf(account);
    const until = standing.resetsAt ?? nextResetAfter(account.window, now, this.deps.zones) ?? now + 5 * 3_600_000;
    await this.deps.repository.setStatus(account.id, { kind: 'exhausted', until }, now);
    this.changed();
    return until;
  }

  async logCredits(account: Account, amount: number, context: { sessionId: string | null; workspaceId: string | null }): Promise<AccountStanding> {
    if (!Number.isFinite(amount) || amount <= 0) throw new UserFacingError(`"${amount}" is not an amount to log: enter a positive number in ${account.unit}.`);
    await this.deps.repository.logCredits({ id: this.deps.ids.next(), accountId: account.id, amount, at: this.deps.clock.now(), ...context });
    this.changed();
    return this.standingOf(account);
  }

  /** Keeps how much of its account a session had used when it handed off (its efficiency). */
  async recordHandoff(sessionId: string, share: number): Promise<void> {
    await this.deps.repository.recordHandoff(sessionId, share);
  }

  recentAmounts(account: Account): Promise<number[]> {
    return this.deps.repository.recentAmounts(account.id, 5);
  }

  private changed(): void {
    this.deps.onChange?.();
  }
}

function standing(account: Account, used: number, windowStart: number, resetsAt: number | null, status: AccountStanding['status'], lastUsedAt: number | null): AccountStanding {
  const limit = account.unit === 'percent' ? 100 : account.limit;
  return {
    account, used, limit, remaining: Math.max(0, limit - used), usedShare: limit > 0 ? used / limit : 1, windowStart, resetsAt, status, lastUsedAt,
  };
}
