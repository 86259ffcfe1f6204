// Export and import of a workspace: the round trip through a file keeps every row, importing
// twice adds nothing, conflicting ids are remapped, and bad files are refused with the line
// and field of every problem, changing nothing.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceRef } from '../../../src/core/sessions/session';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { ExchangeValidationError } from '../../../src/storage/exchange/exchangeValidation';
import { exportWorkspaceToFile, importFromFile } from '../../../src/storage/exchange/workspaceExchange';
import { openDatabase } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const WS: WorkspaceRef = { id: 'ws-aaaaaaaaaaaaaaaa', name: 'shop', location: '/home/me/shop' };
const IN_WORKSPACE = `(SELECT id FROM sessions WHERE workspace_id = '${WS.id}')`;
const WORKSPACE_ROWS = {
  workspaces: `SELECT * FROM workspaces WHERE id = '${WS.id}'`,
  sessions: `SELECT * FROM sessions WHERE workspace_id = '${WS.id}' ORDER BY id`,
  notes: `SELECT * FROM session_notes WHERE session_id IN ${IN_WORKSPACE} ORDER BY id`,
  files: `SELECT * FROM session_files WHERE session_id IN ${IN_WORKSPACE} ORDER BY session_id, path`,
  ledger: `SELECT * FROM ledger WHERE workspace_id = '${WS.id}' ORDER BY id`,
};

async function seed(database: BatonDatabase): Promise<void> {
  await database.write((db) => {
    db.run('INSERT INTO workspaces (id, name, location) VALUES (?, ?, ?)', [WS.id, WS.name, WS.location]);
    db.run(`INSERT INTO sessions (id, workspace_id, goal, started_at, ended_at, last_activity_at, active_ms, branch_start, head_start, summary)
            VALUES ('s1', ?, 'Fix rounding', 1000, 5000, 4900, 3000, 'main', 'abc', 'done'), ('s2', ?, 'Running', 6000, NULL, 6500, 400, NULL, NULL, NULL)`, [WS.id, WS.id]);
    db.run("INSERT INTO session_notes (id, session_id, text, at) VALUES ('n1', 's1', 'Use banker''s rounding', 2000), ('n2', 's2', 'ünïcödé ✓', 6100)");
    db.run("INSERT INTO session_files (session_id, path, edits, saves, last_at) VALUES ('s1', 'src/total.ts', 12, 3, 4000)");
    db.run(`INSERT INTO ledger (id, workspace_id, session_id, provider, model, at, input_tokens, output_tokens, cost_nanos, status)
            VALUES ('l1', ?, 's1', 'openai', 'gpt-x', 3000, 1200, 300, 4500000, 'ok')`, [WS.id]);
    // Another workspace's rows must stay out of the export.
    db.run("INSERT INTO sessions (id, workspace_id, goal, started_at, last_activity_at) VALUES ('other', 'ws-other', 'Elsewhere', 1, 1)");
  });
}

async function dump(database: BatonDatabase): Promise<Record<string, unknown[]>> {
  return database.read((db) => Object.fromEntries(Object.entries(WORKSPACE_ROWS).map(([name, sql]) => [name, db.all(sql)])));
}

