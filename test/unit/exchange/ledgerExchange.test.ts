// The ledger's router columns (schema migration 5) through export and import: a row with every
// one of them comes back equal (an unpriced row stays unpriced, never a $0 price); a line from
// before them imports with the migration's defaults; each is checked, naming line and field;
// they count as content when an import decides whether a row is already there; and the free
// text inside attempts and the routing decision is redacted on the way out.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceRef } from '../../../src/core/sessions/session';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { LEDGER_LINE_DEFAULTS } from '../../../src/storage/exchange/exchangeFormat';
import { ExchangeValidationError, parseExchange } from '../../../src/storage/exchange/exchangeValidation';
import { exportWorkspaceToFile, importFromFile } from '../../../src/storage/exchange/workspaceExchange';
import { LedgerStore } from '../../../src/storage/ledgerStore';
import { randomText } from '../redaction/secretCorpus';
import { openDatabase } from '../support/database';
import { ledgerEntry } from '../support/ledgerEntries';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const WS: WorkspaceRef = { id: 'ws-ledger', name: 'shop', location: '/home/me/shop' };
const HEADER = { type: 'header', format: 'baton-export', version: 1, exportedAt: '2026-01-01T00:00:00.000Z', workspace: WS };
/** A ledger line as an export written before the router's columns has it. */
const OLD_LINE = {
  type: 'ledger', id: 'old', sessionId: null, accountId: null, provider: 'openai', model: 'gpt-x', at: 3000,
  inputTokens: 1200, outputTokens: 300, cachedTokens: 50, costNanos: 4_500_000, status: 'ok', requestId: 'req-1',
};
const NEW_COLUMNS = 'strategy, attempts, cache_read_tokens, cache_write_tokens, estimated, pricing, latency_ms, ttft_ms, cache_hit, saved_nanos, fallback_used, source, decision, redacted';

