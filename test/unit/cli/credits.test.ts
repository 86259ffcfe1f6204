// `baton credits log|status` as users run them: real processes on a temporary database. A log
// made in a workspace with a running session is tied to that session.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { workspaceForPath } from '../../../src/context/workspaceIdentity';
import { runCli, runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { queryFile } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

interface StatusJson {
  current: string | null;
  accounts: { name: string; unit: string; used: number; limit: number; remaining: number; window: string; resetsAt: string | null; status: string }[];
}

async function status(db: string[]): Promise<StatusJson> {
  return JSON.parse(await runCliOk([...db, 'credits', 'status', '--json'])) as StatusJson;
}

describe('baton CLI: credits', function () {
  this.timeout(60_000);
  useTempDirs();
  before(requireFreshCli);

  it('log adds to the window; status shows used, remaining and the next reset', async () => {
    const dbPath = join(makeTempDir(), 'baton.db');
    const db = ['--db', dbPath];
    await runCliOk([...db, 'accounts', 'add', '--name', 'Gen', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '200', '--tz', 'UTC']);
    await runCliOk([...db, 'accounts', 'add', '--name', 'Api', '--platform', 'openai', '--unit', 'usd', '--limit', '5', '--tz', 'UTC']);
    assert.deepEqual(await status(db), {
      current: null,
      accounts: [
        { name: 'Api', unit: 'usd', used: 0, limit: 5, remaining: 5, window: 'daily', resetsAt: nextUtcMidnight(), status: 'active' },
        { name: 'Gen', unit: 'credits', used: 0, limit: 200, remaining: 200, window: 'daily', resetsAt: nextUtcMidnight(), status: 'active' },
      ],
    });

    const logged = await runCliOk([...db, 'credits', 'log', '--account', 'gen', '--amount', '37.5']);
    assert.match(logged, /^Logged 37\.5 credits on Gen\.\nGen: 37\.5\/200 credits used, 162\.5 credits left, resets in .+\(\d{4}-\d\d-\d\d 00:00 UTC\)\n$/);
    await runCliOk([...db, 'credits', 'log', '--account', 'Api', '--amount', '0.1']);
    await runCliOk([...db, 'credits', 'log', '--account', 'Api', '--amount', '0.2']);
    await runCliOk([...db, 'accounts', 'use', 'Gen']);

    const after = await status(db);
    assert.equal(after.current, 'Gen');
    assert.deepEqual(after.accounts.map((a) => [a.name, a.used, a.remaining]), [['Api', 0.3, 4.7], ['Gen', 37.5, 162.5]]);
    const text = await runCliOk([...db, 'credits', 'status']);
    assert.match(text, /^Current account: Gen\n {2}Api: \$0\.30\/\$5\.00 used, \$4\.70 left, resets in /);
    assert.match(text, /^\* Gen: 37\.5\/200 credits used, 162\.5 credits left, resets in /m);
    assert.deepEqual(await queryFile(dbPath, 'SELECT amount, session_id, workspace_id FROM credit_log ORDER BY at'), [
      { amount: 37.5, session_id: null, workspace_id: null },
      { amount: 0.1, session_id: null, workspace_id: null },
      { amount: 0.2, session_id: null, workspace_id: null },
    ]);
  });

  it("ties a log made with --workspace to that workspace's running session", async () => {
    const dbPath = join(makeTempDir(), 'baton.db');
    const db = ['--db', dbPath];
    const workspace = makeTempDir('baton-ws-');
    await runCliOk([...db, 'accounts', 'add', '--name', 'Gen', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '100']);
    await runCliOk([...db, 'credits', 'log', '--account', 'Gen', '--amount', '1', '--workspace', workspace]);
    const sessionId = (JSON.parse(await runCliOk([...db, 'session', 'start', '--workspace', workspace, '--json'])) as { id: string }).id;
    const logged = JSON.parse(await runCliOk([...db, 'credits', 'log', '--account', 'Gen', '--amount', '4', '--workspace', workspace, '--json'])) as Record<string, unknown>;
    assert.deepEqual(logged, {
      account: 'Gen', amount: 4, sessionId,
      standing: { name: 'Gen', unit: 'credits', used: 5, limit: 100, remaining: 95, window: 'daily', resetsAt: logged.standing && (logged.standing as { resetsAt: string }).resetsAt, status: 'active' },
    });
    const workspaceId = workspaceForPath(workspace).id;
    assert.deepEqual(await queryFile(dbPath, 'SELECT amount, session_id, workspace_id FROM credit_log ORDER BY at'), [
      { amount: 1, session_id: null, workspace_id: workspaceId },
      { amount: 4, session_id: sessionId, workspace_id: workspaceId },
    ]);
  });

  it('refuses an amount that is not a positive number, or an unknown account, and logs nothing', async () => {
    const dbPath = join(makeTempDir(), 'baton.db');
    const db = ['--db', dbPath];
    await runCliOk([...db, 'accounts', 'add', '--name', 'Gen', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '100']);
    for (const amount of ['0', 'ten', '1e400', '--amount=-3']) {
      const args = amount.startsWith('--') ? [amount] : ['--amount', amount];
      const run = await runCli([...db, 'credits', 'log', '--account', 'Gen', ...args]);
      assert.equal(run.code, 2, `${amount}: ${run.stderr}`);
      assert.match(run.stderr, /--amount .+: give a positive number/);
    }
    const unknown = await runCli([...db, 'credits', 'log', '--account', 'Nope', '--amount', '3']);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, 'baton: There is no account "Nope". Accounts: Gen.\n');
    const noAccount = await runCli([...db, 'credits', 'log', '--amount', '3']);
    assert.equal(noAccount.code, 2);
    assert.deepEqual(await queryFile(dbPath, 'SELECT count(*) AS n FROM credit_log'), [{ n: 0 }]);
  });
});

function nextUtcMidnight(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();
}