describe('workspace export and import', () => {
  useTempDirs();
  let dir: string;
  let source: BatonDatabase;
  let file: string;

  beforeEach(async () => {
    dir = makeTempDir();
    source = await openDatabase(join(dir, 'source.db'));
    await seed(source);
    file = join(dir, 'export.jsonl');
    await exportWorkspaceToFile(source, WS, file, new Date('2026-11-24T10:00:00Z'));
  });

  afterEach(async () => source.close());

  it('writes JSON Lines: a header, then one row per line, only of this workspace', () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; id?: string });
    assert.deepEqual(lines[0], { type: 'header', format: 'baton-export', version: 2, exportedAt: '2026-11-24T10:00:00.000Z', workspace: WS });
    assert.deepEqual(lines.slice(1).map((l) => `${l.type}:${l.id ?? ''}`), ['session:s1', 'session:s2', 'note:n1', 'note:n2', 'file:', 'ledger:l1']);
  });

  it('round trip into an empty database gives the same rows; a second import adds nothing', async () => {
    const target = await openDatabase(join(dir, 'target.db'));
    try {
      const first = await importFromFile(target, file);
      assert.deepEqual([first.sessions.added, first.notes.added, first.files.added, first.ledger.added], [2, 2, 1, 1]);
      assert.deepEqual(await dump(target), await dump(source));
      const seqBefore = target.sequence;
      const second = await importFromFile(target, file);
      assert.deepEqual([second.sessions, second.notes, second.ledger], [1, 1, 1].map((_, i) => ({ added: 0, remapped: 0, unchanged: [2, 2, 1][i] })));
      assert.equal(second.files.unchanged, 1);
      assert.equal(target.sequence, seqBefore, 'no change was written');
      assert.deepEqual(await dump(target), await dump(source));
    } finally {
      await target.close();
    }
  });

  it('a dry run reports what would change and changes nothing', async () => {
    const target = await openDatabase(join(dir, 'target.db'));
    try {
      const preview = await importFromFile(target, file, { dryRun: true });
      assert.equal(preview.sessions.added, 2);
      assert.equal(preview.workspaceAdded, true);
      assert.equal(await target.read((db) => db.one('SELECT count(*) AS n FROM sessions')?.n), 0);
    } finally {
      await target.close();
    }
  });

  it('remaps an id taken by different content, deterministically, and keeps children attached', async () => {
    const target = await openDatabase(join(dir, 'target.db'));
    try {
      await target.write((db) => db.run("INSERT INTO sessions (id, workspace_id, goal, started_at, last_activity_at, ended_at) VALUES ('s1', 'ws-x', 'Unrelated', 1, 1, 2)"));
      const first = await importFromFile(target, file);
      assert.equal(first.sessions.remapped, 1);
      const moved = await target.read((db) => db.all("SELECT id FROM sessions WHERE goal = 'Fix rounding'"));
      assert.equal(moved.length, 1);
      const newId = String(moved[0]?.id);
      assert.match(newId, /^s1~[0-9a-f]{12}$/);
      assert.equal(await target.read((db) => db.one("SELECT session_id FROM session_notes WHERE id = 'n1'")?.session_id), newId);
      assert.equal(await target.read((db) => db.one("SELECT session_id FROM ledger WHERE id = 'l1'")?.session_id), newId);
      const again = await importFromFile(target, file);
      assert.deepEqual([again.sessions.added, again.sessions.remapped, again.sessions.unchanged], [0, 0, 2]);
    } finally {
      await target.close();
    }
  });

  it('imports into another workspace on request, closing an open session when that workspace has one', async () => {
    const target = await openDatabase(join(dir, 'target.db'));
    try {
      await target.write((db) => db.run("INSERT INTO sessions (id, workspace_id, goal, started_at, last_activity_at) VALUES ('mine', 'ws-here', 'Open here', 1, 1)"));
      const report = await importFromFile(target, file, { workspaceId: 'ws-here' });
      assert.equal(report.closedOpenSessions, 1);
      const open = await target.read((db) => db.all("SELECT id FROM sessions WHERE workspace_id = 'ws-here' AND ended_at IS NULL"));
      assert.deepEqual(open, [{ id: 'mine' }]);
      assert.equal(await target.read((db) => db.one("SELECT ended_at FROM sessions WHERE goal = 'Running'")?.ended_at), 6500);
    } finally {
      await target.close();
    }
  });

  it('refuses a bad file with the line and field of every problem, and changes nothing', async () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    lines[2] = lines[2]!.replace('"goal":"Running"', '"goal":42');
    lines.push('{"type":"note","id":"n9","sessionId":"missing","text":"x","at":1}', 'not json', '{"type":"teleport"}');
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, lines.join('\n'));
    const target = await openDatabase(join(dir, 'target.db'));
    try {
      const error = await importFromFile(target, bad).then(() => null, (e: unknown) => e);
      assert.ok(error instanceof ExchangeValidationError);
      assert.deepEqual(error.problems.map((p) => p.replace(/\(.*\)$/, '').trim()), [
        'line 3, field goal: expected a string, found 42',
        'line 9: not valid JSON',
        'line 10, field type: expected one of session, note, file, ledger, knowledge, conversation, message',
        'line 5, field sessionId: no session with id s2 in this file',
        'line 8, field sessionId: no session with id missing in this file',
      ]);
      assert.equal(await target.read((db) => db.one('SELECT count(*) AS n FROM sessions')?.n), 0);
    } finally {
      await target.close();
    }
  });

  it('refuses a file that is not a Baton export, or from a newer format', async () => {
    const target = await openDatabase(join(dir, 'target.db'));
    try {
      writeFileSync(join(dir, 'a.jsonl'), '{"hello":"world"}\n');
      await assert.rejects(importFromFile(target, join(dir, 'a.jsonl')), /line 1, field format: expected "baton-export"/);
      const newer = readFileSync(file, 'utf8').replace('"version":2', '"version":7');
      writeFileSync(join(dir, 'b.jsonl'), newer);
      await assert.rejects(importFromFile(target, join(dir, 'b.jsonl')), /line 1, field version: 7 is not supported/);
    } finally {
      await target.close();
    }
  });
});
