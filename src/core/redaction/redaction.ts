// The one redaction choke point. Everything that leaves Baton for a person or an AI (a
// briefing, the clipboard, an export, a log line, a compare view, and the LLM router's
// requests) passes through `redactSecrets`, which replaces each secret with a marker that
// names its kind, `[redacted: github-token]`, and counts what it replaced so the caller can
// say so. Pure: no I/O, no dependencies, same input, same output.
import { type Groups, SECRET_RULES, type SecretKind, type SecretRule } from './secretRules';

export { SECRET_KINDS, type SecretKind } from './secretRules';
export { isSecretFileName, type WithheldPatch, withholdSecretFiles } from './secretFiles';

/** How many secrets were redacted, by kind. Kinds with none are absent. */
export type RedactionCounts = Readonly<Partial<Record<SecretKind, number>>>;

export interface Redacted {
  readonly text: string;
  readonly counts: RedactionCounts;
}

export const redactionMarker = (kind: SecretKind): string => `[redacted: ${kind}]`;

function applyRule(text: string, rule: SecretRule, counts: Partial<Record<SecretKind, number>>): string {
  if (rule.hint !== undefined && !text.includes(rule.hint)) return text;
  return rule.lines ? applyOnLines(text, rule, rule.lines, counts) : applyPattern(text, rule, counts);
}

/** The rule on each line `lines` marks, each line once; the rest of the text is not scanned. */
function applyOnLines(text: string, rule: SecretRule, lines: RegExp, counts: Partial<Record<SecretKind, number>>): string {
  let out = '';
  let from = 0;
  lines.lastIndex = 0;
  for (let found = lines.exec(text); found !== null; found = lines.exec(text)) {
    const start = text.lastIndexOf('\n', found.index) + 1;
    const newline = text.indexOf('\n', found.index);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    const replaced = applyPattern(line, rule, counts);
    if (replaced !== line) {
      out += text.slice(from, start) + replaced;
      from = end;
    }
    lines.lastIndex = end + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

function applyPattern(text: string, rule: SecretRule, counts: Partial<Record<SecretKind, number>>): string {
  let out = '';
  let from = 0;
  for (const match of text.matchAll(rule.pattern)) {
    const [start, end] = match.indices?.groups?.secret ?? [match.index, match.index + match[0].length];
    const secret = text.slice(start, end);
    const groups: Groups = match.groups ?? {};
    const kind = rule.kindOf ? rule.kindOf(secret, groups) : rule.accept === undefined || rule.accept(secret, groups) ? rule.kind : null;
    if (kind === null) continue;
    out += text.slice(from, start) + redactionMarker(kind);
    from = end;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Replaces every secret in `text` with `[redacted: <kind>]` and counts them by kind. Rules run
 * most specific first, each on the previous one's output, so a secret is counted once under
 * its most precise kind. Idempotent: markers are never taken for secrets.
 */
export function redactSecrets(text: string): Redacted {
  const counts: Partial<Record<SecretKind, number>> = {};
  let redacted = text;
  for (const rule of SECRET_RULES) redacted = applyRule(redacted, rule, counts);
  return { text: redacted, counts };
}

/** The redacted text alone, for callers that only pass text on (log lines). */
export function redactText(text: string): string {
  return redactSecrets(text).text;
}

export function mergeCounts(...all: readonly RedactionCounts[]): RedactionCounts {
  const merged: Partial<Record<SecretKind, number>> = {};
  for (const counts of all) {
    for (const [kind, n] of countEntries(counts)) merged[kind] = (merged[kind] ?? 0) + n;
  }
  return merged;
}

export function totalRedactions(counts: RedactionCounts): number {
  return countEntries(counts).reduce((sum, [, n]) => sum + n, 0);
}

/** Kinds with their counts, most first, then by name, so that text built from them is stable. */
export function countEntries(counts: RedactionCounts): [SecretKind, number][] {
  const entries = Object.entries(counts).filter((e): e is [SecretKind, number] => typeof e[1] === 'number' && e[1] > 0);
  return entries.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}

/** "2 github-token, 1 aws-access-key"; empty when nothing was redacted. */
export function redactionBreakdown(counts: RedactionCounts): string {
  return countEntries(counts).map(([kind, n]) => `${n} ${kind}`).join(', ');
}

/** "Redacted 3 secrets: 2 github-token, 1 aws-access-key"; empty when nothing was redacted. */
export function describeRedactions(counts: RedactionCounts): string {
  const total = totalRedactions(counts);
  return total === 0 ? '' : `Redacted ${total} secret${total === 1 ? '' : 's'}: ${redactionBreakdown(counts)}`;
}

/**
 * Redacts many fields and keeps one tally, for callers that take a record apart (a briefing's
 * material, an export's rows) and report the total once.
 */
export class SecretRedactor {
  private tally: RedactionCounts = {};

  readonly redact = (text: string): string => {
    const { text: redacted, counts } = redactSecrets(text);
    if (redacted !== text) this.tally = mergeCounts(this.tally, counts);
    return redacted;
  };

  readonly redactNullable = (text: string | null): string | null => (text === null ? null : this.redact(text));

  counts(): RedactionCounts {
    return this.tally;
  }
}
