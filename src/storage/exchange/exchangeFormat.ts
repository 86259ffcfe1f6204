// Baton's export format: JSON Lines, so that every problem can be reported by line. The first
// line is a header; each further line is one row of a workspace (or a global row it refers
// to, such as global knowledge). Version 1. Secrets are never part of it: the database holds none.
import type { KnowledgeKind } from '../../core/knowledge/knowledgeEntry';

export const EXCHANGE_FORMAT = 'baton-export';
/** The version this Baton writes, and the newest it reads. */
export const EXCHANGE_VERSION = 1;
/** The oldest version this Baton reads: the first one. */
export const OLDEST_EXCHANGE_VERSION = 1;

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
}

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

export type ExchangeRow = SessionLine | NoteLine | FileLine | LedgerLine | KnowledgeLine;

export interface ExchangeDocument {
  readonly header: ExchangeHeader;
  readonly rows: readonly ExchangeRow[];
}

export function serializeExchange(document: ExchangeDocument): string {
  return [document.header, ...document.rows].map((line) => JSON.stringify(line)).join('\n') + '\n';
}
