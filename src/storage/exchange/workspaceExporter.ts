// Reads every row of one workspace into the export format. An export leaves Baton (it is
// shared, attached, committed), so its free text passes the redaction choke point: session
// goals and summaries, notes, knowledge titles, bodies and tags, the strings inside a ledger
// row's attempts (their error messages) and routing decision, and the chat's conversation titles,
// messages, attachment labels and answer details. The row mappers stay exact,
// because the importer compares stored rows through them; only exportWorkspace redacts.
import { type RedactionCounts, SecretRedactor } from '../../core/redaction/redaction';
import type { WorkspaceRef } from '../../core/sessions/session';
import { conversationOf } from '../conversationStore';
import { knowledgeEntryOf } from '../knowledgeStore';
import { type Row, type SqlReader, asNullableNumber, asNullableString, asNumber, asString } from '../sqlAccess';
import { EXCHANGE_FORMAT, EXCHANGE_VERSION, type ExchangeDocument, type ExchangeHeader, type ExchangeRow, type LedgerPricing } from './exchangeFormat';
import { redactJsonText } from './ledgerLineFields';

export function sessionLineOf(row: Row): ExchangeRow & { type: 'session' } {
  return {
    type: 'session',
    id: asString(row.id),
    goal: asString(row.goal),
    startedAt: asNumber(row.started_at),
    endedAt: asNullableNumber(row.ended_at),
    lastActivityAt: asNumber(row.last_activity_at),
    activeMs: asNumber(row.active_ms),
    branchStart: asNullableString(row.branch_start),
    headStart: asNullableString(row.head_start),
    branchEnd: asNullableString(row.branch_end),
    headEnd: asNullableString(row.head_end),
    summary: asNullableString(row.summary),
  };
}

export function noteLineOf(row: Row): ExchangeRow & { type: 'note' } {
  return { type: 'note', id: asString(row.id), sessionId: asString(row.session_id), text: asString(row.text), at: asNumber(row.at) };
}

export function fileLineOf(row: Row): ExchangeRow & { type: 'file' } {
  return {
    type: 'file',
    sessionId: asString(row.session_id),
    path: asString(row.path),
    edits: asNumber(row.edits),
    saves: asNumber(row.saves),
    lastAt: asNumber(row.last_at),
  };
}

export function ledgerLineOf(row: Row): ExchangeRow & { type: 'ledger' } {
  return {
    type: 'ledger',
    id: asString(row.id),
    sessionId: asNullableString(row.session_id),
    accountId: asNullableString(row.account_id),
    provider: asString(row.provider),
    model: asString(row.model),
    at: asNumber(row.at),
    inputTokens: asNumber(row.input_tokens),
    outputTokens: asNumber(row.output_tokens),
    cachedTokens: asNumber(row.cached_tokens),
    costNanos: asNumber(row.cost_nanos),
    status: asString(row.status),
    requestId: asNullableString(row.request_id),
    strategy: asString(row.strategy),
    attempts: asString(row.attempts),
    cacheReadTokens: asNumber(row.cache_read_tokens),
    cacheWriteTokens: asNumber(row.cache_write_tokens),
    estimated: asNumber(row.estimated) !== 0,
    pricing: asString(row.pricing) as LedgerPricing, // the column's CHECK admits only the three
    latencyMs: asNullableNumber(row.latency_ms),
    ttftMs: asNullableNumber(row.ttft_ms),
    cacheHit: asNumber(row.cache_hit) !== 0,
    savedNanos: asNumber(row.saved_nanos),
    fallbackUsed: asNumber(row.fallback_used) !== 0,
    source: asString(row.source),
    decision: asString(row.decision),
    redacted: asString(row.redacted),
    prices: asString(row.prices),
    localDay: asNullableNumber(row.local_day),
  };
}

export function conversationLineOf(row: Row): ExchangeRow & { type: 'conversation' } {
  const { workspaceId: _workspace, ...conversation } = conversationOf(row); // the header names the workspace
  return { type: 'conversation', ...conversation };
}

