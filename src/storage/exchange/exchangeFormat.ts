// Baton's export format: JSON Lines, so that every problem can be reported by line. The first
// line is a header; each further line is one row of a workspace (or a global row it refers
// to, such as global knowledge). Version 2 added the chat's conversations and their messages;
// version 1 files (without them) are read as before. Secrets are never part of it: the export
// passes the redaction choke point (workspaceExporter.ts).
import type { KnowledgeKind } from '../../core/knowledge/knowledgeEntry';

export const EXCHANGE_FORMAT = 'baton-export';
/** The version this Baton writes, and the newest it reads. */
export const EXCHANGE_VERSION: number = 2;
/** The oldest version this Baton reads: the first one. */
export const OLDEST_EXCHANGE_VERSION: number = 1;

export interface ExchangeHeader {
  readonly type: 'header';
  readonly format: typeof EXCHANGE_FORMAT;
  readonly version: number;
  readonly exportedAt: string;
  readonly workspace: { readonly id: string; readonly name: string; readonly location: string };
}

export interface SessionLine {
  readonly type: 'session';
  readonly id: string;
  readonly goal: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly lastActivityAt: number;
  readonly activeMs: number;
  readonly branchStart: string | null;
  readonly headStart: string | null;
  readonly branchEnd: string | null;
  readonly headEnd: string | null;
  readonly summary: string | null;
}

export interface NoteLine {
  readonly type: 'note';
  readonly id: string;
  readonly sessionId: string;
  readonly text: string;
  readonly at: number;
}

export interface FileLine {
  readonly type: 'file';
  readonly sessionId: string;
  readonly path: string;
  readonly edits: number;
  readonly saves: number;
  readonly lastAt: number;
}

export interface LedgerLine {
  readonly type: 'ledger';
  readonly id: string;
  readonly sessionId: string | null;
  readonly accountId: string | null;
  readonly provider: string;
  readonly model: string;
  readonly at: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedTokens: number;
  readonly costNanos: number;
  readonly status: string;
  readonly requestId: string | null;
  // The router's columns (schema migration 5). Optional in a file: a line without one of them
  // (an export from before them) gets the value the migration gave the rows it found, from
  // LEDGER_LINE_DEFAULTS. costNanos is 0 for a row without a money price, and `pricing` says so.
  readonly strategy: string;
  /**
   * JSON text of the attempts, as the ledger stores it: a list of objects with provider, model
   * and status ('ok', 'error' or 'incomplete'), and optionally errorClass, error, httpStatus.
   * Text rather than structured JSON, like `decision`, so that a row comes back byte for byte
   * and an import compares it with the stored row exactly.
   */
  readonly attempts: string;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly estimated: boolean;
  readonly pricing: LedgerPricing;
  /** Null for rows recorded before these columns. */
  readonly latencyMs: number | null;
  /** Null when no content arrived. */
  readonly ttftMs: number | null;
  readonly cacheHit: boolean;
  readonly savedNanos: number;
  readonly fallbackUsed: boolean;
  readonly source: string;
  /** JSON text of the routing decision, or '' when there is none (rows recorded before it). */
  readonly decision: string;
  /** What the redaction choke point replaced in the request, by kind ("2 github-token"). */
  readonly redacted: string;
  /** JSON text of the unit prices the cost was computed from, or '' (rows before them, reported costs). */
  readonly prices: string;
  /** The local day (days since 1970-01-01) the row is filed under; null: its UTC day. */
  readonly localDay: number | null;
}

export const LEDGER_PRICINGS = ['priced', 'subscription', 'unpriced'] as const;
export type LedgerPricing = (typeof LEDGER_PRICINGS)[number];

/** The fields of a ledger line that a file may leave out. */
export type LedgerLineOptional = Pick<
  LedgerLine,
  | 'strategy' | 'attempts' | 'cacheReadTokens' | 'cacheWriteTokens' | 'estimated' | 'pricing' | 'latencyMs' | 'ttftMs'
  | 'cacheHit' | 'savedNanos' | 'fallbackUsed' | 'source' | 'decision' | 'redacted' | 'prices' | 'localDay'
>;

/** What a ledger line without one of the router's fields means: migration 5's column defaults. */
export const LEDGER_LINE_DEFAULTS: Readonly<LedgerLineOptional> = {
  strategy: '',
  attempts: '[]',
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  estimated: false,
  pricing: 'priced',
  latencyMs: null,
  ttftMs: null,
  cacheHit: false,
  savedNanos: 0,
  fallbackUsed: false,
  source: 'router',
  decision: '',
  redacted: '',
  prices: '',
  localDay: null,
};

/** A knowledge entry: the workspace's own ("workspace") or one shown in every workspace ("global"). */
export interface KnowledgeLine {
  readonly type: 'knowledge';
  readonly id: string;
  readonly scope: 'workspace' | 'global';
  readonly kind: KnowledgeKind;
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly paths: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A chat conversation of the workspace; its totals are those of its messages in the same file. */
export interface ConversationLine {
  readonly type: 'conversation';
  readonly id: string;
  readonly title: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The sum of its answers' costs in nano-dollars (an unpriced answer adds 0). */
  readonly costNanos: number;
  /** Whether any answer's cost is an estimate. */
  readonly estimated: boolean;
  readonly messageCount: number;
}

/**
 * One message of a conversation, at `seq` (1, 2, …) in it. `attachments` and `meta` travel as
 * the JSON text the database stores, so that a message comes back byte for byte.
 */
export interface MessageLine {
  readonly type: 'message';
  readonly id: string;
  readonly conversationId: string;
  readonly seq: number;
  readonly role: 'user' | 'assistant';
  readonly text: string;
  readonly at: number;
  /** JSON text of what was attached: a list of `{kind, label, tokens}`, never the content. */
  readonly attachments: string;
  /** JSON text of the answer's details (provider, model, tokens, cost, …); null for the user's messages. */
  readonly meta: string | null;
}

export type ExchangeRow = SessionLine | NoteLine | FileLine | LedgerLine | KnowledgeLine | ConversationLine | MessageLine;

export interface ExchangeDocument {
  readonly header: ExchangeHeader;
  readonly rows: readonly ExchangeRow[];
}

export function serializeExchange(document: ExchangeDocument): string {
  return [document.header, ...document.rows].map((line) => JSON.stringify(line)).join('\n') + '\n';
}
