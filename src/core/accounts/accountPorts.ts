// What the account pool needs from storage. Usage is never stored as a running total: it is
// summed from the credit log and the ledger for the window asked about, so history stays and a
// window that resets needs no write.
import type { Account, AccountFields, AccountStatus } from './account';
import type { AgentRateLimit } from './agentUsage';

export interface CreditEntry {
  readonly id: string;
  readonly accountId: string;
  /** In the account's unit. */
  readonly amount: number;
  readonly at: number;
  readonly sessionId: string | null;
  readonly workspaceId: string | null;
}

/** What an account used since a window's start. */
export interface WindowUsage {
  /** In the account's unit (USD for `usd`). */
  readonly used: number;
  /** Held by requests in flight (USD), not yet spent. */
  readonly reserved: number;
  /** The first and last use inside the window (a rolling window resets 5 h after its first use). */
  readonly firstAt: number | null;
  readonly lastAt: number | null;
}

export interface AccountRepository {
  list(): Promise<Account[]>;
  byName(name: string): Promise<Account | null>;
  /** Adds or updates by name (case-insensitive), all in one write; a rename goes through `update`. */
  upsertMany(fields: readonly AccountFields[], now: number): Promise<{ readonly created: number; readonly updated: number }>;
  /** Adds a new account in one write; null when the name is taken (whatever its case) by the one returned. */
  insertNew(fields: AccountFields, now: number): Promise<{ readonly taken: string } | null>;
  /** Changes the account `id` (a rename too); false when the new name belongs to another account. */
  update(id: string, fields: AccountFields, now: number): Promise<boolean>;
  remove(id: string): Promise<void>;
  setStatus(id: string, status: AccountStatus, now: number): Promise<void>;
  currentId(): Promise<string | null>;
  setCurrent(id: string | null): Promise<void>;
  logCredits(entry: CreditEntry): Promise<void>;
  /** Distinct amounts most recently logged to the account, newest first. */
  recentAmounts(accountId: string, limit: number): Promise<number[]>;
  /** What `account` used since `since` (credit log, plus ledger costs for `usd` accounts). */
  usageSince(account: Account, since: number, now: number): Promise<WindowUsage>;
  /** The newest usage window an agent reported for itself. */
  latestRateLimit(source: string, window: AgentRateLimit['window']): Promise<AgentRateLimit | null>;
  /** What a session spent: credits logged during it (by account) and its ledger cost. */
  sessionSpend(sessionId: string): Promise<SessionSpend>;
  /** The session's account, set when it started on one. */
  setSessionAccount(sessionId: string, accountId: string | null): Promise<void>;
  /** The share of its account's limit a session had used when it handed off. */
  recordHandoff(sessionId: string, share: number): Promise<void>;
}

export interface SessionSpend {
  readonly credits: ReadonlyArray<{ readonly accountId: string; readonly amount: number }>;
  readonly costUsd: number;
  /** The account the session ran on, when it started on one. */
  readonly accountId: string | null;
  /** The share of its account's limit used when it handed off (a rotation), else null. */
  readonly handoffShare: number | null;
}
