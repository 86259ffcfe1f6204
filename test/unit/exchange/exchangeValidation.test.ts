// What an import accepts before it changes anything: only the row types Baton writes (never
// one inherited from Object, such as `__proto__` or `constructor`), header versions in the
// range this Baton reads, and knowledge entries within the limits `baton knowledge add`
// enforces; every problem named with its line. A UTF-8 byte-order mark is not a problem.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_BODY_LENGTH, MAX_PATHS, MAX_TAGS, MAX_TAG_LENGTH, MAX_TITLE_LENGTH } from '../../../src/core/knowledge/knowledgeText';
import { EXCHANGE_VERSION } from '../../../src/storage/exchange/exchangeFormat';
import { ExchangeValidationError, parseExchange } from '../../../src/storage/exchange/exchangeValidation';
import { importFromFile } from '../../../src/storage/exchange/workspaceExchange';
import { openDatabase } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const HEADER = { type: 'header', format: 'baton-export', version: 1, exportedAt: '2026-01-01T00:00:00.000Z', workspace: { id: 'ws-v', name: 'v', location: '/v' } };
const SESSION = { type: 'session', id: 's1', goal: 'g', startedAt: 1, endedAt: 2, lastActivityAt: 2, activeMs: 1, branchStart: null, headStart: null, branchEnd: null, headEnd: null, summary: null };
const KNOWLEDGE = { type: 'knowledge', id: 'k1', scope: 'workspace', kind: 'note', title: 'A title', body: 'A body', tags: ['a'], paths: ['src/a.ts'], createdAt: 1, updatedAt: 1 };