const fileOf = (...lines: readonly object[]) => `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
const ledgerRows = (database: BatonDatabase) => database.read((db) => db.all('SELECT * FROM ledger ORDER BY id'));

/** An unpriced, estimated cache hit that fell back after a rate-limited attempt. */
const UNPRICED = ledgerEntry({
  id: 'r-unpriced', workspaceId: WS.id, strategy: 'fastest',
  attempts: [
    { provider: 'anthropic', model: 'claude', status: 'error', errorClass: 'rate-limit', httpStatus: 429, error: 'slow down: 429 Too Many Requests' },
    { provider: 'local', model: 'llama', status: 'ok' },
  ],
  provider: 'local', model: 'llama', usage: { input: 900, output: 120, cacheRead: 4_000, cacheWrite: 250 },
  costNanos: null, pricing: 'unpriced', estimated: true, latencyMs: 1_234, ttftMs: 321, cacheHit: true, savedNanos: 77_000,
  fallbackUsed: true, source: 'router', decision: JSON.stringify({ strategy: 'fastest', winner: { provider: 'local', model: 'llama' }, why: 'fastest measured' }),
  redacted: '1 github-token',
});

describe('ledger rows through export and import', () => {
  useTempDirs();
  let dir: string;
  let source: BatonDatabase;
  let target: BatonDatabase;

  beforeEach(async () => {
    dir = makeTempDir();
    source = await openDatabase(join(dir, 'source.db'));
    target = await openDatabase(join(dir, 'target.db'));
    await source.write((db) => db.run('INSERT INTO workspaces (id, name, location) VALUES (?, ?, ?)', [WS.id, WS.name, WS.location]));
  });

  afterEach(async () => {
    await source.close();
    await target.close();
  });

  async function exported(): Promise<string> {
    const file = join(dir, 'export.jsonl');
    await exportWorkspaceToFile(source, WS, file, new Date('2026-11-24T10:00:00Z'));
    return file;
  }

  function written(name: string, text: string): string {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  it('round trip: a row with every router column comes back equal, unpriced and not $0; a second import adds nothing', async () => {
    const priced = ledgerEntry({ id: 'r-priced', workspaceId: WS.id, ttftMs: null });
    await new LedgerStore(source).settle(null, UNPRICED);
    await new LedgerStore(source).settle(null, priced);
    const file = await exported();
    const line = JSON.parse(readFileSync(file, 'utf8').split('\n').find((l) => l.includes('r-unpriced')) ?? '{}') as Record<string, unknown>;
    assert.deepEqual(
      [line.pricing, line.costNanos, line.estimated, line.cacheHit, line.fallbackUsed, line.cacheReadTokens, line.cacheWriteTokens, line.savedNanos, line.latencyMs, line.ttftMs],
      ['unpriced', 0, true, true, true, 4_000, 250, 77_000, 1_234, 321],
    );
    assert.equal(line.attempts, JSON.stringify(UNPRICED.attempts), 'attempts travel as the JSON text the ledger stores');

    const first = await importFromFile(target, file);
    assert.deepEqual(first.ledger, { added: 2, unchanged: 0, remapped: 0 });
    assert.deepEqual(await ledgerRows(target), await ledgerRows(source));
    const back = new LedgerStore(target);
    assert.deepEqual(await back.get('r-unpriced'), UNPRICED);
    assert.equal((await back.get('r-unpriced'))?.costNanos, null, 'an unknown cost stays unknown');
    assert.deepEqual(await back.get('r-priced'), priced);

    const sequence = target.sequence;
    const second = await importFromFile(target, file);
    assert.deepEqual(second.ledger, { added: 0, unchanged: 2, remapped: 0 });
    assert.equal(target.sequence, sequence, 'nothing was written');
  });

  it('an old-format line (without the router columns) imports with the defaults migration 5 gives old rows, once', async () => {
    const file = written('old.jsonl', fileOf(HEADER, OLD_LINE));
    const [row] = parseExchange(readFileSync(file, 'utf8')).rows;
    assert.deepEqual(row, { ...OLD_LINE, ...LEDGER_LINE_DEFAULTS });

    assert.deepEqual((await importFromFile(target, file)).ledger, { added: 1, unchanged: 0, remapped: 0 });
    // What migration 5 leaves in a row it finds: the same values, read from a row inserted without them.
    await target.write((db) => db.run("INSERT INTO ledger (id, provider, model, at) VALUES ('migrated', 'openai', 'gpt-x', 1)"));
    const columns = (id: string) => target.read((db) => db.one(`SELECT ${NEW_COLUMNS} FROM ledger WHERE id = ?`, [id]));
    assert.deepEqual(await columns('old'), await columns('migrated'));
    assert.deepEqual(await columns('old'), {
      strategy: '', attempts: '[]', cache_read_tokens: 0, cache_write_tokens: 0, estimated: 0, pricing: 'priced', latency_ms: null, ttft_ms: null,
      cache_hit: 0, saved_nanos: 0, fallback_used: 0, source: 'router', decision: '', redacted: '',
    });
    assert.deepEqual((await importFromFile(target, file)).ledger, { added: 0, unchanged: 1, remapped: 0 });
  });

  it('the router columns are content: an id held by the same row priced elsewhere is remapped, deterministically', async () => {
    const file = written('unpriced.jsonl', fileOf(HEADER, { ...OLD_LINE, costNanos: 0, pricing: 'unpriced' }));
    await target.write((db) => db.run(
      "INSERT INTO ledger (id, workspace_id, provider, model, at, input_tokens, output_tokens, cached_tokens, cost_nanos, status, request_id) VALUES ('old', ?, 'openai', 'gpt-x', 3000, 1200, 300, 50, 0, 'ok', 'req-1')",
      [WS.id],
    ));
    assert.deepEqual((await importFromFile(target, file)).ledger, { added: 0, unchanged: 0, remapped: 1 });
    const rows = await target.read((db) => db.all('SELECT id, pricing FROM ledger ORDER BY pricing'));
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0], { id: 'old', pricing: 'priced' }, 'the stored row is left as it was');
    assert.match(String(rows[1]?.id), /^old~[0-9a-f]{12}$/);
    assert.equal(rows[1]?.pricing, 'unpriced');
    assert.deepEqual((await importFromFile(target, file)).ledger, { added: 0, unchanged: 1, remapped: 0 });
  });

  it('an unknown extra field on a line does not make the row differ from the stored one', async () => {
    const file = written('extra.jsonl', fileOf(HEADER, { ...OLD_LINE, comment: 'added by hand' }));
    assert.deepEqual((await importFromFile(target, file)).ledger, { added: 1, unchanged: 0, remapped: 0 });
    assert.deepEqual((await importFromFile(target, file)).ledger, { added: 0, unchanged: 1, remapped: 0 });
  });

  it('redacts secrets inside attempt errors and the routing decision, keeping both valid JSON', async () => {
    const token = `gh${'p_'}${randomText(36)}`;
    const key = `${'AK'}IA${randomText(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
    await new LedgerStore(source).settle(null, {
      ...UNPRICED,
      attempts: [{ provider: 'openai', model: 'gpt', status: 'error', errorClass: 'auth', httpStatus: 401, error: `401: bad key ${token}` }],
      decision: JSON.stringify({ why: `password for ${key}`, candidates: [{ excluded: `token ${token}` }] }),
    });
    const file = await exported();
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes(token) && !text.includes(key), 'a secret leaked into the export');
    const [row] = parseExchange(text).rows;
    assert.ok(row?.type === 'ledger');
    assert.deepEqual(JSON.parse(row.attempts), [{ provider: 'openai', model: 'gpt', status: 'error', errorClass: 'auth', httpStatus: 401, error: '401: bad key [redacted: github-token]' }]);
    assert.deepEqual(JSON.parse(row.decision), { why: 'password for [redacted: aws-access-key]', candidates: [{ excluded: 'token [redacted: github-token]' }] });
    assert.equal(row.redacted, UNPRICED.redacted);
  });
});

