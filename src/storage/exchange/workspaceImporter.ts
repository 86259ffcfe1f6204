// Merges a validated export into the database. Rows already present with the same content are
// skipped; a row whose id is taken by different content gets an id derived from its content,
// so importing the same file again adds nothing. Runs inside one write transaction.
// Knowledge entries are edited in place, so for them one more rule: the same entry (same id,
// same workspace or both global) edited on either side keeps the later edit.
import { createHash } from 'node:crypto';
import { cleanTitle } from '../../core/chat/conversationRecords';
import { UserFacingError } from '../../core/errors';
import { redactText } from '../../core/redaction/redaction';
import { normalizePaths, normalizeTags } from '../../core/knowledge/knowledgeText';
import { joinPaths, joinTags } from '../knowledgeStore';
import { type Params, type SqlReader, type SqlWriter, asNullableString } from '../sqlAccess';
import type { ConversationLine, ExchangeDocument, ExchangeRow, KnowledgeLine, LedgerLine, MessageLine, NoteLine, SessionLine } from './exchangeFormat';
import { redactJsonText } from './ledgerLineFields';
import { conversationLineOf, knowledgeLineOf, ledgerLineOf, messageLineOf, noteLineOf, sessionLineOf } from './workspaceExporter';

export interface RowCounts {
  added: number;
  unchanged: number;
  /** Added under a new id because the original id held different content. */
  remapped: number;
}

export interface KnowledgeCounts extends RowCounts {
  /** Entries already present whose imported copy was edited later: updated in place. */
  updated: number;
}

export interface ImportReport {
  readonly workspaceId: string;
  readonly workspaceAdded: boolean;
  readonly sessions: RowCounts;
  readonly notes: RowCounts;
  readonly files: RowCounts;
  readonly ledger: RowCounts;
  /** The workspace's knowledge entries and global ones. */
  readonly knowledge: KnowledgeCounts;
  /** The chat's conversations, and their messages. */
  readonly conversations: RowCounts;
  readonly messages: RowCounts;
  /** Open sessions imported as ended, because the workspace already had an open session. */
  readonly closedOpenSessions: number;
}

type Statement = readonly [string, Params];
/** Every column of a ledger row, in the order ledger() binds them. */
const LEDGER_COLUMNS = `id, workspace_id, session_id, account_id, provider, model, at, input_tokens, output_tokens, cached_tokens,
  cost_nanos, status, request_id, strategy, attempts, cache_read_tokens, cache_write_tokens, estimated,
  pricing, latency_ms, ttft_ms, cache_hit, saved_nanos, fallback_used, source, decision, redacted, prices, local_day`;

const counts = (): RowCounts => ({ added: 0, unchanged: 0, remapped: 0 });
const canonical = (row: object) => JSON.stringify(Object.entries(row).filter(([k]) => k !== 'id').sort(([a], [b]) => a.localeCompare(b)));
const derivedId = (id: string, row: object) => `${id}~${createHash('sha256').update(canonical(row)).digest('hex').slice(0, 12)}`;

class ImportPlanner {
  readonly statements: Statement[] = [];
  readonly sessionIds = new Map<string, string>();
  readonly conversationIds = new Map<string, string>();
  readonly report: { -readonly [K in keyof ImportReport]: ImportReport[K] };
  private openSessionTaken: boolean;

  constructor(private readonly db: SqlReader, private readonly workspace: { id: string; name: string; location: string }) {
    const exists = db.one('SELECT 1 AS x FROM workspaces WHERE id = ?', [workspace.id]) !== undefined;
    this.openSessionTaken = db.one('SELECT 1 AS x FROM sessions WHERE workspace_id = ? AND ended_at IS NULL', [workspace.id]) !== undefined;
    this.report = { workspaceId: workspace.id, workspaceAdded: !exists, sessions: counts(), notes: counts(), files: counts(), ledger: counts(), knowledge: { ...counts(), updated: 0 }, conversations: counts(), messages: counts(), closedOpenSessions: 0 };
    if (!exists) this.statements.push(['INSERT INTO workspaces (id, name, location) VALUES (?, ?, ?)', [workspace.id, workspace.name, workspace.location]]);
  }

  /** Decides the id under which a row lands: its own or a derived one, and whether it is new. */
  private place<T extends { id: string }>(row: T, tally: RowCounts, existing: (id: string) => T | undefined): { id: string; isNew: boolean } {
    for (const [id, remapped] of [[row.id, false], [derivedId(row.id, row), true]] as const) {
      const found = existing(id);
      if (!found) {
        tally[remapped ? 'remapped' : 'added'] += 1;
        return { id, isNew: true };
      }
      if (canonical(found) === canonical(row)) {
        tally.unchanged += 1;
        return { id, isNew: false };
      }
    }
    throw new UserFacingError(`Row ${row.id} conflicts with two different rows already stored; nothing was imported.`);
  }

