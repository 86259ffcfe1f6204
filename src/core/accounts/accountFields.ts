// Account fields from loose input (a command's input boxes, CLI flags, a row of an imported
// file): every value checked, normalised, and each problem reported with what to do about it.
// Keys never enter here: a field named like a secret, or a value shaped like an API key, is
// refused, because the pool lives in the database and in exports, where keys must never be.
import { redactSecrets } from '../redaction/redaction';
import { looksRandom } from '../redaction/secretValues';
import { type AccountFields, CREDIT_UNITS, type CreditUnit, DEFAULT_WINDOW, WINDOW_KINDS, type WindowKind } from './account';
import { formatResetTime, parseResetTime } from './creditWindow';
import type { ZoneClock } from './zoneClock';

export const ACCOUNT_FIELD_NAMES = ['name', 'platform', 'label', 'unit', 'limit', 'window', 'resetTime', 'timeZone', 'tags', 'priority', 'notes'] as const;
export type AccountFieldName = (typeof ACCOUNT_FIELD_NAMES)[number];

export const API_KEY_MESSAGE = "API keys are not imported from files: set them with Baton: Set API Key (they are kept in VS Code's SecretStorage)";

export const MAX_NAME_LENGTH = 64;
export const MAX_LABEL_LENGTH = 128;
export const MAX_TAG_LENGTH = 32;
export const MAX_NOTES_LENGTH = 2000;

/** What the caller fills in when the input leaves a field out (the user's own zone, say). */
export interface AccountFieldDefaults {
  readonly unit?: CreditUnit;
  readonly windowKind?: WindowKind;
  readonly resetTime?: string;
  readonly timeZone?: string;
}

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export type AccountFieldsResult =
  | { readonly ok: true; readonly fields: AccountFields }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/** A checked value, or what is wrong with it. */
type Checked<T> = { readonly value: T } | { readonly message: string };

const SECRET_FIELD_NAMES = new Set(['apikey', 'key', 'secret', 'token', 'password']);
/** Control characters, and the bidi overrides that make a name read differently from what it is. */
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
/** Notes may span lines and hold tabs; nothing else invisible. */
const NOTES_CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069](?<![\t\n\r])/u;
const OPENAI_STYLE_KEY = /(?<![A-Za-z0-9])sk-(?:ant-)?[A-Za-z0-9_-]{16,}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `apiKey`, `API_KEY`, `api-key`, `token`, `password`…: names under which people paste keys. */
export function isSecretFieldName(key: string): boolean {
  return SECRET_FIELD_NAMES.has(key.toLowerCase().replace(/[_\-\s]/g, ''));
}

/**
 * A value shaped like an API key: a vendor's key format (the redaction rules), `sk-…`, or a
 * long random run of base64 or hex (looksRandom judges both). A run must hold a digit: 32 random base62 characters nearly always do, and long
 * names made of words ("America/Argentina/ComodRivadavia") do not.
 */