describe('ledger line validation', () => {
  function problemsOf(...lines: readonly object[]): string[] {
    try {
      parseExchange(fileOf(HEADER, ...lines));
    } catch (error) {
      assert.ok(error instanceof ExchangeValidationError, String(error));
      return [...error.problems];
    }
    assert.fail('the file was accepted');
  }

  it('refuses a pricing other than priced, subscription or unpriced, naming line and field', () => {
    assert.deepEqual(problemsOf(OLD_LINE, { ...OLD_LINE, id: 'x', pricing: 'free' }), [
      'line 3, field pricing: expected one of priced, subscription, unpriced, found "free"',
    ]);
  });

  it('checks every router field that is present, naming line and field', () => {
    const problems = problemsOf({
      ...OLD_LINE, strategy: 3, cacheReadTokens: 1.5, cacheWriteTokens: -1, estimated: 1, pricing: null, latencyMs: '5', ttftMs: -2,
      cacheHit: 'yes', savedNanos: null, fallbackUsed: 0, source: null, redacted: [], attempts: '{not json', decision: '{"why":',
    });
    assert.deepEqual(problems, [
      'line 2, field strategy: expected a string, found 3',
      'line 2, field attempts: expected JSON text of a list of attempts, found "{not json"',
      'line 2, field cacheReadTokens: expected a whole number >= 0, found 1.5',
      'line 2, field cacheWriteTokens: expected a whole number >= 0, found -1',
      'line 2, field estimated: expected true or false, found 1',
      'line 2, field pricing: expected one of priced, subscription, unpriced, found null',
      'line 2, field latencyMs: expected a whole number >= 0 or null, found "5"',
      'line 2, field ttftMs: expected a whole number >= 0 or null, found -2',
      'line 2, field cacheHit: expected true or false, found "yes"',
      'line 2, field savedNanos: expected a whole number >= 0, found null',
      'line 2, field fallbackUsed: expected true or false, found 0',
      'line 2, field source: expected a string, found null',
      'line 2, field decision: expected JSON text or an empty string, found "{\\"why\\":"',
      'line 2, field redacted: expected a string, found []',
    ]);
  });

  it('checks each attempt inside the attempts text', () => {
    const attempts = (value: unknown) => ({ ...OLD_LINE, attempts: JSON.stringify(value) });
    const problems = problemsOf(
      attempts({ provider: 'a' }),
      attempts([{ provider: 'a', model: 'm', status: 'ok' }, { provider: 'a', model: 'm', status: 'lost' }]),
      attempts([{ provider: 'a', status: 'ok' }]),
      attempts([{ provider: 'a', model: 'm', status: 'error', httpStatus: '429' }]),
      attempts(['ok']),
      { ...OLD_LINE, attempts: [] },
    );
    assert.deepEqual(problems, [
      'line 2, field attempts: expected JSON text of a list of attempts, found "{\\"provider\\":\\"a\\"}"',
      'line 3, field attempts: attempt 2, status: expected one of ok, error, incomplete, found "lost"',
      'line 4, field attempts: attempt 1, model: expected a string, found nothing',
      'line 5, field attempts: attempt 1, httpStatus: expected a whole number >= 0, found "429"',
      'line 6, field attempts: attempt 1, expected an object, found "ok"',
      'line 7, field attempts: expected JSON text of a list of attempts, found []',
    ]);
  });

  it('accepts null latency and ttft, an empty decision, and every pricing', () => {
    const rows = parseExchange(fileOf(
      HEADER,
      ...['priced', 'subscription', 'unpriced'].map((pricing, i) => ({ ...OLD_LINE, id: `p${i}`, pricing, latencyMs: null, ttftMs: null, decision: '', attempts: '[]' })),
    )).rows;
    assert.deepEqual(rows.map((row) => row.type === 'ledger' && row.pricing), ['priced', 'subscription', 'unpriced']);
  });
});
