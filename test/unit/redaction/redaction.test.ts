// The redaction rules against the corpus: every real-shaped secret caught under its kind, every
// look-alike left alone, and the small API around them (counts, descriptions, log lines).
import assert from 'node:assert/strict';
import {
  SECRET_KINDS,
  SecretRedactor,
  describeRedactions,
  mergeCounts,
  redactSecrets,
  redactText,
  redactionMarker,
  totalRedactions,
} from '../../../src/core/redaction/redaction';
import { logLine } from '../../../src/core/redaction/logLine';
import { LOOK_ALIKES, SECRETS, randomText } from './secretCorpus';

describe('redactSecrets', () => {
  const kindsInCorpus = new Set(SECRETS.map((s) => s.kind));

  it(`catches ${SECRETS.length} of ${SECRETS.length} real-shaped secrets, of ${kindsInCorpus.size} kinds, each under its kind`, () => {
    const misses: string[] = [];
    const byKind = new Map<string, { corpus: number; caught: number }>();
    for (const s of SECRETS) {
      const { text, counts } = redactSecrets(s.text);
      const caught = !text.includes(s.secret) && text.includes(redactionMarker(s.kind)) && counts[s.kind] === 1 && totalRedactions(counts) === 1;
      const keptAll = (s.kept ?? []).every((k) => text.includes(k));
      if (!caught || !keptAll) misses.push(`${s.label} (${s.kind}): ${JSON.stringify(counts)} ${JSON.stringify(text.slice(0, 160))}`);
      const row = byKind.get(s.kind) ?? { corpus: 0, caught: 0 };
      byKind.set(s.kind, { corpus: row.corpus + 1, caught: row.caught + (caught && keptAll ? 1 : 0) });
    }
    console.log(`      ${'kind'.padEnd(24)}caught`);
    for (const [kind, row] of byKind) console.log(`      ${kind.padEnd(24)}${row.caught}/${row.corpus}`);
    assert.deepEqual(misses, []);
  });

  it(`leaves ${LOOK_ALIKES.length} of ${LOOK_ALIKES.length} look-alikes alone (SHAs, UUIDs, lockfile hashes, CSS names, placeholders, references)`, () => {
    const flagged = LOOK_ALIKES.map((l) => ({ l, r: redactSecrets(l.text) }))
      .filter(({ l, r }) => r.text !== l.text || totalRedactions(r.counts) > 0)
      .map(({ l, r }) => `${l.label}: ${JSON.stringify(r.counts)} ${JSON.stringify(r.text.slice(0, 160))}`);
    console.log(`      look-alikes left alone: ${LOOK_ALIKES.length - flagged.length}/${LOOK_ALIKES.length}`);
    assert.deepEqual(flagged, []);
  });

  it('has a sample of every kind it can report', () => {
    assert.deepEqual(SECRET_KINDS.filter((kind) => !kindsInCorpus.has(kind)), []);
  });

  it('redacts every secret of a mixed text, counts them by kind, and keeps the rest byte for byte', () => {
    const pieces = SECRETS.slice(0, 12);
    const text = pieces.map((s) => `line about ${s.label}: ${s.text}`).join('\n');
    const { text: redacted, counts } = redactSecrets(text);
    for (const s of pieces) assert.ok(!redacted.includes(s.secret), s.label);
    assert.equal(totalRedactions(counts), pieces.length);
    assert.deepEqual(counts, mergeCounts(...pieces.map((s) => ({ [s.kind]: 1 }))));
    const expected = pieces.map((s) => `line about ${s.label}: ${s.text.replace(s.secret, redactionMarker(s.kind))}`).join('\n');
    assert.equal(redacted, expected);
  });

  it('is idempotent: markers are never taken for secrets', () => {
    const once = redactSecrets(SECRETS.map((s) => s.text).join('\n'));
    const twice = redactSecrets(once.text);
    assert.equal(twice.text, once.text);
    assert.deepEqual(twice.counts, {});
  });

  it('catches the same secret wherever it sits: a note, JSON, a diff line, a URL query, markdown', () => {
    const key = `gh${'p_'}${randomText(36)}`;
    for (const context of [`note: ${key}.`, `{"token":"${key}"}`, `+const token = '${key}';`, `https://api.example.com/?access_token=${key}&page=2`, `**${key}**`, `(${key})`]) {
      const { text, counts } = redactSecrets(context);
      assert.ok(!text.includes(key), context);
      assert.deepEqual(counts, { 'github-token': 1 }, context);
    }
    assert.equal(redactText(`https://x.example/?token=${key}&page=2`), 'https://x.example/?token=[redacted: github-token]&page=2');
  });

  it('stays linear on hostile input (long runs, unterminated keys, many assignments)', () => {
    const hostile: [string, string][] = [
      ['one letter', 'a'.repeat(200_000)],
      ['an unterminated key', `-----BEGIN ${'PRIVATE KEY'}-----\n` + `${randomText(64)}\n`.repeat(3000)],
      ['many unterminated keys', `-----BEGIN ${'PRIVATE KEY'}-----\nx y\n`.repeat(40_000)],
      ['assignments', 'x='.repeat(50_000)],
      ['other assignments', 'foo=bar,'.repeat(30_000)],
      ['prefixes', `${'s'}k-`.repeat(40_000)],
      ['a long value', `TOKEN=${'A1b2'.repeat(30_000)}`],
      ['URL starts', 'https://u:'.repeat(20_000)],
    ];
    for (const [name, text] of hostile) {
      const started = Date.now();
      redactSecrets(text);
      const elapsed = Date.now() - started;
      console.log(`      ${name}: ${text.length} characters in ${elapsed} ms`);
      // Linear rules take tens of milliseconds here; a quadratic one takes seconds.
      assert.ok(elapsed < 2_500, `${name}: ${elapsed} ms`);
    }
  });
});

