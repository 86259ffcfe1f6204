// Validates an export file before anything is imported. Every error names its line and field.
// Rows of a type this Baton does not know (`__proto__` and `constructor` too), header versions
// outside the range it reads, and knowledge entries that `baton knowledge add` would refuse
// (title, body, tags, paths) are errors; a UTF-8 byte-order mark before the header is not.
// Fields added to a row type later are optional: a line without one gets its default
// (LEDGER_LINE_DEFAULTS), a line with one has it checked like any other field. A row keeps
// only the fields of its type, so an unknown extra field cannot make an import differ from the
// stored row (which would remap it on every import).
import { KNOWLEDGE_KINDS } from '../../core/knowledge/knowledgeEntry';
import { MAX_BODY_LENGTH, MAX_PATHS, MAX_TAGS, MAX_TAG_LENGTH, MAX_TITLE_LENGTH, normalizePaths, normalizeTags } from '../../core/knowledge/knowledgeText';
import {
  EXCHANGE_FORMAT,
  EXCHANGE_VERSION,
  type ExchangeDocument,
  type ExchangeHeader,
  type ExchangeRow,
  type ConversationLine,
  type KnowledgeLine,
  type MessageLine,
  LEDGER_LINE_DEFAULTS,
  LEDGER_PRICINGS,
  OLDEST_EXCHANGE_VERSION,
} from './exchangeFormat';
import { attachmentsProblem, metaProblem, textProblem, totalsProblems } from './chatLineFields';
import { attemptsProblem, decisionProblem } from './ledgerLineFields';