export function messageLineOf(row: Row): ExchangeRow & { type: 'message' } {
  return {
    type: 'message',
    id: asString(row.id),
    conversationId: asString(row.conversation_id),
    seq: asNumber(row.seq),
    role: asString(row.role) === 'assistant' ? 'assistant' : 'user', // the column's CHECK admits only the two
    text: asString(row.text),
    at: asNumber(row.at),
    attachments: asString(row.attachments),
    meta: asNullableString(row.meta),
  };
}

export function knowledgeLineOf(row: Row): ExchangeRow & { type: 'knowledge' } {
  const { workspaceId, ...entry } = knowledgeEntryOf(row);
  return { type: 'knowledge', ...entry, scope: workspaceId === null ? 'global' : 'workspace' };
}

/** The export, and how many secrets were redacted from it by kind (not part of the file). */
export interface RedactedExport extends ExchangeDocument {
  readonly redactions: RedactionCounts;
}

function redactRow(row: ExchangeRow, redact: (text: string) => string): ExchangeRow {
  switch (row.type) {
    case 'session':
      return { ...row, goal: redact(row.goal), summary: row.summary === null ? null : redact(row.summary) };
    case 'note':
      return { ...row, text: redact(row.text) };
    case 'knowledge':
      return { ...row, title: redact(row.title), body: redact(row.body), tags: row.tags.map(redact) };
    case 'ledger':
      // `redacted` holds only kinds and counts; provider, model, strategy and source are names.
      return { ...row, attempts: redactJsonText(row.attempts, redact), decision: redactJsonText(row.decision, redact) };
    case 'conversation':
      return { ...row, title: redact(row.title) };
    case 'message':
      // The store redacted them as it wrote them; an export checks again (rows of older versions, other writers).
      return { ...row, text: redact(row.text), attachments: redactJsonText(row.attachments, redact), meta: row.meta === null ? null : redactJsonText(row.meta, redact) };
    case 'file':
      return row;
  }
}

export function exportWorkspace(db: SqlReader, workspace: WorkspaceRef, now: Date): RedactedExport {
  const stored = db.one('SELECT id, name, location FROM workspaces WHERE id = ?', [workspace.id]);
  const header: ExchangeHeader = {
    type: 'header',
    format: EXCHANGE_FORMAT,
    version: EXCHANGE_VERSION,
    exportedAt: now.toISOString(),
    workspace: stored ? { id: asString(stored.id), name: asString(stored.name), location: asString(stored.location) } : { ...workspace },
  };
  const inWorkspace = 'SELECT id FROM sessions WHERE workspace_id = ?';
  const inConversations = 'SELECT id FROM conversations WHERE workspace_id = ?';
  const redactor = new SecretRedactor();
  const rows: ExchangeRow[] = [
    ...db.all('SELECT * FROM sessions WHERE workspace_id = ? ORDER BY started_at, id', [workspace.id]).map(sessionLineOf),
    ...db.all(`SELECT * FROM session_notes WHERE session_id IN (${inWorkspace}) ORDER BY at, id`, [workspace.id]).map(noteLineOf),
    ...db.all(`SELECT * FROM session_files WHERE session_id IN (${inWorkspace}) ORDER BY session_id, path`, [workspace.id]).map(fileLineOf),
    ...db.all('SELECT * FROM ledger WHERE workspace_id = ? ORDER BY at, id', [workspace.id]).map(ledgerLineOf),
    // The workspace's knowledge and the global entries, which it sees too.
    ...db.all('SELECT * FROM knowledge WHERE workspace_id = ? OR workspace_id IS NULL ORDER BY created_at, id', [workspace.id]).map(knowledgeLineOf),
    ...db.all('SELECT * FROM conversations WHERE workspace_id = ? ORDER BY created_at, id', [workspace.id]).map(conversationLineOf),
    ...db.all(`SELECT * FROM chat_messages WHERE conversation_id IN (${inConversations}) ORDER BY conversation_id, seq`, [workspace.id]).map(messageLineOf),
  ].map((row) => redactRow(row, redactor.redact));
  return { header, rows, redactions: redactor.counts() };
}
