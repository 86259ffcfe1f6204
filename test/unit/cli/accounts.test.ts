// `baton accounts add|list|edit|remove|use|best` as users run them: a real `node dist/cli.js`
// process per command on a temporary database, checked through what it prints, its exit code and
// what the database holds afterwards.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { queryFile } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

interface ListedAccount {
  name: string;
  platform: string;
  label: string;
  unit: string;
  limit: number;
  window: string;
  resetTime: string;
  timeZone: string;
  tags: string[];
  priority: number;
  notes: string;
  used: number;
  remaining: number;
  resetsAt: string | null;
  status: string;
  exhaustedUntil: string | null;
  current: boolean;
}

function database(): string[] {
  return ['--db', join(makeTempDir(), 'baton.db')];
}

async function listed(db: string[]): Promise<ListedAccount[]> {
  return JSON.parse(await runCliOk([...db, 'accounts', 'list', '--json'])) as ListedAccount[];
}

const add = (db: string[], ...args: string[]) => runCli([...db, 'accounts', 'add', ...args]);

/** The next instant after `now` whose UTC wall clock reads `hhmm`. */
function nextUtc(hhmm: string, now: number): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  const day = new Date(now);
  const today = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hours, minutes);
  return today > now ? today : today + 86_400_000;
}

/** "HH:MM" of now + `hours`, in UTC. */
function utcClockIn(hours: number): string {
  const at = new Date(Date.now() + hours * 3_600_000);
  return `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
}

describe('baton CLI: accounts', function () {
  this.timeout(60_000);
  useTempDirs();
  before(requireFreshCli);

  it('adds, lists, edits, uses and removes accounts, each change on disk when the command exits', async () => {
    const db = database();
    const added = await add(db, '--name', 'GenSpark-02', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '200', '--tags', 'Frontend, react', '--label', 'work');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^Added GenSpark-02 \(GenSpark\): 200 credits, daily at 00:00 /);
    assert.equal((await add(db, '--name', 'Claude-1', '--platform', 'anthropic', '--unit', 'usd', '--limit', '5', '--window', 'weekly', '--reset-time', '09:30', '--tz', 'Europe/Berlin', '--priority', '2')).code, 0);

    let accounts = await listed(db);
    assert.deepEqual(accounts.map((a) => a.name), ['Claude-1', 'GenSpark-02'], 'the higher priority first');
    const gen = accounts[1];
    assert.deepEqual(
      { unit: gen?.unit, limit: gen?.limit, window: gen?.window, resetTime: gen?.resetTime, tags: gen?.tags, label: gen?.label, used: gen?.used, remaining: gen?.remaining, status: gen?.status, current: gen?.current },
      { unit: 'credits', limit: 200, window: 'daily', resetTime: '00:00', tags: ['frontend', 'react'], label: 'work', used: 0, remaining: 200, status: 'active', current: false },
    );
    assert.deepEqual([accounts[0]?.window, accounts[0]?.resetTime, accounts[0]?.timeZone, accounts[0]?.priority], ['weekly', '09:30', 'Europe/Berlin', 2]);
    // The next Monday 09:30 in Berlin, as an instant.
    const resetsAt = new Date(accounts[0]?.resetsAt ?? '');
    assert.ok(resetsAt.getTime() > Date.now() && resetsAt.getTime() <= Date.now() + 7 * 86_400_000);
    assert.equal(resetsAt.getUTCDay(), 1);
    assert.equal(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(resetsAt), '09:30');

    assert.equal(await runCliOk([...db, 'accounts', 'use', 'genspark-02']), 'GenSpark-02 is now the current account.\n');
    const table = await runCliOk([...db, 'accounts', 'list']);
    assert.match(table, /^ +NAME +PLATFORM +USED\/LIMIT +WINDOW +RESETS IN +STATUS$/m);
    assert.match(table, /^\* +GenSpark-02 +GenSpark +0\/200 credits +daily +\S.* +active$/m);
    assert.match(table, /^ +Claude-1 +anthropic +\$0\.00\/\$5\.00 +weekly +\d+d \d+h +active$/m);

    const renamed = await runCli([...db, 'accounts', 'edit', 'Claude-1', '--name', 'Claude-2', '--limit', '7.5', '--disable']);
    assert.equal(renamed.code, 0, renamed.stderr);
    accounts = await listed(db);
    assert.deepEqual(accounts.map((a) => [a.name, a.limit, a.status, a.priority, a.timeZone]), [['Claude-2', 7.5, 'disabled', 2, 'Europe/Berlin'], ['GenSpark-02', 200, 'active', 0, accounts[1]?.timeZone]]);
    await runCliOk([...db, 'accounts', 'edit', 'claude-2', '--enable']);
    assert.equal((await listed(db))[0]?.status, 'active');

    const renameClash = await runCli([...db, 'accounts', 'edit', 'Claude-2', '--name', 'GENSPARK-02']);
    assert.equal(renameClash.code, 1);
    assert.match(renameClash.stderr, /already named "GENSPARK-02"/);

    assert.match(await runCliOk([...db, 'accounts', 'remove', 'GenSpark-02']), /^Removed GenSpark-02\./);
    accounts = await listed(db);
    assert.deepEqual(accounts.map((a) => [a.name, a.current]), [['Claude-2', false]], 'the removed current account is no longer current');
    const missing = await runCli([...db, 'accounts', 'use', 'GenSpark-02']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'baton: There is no account "GenSpark-02". Accounts: Claude-2.\n');
  });

  it('refuses a name already in the pool (in any case) and keeps the first account as it was', async () => {
    const db = database();
    await runCliOk([...db, 'accounts', 'add', '--name', 'Gen', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '100']);
    const again = await add(db, '--name', 'GEN', '--platform', 'Other', '--unit', 'usd', '--limit', '9');
    assert.equal(again.code, 1);
    assert.equal(again.stdout, '');
    assert.match(again.stderr, /already an account named "Gen": change it with baton accounts edit "Gen"/);
    const accounts = await listed(db);
    assert.deepEqual(accounts.map((a) => [a.name, a.platform, a.unit, a.limit]), [['Gen', 'GenSpark', 'credits', 100]]);
  });

  it('names each bad option with what to type instead (exit 2) and writes no account', async () => {
    const db = database();
    const bad = await add(db, '--name', 'X', '--platform', 'P', '--unit', 'dollars', '--limit', '3', '--tz', 'Mars/Olympus', '--reset-time', '24:00', '--window', 'hourly');
    assert.equal(bad.code, 2);
    const lines = bad.stderr.replace(/^baton: /, '').split('\n');
    assert.ok(lines.includes('--unit: "dollars" is not a unit: use one of credits, usd, percent.'), bad.stderr);
    assert.ok(lines.includes('--reset-time: "24:00" is not a reset time: write it as HH:MM, from 00:00 to 23:59.'), bad.stderr);
    assert.ok(lines.includes('--window: "hourly" is not a window: use one of daily, rolling-5h, weekly, monthly.'), bad.stderr);
    assert.match(bad.stderr, /^--tz: "Mars\/Olympus" is not a time zone Baton knows: use an IANA name/m);
    assert.match(bad.stderr, /Run "baton --help" for usage\.\n$/);

    const noLimit = await add(db, '--name', 'X', '--platform', 'P', '--unit', 'credits');
    assert.equal(noLimit.code, 2);
    assert.match(noLimit.stderr, /--limit: Set the limit: how many credits the account allows per window\./);
    const key = await add(db, '--name', 'X', '--platform', 'P', '--unit', 'usd', '--limit', '5', '--notes', 'key: sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123');
    assert.equal(key.code, 2);
    assert.match(key.stderr, /--notes: API keys are not/);
    assert.doesNotMatch(key.stderr, /AbCdEfGh/, 'the key is not echoed');
    const noName = await runCli([...db, 'accounts', 'edit', '--limit', '5']);
    assert.equal(noName.code, 2);
    assert.match(noName.stderr, /Name the account: baton accounts edit NAME\./);
    assert.deepEqual(await listed(db), []);
  });

  it("defaults to a daily window at 00:00 in the machine's own time zone", async () => {
    const db = database();
    await runCliOk([...db, 'accounts', 'add', '--name', 'Web', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '50'], { TZ: 'America/New_York' });
    const [account] = await listed(db);
    assert.deepEqual([account?.window, account?.resetTime, account?.timeZone], ['daily', '00:00', 'America/New_York']);
    // Midnight in New York is 04:00 or 05:00 UTC.
    assert.match(account?.resetsAt ?? '', /T0[45]:00:00\.000Z$/);
    const [row] = await queryFile(db[1] ?? '', 'SELECT window_kind, reset_time, time_zone FROM accounts');
    assert.deepEqual(row, { window_kind: 'daily', reset_time: '00:00', time_zone: 'America/New_York' });
  });

  it('a failed edit changes nothing, not even the enable switch given with it', async () => {
    const db = database();
    await runCliOk([...db, 'accounts', 'add', '--name', 'A', '--platform', 'P', '--unit', 'credits', '--limit', '10']);
    await runCliOk([...db, 'accounts', 'edit', 'A', '--disable']);
    const bad = await runCli([...db, 'accounts', 'edit', 'A', '--enable', '--tz', 'Nowhere/Land']);
    assert.equal(bad.code, 2);
    assert.deepEqual((await listed(db)).map((a) => [a.status, a.timeZone === 'Nowhere/Land']), [['disabled', false]]);
    const both = await runCli([...db, 'accounts', 'edit', 'A', '--enable', '--disable']);
    assert.equal(both.code, 2);
    const nothing = await runCli([...db, 'accounts', 'edit', 'A']);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /Nothing to change/);
  });

  it('best picks the account made for the task, then the one with most left, and says why', async () => {
    const db = database();
    await runCliOk([...db, 'accounts', 'add', '--name', 'Gen-1', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '100', '--tags', 'frontend']);
    await runCliOk([...db, 'accounts', 'add', '--name', 'Gen-2', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '100']);
    await runCliOk([...db, 'credits', 'log', '--account', 'Gen-1', '--amount', '60']);

    const byShare = JSON.parse(await runCliOk([...db, 'accounts', 'best', '--json'])) as Record<string, unknown>;
    assert.deepEqual(Object.keys(byShare), ['name', 'reason', 'remaining']);
    assert.deepEqual(byShare, { name: 'Gen-2', reason: 'Gen-2: 100% left (vs 40% for Gen-1)', remaining: 100 });

    const byTask = JSON.parse(await runCliOk([...db, 'accounts', 'best', '--task', 'restyle the front end', '--json'])) as Record<string, unknown>;
    assert.deepEqual(byTask, { name: 'Gen-1', reason: 'Gen-1: matches frontend, which Gen-2 does not; 40% left', remaining: 40 });
    const byTag = await runCliOk([...db, 'accounts', 'best', '--tags', 'FRONTEND']);
    assert.equal(byTag.split('\n')[0], 'Gen-1: matches frontend, which Gen-2 does not; 40% left');
    assert.match(byTag, /^Gen-1 has 40 credits left; it resets in /m);
  });

  it('best exits 1 when every account is used up and names the first to reset, with its time', async () => {
    const db = database();
    const soon = utcClockIn(2);
    const later = utcClockIn(5);
    await runCliOk([...db, 'accounts', 'add', '--name', 'Later', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '10', '--reset-time', later, '--tz', 'UTC']);
    await runCliOk([...db, 'accounts', 'add', '--name', 'Soon', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '10', '--reset-time', soon, '--tz', 'UTC']);
    await runCliOk([...db, 'credits', 'log', '--account', 'Later', '--amount', '10']);
    await runCliOk([...db, 'credits', 'log', '--account', 'Soon', '--amount', '12']);

    const json = await runCli([...db, 'accounts', 'best', '--json']);
    assert.equal(json.code, 1);
    const parsed = JSON.parse(json.stdout) as { name: null; reason: string; earliestReset: { name: string; at: string } };
    assert.deepEqual(Object.keys(parsed), ['name', 'reason', 'earliestReset']);
    assert.equal(parsed.name, null);
    assert.deepEqual(parsed.earliestReset, { name: 'Soon', at: new Date(nextUtc(soon, Date.now())).toISOString() });
    assert.match(parsed.reason, /the first to reset is Soon, in 1h 5\dm\.$/);

    const text = await runCli([...db, 'accounts', 'best']);
    assert.equal(text.code, 1);
    assert.equal(text.stdout, '');
    const day = new Date(nextUtc(soon, Date.now())).toISOString().slice(0, 10);
    assert.match(text.stderr, new RegExp(`Soon is available again at ${day} ${soon} UTC\\.\\n$`));
  });
});