export class ExchangeValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The file is not a valid Baton export:\n${problems.slice(0, 20).join('\n')}${problems.length > 20 ? `\n… and ${problems.length - 20} more` : ''}`);
  }
}

/** A field checked by a function that says what is wrong with a value, or null. */
interface CheckedField {
  readonly problem: (value: unknown) => string | null;
  readonly expected: string;
}
type FieldKind = 'string' | 'string?' | 'int' | 'int?' | 'bool' | 'string[]' | { readonly oneOf: readonly string[] } | CheckedField;
type Shape = Record<string, FieldKind>;

const SHAPES: Record<ExchangeRow['type'], Shape> = {
  session: {
    id: 'string', goal: 'string', startedAt: 'int', endedAt: 'int?', lastActivityAt: 'int', activeMs: 'int',
    branchStart: 'string?', headStart: 'string?', branchEnd: 'string?', headEnd: 'string?', summary: 'string?',
  },
  note: { id: 'string', sessionId: 'string', text: 'string', at: 'int' },
  file: { sessionId: 'string', path: 'string', edits: 'int', saves: 'int', lastAt: 'int' },
  ledger: {
    id: 'string', sessionId: 'string?', accountId: 'string?', provider: 'string', model: 'string', at: 'int',
    inputTokens: 'int', outputTokens: 'int', cachedTokens: 'int', costNanos: 'int', status: 'string', requestId: 'string?',
  },
  knowledge: {
    id: 'string', scope: { oneOf: ['workspace', 'global'] }, kind: { oneOf: KNOWLEDGE_KINDS }, title: 'string', body: 'string',
    tags: 'string[]', paths: 'string[]', createdAt: 'int', updatedAt: 'int',
  },
  conversation: { id: 'string', title: 'string', createdAt: 'int', updatedAt: 'int', costNanos: 'int', estimated: 'bool', messageCount: 'int' },
  message: {
    id: 'string', conversationId: 'string', seq: 'int', role: { oneOf: ['user', 'assistant'] },
    text: { problem: textProblem, expected: 'the text of a message' }, at: 'int',
    attachments: { problem: attachmentsProblem, expected: 'JSON text of a list of attachments' },
    meta: { problem: metaProblem, expected: "JSON text of an answer's details, or null" },
  },
};

interface OptionalFields {
  readonly shape: Shape;
  readonly defaults: Readonly<Record<string, unknown>>;
}

/** Fields a line may leave out, and the value it then has (exchangeFormat.ts). */
const OPTIONAL: Partial<Record<ExchangeRow['type'], OptionalFields>> = {
  ledger: {
    shape: {
      strategy: 'string',
      attempts: { problem: attemptsProblem, expected: 'JSON text of a list of attempts' },
      cacheReadTokens: 'int', cacheWriteTokens: 'int', estimated: 'bool', pricing: { oneOf: LEDGER_PRICINGS }, latencyMs: 'int?', ttftMs: 'int?',
      cacheHit: 'bool', savedNanos: 'int', fallbackUsed: 'bool', source: 'string',
      decision: { problem: decisionProblem, expected: 'JSON text or an empty string' },
      redacted: 'string',
      prices: 'string',
      localDay: 'int?',
    },
    defaults: LEDGER_LINE_DEFAULTS,
  },
};

function fits(value: unknown, kind: FieldKind): boolean {
  if (typeof kind === 'object') return 'oneOf' in kind ? typeof value === 'string' && kind.oneOf.includes(value) : kind.problem(value) === null;
  if (kind === 'string[]') return Array.isArray(value) && value.every((item) => typeof item === 'string');
  if (kind === 'bool') return typeof value === 'boolean';
  if (kind.endsWith('?') && value === null) return true;
  return kind.startsWith('string') ? typeof value === 'string' : Number.isSafeInteger(value) && (value as number) >= 0;
}

const KIND_NAMES = {
  string: 'a string', 'string?': 'a string or null', int: 'a whole number >= 0', 'int?': 'a whole number >= 0 or null', bool: 'true or false', 'string[]': 'a list of strings',
} as const;

const describe = (kind: FieldKind) => (typeof kind !== 'object' ? KIND_NAMES[kind] : 'oneOf' in kind ? `one of ${kind.oneOf.join(', ')}` : kind.expected);

/** The shape of a row type, only for the types above: never one inherited from Object (`constructor`, `__proto__`, `toString`). */
function shapeOf(type: unknown): Shape | null {
  return typeof type === 'string' && Object.hasOwn(SHAPES, type) ? SHAPES[type as ExchangeRow['type']] : null;
}

function checkShape(record: Record<string, unknown>, shape: Shape, line: number, problems: string[], optional = false): void {
  for (const [field, kind] of Object.entries(shape)) {
    if (!Object.hasOwn(record, field)) {
      if (!optional) problems.push(`line ${line}, field ${field}: missing (expected ${describe(kind)})`);
    } else if (typeof kind === 'object' && 'problem' in kind) {
      const problem = kind.problem(record[field]);
      if (problem !== null) problems.push(`line ${line}, field ${field}: ${problem}`);
    } else if (!fits(record[field], kind)) {
      problems.push(`line ${line}, field ${field}: expected ${describe(kind)}, found ${JSON.stringify(record[field])?.slice(0, 40)}`);
    }
  }
}

/** The row a checked line stands for: its type's fields only, with defaults for optional fields it leaves out. */
function rowOf(record: Record<string, unknown>, shape: Shape, optional: OptionalFields | undefined): ExchangeRow {
  const row: Record<string, unknown> = { type: record.type };
  for (const field of Object.keys(shape)) row[field] = record[field];
  for (const field of Object.keys(optional?.shape ?? {})) row[field] = Object.hasOwn(record, field) ? record[field] : optional?.defaults[field];
  return row as unknown as ExchangeRow;
}

function parseHeader(value: Record<string, unknown>, problems: string[]): ExchangeHeader | null {
  if (value.type !== 'header' || value.format !== EXCHANGE_FORMAT) {
    problems.push(`line 1, field format: expected "${EXCHANGE_FORMAT}": this is not a Baton export file`);
    return null;
  }
  const readable = OLDEST_EXCHANGE_VERSION === EXCHANGE_VERSION ? `version ${EXCHANGE_VERSION}` : `versions ${OLDEST_EXCHANGE_VERSION} to ${EXCHANGE_VERSION}`;
  if (Number.isSafeInteger(value.version) && (value.version as number) > EXCHANGE_VERSION) {
    problems.push(`line 1, field version: ${String(value.version)} is not supported (this Baton reads ${readable}); update Baton`);
  } else if (!Number.isSafeInteger(value.version) || (value.version as number) < OLDEST_EXCHANGE_VERSION) {
    problems.push(`line 1, field version: ${JSON.stringify(value.version)?.slice(0, 40) ?? 'missing'} is not a version of the Baton export format (this Baton reads ${readable})`);
  }
  const ws = value.workspace as Record<string, unknown> | undefined;
  if (typeof ws !== 'object' || ws === null) problems.push('line 1, field workspace: missing');
  else checkShape(ws, { id: 'string', name: 'string', location: 'string' }, 1, problems);
  return problems.length === 0 ? (value as unknown as ExchangeHeader) : null;
}

function parseLine(text: string, line: number, problems: string[]): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    problems.push(`line ${line}: expected a JSON object`);
  } catch (error) {
    problems.push(`line ${line}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return null;
}

/**
 * What `baton knowledge add` would refuse in this entry (knowledgeText.ts `normalizeDraft`),
 * measured the same way: on the title, body, tags and paths as it normalizes them.
 */