describe('redaction counts and descriptions', () => {
  it('describes counts most first, then by name, and says nothing when there is nothing', () => {
    assert.equal(describeRedactions({}), '');
    assert.equal(describeRedactions({ 'aws-access-key': 1 }), 'Redacted 1 secret: 1 aws-access-key');
    assert.equal(describeRedactions({ 'aws-access-key': 1, 'github-token': 2 }), 'Redacted 3 secrets: 2 github-token, 1 aws-access-key');
    assert.equal(describeRedactions({ 'slack-token': 1, 'aws-access-key': 1 }), 'Redacted 2 secrets: 1 aws-access-key, 1 slack-token');
  });

  it('merges counts and keeps one tally over many fields', () => {
    assert.deepEqual(mergeCounts({ jwt: 1 }, { jwt: 2, password: 1 }, {}), { jwt: 3, password: 1 });
    const redactor = new SecretRedactor();
    const a = redactor.redact(`DB_PASSWORD=hunter2-again`);
    const b = redactor.redact(`and ${'AK'}IA${randomText(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`);
    assert.equal(redactor.redactNullable(null), null);
    assert.equal(a, 'DB_PASSWORD=[redacted: password]');
    assert.equal(b, 'and [redacted: aws-access-key]');
    assert.deepEqual(redactor.counts(), { password: 1, 'aws-access-key': 1 });
  });

  it('redacts a log line and the message of the error it carries', () => {
    const key = `${'s'}k-proj-${randomText(80)}`;
    const url = `postgres://app:${randomText(14)}@db/shop`;
    assert.equal(logLine(`calling with ${key}`), 'calling with [redacted: openai-key]');
    const line = logLine('Request failed', new Error(`401 for key ${key} at ${url}`));
    assert.equal(line, 'Request failed: 401 for key [redacted: openai-key] at postgres://app:[redacted: url-password]@db/shop');
    assert.equal(logLine('plain', 'a string thrown'), 'plain: a string thrown');
  });
});
