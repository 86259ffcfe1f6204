// Importing the account pool from CSV or JSON (accountExport.ts writes both). An import is all
// or nothing: every error names its line (the first line of a record that spans several) and
// its field, and if there is any, no account is returned.
import type { AccountFields } from './account';
import { ACCOUNT_FIELD_NAMES, type AccountFieldName, API_KEY_MESSAGE, isSecretFieldName, validateAccountFields } from './accountFields';
import type { ZoneClock } from './zoneClock';

export type AccountsFileFormat = 'csv' | 'json';

export interface ImportError {
  readonly line: number;
  readonly field: string | null;
  readonly message: string;
}

export type AccountsImport =
  | { readonly ok: true; readonly accounts: readonly AccountFields[] }
  | { readonly ok: false; readonly errors: readonly ImportError[] };

/** A record of the file, before validation: its first line and its values by field. */
interface FileRecord {
  readonly line: number;
  readonly input: Record<string, unknown>;
}

/** The records that could be read, and errors in the ones that could not (which do not stop the others). */
interface Records {
  readonly records: readonly FileRecord[];
  readonly errors: readonly ImportError[];
}

class ImportFailure extends Error {
  constructor(readonly errors: readonly ImportError[]) {
    super(errors[0]?.message ?? 'import failed');
  }
}

const fail = (line: number, field: string | null, message: string): never => {
  throw new ImportFailure([{ line, field, message }]);
};

const COLUMN_LIST = ACCOUNT_FIELD_NAMES.join(', ');
const ALIASES: Readonly<Record<string, AccountFieldName>> = { reset_time: 'resetTime', 'reset-time': 'resetTime', tz: 'timeZone', time_zone: 'timeZone', 'time-zone': 'timeZone' };

/** The field a column header or JSON key names (case-insensitive, with aliases), or null. */
function fieldNamed(header: string): AccountFieldName | null {
  const lower = header.trim().toLowerCase();
  return ACCOUNT_FIELD_NAMES.find((field) => field.toLowerCase() === lower) ?? ALIASES[lower] ?? null;
}

const withoutBom = (text: string): string => (text.startsWith('\uFEFF') ? text.slice(1) : text);

// ---- CSV (RFC 4180) ----

interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
}

/** Reads the file into rows of cells; a quoted cell may hold commas, doubled quotes and line breaks. */
class CsvReader {
  private at = 0;
  /** The physical line at `at`, so that a row spanning lines is reported at its first. */
  private line = 1;

  constructor(private readonly text: string) {}

  rows(): CsvRow[] {
    const rows: CsvRow[] = [];
    let cells: string[] = [];
    let rowLine = 1;
    for (;;) {
      cells.push(this.text[this.at] === '"' ? this.quotedCell() : this.plainCell());
      if (this.text[this.at] === ',') { this.at++; continue; }
      rows.push({ line: rowLine, cells });
      const width = this.newlineWidth(this.at);
      if (width === 0) break; // the end of the text
      this.at += width;
      this.line++;
      cells = [];
      rowLine = this.line;
    }
    return rows.filter((row) => row.cells.some((cell) => cell.trim() !== '')); // blank lines
  }

  /** 2 for CRLF, 1 for LF or a lone CR, 0 when no line break starts at `at`. */
  private newlineWidth(at: number): number {
    if (this.text[at] === '\r') return this.text[at + 1] === '\n' ? 2 : 1;
    return this.text[at] === '\n' ? 1 : 0;
  }

  private plainCell(): string {
    const start = this.at;
    while (this.at < this.text.length && this.text[this.at] !== ',' && this.newlineWidth(this.at) === 0) {
      if (this.text[this.at] === '"') fail(this.line, null, 'A quote inside an unquoted value: put the value in quotes and double each " inside it ("").');
      this.at++;
    }
    return this.text.slice(start, this.at);
  }

  private quotedCell(): string {
    const opened = this.line;
    let cell = '';
    for (this.at++; ; this.at++) {
      if (this.at >= this.text.length) fail(opened, null, 'A quoted value that starts on this line is never closed: add the closing ".');
      if (this.text[this.at] === '"') {
        if (this.text[this.at + 1] !== '"') break;
        this.at++; // a doubled quote stands for one
      }
      const width = this.newlineWidth(this.at);
      if (width > 0) this.line++;
      cell += this.text.slice(this.at, this.at + Math.max(width, 1));
      this.at += Math.max(width, 1) - 1;
    }
    this.at++;
    if (this.at < this.text.length && this.text[this.at] !== ',' && this.newlineWidth(this.at) === 0) {
      fail(this.line, null, 'Text follows a closing quote: put the whole value inside the quotes.');
    }
    return cell;
  }
}

