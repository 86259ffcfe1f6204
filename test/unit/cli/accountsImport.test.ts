// `baton accounts import FILE` and `baton accounts export` as users run them: real processes on
// a temporary database. An import is all or nothing; an export reads back in as the same pool.
import assert from 'node:assert/strict';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

interface Listed {
  name: string;
  platform: string;
  unit: string;
  limit: number;
  window: string;
  resetTime: string;
  timeZone: string;
  tags: string[];
  priority: number;
  notes: string;
}

function setup(): { dir: string; db: string[]; dbPath: string } {
  const dir = makeTempDir();
  const dbPath = join(dir, 'baton.db');
  return { dir, db: ['--db', dbPath], dbPath };
}

function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function pool(db: string[]): Promise<Listed[]> {
  return JSON.parse(await runCliOk([...db, 'accounts', 'list', '--json'])) as Listed[];
}

const fieldsOf = (accounts: Listed[]) => accounts.map(({ name, platform, unit, limit, window, resetTime, timeZone, tags, priority, notes }) => ({ name, platform, unit, limit, window, resetTime, timeZone, tags, priority, notes }));

const GOOD_CSV = [
  'name,platform,unit,limit,window,reset_time,tz,tags,priority,notes',
  'GenSpark-02,GenSpark,credits,200,daily,09:00,Europe/Berlin,"frontend, react",1,"shared with ""team"", see wiki"',
  'Claude-Max,claude-code,percent,,weekly,00:00,UTC,,0,',
  '',
].join('\r\n');

