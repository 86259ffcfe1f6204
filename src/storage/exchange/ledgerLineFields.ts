// The ledger's two JSON columns in an export: how a file's `attempts` and `decision` are
// checked, and how the exporter redacts the free text inside them. Both travel as the JSON
// text the ledger stores (see LedgerLine), so a row comes back byte for byte.

const ATTEMPT_STATUSES: readonly string[] = ['ok', 'error', 'incomplete'];

/** A value as a problem message quotes it. */
export const found = (value: unknown) => JSON.stringify(value)?.slice(0, 40) ?? 'nothing';

/** JSON text parsed, or not JSON. */
export function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** What is wrong with one attempt (an AttemptRecord, core/costs/ledgerPorts.ts), or null. */
function attemptProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `expected an object, found ${found(value)}`;
  const attempt = value as Record<string, unknown>;
  for (const field of ['provider', 'model']) {
    if (typeof attempt[field] !== 'string') return `${field}: expected a string, found ${found(attempt[field])}`;
  }
  if (typeof attempt.status !== 'string' || !ATTEMPT_STATUSES.includes(attempt.status)) {
    return `status: expected one of ${ATTEMPT_STATUSES.join(', ')}, found ${found(attempt.status)}`;
  }
  for (const field of ['errorClass', 'error']) {
    if (attempt[field] !== undefined && typeof attempt[field] !== 'string') return `${field}: expected a string, found ${found(attempt[field])}`;
  }
  const { httpStatus } = attempt;
  if (httpStatus !== undefined && !(Number.isSafeInteger(httpStatus) && (httpStatus as number) >= 0)) {
    return `httpStatus: expected a whole number >= 0, found ${found(httpStatus)}`;
  }
  return null;
}

/** What is wrong with an `attempts` value (JSON text of a list of attempts), or null. */
export function attemptsProblem(value: unknown): string | null {
  const expected = 'expected JSON text of a list of attempts';
  if (typeof value !== 'string') return `${expected}, found ${found(value)}`;
  const json = parsed(value);
  if (!json.ok || !Array.isArray(json.value)) return `${expected}, found ${found(value)}`;
  for (const [index, attempt] of (json.value as unknown[]).entries()) {
    const problem = attemptProblem(attempt);
    if (problem !== null) return `attempt ${index + 1}, ${problem}`;
  }
  return null;
}

/** What is wrong with a `decision` value (JSON text, or '' for none), or null. */
export function decisionProblem(value: unknown): string | null {
  if (typeof value === 'string' && (value === '' || parsed(value).ok)) return null;
  return `expected JSON text or an empty string, found ${found(value)}`;
}

function redactStrings(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)]));
  }
  return value;
}

/**
 * Redacts every string inside JSON text (attempt error messages, the reasons of a routing
 * decision), never the text around them, so that the result is still the same JSON with
 * markers in its strings. Text with nothing to redact is returned as it was; text that is not
 * JSON is redacted as plain text.
 */
export function redactJsonText(text: string, redact: (text: string) => string): string {
  const json = parsed(text);
  if (!json.ok) return redact(text);
  const redacted = JSON.stringify(redactStrings(json.value, redact));
  return redacted === JSON.stringify(json.value) ? text : redacted;
}