const fileOf = (...lines: readonly object[]) => `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;

function problemsOf(text: string): string[] {
  try {
    parseExchange(text);
  } catch (error) {
    assert.ok(error instanceof ExchangeValidationError, String(error));
    return [...error.problems];
  }
  assert.fail('the file was accepted');
}

describe('export validation', () => {
  useTempDirs();

  describe('row types', () => {
    it('refuses types inherited from Object (__proto__, constructor, ...) with their line, like any unknown type', () => {
      const odd = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'header', 'workspace', ''];
      const problems = problemsOf(fileOf(HEADER, SESSION, ...odd.map((type) => ({ type, id: 'x' })), { id: 'no type' }, { type: 7 }));
      assert.deepEqual(problems, [
        ...odd.map((type, i) => `line ${i + 3}, field type: expected one of session, note, file, ledger, knowledge, conversation, message (found ${JSON.stringify(type)})`),
        'line 11, field type: expected one of session, note, file, ledger, knowledge, conversation, message (found nothing)',
        'line 12, field type: expected one of session, note, file, ledger, knowledge, conversation, message (found 7)',
      ]);
    });

    it('a row typed "__proto__" by a JSON key does not change any prototype', () => {
      const text = `${JSON.stringify(HEADER)}\n{"type":"__proto__","__proto__":{"polluted":true}}\n`;
      assert.equal(problemsOf(text).length, 1);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  });

  describe('header version', () => {
    it(`reads version ${EXCHANGE_VERSION}`, () => {
      assert.equal(parseExchange(fileOf(HEADER, SESSION)).rows.length, 1);
    });

    it('refuses versions outside the supported range, naming line 1', () => {
      const cases: [unknown, RegExp][] = [
        [3, /^line 1, field version: 3 is not supported \(this Baton reads versions 1 to 2\); update Baton$/],
        [99, /^line 1, field version: 99 is not supported/],
        [0, /^line 1, field version: 0 is not a version of the Baton export format \(this Baton reads versions 1 to 2\)$/],
        [-1, /^line 1, field version: -1 is not a version/],
        [1.5, /^line 1, field version: 1\.5 is not a version/],
        ['1', /^line 1, field version: "1" is not a version/],
        [null, /^line 1, field version: null is not a version/],
        [undefined, /^line 1, field version: missing is not a version/],
        [1e300, /^line 1, field version: 1e\+300 is not a version/],
      ];
      for (const [version, message] of cases) {
        const problems = problemsOf(fileOf({ ...HEADER, version }, SESSION));
        assert.equal(problems.length, 1, `${String(version)}: ${problems.join('; ')}`);
        assert.match(problems[0] ?? '', message);
      }
    });
  });

  describe('knowledge limits, as `knowledge add` enforces them', () => {
    const at = (overrides: Partial<typeof KNOWLEDGE>) => ({ ...KNOWLEDGE, ...overrides });

    it('accepts entries exactly at each limit', () => {
      const entry = at({
        title: 't'.repeat(MAX_TITLE_LENGTH),
        body: 'b'.repeat(MAX_BODY_LENGTH),
        tags: Array.from({ length: MAX_TAGS }, (_, i) => `${i}`.padEnd(MAX_TAG_LENGTH, 'x')),
        paths: Array.from({ length: MAX_PATHS }, (_, i) => `src/f${i}.ts`),
      });
      assert.equal(parseExchange(fileOf(HEADER, entry)).rows.length, 1);
      // Measured after the same normalization: runs of spaces in a title, a trailing newline, duplicate tags.
      const normalized = at({ title: `${'t'.repeat(MAX_TITLE_LENGTH)}   `, body: `${'b'.repeat(MAX_BODY_LENGTH)}\n\n`, tags: [...Array(MAX_TAGS + 5).fill('same')] });
      assert.equal(parseExchange(fileOf(HEADER, normalized)).rows.length, 1);
    });

    it('refuses each limit exceeded, with the line of the entry and the field', () => {
      const problems = problemsOf(fileOf(
        HEADER,
        at({ id: 'k1', title: 't'.repeat(MAX_TITLE_LENGTH + 1) }),
        at({ id: 'k2', body: 'b'.repeat(MAX_BODY_LENGTH + 1) }),
        at({ id: 'k3', tags: Array.from({ length: MAX_TAGS + 1 }, (_, i) => `tag${i}`) }),
        at({ id: 'k4', tags: ['x'.repeat(MAX_TAG_LENGTH + 1)] }),
        at({ id: 'k5', paths: Array.from({ length: MAX_PATHS + 1 }, (_, i) => `src/f${i}.ts`) }),
        at({ id: 'k6', title: '   ' }),
        at({ id: 'k7' }),
      ));
      assert.deepEqual(problems, [
        `line 2, field title: ${MAX_TITLE_LENGTH + 1} characters, more than the ${MAX_TITLE_LENGTH} allowed`,
        `line 3, field body: ${MAX_BODY_LENGTH + 1} characters, more than the ${MAX_BODY_LENGTH} allowed`,
        `line 4, field tags: ${MAX_TAGS + 1} tags, more than the ${MAX_TAGS} allowed`,
        `line 5, field tags: the tag "xxxxxxxxxxxxxxxxxxxx…" has ${MAX_TAG_LENGTH + 1} characters, more than the ${MAX_TAG_LENGTH} allowed`,
        `line 6, field paths: ${MAX_PATHS + 1} paths, more than the ${MAX_PATHS} allowed`,
        'line 7, field title: empty (a knowledge entry needs a title)',
      ]);
    });

    it('reports every problem of one entry', () => {
      const problems = problemsOf(fileOf(HEADER, at({ title: 't'.repeat(MAX_TITLE_LENGTH + 1), body: 'b'.repeat(MAX_BODY_LENGTH + 1) })));
      assert.deepEqual(problems.map((p) => p.replace(/:.*$/, '')), ['line 2, field title', 'line 2, field body']);
    });
  });

  describe('byte-order mark', () => {
    it('accepts a UTF-8 byte-order mark before the header, with CRLF line ends too', () => {
      assert.equal(parseExchange(`\uFEFF${fileOf(HEADER, SESSION)}`).rows.length, 1);
      assert.equal(parseExchange(`\uFEFF${fileOf(HEADER, SESSION).replace(/\n/g, '\r\n')}`).rows.length, 1);
    });

    it('still reports a later problem on its own line after a byte-order mark', () => {
      assert.deepEqual(problemsOf(`\uFEFF${fileOf(HEADER, SESSION, { ...SESSION, id: 's2', goal: 5 })}`), ['line 3, field goal: expected a string, found 5']);
    });

    it('a byte-order mark elsewhere is not skipped', () => {
      assert.match(problemsOf(`${JSON.stringify(HEADER)}\n\uFEFF${JSON.stringify(SESSION)}\n`)[0] ?? '', /^line 2: not valid JSON/);
    });

    it('imports a file saved with a byte-order mark', async () => {
      const dir = makeTempDir();
      const file = join(dir, 'bom.jsonl');
      writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fileOf(HEADER, SESSION, KNOWLEDGE), 'utf8')]));
      const database = await openDatabase(join(dir, 'target.db'));
      try {
        const report = await importFromFile(database, file);
        assert.deepEqual([report.sessions.added, report.knowledge.added], [1, 1]);
      } finally {
        await database.close();
      }
    });
  });

  it('stores an imported knowledge entry as `knowledge add` would (title spaces, body line ends)', async () => {
    const dir = makeTempDir();
    const file = join(dir, 'k.jsonl');
    writeFileSync(file, fileOf(HEADER, { ...KNOWLEDGE, title: '  Two   words\n', body: 'line 1\r\nline 2\r\n\r\n' }));
    const database = await openDatabase(join(dir, 'target.db'));
    try {
      await importFromFile(database, file);
      assert.deepEqual(await database.read((db) => db.all('SELECT title, body FROM knowledge')), [{ title: 'Two words', body: 'line 1\nline 2' }]);
    } finally {
      await database.close();
    }
  });
});