describe('baton CLI: accounts import and export', function () {
  this.timeout(60_000);
  useTempDirs();
  before(requireFreshCli);

  it('imports a CSV, then a JSON file that updates an account by name and adds one, without duplicates', async () => {
    const { dir, db } = setup();
    await runCliOk([...db, 'accounts', 'add', '--name', 'genspark-02', '--platform', 'Old', '--unit', 'credits', '--limit', '10']);
    const csv = write(dir, 'pool.csv', GOOD_CSV);
    assert.equal(await runCliOk([...db, 'accounts', 'import', csv]), 'Created 1 account(s) (Claude-Max) and updated 1 (GenSpark-02).\n');
    assert.deepEqual(fieldsOf(await pool(db)), [
      { name: 'GenSpark-02', platform: 'GenSpark', unit: 'credits', limit: 200, window: 'daily', resetTime: '09:00', timeZone: 'Europe/Berlin', tags: ['frontend', 'react'], priority: 1, notes: 'shared with "team", see wiki' },
      { name: 'Claude-Max', platform: 'claude-code', unit: 'percent', limit: 100, window: 'weekly', resetTime: '00:00', timeZone: 'UTC', tags: [], priority: 0, notes: '' },
    ]);

    const json = write(dir, 'more.JSON', JSON.stringify({ accounts: [
      { name: 'GENSPARK-02', platform: 'GenSpark', unit: 'credits', limit: 300, timeZone: 'UTC' },
      { name: 'OpenAI-Team', platform: 'openai', unit: 'usd', limit: 25.5, window: 'monthly' },
    ] }, null, 2));
    const report = JSON.parse(await runCliOk([...db, 'accounts', 'import', json, '--json'])) as unknown;
    assert.deepEqual(report, { dryRun: false, created: ['OpenAI-Team'], updated: ['GENSPARK-02'] });
    const accounts = await pool(db);
    assert.deepEqual(accounts.map((a) => [a.name, a.limit, a.unit]), [['GENSPARK-02', 300, 'credits'], ['Claude-Max', 100, 'percent'], ['OpenAI-Team', 25.5, 'usd']], 'by priority, then name');
    const updated = fieldsOf(accounts)[0];
    assert.deepEqual([updated?.tags, updated?.priority, updated?.resetTime, updated?.timeZone, updated?.notes], [['frontend', 'react'], 1, '09:00', 'UTC', 'shared with "team", see wiki'],
      'the columns the JSON file leaves out keep their values; the ones it gives change');
  });

  it('a bad file: every error as FILE:LINE: field: message, exit 1, nothing imported', async () => {
    const { dir, db } = setup();
    await runCliOk([...db, 'accounts', 'add', '--name', 'Keep', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '10']);
    const csv = write(dir, 'bad.csv', [
      'name,platform,unit,limit,window,resetTime,timeZone',
      'Good,GenSpark,credits,100,daily,09:00,UTC',
      'Keep,GenSpark,coins,100,daily,09:00,UTC',
      'Broken,GenSpark,credits,-5,hourly,25:00,Berlin',
      '',
    ].join('\n'));
    const run = await runCli([...db, 'accounts', 'import', csv]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.deepEqual(run.stderr.trimEnd().split('\n'), [
      `baton: ${csv}: 5 errors; nothing was imported.`,
      `${csv}:3: unit: "coins" is not a unit: use one of credits, usd, percent.`,
      `${csv}:4: limit: The limit must be more than 0 (it is -5).`,
      `${csv}:4: window: "hourly" is not a window: use one of daily, rolling-5h, weekly, monthly.`,
      `${csv}:4: resetTime: "25:00" is not a reset time: write it as HH:MM, from 00:00 to 23:59.`,
      `${csv}:4: timeZone: "Berlin" is not a time zone Baton knows: use an IANA name such as "Europe/Berlin" or "America/New_York".`,
    ]);
    assert.deepEqual((await pool(db)).map((a) => [a.name, a.unit, a.limit]), [['Keep', 'credits', 10]], 'the good row was not imported either, and Keep is unchanged');

    const json = write(dir, 'bad.json', '[\n  { "name": "A", "platform": "GenSpark", "unit": "credits", "limit": 1 },\n  { "name": "B", "platform": "GenSpark" "unit": "credits" }\n]\n');
    const syntax = await runCli([...db, 'accounts', 'import', json]);
    assert.equal(syntax.code, 1);
    assert.match(syntax.stderr, new RegExp(`\\n${json.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3: This is not valid JSON: Expected , or \\} after a property`));
    const keyed = write(dir, 'keys.json', JSON.stringify([{ name: 'A', platform: 'openai', unit: 'usd', limit: 5, apiKey: 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123' }]));
    const refused = await runCli([...db, 'accounts', 'import', keyed]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /keys\.json:1: apiKey: API keys are not imported from files/);
    assert.doesNotMatch(refused.stderr, /AbCdEfGh/);
    assert.equal((await pool(db)).length, 1);
  });

  it('--dry-run says what would be created and updated, and writes nothing', async () => {
    const { dir, db, dbPath } = setup();
    await runCliOk([...db, 'accounts', 'add', '--name', 'GenSpark-02', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '10']);
    const before = readFileSync(dbPath);
    const csv = write(dir, 'pool.csv', GOOD_CSV);
    const out = await runCliOk([...db, 'accounts', 'import', csv, '--dry-run']);
    assert.equal(out, 'Would create 1 account(s) (Claude-Max) and update 1 (GenSpark-02).\nDry run: nothing was written.\n');
    assert.deepEqual((await pool(db)).map((a) => [a.name, a.limit]), [['GenSpark-02', 10]]);
    assert.ok(readFileSync(dbPath).equals(before), 'the database file is unchanged');
  });

  it('exports CSV to stdout (higher priority first) and JSON to a file, and the export imports back into an empty pool as the same accounts', async () => {
    const { dir, db } = setup();
    await runCliOk([...db, 'accounts', 'import', write(dir, 'pool.csv', GOOD_CSV)]);
    const csv = await runCliOk([...db, 'accounts', 'export']);
    assert.equal(csv, [
      'name,platform,label,unit,limit,window,resetTime,timeZone,tags,priority,notes',
      'GenSpark-02,GenSpark,,credits,200,daily,09:00,Europe/Berlin,"frontend, react",1,"shared with ""team"", see wiki"',
      'Claude-Max,claude-code,,percent,100,weekly,00:00,UTC,,0,',
      '',
    ].join('\r\n'));
    const out = join(dir, 'accounts.json');
    assert.equal(await runCliOk([...db, 'accounts', 'export', '--out', out]), `Exported 2 account(s) as JSON to ${out}.\n`);
    const exported = JSON.parse(readFileSync(out, 'utf8')) as { accounts: Record<string, unknown>[] };
    assert.deepEqual(exported.accounts.map((a) => Object.keys(a)), [0, 1].map(() => ['name', 'platform', 'label', 'unit', 'limit', 'window', 'resetTime', 'timeZone', 'tags', 'priority', 'notes']));

    const other = setup();
    await runCliOk([...other.db, 'accounts', 'import', out]);
    assert.deepEqual(fieldsOf(await pool(other.db)), fieldsOf(await pool(db)));
  });

  it('never writes an export over a link or the database', async () => {
    const { dir, db, dbPath } = setup();
    await runCliOk([...db, 'accounts', 'add', '--name', 'A', '--platform', 'P', '--unit', 'credits', '--limit', '1']);
    const target = write(dir, 'precious.txt', 'keep me');
    const link = join(dir, 'link.csv');
    symlinkSync(target, link);
    const viaLink = await runCli([...db, 'accounts', 'export', '--out', link]);
    assert.equal(viaLink.code, 2);
    assert.equal(readFileSync(target, 'utf8'), 'keep me');
    const overDb = await runCli([...db, 'accounts', 'export', '--format', 'csv', '--out', dbPath]);
    assert.equal(overDb.code, 2);
    assert.equal((await pool(db)).length, 1);
    const badFormat = await runCli([...db, 'accounts', 'export', '--format', 'xml']);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format xml: use csv or json\./);
  });
});