function checkKnowledgeLimits(row: KnowledgeLine, line: number, problems: string[]): void {
  const at = (field: string) => `line ${line}, field ${field}:`;
  const title = row.title.replace(/\s+/g, ' ').trim();
  if (title === '') problems.push(`${at('title')} empty (a knowledge entry needs a title)`);
  if (title.length > MAX_TITLE_LENGTH) problems.push(`${at('title')} ${title.length} characters, more than the ${MAX_TITLE_LENGTH} allowed`);
  const body = row.body.replace(/\r\n?/g, '\n').trimEnd();
  if (body.length > MAX_BODY_LENGTH) problems.push(`${at('body')} ${body.length} characters, more than the ${MAX_BODY_LENGTH} allowed`);
  const tags = normalizeTags(row.tags);
  if (tags.length > MAX_TAGS) problems.push(`${at('tags')} ${tags.length} tags, more than the ${MAX_TAGS} allowed`);
  const long = tags.find((tag) => tag.length > MAX_TAG_LENGTH);
  if (long !== undefined) problems.push(`${at('tags')} the tag "${long.slice(0, 20)}…" has ${long.length} characters, more than the ${MAX_TAG_LENGTH} allowed`);
  const paths = normalizePaths(row.paths);
  if (paths.length > MAX_PATHS) problems.push(`${at('paths')} ${paths.length} paths, more than the ${MAX_PATHS} allowed`);
}

/**
 * Each conversation and message appears once; each message belongs to a conversation of the file,
 * at a position no other message of it holds; each conversation's totals are those of its
 * messages (as the store keeps them).
 */
function checkConversations(rows: readonly ExchangeRow[], lineOf: ReadonlyMap<ExchangeRow, number>, problems: string[]): void {
  const at = (row: ExchangeRow) => `line ${lineOf.get(row) ?? 0}`;
  const messages = new Map<string, MessageLine[]>();
  const seqs = new Map<string, Set<number>>();
  const messageIds = new Set<string>();
  const conversations = rows.filter((row): row is ConversationLine => row.type === 'conversation');
  for (const conversation of conversations) {
    if (messages.has(conversation.id)) problems.push(`${at(conversation)}, field id: conversation ${conversation.id} appears twice in this file`);
    messages.set(conversation.id, []);
    seqs.set(conversation.id, new Set());
  }
  for (const message of rows.filter((row): row is MessageLine => row.type === 'message')) {
    const siblings = messages.get(message.conversationId);
    const taken = seqs.get(message.conversationId);
    if (messageIds.has(message.id)) problems.push(`${at(message)}, field id: message ${message.id} appears twice in this file`);
    messageIds.add(message.id);
    if (!siblings || !taken) problems.push(`${at(message)}, field conversationId: no conversation with id ${message.conversationId} in this file`);
    else if (taken.has(message.seq)) problems.push(`${at(message)}, field seq: another message of conversation ${message.conversationId} is at position ${message.seq}`);
    taken?.add(message.seq);
    siblings?.push(message);
  }
  for (const conversation of conversations) {
    for (const problem of totalsProblems(conversation, messages.get(conversation.id) ?? [])) problems.push(`${at(conversation)}, ${problem}`);
  }
}

/** Parses and validates a whole export file. Throws ExchangeValidationError listing every problem. */
export function parseExchange(text: string): ExchangeDocument {
  // Editors on Windows may save UTF-8 with a byte-order mark; it is not part of the header line.
  const lines = text.replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  const problems: string[] = [];
  const first = parseLine(lines[0] ?? '', 1, problems);
  const header = first ? parseHeader(first, problems) : null;
  const rows: ExchangeRow[] = [];
  const sessionIds = new Set<string>();
  const references: { line: number; sessionId: string; field: string }[] = [];
  const lineOf = new Map<ExchangeRow, number>();
  lines.slice(1).forEach((text, index) => {
    const line = index + 2;
    if (text.trim() === '') return;
    const record = parseLine(text, line, problems);
    if (!record) return;
    const shape = shapeOf(record.type);
    if (!shape) {
      const found = JSON.stringify(record.type)?.slice(0, 40) ?? 'nothing';
      return void problems.push(`line ${line}, field type: expected one of ${Object.keys(SHAPES).join(', ')} (found ${found})`);
    }
    const before = problems.length;
    checkShape(record, shape, line, problems);
    // shapeOf admitted the type, so it is one of ExchangeRow['type'] and an own key here or absent.
    const optional = Object.hasOwn(OPTIONAL, record.type as string) ? OPTIONAL[record.type as ExchangeRow['type']] : undefined;
    if (optional) checkShape(record, optional.shape, line, problems, true);
    if (problems.length > before) return;
    const row = rowOf(record, shape, optional);
    if (row.type === 'knowledge') checkKnowledgeLimits(row, line, problems);
    if (problems.length > before) return;
    if (row.type === 'session') sessionIds.add(row.id);
    if ((row.type === 'note' || row.type === 'file' || row.type === 'ledger') && row.sessionId !== null) {
      references.push({ line, sessionId: row.sessionId, field: 'sessionId' });
    }
    lineOf.set(row, line);
    rows.push(row);
  });
  for (const ref of references) {
    if (!sessionIds.has(ref.sessionId)) problems.push(`line ${ref.line}, field ${ref.field}: no session with id ${ref.sessionId} in this file`);
  }
  checkConversations(rows, lineOf, problems);
  if (problems.length > 0 || !header) throw new ExchangeValidationError(problems);
  return { header, rows };
}
