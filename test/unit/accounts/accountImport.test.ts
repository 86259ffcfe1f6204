// Importing and exporting the pool. The corpus in test/fixtures/accountImport/ holds real-shaped
// files (a spreadsheet's CSV with BOM and CRLF, hand-written JSON) and expected.json says what
// each must give: a number of accounts, or the exact errors with their lines and fields.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { luxonZoneClock } from '../../../src/app/luxonZoneClock';
import type { Account, AccountFields } from '../../../src/core/accounts/account';
import { type AccountsImport, parseAccountsFile } from '../../../src/core/accounts/accountImport';
import { formatAccountsCsv, formatAccountsJson } from '../../../src/core/accounts/accountExport';

const CORPUS = join(__dirname, '..', '..', 'fixtures', 'accountImport');

interface ExpectedError {
  readonly line: number;
  readonly field: string | null;
  readonly messageIncludes: string;
}
type Expectation = { readonly accounts: number } | { readonly errors: readonly ExpectedError[] };

function parse(text: string, format: 'csv' | 'json'): AccountsImport {
  return parseAccountsFile(text, format, luxonZoneClock);
}

function accounts(result: AccountsImport): readonly AccountFields[] {
  assert.ok(result.ok, JSON.stringify(result));
  return result.accounts;
}

const FIELDS: AccountFields = {
  name: 'GenSpark-02', platform: 'GenSpark', label: '', unit: 'credits', limit: 200,
  window: { kind: 'daily', resetTime: '00:00', timeZone: 'UTC' }, tags: [], priority: 0, notes: '',
};

