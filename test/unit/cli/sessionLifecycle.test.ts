// The `baton` CLI as users run it: a real `node dist/cli.js` process per command, checked
// through its output and through the database file it leaves behind.
import assert from 'node:assert/strict';
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceForPath } from '../../../src/context/workspaceIdentity';
import { runCli, runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { queryFile } from '../support/database';
import { commitFile, makeRepo } from '../support/git';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SESSION_KEYS = ['activeMs', 'endedAt', 'files', 'gitEnd', 'gitStart', 'goal', 'id', 'notes', 'startedAt', 'summary'];

interface ListedSession {
  id: string;
  goal: string;
  startedAt: string;
  endedAt: string | null;
  activeMs: number;
  summary: string | null;
  gitStart: { branch: string | null; head: string | null } | null;
  gitEnd: { branch: string | null; head: string | null } | null;
  notes: { text: string; at: string }[];
  files: unknown[];
}

/** `session list --json`, checked to be exactly one JSON line of the documented shape. */
async function listJson(args: string[], env: Record<string, string> = {}): Promise<ListedSession[]> {
  const stdout = await runCliOk(['session', 'list', ...args, '--json'], env);
  assert.equal(stdout.split('\n').filter(Boolean).length, 1, `one line of JSON expected, got: ${stdout}`);
  const parsed = JSON.parse(stdout) as { sessions: ListedSession[] };
  assert.deepEqual(Object.keys(parsed), ['sessions']);
  for (const session of parsed.sessions) {
    assert.deepEqual(Object.keys(session).sort(), SESSION_KEYS);
    assert.match(session.startedAt, ISO);
    if (session.endedAt !== null) assert.match(session.endedAt, ISO);
    assert.equal(typeof session.activeMs, 'number');
    for (const note of session.notes) {
      assert.deepEqual(Object.keys(note).sort(), ['at', 'text']);
      assert.match(note.at, ISO);
    }
  }
  return parsed.sessions;
}

describe('baton CLI: session lifecycle', function () {
  this.timeout(30_000);
  useTempDirs();
  before(requireFreshCli);

  it('start, note, list, end with --db; every exit 0 leaves the change on disk', async () => {
    const repo = makeRepo();
    const head = commitFile(repo, 'a.txt', 'a');
    const db = join(makeTempDir(), 'baton.db');
    const ws = ['--db', db, '--workspace', repo];
    const before = Date.now();

    const started = await runCliOk(['session', 'start', ...ws, '--goal', 'fix the login']);
    const id = /^Started session (\S+): fix the login\n$/.exec(started)?.[1] ?? '';
    assert.match(id, UUID);
    const [row] = await queryFile(db, 'SELECT id, workspace_id, goal, ended_at, branch_start, head_start FROM sessions');
    assert.deepEqual(row, { id, workspace_id: workspaceForPath(repo).id, goal: 'fix the login', ended_at: null, branch_start: 'main', head_start: head });
    assert.deepEqual(await queryFile(db, 'SELECT id, location FROM workspaces'), [{ id: workspaceForPath(repo).id, location: workspaceForPath(repo).location }]);

    assert.equal(await runCliOk(['session', 'note', ...ws, '--text', 'cookie is not set on redirect']), 'Note added.\n');
    assert.deepEqual(await queryFile(db, 'SELECT text FROM session_notes'), [{ text: 'cookie is not set on redirect' }]);
    await runCliOk(['session', 'note', ...ws, '--text', 'fixed SameSite']);

    const [running] = await listJson(ws);
    assert.equal(running?.id, id);
    assert.equal(running?.endedAt, null);
    assert.deepEqual(running?.notes.map((n) => n.text), ['cookie is not set on redirect', 'fixed SameSite']);
    const startedAt = Date.parse(running?.startedAt ?? '');
    assert.ok(startedAt >= before - 1000 && startedAt <= Date.now(), 'startedAt is the real start time');
    assert.deepEqual(running?.gitStart, { branch: 'main', head });

    const nextHead = commitFile(repo, 'b.txt', 'b');
    const ended = await runCliOk(['session', 'end', ...ws, '--summary', 'login works again']);
    assert.match(ended, new RegExp(`^Ended session ${id} after \\d+s active\\.\\n$`));
    assert.deepEqual(await queryFile(db, 'SELECT summary, head_end, ended_at IS NOT NULL AS ended FROM sessions'), [
      { summary: 'login works again', head_end: nextHead, ended: 1 },
    ]);

    const [done] = await listJson(ws);
    assert.equal(done?.summary, 'login works again');
    assert.deepEqual(done?.gitEnd, { branch: 'main', head: nextHead });
    assert.ok(Date.parse(done?.endedAt ?? '') >= startedAt);

    const second = /^Started session (\S+)\n$/.exec(await runCliOk(['session', 'start', ...ws]))?.[1];
    const listed = await listJson(ws);
    assert.deepEqual(listed.map((s) => s.id), [second, id], 'newest first');
    assert.equal(listed[0]?.goal, '');
    const text = await runCliOk(['session', 'list', ...ws]);
    assert.match(text, /running {2}\(no goal\) {2}\[0 notes\]/);
    assert.match(text, /ended \S+ {2}fix the login {2}\[2 notes\]/);
  });

  it('uses BATON_DB when there is no --db, and --db wins over it', async () => {
    const workspace = makeTempDir('baton-ws-');
    const envDb = join(makeTempDir(), 'env.db');
    const env = { BATON_DB: envDb };
    await runCliOk(['session', 'start', '--workspace', workspace, '--goal', 'via env'], env);
    await runCliOk(['session', 'note', '--workspace', workspace, '--text', 'n1'], env);
    await runCliOk(['session', 'end', '--workspace', workspace], env);
    const rows = await queryFile(envDb, 'SELECT s.goal, s.workspace_id, s.ended_at IS NOT NULL AS ended, n.text FROM sessions s JOIN session_notes n ON n.session_id = s.id');
    assert.deepEqual(rows, [{ goal: 'via env', workspace_id: workspaceForPath(workspace).id, ended: 1, text: 'n1' }]);
    assert.equal((await listJson(['--workspace', workspace], env)).length, 1);

    const flagDb = join(makeTempDir(), 'flag.db');
    await runCliOk(['--db', flagDb, 'session', 'start', '--workspace', workspace, '--goal', 'via flag'], env);
    assert.deepEqual(await queryFile(flagDb, 'SELECT goal FROM sessions'), [{ goal: 'via flag' }]);
    assert.deepEqual(await queryFile(envDb, 'SELECT goal FROM sessions'), [{ goal: 'via env' }]);
  });

  it('meets the same workspace through a symlink or a trailing slash', async () => {
    const base = makeTempDir('baton-ws-');
    const real = join(base, 'project');
    const link = join(base, 'link');
    await runCliOk(['session', 'start', '--db', join(base, 'b.db'), '--workspace', makeTempDir()]); // another workspace
    symlinkSync(makeTempDir(), real);
    symlinkSync(real, link);
    const db = join(base, 'b.db');
    await runCliOk(['session', 'start', '--db', db, '--workspace', real, '--goal', 'g']);
    await runCliOk(['session', 'note', '--db', db, '--workspace', `${link}/`, '--text', 'through the link']);
    const [session] = await listJson(['--db', db, '--workspace', link]);
    assert.deepEqual(session?.notes.map((n) => n.text), ['through the link']);
    const ids = await queryFile(db, 'SELECT DISTINCT workspace_id FROM sessions WHERE goal = ?', ['g']);
    assert.deepEqual(ids, [{ workspace_id: workspaceForPath(real).id }]);
  });

  it('concurrent CLI processes adding notes lose none', async () => {
    const workspace = makeTempDir('baton-ws-');
    const db = join(makeTempDir(), 'baton.db');
    await runCliOk(['session', 'start', '--db', db, '--workspace', workspace]);
    const texts = Array.from({ length: 6 }, (_, i) => `parallel ${i}`);
    const runs = await Promise.all(texts.map((text) => runCli(['session', 'note', '--db', db, '--workspace', workspace, '--text', text])));
    assert.deepEqual(runs.map((r) => r.code), texts.map(() => 0), runs.map((r) => r.stderr).join(''));
    assert.deepEqual((await queryFile(db, 'SELECT text FROM session_notes ORDER BY text')).map((r) => r.text), texts);
    assert.equal(existsSync(`${db}.lock`), false);
  });
});