export function looksLikeApiKey(text: string): boolean {
  if (OPENAI_STYLE_KEY.test(text) || redactSecrets(text).text !== text) return true;
  const randomRun = (word: string) => word.length >= 32 && /\d/.test(word) && !UUID.test(word) && looksRandom(word);
  return text.split(/[\s,;:"'`()<>[\]{}]+/).some(randomRun);
}

const isAbsent = (raw: unknown): boolean => raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
const quoted = (raw: unknown): string => JSON.stringify(typeof raw === 'string' ? raw.trim() : raw) ?? String(raw);
const characters = (text: string): number => [...text].length;

function textOf(raw: unknown, what: string): Checked<string> {
  if (isAbsent(raw)) return { value: '' };
  if (typeof raw === 'string') return { value: raw.trim() };
  if (typeof raw === 'number' && Number.isFinite(raw)) return { value: String(raw) };
  return { message: `The ${what} must be text.` };
}

/** A one-line piece of text: name, platform, label. */
function lineText(raw: unknown, what: string, max: number, missing: string | null): Checked<string> {
  const text = textOf(raw, what);
  if (!('value' in text)) return text;
  if (text.value === '') return missing === null ? text : { message: missing };
  if (CONTROL.test(text.value)) return { message: `The ${what} contains a control character (a line break, tab or direction mark): remove it.` };
  const length = characters(text.value);
  if (length > max) return { message: `The ${what} is ${length} characters long: shorten it to ${max} or fewer.` };
  return text;
}

function checkUnit(raw: unknown, fallback: CreditUnit | undefined): Checked<CreditUnit> {
  const list = CREDIT_UNITS.join(', ');
  if (isAbsent(raw)) return fallback === undefined ? { message: `Set the unit: one of ${list}.` } : { value: fallback };
  const unit = CREDIT_UNITS.find((u) => typeof raw === 'string' && u === raw.trim().toLowerCase());
  return unit === undefined ? { message: `${quoted(raw)} is not a unit: use one of ${list}.` } : { value: unit };
}

function numberOf(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  // Plain decimals, and the exponent form that export writes for very small or large limits (1e-7).
  if (typeof raw !== 'string' || !/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(raw.trim())) return null;
  const value = Number(raw.trim());
  return Number.isFinite(value) ? value : null;
}

function checkLimit(raw: unknown, unit: CreditUnit | null): Checked<number> {
  if (unit === 'percent') {
    if (isAbsent(raw) || numberOf(raw) === 100) return { value: 100 };
    return { message: `A percent account's limit is always 100: leave the limit empty or set it to 100.` };
  }
  if (isAbsent(raw)) return { message: `Set the limit: how many ${unit === 'usd' ? 'US dollars' : 'credits'} the account allows per window.` };
  const limit = numberOf(raw);
  if (limit === null) return { message: `${quoted(raw)} is not a number: write the limit as a plain number, e.g. 100 or 2.5.` };
  return limit > 0 ? { value: limit } : { message: `The limit must be more than 0 (it is ${limit}).` };
}

function checkWindowKind(raw: unknown, fallback: WindowKind): Checked<WindowKind> {
  if (isAbsent(raw)) return { value: fallback };
  const kind = WINDOW_KINDS.find((k) => typeof raw === 'string' && k === raw.trim().toLowerCase());
  return kind === undefined ? { message: `${quoted(raw)} is not a window: use one of ${WINDOW_KINDS.join(', ')}.` } : { value: kind };
}

function checkResetTime(raw: unknown, fallback: string): Checked<string> {
  const given = isAbsent(raw) ? fallback : raw;
  const time = typeof given === 'string' ? parseResetTime(given) : null;
  return time === null ? { message: `${quoted(given)} is not a reset time: write it as HH:MM, from 00:00 to 23:59.` } : { value: formatResetTime(time) };
}

function checkTimeZone(raw: unknown, fallback: string, clock: ZoneClock): Checked<string> {
  const given = isAbsent(raw) ? fallback : raw;
  const zone = typeof given === 'string' ? given.trim() : '';
  if (zone !== '' && clock.isValidZone(zone)) return { value: zone };
  return { message: `${quoted(given)} is not a time zone Baton knows: use an IANA name such as "Europe/Berlin" or "America/New_York".` };
}

function isTextList(raw: unknown): raw is string[] {
  return Array.isArray(raw) && raw.every((item) => typeof item === 'string');
}

/** Tags from "frontend, React" or ["frontend", "react"]: trimmed, lower-case, each once. */
function checkTags(raw: unknown): Checked<string[]> {
  if (isAbsent(raw)) return { value: [] };
  const parts = typeof raw === 'string' ? raw.split(',') : isTextList(raw) ? raw : null;
  if (parts === null) return { message: 'Write the tags as text separated by commas, e.g. "frontend, long-context".' };
  const tags = [...new Set(parts.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))];
  if (tags.some((tag) => CONTROL.test(tag))) return { message: 'A tag contains a control character: remove it.' };
  const long = tags.find((tag) => characters(tag) > MAX_TAG_LENGTH);
  return long === undefined ? { value: tags } : { message: `The tag "${long}" is longer than ${MAX_TAG_LENGTH} characters: shorten it.` };
}

function checkPriority(raw: unknown): Checked<number> {
  if (isAbsent(raw)) return { value: 0 };
  const priority = numberOf(raw);
  if (priority !== null && Number.isSafeInteger(priority)) return { value: priority };
  return { message: `${quoted(raw)} is not a whole number: set the priority to an integer such as 0, 1 or -1 (higher is preferred).` };
}

function checkNotes(raw: unknown): Checked<string> {
  const notes = textOf(raw, 'notes');
  if (!('value' in notes)) return notes;
  if (NOTES_CONTROL.test(notes.value)) return { message: 'The notes contain a control character: remove it.' };
  const length = characters(notes.value);
  return length > MAX_NOTES_LENGTH ? { message: `The notes are ${length} characters long: shorten them to ${MAX_NOTES_LENGTH} or fewer.` } : notes;
}

function isFieldName(key: string): key is AccountFieldName {
  return (ACCOUNT_FIELD_NAMES as readonly string[]).includes(key);
}

const valueTexts = (raw: unknown): string[] => (typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((item): item is string => typeof item === 'string') : []);

/** Keys that are secrets, hold something shaped like a key, or are not fields at all. */
function keyProblems(input: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [key, raw] of Object.entries(input)) {
    if (isSecretFieldName(key) || valueTexts(raw).some(looksLikeApiKey)) problems.push({ field: key, message: API_KEY_MESSAGE });
    else if (!isFieldName(key)) problems.push({ field: key, message: `"${key}" is not an account field: use ${ACCOUNT_FIELD_NAMES.join(', ')}.` });
  }
  return problems;
}

