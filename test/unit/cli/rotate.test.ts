// `baton rotate` as users run it: a temporary git repository with a running session, real
// processes for every step. The old session ends with its snapshot, a medium briefing is saved,
// the old account is exhausted until its reset, and a session with the same goal runs on the new
// account.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { queryFile } from '../support/database';
import { commitFile, makeRepo } from '../support/git';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

interface Status {
  current: string | null;
  accounts: { name: string; used: number; remaining: number; resetsAt: string | null; status: string }[];
}

interface Listed {
  name: string;
  status: string;
  exhaustedUntil: string | null;
}

/** A repository with a commit and an uncommitted change, two accounts (A current, 88 of 100 used) and a running session. */
async function handoffSetup(): Promise<{ repo: string; db: string[]; dbPath: string; ws: string[]; sessionId: string }> {
  const repo = makeRepo();
  commitFile(repo, 'login.ts', 'export const login = () => null;\n');
  writeFileSync(join(repo, 'login.ts'), 'export const login = () => "cookie";\n');
  const dbPath = join(makeTempDir(), 'baton.db');
  const db = ['--db', dbPath];
  const ws = [...db, '--workspace', repo];
  await runCliOk([...db, 'accounts', 'add', '--name', 'A', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '100', '--tz', 'UTC']);
  await runCliOk([...db, 'accounts', 'add', '--name', 'B', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '100', '--tz', 'UTC']);
  await runCliOk([...db, 'accounts', 'use', 'A']);
  const sessionId = (JSON.parse(await runCliOk(['session', 'start', ...ws, '--goal', 'fix the login cookie', '--json'])) as { id: string }).id;
  await runCliOk(['session', 'note', ...ws, '--text', 'SameSite=None needs Secure']);
  await runCliOk(['credits', 'log', ...ws, '--account', 'A', '--amount', '88']);
  return { repo, db, dbPath, ws, sessionId };
}

async function sessions(ws: string[]): Promise<{ id: string; goal: string; endedAt: string | null; summary: string | null }[]> {
  return (JSON.parse(await runCliOk(['session', 'list', ...ws, '--json'])) as { sessions: { id: string; goal: string; endedAt: string | null; summary: string | null }[] }).sessions;
}

describe('baton CLI: rotate', function () {
  this.timeout(60_000);
  useTempDirs();
  before(requireFreshCli);

  it('hands off to the best other account: session ended and snapshotted, briefing saved, A exhausted, a new session on B', async () => {
    const { db, dbPath, ws, sessionId } = await handoffSetup();
    const run = await runCli(['rotate', ...ws, '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.split('\n').filter(Boolean).length, 1, 'one line of JSON');
    const result = JSON.parse(run.stdout) as { from: string; to: string; briefing: { level: string; tokens: number } };
    assert.deepEqual(Object.keys(result), ['from', 'to', 'briefing']);
    assert.deepEqual(Object.keys(result.briefing), ['level', 'tokens']);
    assert.deepEqual([result.from, result.to, result.briefing.level], ['A', 'B', 'medium']);
    assert.ok(result.briefing.tokens > 0, `tokens: ${result.briefing.tokens}`);
    assert.doesNotMatch(run.stdout, /fix the login cookie|Handoff briefing/, '--json leaves the briefing text out');

    const status = JSON.parse(await runCliOk([...db, 'credits', 'status', '--json'])) as Status;
    assert.equal(status.current, 'B');
    assert.deepEqual(status.accounts.map((a) => [a.name, a.status, a.used]), [['A', 'exhausted', 88], ['B', 'active', 0]]);
    const [a] = JSON.parse(await runCliOk([...db, 'accounts', 'list', '--json'])) as Listed[];
    assert.equal(a?.exhaustedUntil, status.accounts[0]?.resetsAt, 'A is exhausted until its next reset (midnight UTC)');
    assert.match(a?.exhaustedUntil ?? '', /T00:00:00\.000Z$/);

    const [running, ended] = await sessions(ws);
    assert.equal(ended?.id, sessionId);
    assert.notEqual(ended?.endedAt, null);
    assert.equal(ended?.summary, 'Handed off to B.');
    assert.equal(running?.endedAt, null, 'the new session is running');
    assert.equal(running?.goal, 'fix the login cookie', 'with the same goal');
    const accountIds = await queryFile(dbPath, 'SELECT s.id, a.name FROM sessions s LEFT JOIN accounts a ON a.id = s.account_id ORDER BY s.started_at');
    assert.deepEqual(accountIds, [{ id: sessionId, name: null }, { id: running?.id ?? '', name: 'B' }]);
    assert.deepEqual(await queryFile(dbPath, 'SELECT reason, session_id FROM snapshots'), [{ reason: 'session-end', session_id: sessionId }], 'exactly one snapshot, the ended session\'s');
    const [briefing] = await queryFile(dbPath, 'SELECT level, tokens, session_id FROM briefings');
    assert.deepEqual(briefing, { level: 'medium', tokens: result.briefing.tokens, session_id: sessionId }, 'the briefing reported is the one saved');
  });

  it('says in words why, until when the old account rests, how well it was used, and prints the saved briefing', async () => {
    const { dbPath, ws } = await handoffSetup();
    const out = await runCliOk(['rotate', ...ws, '--to', 'b']);
    const lines = out.split('\n');
    assert.equal(lines[0], 'Rotated from A to B.');
    assert.equal(lines[1], 'Why B: chosen by name');
    assert.match(lines[2] ?? '', /^A is marked exhausted until its reset, in \d+h \d\dm|^A is marked exhausted until its reset, in \d+m/);
    assert.match(lines[2] ?? '', /\(\d{4}-\d\d-\d\d 00:00 UTC\)\.$/);
    assert.equal(lines[3], 'Handed off at 88% of the limit: right in the target band of 85–92%.');
    assert.match(out, new RegExp(`^Briefing \\(medium, \\d+ tokens\\) saved in the briefing history of ${dbPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`, 'm'));
    assert.match(out, /^# Handoff briefing/m);
    assert.match(out, /fix the login cookie/);
    assert.match(out, /SameSite=None needs Secure/);
    assert.match(out, /login\.ts/);
  });

  it('an unknown --to, or the only account with credits left, changes nothing: the session keeps running', async () => {
    const { db, ws, sessionId } = await handoffSetup();
    const unknown = await runCli(['rotate', ...ws, '--to', 'Nope']);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, 'baton: There is no account "Nope". Accounts: A, B.\n');
    const self = await runCli(['rotate', ...ws, '--to', 'A']);
    assert.equal(self.code, 1);
    assert.match(self.stderr, /A is already the current account/);
    await runCliOk([...db, 'accounts', 'edit', 'B', '--disable']);
    const alone = await runCli(['rotate', ...ws]);
    assert.equal(alone.code, 1);
    assert.match(alone.stderr, /A is the only account with credits left/);

    const list = await sessions(ws);
    assert.deepEqual(list.map((s) => [s.id, s.endedAt]), [[sessionId, null]]);
    const status = JSON.parse(await runCliOk([...db, 'credits', 'status', '--json'])) as Status;
    assert.equal(status.current, 'A');
    assert.deepEqual(status.accounts.map((a) => a.status), ['active', 'disabled']);
  });

  it('needs a workspace (exit 2)', async () => {
    const run = await runCli(['--db', join(makeTempDir(), 'baton.db'), 'rotate']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--workspace DIR is required/);
  });
});
