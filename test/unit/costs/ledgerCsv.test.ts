// The CSV export of the filtered ledger, as a spreadsheet reads it: one row per request, exact
// dollars, names for ids, secrets redacted (and counted), formulas defused, RFC 4180 quoting.
import assert from 'node:assert/strict';
import { ledgerCsv, usdText } from '../../../src/core/costs/ledgerCsv';
import { ledgerEntry } from '../support/ledgerEntries';

const KEY = 'sk-proj-' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0';
const labels = { workspaces: new Map([['ws', 'shop, "main"']]), accounts: new Map([['acc', 'OpenAI-Main']]) };

/** RFC 4180, as a spreadsheet reads it: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe('ledger CSV export', () => {
  it('writes exact dollars from nano-dollars, without float rounding', () => {
    assert.equal(usdText(0), '0.000000000');
    assert.equal(usdText(210_000), '0.000210000');
    assert.equal(usdText(12_345_678_901), '12.345678901');
  });

  it('writes one row per request with names, exact costs, and unpriced as empty, not $0', () => {
    const csv = ledgerCsv([
      ledgerEntry({ id: 'r1', at: Date.UTC(2026, 10, 24, 12), workspaceId: 'ws', accountId: 'acc', costNanos: 1_500_000_000, ttftMs: 300 }),
      ledgerEntry({ id: 'r2', at: Date.UTC(2026, 10, 24, 13), workspaceId: null, costNanos: null, pricing: 'unpriced', ttftMs: null }),
    ], labels);
    const rows = parseCsv(csv.text);
    const header = rows[0] ?? [];
    const column = (row: number, name: string) => rows[row]?.[header.indexOf(name)];
    assert.equal(csv.rows, 2);
    assert.equal(rows.length, 3);
    assert.equal(column(1, 'time_utc'), '2026-11-24T12:00:00.000Z');
    assert.equal(column(1, 'workspace'), 'shop, "main"', 'quoted and read back whole');
    assert.equal(column(1, 'account'), 'OpenAI-Main');
    assert.equal(column(1, 'cost_usd'), '1.500000000');
    assert.equal(column(2, 'cost_usd'), '');
    assert.equal(column(2, 'pricing'), 'unpriced');
    assert.equal(column(2, 'ttft_ms'), '');
    assert.ok(csv.text.endsWith('\r\n'));
  });

  it('redacts a secret in any text cell, counts it, and defuses cells a spreadsheet would run', () => {
    const csv = ledgerCsv([ledgerEntry({ id: 'r3', model: `gpt ${KEY}`, strategy: 'cheapest', attempts: [{ provider: 'openai', model: '=HYPERLINK("http://x")', status: 'error', error: '@SUM(1)' }] })], labels);
    assert.equal(csv.text.includes(KEY), false);
    assert.match(csv.text, /\[redacted: [a-z-]+\]/);
    assert.ok(Object.values(csv.redactions).reduce((a, b) => a + (b ?? 0), 0) >= 1);
    const rows = parseCsv(csv.text);
    const attempts = rows[1]?.[rows[0]?.indexOf('attempts') ?? -1] ?? '';
    assert.equal(attempts.startsWith('openai/'), true, 'a cell that does not start with = is left as is');
    const formula = ledgerCsv([ledgerEntry({ id: '=1+1', model: '+cmd' })], labels);
    const cells = parseCsv(formula.text)[1] ?? [];
    assert.equal(cells[0], "'=1+1");
    assert.ok(cells.includes("'+cmd"));
  });
});