function checkAll(input: Record<string, unknown>, clock: ZoneClock, defaults: AccountFieldDefaults) {
  const unit = checkUnit(input.unit, defaults.unit);
  return {
    name: lineText(input.name, 'name', MAX_NAME_LENGTH, 'Give the account a name, e.g. "GenSpark-02".'),
    platform: lineText(input.platform, 'platform', MAX_NAME_LENGTH, 'Say which platform the account is on, e.g. "GenSpark", "openai" or "claude-code".'),
    label: lineText(input.label, 'label', MAX_LABEL_LENGTH, null),
    unit,
    limit: checkLimit(input.limit, 'value' in unit ? unit.value : null),
    window: checkWindowKind(input.window, defaults.windowKind ?? DEFAULT_WINDOW.kind),
    resetTime: checkResetTime(input.resetTime, defaults.resetTime ?? DEFAULT_WINDOW.resetTime),
    timeZone: checkTimeZone(input.timeZone, defaults.timeZone ?? DEFAULT_WINDOW.timeZone, clock),
    tags: checkTags(input.tags),
    priority: checkPriority(input.priority),
    notes: checkNotes(input.notes),
  } satisfies Record<AccountFieldName, Checked<unknown>>;
}

/** The value of a check already known to have passed. */
function passed<T>(result: Checked<T>): T {
  if ('message' in result) throw new Error(`Unchecked field problem: ${result.message}`);
  return result.value;
}

/**
 * Checks and normalises account fields from loose input: absent fields take the defaults
 * (window daily at 00:00 UTC, priority 0, no tags, empty label and notes; a percent limit is
 * always 100). Either every field is good, or every problem is listed.
 */
export function validateAccountFields(input: Record<string, unknown>, clock: ZoneClock, defaults: AccountFieldDefaults = {}): AccountFieldsResult {
  const problems = keyProblems(input);
  const refused = new Set(problems.map((problem) => problem.field));
  const checked = checkAll(input, clock, defaults);
  for (const field of ACCOUNT_FIELD_NAMES) {
    const result: Checked<unknown> = checked[field];
    if ('message' in result && !refused.has(field)) problems.push({ field, message: result.message });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    fields: {
      name: passed(checked.name), platform: passed(checked.platform), label: passed(checked.label), unit: passed(checked.unit),
      limit: passed(checked.limit),
      window: { kind: passed(checked.window), resetTime: passed(checked.resetTime), timeZone: passed(checked.timeZone) },
      tags: passed(checked.tags), priority: passed(checked.priority), notes: passed(checked.notes),
    },
  };
}
