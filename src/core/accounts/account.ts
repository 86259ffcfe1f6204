// An account in the user's pool: a web assistant with daily credits, a subscription agent with
// 5-hour or weekly windows, or an API key with a dollar budget. Baton budgets what the user owns;
// it never hides anything from a platform.

/** What an account's limit counts: platform credits, US dollars, or a percentage an agent reports. */
export type CreditUnit = 'credits' | 'usd' | 'percent';
export const CREDIT_UNITS: readonly CreditUnit[] = ['credits', 'usd', 'percent'];

/**
 * When the allowance comes back: `daily` at the reset time, `weekly` on Mondays at the reset
 * time, `monthly` on the first at the reset time (all in the account's own time zone), or
 * `rolling-5h`: what was used in the last five hours counts.
 */
export type WindowKind = 'daily' | 'rolling-5h' | 'weekly' | 'monthly';
export const WINDOW_KINDS: readonly WindowKind[] = ['daily', 'rolling-5h', 'weekly', 'monthly'];

export interface WindowSpec {
  readonly kind: WindowKind;
  /** Local wall-clock time of the reset, "HH:MM" (24 h). */
  readonly resetTime: string;
  /** IANA zone name, e.g. "Europe/Berlin". */
  readonly timeZone: string;
}

export type AccountStatus =
  | { readonly kind: 'active' }
  /** Exhausted until the epoch ms `until` (its next reset); active again after it. */
  | { readonly kind: 'exhausted'; readonly until: number }
  | { readonly kind: 'disabled' };

/** What the user enters or imports; everything the pool needs except identity and timestamps. */
export interface AccountFields {
  /** Unique in the pool (case-insensitive), e.g. "GenSpark-02". */
  readonly name: string;
  /** Free text ("GenSpark"), a router provider id ("openai") or an agent source ("codex"). */
  readonly platform: string;
  readonly label: string;
  readonly unit: CreditUnit;
  /** In `unit`; for `percent` always 100. */
  readonly limit: number;
  readonly window: WindowSpec;
  /** Specializations, lower-case: "frontend", "long-context". */
  readonly tags: readonly string[];
  /** Higher is preferred when everything else is equal. */
  readonly priority: number;
  readonly notes: string;
}

export interface Account extends AccountFields {
  readonly id: string;
  readonly status: AccountStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The agents whose local logs Baton reads (their usage needs no manual log). */
export type AgentSource = 'claude-code' | 'codex' | 'gemini-cli' | 'cline' | 'roo-code' | 'kilo-code';
export const AGENT_SOURCES: readonly AgentSource[] = ['claude-code', 'codex', 'gemini-cli', 'cline', 'roo-code', 'kilo-code'];

export const DEFAULT_WINDOW: WindowSpec = { kind: 'daily', resetTime: '00:00', timeZone: 'UTC' };

/** The status as of `now`: an exhaustion whose reset has passed is active again. */
export function effectiveStatus(account: Account, now: number): AccountStatus['kind'] {
  if (account.status.kind === 'exhausted' && account.status.until <= now) return 'active';
  return account.status.kind;
}