function csvColumns(header: CsvRow): AccountFieldName[] {
  const errors: ImportError[] = [];
  const columns: AccountFieldName[] = [];
  for (const name of header.cells.map((cell) => cell.trim())) {
    const field = fieldNamed(name);
    if (isSecretFieldName(name)) errors.push({ line: header.line, field: name, message: API_KEY_MESSAGE });
    else if (field === null) errors.push({ line: header.line, field: name, message: `"${name}" is not a column Baton knows: use ${COLUMN_LIST}.` });
    else if (columns.includes(field)) errors.push({ line: header.line, field, message: `The column ${field} appears twice: keep one.` });
    else columns.push(field);
  }
  for (const needed of ['name', 'platform'] as const) {
    if (!columns.includes(needed)) errors.push({ line: header.line, field: needed, message: `The header has no ${needed} column: add one (the columns are ${COLUMN_LIST}).` });
  }
  if (errors.length > 0) throw new ImportFailure(errors);
  return columns;
}

function csvRecords(text: string): Records {
  const [header, ...rows] = new CsvReader(withoutBom(text)).rows();
  if (header === undefined) return fail(1, null, `The file is empty: the first line must name the columns, e.g. name,platform,unit,limit (the columns are ${COLUMN_LIST}).`);
  const columns = csvColumns(header);
  const errors: ImportError[] = [];
  const records: FileRecord[] = [];
  for (const row of rows) {
    if (row.cells.length > columns.length) {
      errors.push({ line: row.line, field: null, message: `This row has ${row.cells.length} values but the header has ${columns.length} columns: put quotes around values that contain commas.` });
    } else {
      // A row may stop early (spreadsheets drop trailing empty cells): missing values are empty.
      records.push({ line: row.line, input: Object.fromEntries(columns.map((field, index) => [field, row.cells[index]])) });
    }
  }
  return { records, errors };
}

// ---- JSON ----

/**
 * A strict JSON reader that keeps what JSON.parse forgets: where each account object starts.
 * It collects the element offsets of the top-level array, or of the top-level "accounts" array.
 */
class JsonLocator {
  private at = 0;
  accounts: number[] | null = null;

  constructor(private readonly text: string) {}

  locate(): number[] | null {
    this.space();
    this.value(0, 'root');
    this.space();
    if (this.at < this.text.length) this.error('Unexpected text after the end of the JSON value: remove it.');
    return this.accounts;
  }

  private error(message: string): never {
    throw new JsonSyntaxError(this.at, message);
  }

  private space(): void {
    while (/[ \t\r\n]/.test(this.text[this.at] ?? '')) this.at++;
  }

  private match(pattern: RegExp): boolean {
    pattern.lastIndex = this.at;
    if (!pattern.test(this.text)) return false;
    this.at = pattern.lastIndex;
    return true;
  }

  private value(depth: number, role: 'root' | 'accounts' | 'other'): void {
    if (depth > 64) this.error('The JSON is nested too deeply.');
    const char = this.text[this.at];
    if (char === '[') return this.array(depth, role === 'root' || role === 'accounts');
    if (char === '{') return this.object(depth, role === 'root');
    if (char === '"') return this.string();
    if (!this.match(/-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y)) this.error('Expected a value here (text in double quotes, a number, true, false, null, [ or {).');
  }

  private string(): void {
    // JSON forbids raw control characters inside strings, so the pattern must name them.
    // eslint-disable-next-line no-control-regex
    if (!this.match(/"(?:[^"\\\u0000-\u001F]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y)) this.error('A text value is not closed, or holds a raw line break or a bad \\ escape.');
  }

  private array(depth: number, collect: boolean): void {
    const starts: number[] = [];
    this.at++;
    this.space();
    if (this.text[this.at] === ']') this.at++;
    else {
      for (;;) {
        this.space();
        starts.push(this.at);
        this.value(depth + 1, 'other');
        this.space();
        if (this.text[this.at] === ']') { this.at++; break; }
        if (this.text[this.at] !== ',') this.error('Expected , or ] after an element: is a comma missing?');
        this.at++;
      }
    }
    if (collect) this.accounts = starts;
  }

  private object(depth: number, root: boolean): void {
    this.at++;
    this.space();
    if (this.text[this.at] === '}') { this.at++; return; }
    for (;;) {
      this.space();
      const keyStart = this.at;
      if (this.text[this.at] !== '"') this.error('Expected a property name in double quotes.');
      this.string();
      const key: unknown = JSON.parse(this.text.slice(keyStart, this.at));
      this.space();
      if (this.text[this.at] !== ':') this.error('Expected : after the property name.');
      this.at++;
      this.space();
      const isAccounts = root && key === 'accounts' && this.text[this.at] === '[';
      this.value(depth + 1, isAccounts ? 'accounts' : 'other');
      this.space();
      if (this.text[this.at] === '}') { this.at++; return; }
      if (this.text[this.at] !== ',') this.error('Expected , or } after a property: is a comma missing?');
      this.at++;
    }
  }
}

class JsonSyntaxError extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

