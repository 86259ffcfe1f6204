// The filtered ledger as CSV, one row per request, for a spreadsheet. Every text cell passes the
// redaction choke point (a key pasted into a model name or a routing note does not leave in a
// file), and a cell a spreadsheet would run as a formula is prefixed with an apostrophe.
import { csvText } from '../csv';
import { type RedactionCounts, mergeCounts, redactSecrets } from '../redaction/redaction';
import type { RowLabels } from './costRows';
import type { LedgerEntry } from './ledgerPorts';

const HEADER = [
  'id', 'time_utc', 'workspace', 'session_id', 'account', 'source', 'provider', 'model', 'strategy', 'status', 'input_tokens', 'output_tokens',
  'cache_read_tokens', 'cache_write_tokens', 'cost_usd', 'pricing', 'estimated', 'latency_ms', 'ttft_ms', 'cache_hit', 'saved_usd', 'fallback_used',
  'attempts', 'redacted',
] as const;

/** Exact decimal dollars from integer nano-dollars: no float rounding in a money column. */
export function usdText(nanos: number): string {
  const sign = nanos < 0 ? '-' : '';
  const abs = Math.abs(Math.round(nanos));
  return `${sign}${Math.floor(abs / 1e9)}.${String(abs % 1e9).padStart(9, '0')}`;
}

/** =, +, - and @ start a formula in a spreadsheet; a tab or carriage return can too. */
function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export interface LedgerCsv {
  readonly text: string;
  readonly rows: number;
  readonly redactions: RedactionCounts;
}

export function ledgerCsv(entries: readonly LedgerEntry[], labels: RowLabels): LedgerCsv {
  const counts: RedactionCounts[] = [];
  const clean = (text: string | null): string => {
    if (text === null) return '';
    const redacted = redactSecrets(text);
    counts.push(redacted.counts);
    return inert(redacted.text);
  };
  const rows = entries.map((entry) => [
    clean(entry.id), new Date(entry.at).toISOString(),
    clean(entry.workspaceId === null ? null : (labels.workspaces.get(entry.workspaceId) ?? entry.workspaceId)), clean(entry.sessionId),
    clean(entry.accountId === null ? null : (labels.accounts.get(entry.accountId) ?? entry.accountId)), clean(entry.source), clean(entry.provider),
    clean(entry.model), clean(entry.strategy), entry.status, entry.usage.input, entry.usage.output, entry.usage.cacheRead, entry.usage.cacheWrite,
    entry.costNanos === null ? '' : usdText(entry.costNanos), entry.pricing, entry.estimated ? 'yes' : 'no', entry.latencyMs, entry.ttftMs ?? '',
    entry.cacheHit ? 'yes' : 'no', usdText(entry.savedNanos), entry.fallbackUsed ? 'yes' : 'no',
    clean(entry.attempts.map((a) => `${a.provider}/${a.model}: ${a.status}${a.error ? ` (${a.error})` : ''}`).join('; ')), clean(entry.redacted),
  ]);
  return { text: csvText(HEADER, rows), rows: rows.length, redactions: mergeCounts(...counts) };
}