  session(line: SessionLine): void {
    const workspace = this.workspace.id;
    const existing = (id: string) => this.lookup('SELECT * FROM sessions WHERE id = ?', [id], (r) => ({ ...sessionLineOf(r), workspace: String(r.workspace_id) }));
    let row = { ...line, workspace };
    if (row.endedAt === null && this.openSessionTaken && !existing(row.id)) {
      row = { ...row, endedAt: row.lastActivityAt };
      this.report.closedOpenSessions += 1;
    }
    const { id, isNew } = this.place(row, this.report.sessions, existing);
    this.sessionIds.set(line.id, id);
    if (!isNew) return;
    if (row.endedAt === null) this.openSessionTaken = true;
    this.statements.push([
      `INSERT INTO sessions (id, workspace_id, goal, started_at, ended_at, last_activity_at, active_ms, branch_start, head_start, branch_end, head_end, summary)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, workspace, row.goal, row.startedAt, row.endedAt, row.lastActivityAt, row.activeMs, row.branchStart, row.headStart, row.branchEnd, row.headEnd, row.summary],
    ]);
  }

  note(line: NoteLine): void {
    const row = { ...line, sessionId: this.mapped(line.sessionId) };
    const { id, isNew } = this.place(row, this.report.notes, (id) => this.lookup('SELECT * FROM session_notes WHERE id = ?', [id], noteLineOf));
    if (isNew) this.statements.push(['INSERT INTO session_notes (id, session_id, text, at) VALUES (?, ?, ?, ?)', [id, row.sessionId, row.text, row.at]]);
  }

  file(line: ExchangeRow & { type: 'file' }): void {
    const sessionId = this.mapped(line.sessionId);
    if (this.db.one('SELECT 1 AS x FROM session_files WHERE session_id = ? AND path = ?', [sessionId, line.path])) {
      this.report.files.unchanged += 1;
      return;
    }
    this.report.files.added += 1;
    this.statements.push([
      'INSERT INTO session_files (session_id, path, edits, saves, last_at) VALUES (?, ?, ?, ?, ?)',
      [sessionId, line.path, line.edits, line.saves, line.lastAt],
    ]);
  }

  /** Content equality covers every field of the line, the router's (attempts, pricing, decision...) included. */
  ledger(line: LedgerLine): void {
    const row = { ...line, sessionId: line.sessionId === null ? null : this.mapped(line.sessionId) };
    const { id, isNew } = this.place(row, this.report.ledger, (id) => this.lookup('SELECT * FROM ledger WHERE id = ?', [id], ledgerLineOf));
    if (!isNew) return;
    const flag = (value: boolean) => (value ? 1 : 0);
    this.statements.push([
      `INSERT INTO ledger (${LEDGER_COLUMNS}) VALUES (${LEDGER_COLUMNS.split(',').map(() => '?').join(', ')})`,
      [
        id, this.workspace.id, row.sessionId, row.accountId, row.provider, row.model, row.at, row.inputTokens, row.outputTokens, row.cachedTokens,
        row.costNanos, row.status, row.requestId, row.strategy, row.attempts, row.cacheReadTokens, row.cacheWriteTokens, flag(row.estimated),
        row.pricing, row.latencyMs, row.ttftMs, flag(row.cacheHit), row.savedNanos, flag(row.fallbackUsed), row.source, row.decision, row.redacted,
        row.prices, row.localDay,
      ],
    ]);
  }

  knowledge(line: KnowledgeLine): void {
    const workspace = line.scope === 'global' ? null : this.workspace.id;
    // Stored as `knowledge add` stores it (validation checked the limits on these same forms).
    const title = line.title.replace(/\s+/g, ' ').trim();
    const body = line.body.replace(/\r\n?/g, '\n').trimEnd();
    const row = { ...line, title, body, tags: normalizeTags(line.tags), paths: normalizePaths(line.paths), workspace };
    const existing = (id: string) => this.lookup('SELECT * FROM knowledge WHERE id = ?', [id], (r) => ({ ...knowledgeLineOf(r), workspace: asNullableString(r.workspace_id) }));
    const stored = existing(row.id);
    if (stored && stored.workspace === workspace && canonical(stored) !== canonical(row)) {
      // The same entry, edited since: the later edit wins; an older copy changes nothing.
      if (row.updatedAt <= stored.updatedAt) {
        this.report.knowledge.unchanged += 1;
        return;
      }
      this.report.knowledge.updated += 1;
      this.statements.push([
        'UPDATE knowledge SET kind = ?, title = ?, body = ?, tags = ?, paths = ?, created_at = ?, updated_at = ? WHERE id = ?',
        [row.kind, row.title, row.body, joinTags(row.tags), joinPaths(row.paths), row.createdAt, row.updatedAt, row.id],
      ]);
      return;
    }
    const { id, isNew } = this.place(row, this.report.knowledge, existing);
    if (!isNew) return;
    this.statements.push([
      'INSERT INTO knowledge (id, workspace_id, kind, title, body, tags, paths, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [id, workspace, row.kind, row.title, row.body, joinTags(row.tags), joinPaths(row.paths), row.createdAt, row.updatedAt],
    ]);
  }

  /** Stored as the chat's store stores it: the title cleaned and redacted. */
  conversation(line: ConversationLine): void {
    const row = { ...line, title: cleanTitle(redactText(line.title)) || 'Conversation', workspace: this.workspace.id };
    const existing = (id: string) => this.lookup('SELECT * FROM conversations WHERE id = ?', [id], (r) => ({ ...conversationLineOf(r), workspace: String(r.workspace_id) }));
    const { id, isNew } = this.place(row, this.report.conversations, existing);
    this.conversationIds.set(line.id, id);
    if (!isNew) return;
    this.statements.push([
      'INSERT INTO conversations (id, workspace_id, title, created_at, updated_at, cost_nanos, estimated, message_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [id, row.workspace, row.title, row.createdAt, row.updatedAt, row.costNanos, row.estimated ? 1 : 0, row.messageCount],
    ]);
  }

  /** Into its conversation as imported (a new copy of it when the stored one differs), redacted as the store redacts. */
  message(line: MessageLine): void {
    const conversationId = this.conversationIds.get(line.conversationId) ?? line.conversationId;
    const meta = line.meta === null ? null : redactJsonText(line.meta, redactText);
    const row = { ...line, conversationId, text: redactText(line.text), attachments: redactJsonText(line.attachments, redactText), meta };
    const { id, isNew } = this.place(row, this.report.messages, (id) => this.lookup('SELECT * FROM chat_messages WHERE id = ?', [id], messageLineOf));
    if (!isNew) return;
    const taken = this.db.one('SELECT id FROM chat_messages WHERE conversation_id = ? AND seq = ?', [conversationId, row.seq]);
    if (taken) {
      throw new UserFacingError(`Message ${line.id} would take position ${row.seq} of conversation ${conversationId}, where message ${String(taken.id)} is already stored; nothing was imported.`);
    }
    this.statements.push([
      'INSERT INTO chat_messages (id, conversation_id, seq, role, text, at, attachments, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [id, conversationId, row.seq, row.role, row.text, row.at, row.attachments, row.meta],
    ]);
  }

  private mapped(sessionId: string): string {
    return this.sessionIds.get(sessionId) ?? sessionId;
  }

  private lookup<T>(sql: string, params: Params, convert: (row: NonNullable<ReturnType<SqlReader['one']>>) => T): T | undefined {
    const row = this.db.one(sql, params);
    return row ? convert(row) : undefined;
  }
}

function plan(db: SqlReader, document: ExchangeDocument, workspaceId?: string): ImportPlanner {
  const workspace = { ...document.header.workspace, id: workspaceId ?? document.header.workspace.id };
  const planner = new ImportPlanner(db, workspace);
  const order: ExchangeRow['type'][] = ['session', 'note', 'file', 'ledger', 'knowledge', 'conversation', 'message'];
  for (const type of order) {
    for (const row of document.rows) {
      if (row.type !== type) continue;
      switch (row.type) {
        case 'session': planner.session(row); break;
        case 'note': planner.note(row); break;
        case 'file': planner.file(row); break;
        case 'ledger': planner.ledger(row); break;
        case 'knowledge': planner.knowledge(row); break;
        case 'conversation': planner.conversation(row); break;
        case 'message': planner.message(row); break;
        default: {
          // Validation admits only the types above; a new one must be planned here, not dropped.
          const unknown: never = row;
          throw new Error(`Cannot import a row of type ${JSON.stringify((unknown as { type: unknown }).type)}.`);
        }
      }
    }
  }
  return planner;
}

/** What an import would change, without changing anything. */
export function previewImport(db: SqlReader, document: ExchangeDocument, workspaceId?: string): ImportReport {
  return plan(db, document, workspaceId).report;
}

export function applyImport(db: SqlWriter, document: ExchangeDocument, workspaceId?: string): ImportReport {
  const planner = plan(db, document, workspaceId);
  for (const [sql, params] of planner.statements) db.run(sql, params);
  return planner.report;
}