/** The 1-based line of each offset (given in ascending order). */
function linesOf(text: string, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let from = 0;
  for (const offset of offsets) {
    for (let i = from; i < offset; i++) if (text[i] === '\n') line++;
    from = offset;
    lines.push(line);
  }
  return lines;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys to fields (case-insensitive, aliases); unknown keys stay as they are, for validation to name. */
function jsonInput(object: Record<string, unknown>, line: number): FileRecord | ImportError {
  const input: Record<string, unknown> = {};
  const source = new Map<string, string>();
  for (const [key, value] of Object.entries(object)) {
    const field = fieldNamed(key) ?? key;
    const earlier = source.get(field);
    if (earlier !== undefined) return { line, field, message: `"${earlier}" and "${key}" both set ${field}: keep one.` };
    source.set(field, key);
    input[field] = value;
  }
  return { line, input };
}

function jsonRecords(text: string): Records {
  const clean = withoutBom(text);
  let starts: number[] | null;
  try {
    starts = new JsonLocator(clean).locate();
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    // At the end of a truncated file, the last line with text is where something is missing.
    const at = Math.min(error.offset, clean.trimEnd().length);
    return fail(linesOf(clean, [at])[0] ?? 1, null, `This is not valid JSON: ${error.message}`);
  }
  const root: unknown = JSON.parse(clean);
  const elements: unknown = isPlainObject(root) ? root.accounts : root;
  if (starts === null || !Array.isArray(elements)) return fail(1, null, 'Expected an array of accounts, or an object { "accounts": [...] }.');
  const lines = linesOf(clean, starts);
  const read = elements.map((element: unknown, index): FileRecord | ImportError => {
    const line = lines[index] ?? 1;
    if (isPlainObject(element)) return jsonInput(element, line);
    return { line, field: null, message: 'Each account must be an object, e.g. { "name": "GenSpark-02", "platform": "GenSpark", "unit": "credits", "limit": 200 }.' };
  });
  return { records: read.filter((r): r is FileRecord => 'input' in r), errors: read.filter((r): r is ImportError => 'message' in r) };
}

// ---- Validation of the whole file ----

function readRecords(text: string, format: AccountsFileFormat): Records {
  try {
    return format === 'csv' ? csvRecords(text) : jsonRecords(text);
  } catch (error) {
    if (error instanceof ImportFailure) return { records: [], errors: error.errors };
    throw error;
  }
}

/**
 * Names are unique in the pool regardless of case; a repeat names the line that used it first.
 * Checked on every record, valid or not, so that fixing the other errors does not reveal new ones.
 */
function duplicateErrors(records: readonly FileRecord[]): ImportError[] {
  const firstLine = new Map<string, number>();
  const errors: ImportError[] = [];
  for (const { line, input } of records) {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '') continue;
    const first = firstLine.get(name.toLowerCase());
    if (first === undefined) firstLine.set(name.toLowerCase(), line);
    else errors.push({ line, field: 'name', message: `Lines ${first} and ${line} both name an account "${name}": give each account its own name.` });
  }
  return errors;
}

/**
 * A record updating an account already in the pool keeps that account's values for the columns
 * the file does not have (a file of names and limits must not clear tags and priorities).
 */
function withExistingValues(input: Record<string, unknown>, existing: ReadonlyMap<string, AccountFields> | undefined): Record<string, unknown> {
  const known = typeof input.name === 'string' ? existing?.get(input.name.trim().toLowerCase()) : undefined;
  if (!known) return input;
  const values: Record<AccountFieldName, unknown> = {
    name: known.name, platform: known.platform, label: known.label, unit: known.unit, limit: known.limit, window: known.window.kind,
    resetTime: known.window.resetTime, timeZone: known.window.timeZone, tags: known.tags, priority: known.priority, notes: known.notes,
  };
  const filled: Record<string, unknown> = { ...input };
  for (const field of ACCOUNT_FIELD_NAMES) if (!(field in input)) filled[field] = values[field];
  return filled;
}

/**
 * Reads a file of accounts; either every account is good, or every error is listed with its
 * line and field. `existing`: the pool's accounts by lower-case name, whose values fill the
 * columns a file leaves out for the accounts it updates.
 */
export function parseAccountsFile(text: string, format: AccountsFileFormat, clock: ZoneClock, existing?: ReadonlyMap<string, AccountFields>): AccountsImport {
  const read = readRecords(text, format);
  const errors: ImportError[] = [...read.errors];
  const accounts: AccountFields[] = [];
  for (const record of read.records) {
    const result = validateAccountFields(withExistingValues(record.input, existing), clock);
    if (result.ok) accounts.push(result.fields);
    else errors.push(...result.problems.map((problem) => ({ line: record.line, field: problem.field, message: problem.message })));
  }
  errors.push(...duplicateErrors(read.records));
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  return { ok: true, accounts };
}
