// One request another agent made, read from its local log, before it becomes a ledger row.
import type { AgentSource } from './account';

export interface AgentUsageRecord {
  readonly source: AgentSource;
  /**
   * Unique per request within the source and stable across scans (e.g. Claude Code's message
   * id + request id): a partial copy written while streaming has the same key, and the copy
   * with the most tokens is kept.
   */
  readonly key: string;
  /** Epoch ms. */
  readonly at: number;
  readonly model: string;
  /** Input tokens excluding cache reads and writes (as TokenUsage counts them). */
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  /** What the agent reported the request cost, USD; null when it reports none (then Baton prices it). */
  readonly reportedCostUsd: number | null;
  /** The working folder the agent ran in, when the log says (credits the session there). */
  readonly cwd: string | null;
}

/** A usage window an agent reports itself (Codex's 5-hour and weekly `rate_limits`). */
export interface AgentRateLimit {
  readonly source: AgentSource;
  /** 'rolling-5h' (primary) or 'weekly' (secondary), from the window's length. */
  readonly window: 'rolling-5h' | 'weekly';
  readonly usedPercent: number;
  /** Epoch ms of the reset the agent announced; null when it did not say. */
  readonly resetsAt: number | null;
  /** When the agent observed it (the log line's time), epoch ms. */
  readonly observedAt: number;
}