describe('account import and export', () => {
  describe('the corpus', () => {
    const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<string, Expectation>;
    const files = readdirSync(CORPUS).filter((file) => file !== 'expected.json').sort();

    it('has an expectation for every file and a file for every expectation', () => {
      assert.deepEqual(Object.keys(expected).sort(), files);
      assert.ok(files.some((f) => f.startsWith('good-')) && files.some((f) => f.startsWith('bad-')));
    });

    for (const file of files) {
      it(file, () => {
        const want = expected[file];
        assert.ok(want !== undefined, `no expectation for ${file}`);
        const result = parse(readFileSync(join(CORPUS, file), 'utf8'), file.endsWith('.json') ? 'json' : 'csv');
        if ('accounts' in want) {
          assert.equal(accounts(result).length, want.accounts);
          return;
        }
        assert.equal(result.ok, false, `${file} should not import`);
        const errors = result.ok ? [] : result.errors;
        assert.deepEqual(errors.map((e) => ({ line: e.line, field: e.field })), want.errors.map((e) => ({ line: e.line, field: e.field })), JSON.stringify(errors, null, 1));
        want.errors.forEach((w, i) => assert.ok(errors[i]?.message.includes(w.messageIncludes), `${errors[i]?.message} should include ${w.messageIncludes}`));
      });
    }
  });

  describe('CSV', () => {
    it('reads quoted commas, doubled quotes, line breaks inside quotes, a BOM, CRLF, aliases and short rows', () => {
      const [gen, codex, howe] = accounts(parse(readFileSync(join(CORPUS, 'good-excel.csv'), 'utf8'), 'csv'));
      assert.deepEqual(gen, {
        name: 'Gen, Spark', platform: 'GenSpark', label: '', unit: 'credits', limit: 100,
        window: { kind: 'daily', resetTime: '07:30', timeZone: 'Asia/Kolkata' }, tags: ['backend'], priority: 0, notes: 'line one\r\nline "two"',
      });
      assert.equal(codex?.unit, 'percent');
      assert.equal(codex?.limit, 100);
      assert.deepEqual(howe?.window, { kind: 'daily', resetTime: '02:15', timeZone: 'Australia/Lord_Howe' });
    });

    it('reads the last row without a final line break, and a quoted empty value', () => {
      const [only] = accounts(parse('name,platform,unit,limit,label\nA,GenSpark,credits,1,""', 'csv'));
      assert.equal(only?.name, 'A');
      assert.equal(only?.label, '');
    });

    it('counts lines after a record that spans several, with CRLF inside quotes', () => {
      const text = 'name,platform,unit,limit,notes\r\nA,GenSpark,credits,1,"a\r\nb\r\nc"\r\nB,GenSpark,coins,1,\r\n';
      const result = parse(text, 'csv');
      assert.deepEqual(result.ok ? [] : result.errors.map((e) => [e.line, e.field]), [[5, 'unit']]);
    });
  });

  describe('JSON', () => {
    it('reads aliases, any key case, numbers as text, and brackets inside strings', () => {
      const [openai, chatham] = accounts(parse(readFileSync(join(CORPUS, 'good-wrapped.json'), 'utf8'), 'json'));
      assert.deepEqual(openai?.window, { kind: 'daily', resetTime: '06:00', timeZone: 'America/New_York' });
      assert.equal(openai?.priority, 3);
      assert.equal(chatham?.notes, 'brackets ] and braces } in text, "quoted"');
    });

    it('gives the line where each object starts, even when several share a line', () => {
      const text = '[{"name": "A", "platform": "p", "unit": "credits", "limit": 1}, {"name": "B", "unit": "credits", "limit": 1},\n\n  {"name": "C", "platform": "p", "unit": "x", "limit": 1}]';
      const result = parse(text, 'json');
      assert.deepEqual(result.ok ? [] : result.errors.map((e) => [e.line, e.field]), [[1, 'platform'], [3, 'unit']]);
    });

    it('takes only the top-level "accounts" array, not one nested deeper', () => {
      const text = '{"accounts": [\n  {"name": "A", "unit": "credits", "limit": 1}\n],\n"meta": {"accounts": [\n1]}}';
      const result = parse(text, 'json');
      assert.deepEqual(result.ok ? [] : result.errors.map((e) => [e.line, e.field]), [[2, 'platform']]);
    });

    it('reads an empty array as no accounts', () => {
      assert.deepEqual(accounts(parse(' [ ] ', 'json')), []);
      assert.deepEqual(accounts(parse('{"accounts": []}', 'json')), []);
    });

    it('refuses JSON nested absurdly deep, without overflowing the stack', () => {
      const result = parse(`[${'['.repeat(10_000)}`, 'json');
      assert.equal(result.ok ? '' : result.errors[0]?.message, 'This is not valid JSON: The JSON is nested too deeply.');
    });

    it('refuses text after the value, and values that are not JSON', () => {
      for (const text of ['[] []', "[{'name': 'A'}]", '[1,]', '[01]', '["a\tb"]', '']) {
        const result = parse(text, 'json');
        assert.equal(result.ok, false, text);
        assert.match(result.ok ? '' : (result.errors[0]?.message ?? ''), /^(This is not valid JSON|Expected an array)/, text);
      }
    });
  });

  describe('export', () => {
    const pool: AccountFields[] = [
      {
        ...FIELDS, name: 'Gen, "Spark" 02', label: 'Work ✓', tags: ['frontend', 'long-context'], priority: -2, limit: 12.75,
        notes: 'Line one, with a comma\nLine "two"\r\nLine three\tend', window: { kind: 'weekly', resetTime: '09:30', timeZone: 'Europe/Berlin' },
      },
      { ...FIELDS, name: 'Claude-1', platform: 'claude-code', unit: 'percent', limit: 100, window: { kind: 'rolling-5h', resetTime: '00:00', timeZone: 'UTC' } },
      { ...FIELDS, name: 'Tiny', unit: 'usd', limit: 1e-7 },
      { ...FIELDS, name: 'Ünïcödé 名前', unit: 'usd', limit: 0.000001, window: { kind: 'monthly', resetTime: '23:59', timeZone: 'Pacific/Chatham' } },
    ];

    it('round-trips through CSV and JSON', () => {
      assert.deepEqual(accounts(parse(formatAccountsCsv(pool), 'csv')), pool);
      assert.deepEqual(accounts(parse(formatAccountsJson(pool), 'json')), pool);
      assert.deepEqual(accounts(parse(formatAccountsCsv([]), 'csv')), []);
    });

    it('writes a header row, CRLF line ends and RFC 4180 quoting', () => {
      assert.equal(formatAccountsCsv([pool[1] as AccountFields]),
        'name,platform,label,unit,limit,window,resetTime,timeZone,tags,priority,notes\r\n' +
        'Claude-1,claude-code,,percent,100,rolling-5h,00:00,UTC,,0,\r\n');
      assert.ok(formatAccountsCsv([pool[0] as AccountFields]).includes('"Gen, ""Spark"" 02",GenSpark,Work ✓,credits,12.75,weekly,09:30,Europe/Berlin,"frontend, long-context",-2,"Line one'));
    });

    it('leaves out the id, the status and the timestamps', () => {
      const account: Account = { ...FIELDS, id: 'acc-7f3e9', status: { kind: 'exhausted', until: 1_790_000_000_000 }, createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_001 };
      for (const text of [formatAccountsCsv([account]), formatAccountsJson([account])]) {
        for (const leak of ['acc-7f3e9', 'status', 'exhausted', '1790000000000', '1700000000000', 'createdAt']) assert.ok(!text.includes(leak), `${leak} in ${text}`);
      }
      assert.deepEqual(Object.keys((JSON.parse(formatAccountsJson([account])) as { accounts: object[] }).accounts[0] ?? {}),
        ['name', 'platform', 'label', 'unit', 'limit', 'window', 'resetTime', 'timeZone', 'tags', 'priority', 'notes']);
    });

    it('never writes a key, even one that reached the pool some other way', () => {
      const key = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345';
      const leaky: AccountFields = { ...FIELDS, label: `label ${key}`, notes: `key: ${key}` };
      for (const text of [formatAccountsCsv([leaky]), formatAccountsJson([leaky])]) {
        assert.ok(!text.includes(key), text);
        assert.match(text, /\[redacted: anthropic-key\]/);
      }
    });
  });
  it('keeps the values of an account it updates for the columns the file leaves out', () => {
    const known = parse('name,platform,unit,limit,tags,priority\nWeb,GenSpark,credits,100,"frontend, docs",3\n', 'csv');
    assert.ok(known.ok);
    const [web] = known.accounts;
    assert.ok(web);
    const existing = new Map([['web', web]]);
    const update = parseAccountsFile('name,platform,limit\nWEB,GenSpark,150\nNew,ChatGPT,5\n', 'csv', luxonZoneClock, existing);
    assert.deepEqual(update.ok ? [] : update.errors.map((e) => [e.line, e.field]), [[3, 'unit']], 'a new account still needs its unit');
    const only = parseAccountsFile('name,platform,limit\nWEB,GenSpark,150\n', 'csv', luxonZoneClock, existing);
    assert.ok(only.ok);
    assert.deepEqual(only.accounts.map((a) => [a.name, a.limit, a.tags, a.priority, a.platform]), [['WEB', 150, ['frontend', 'docs'], 3, 'GenSpark']]);
  });
});
