// `baton costs`, `baton forecast` and `baton anomalies` on the costs service. In process: the
// services on a real database in a temporary folder, a fixed clock (local noon of 2026-11-24),
// ledger rows written by the real LedgerStore under this machine's local day, and the exported
// run functions with a capturing output. Then the built CLI, for the wiring: exit codes, a usage
// error before any database exists, --config budgets and their absence.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemLocalDay } from '../../../src/app/systemLocalDay';
import { COST_BREAKDOWNS, UsageError } from '../../../src/cli/cliArgs';
import { DEFAULT_DAYS, FORECAST_MIN_DAYS, runAnomalies, runCosts, runForecast } from '../../../src/cli/costsCommands';
import { workspaceForPath } from '../../../src/context/workspaceIdentity';
import { dayString } from '../../../src/core/costs/calendarDays';
import { MIN_DATA_DAYS } from '../../../src/core/costs/forecast';
import type { LedgerEntry } from '../../../src/core/costs/ledgerPorts';
import { LedgerStore } from '../../../src/storage/ledgerStore';
import { SessionStore } from '../../../src/storage/sessionStore';
import { type CliRun, runCli } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { openDatabase } from '../support/database';
import { ledgerEntry } from '../support/ledgerEntries';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { type Harness, NOW, TODAY, at, day, harness, opened } from '../support/costsCliHarness';

const USD = 1_000_000_000;

/** One priced router request of `usd` on day `offset`. */
const spend = (offset: number, usd: number, extra: Partial<LedgerEntry> = {}): Partial<LedgerEntry> => ({
  at: at(offset), costNanos: Math.round(usd * USD), workspaceId: null, ...extra,
});

describe('baton costs, forecast and anomalies on the costs service', function () {
  useTempDirs();
  afterEach(async () => {
    for (const services of opened.splice(0)) await services.close();
  });

  it('the fixed clock lands on 2026-11-24 in this time zone', () => {
    assert.equal(systemLocalDay(NOW), TODAY);
    assert.equal(systemLocalDay(at(-30)), TODAY - 30);
  });

  describe('baton costs', () => {
    let h: Harness;
    let wsA: ReturnType<typeof workspaceForPath>;
    let wsB: ReturnType<typeof workspaceForPath>;

    beforeEach(async () => {
      h = await harness();
      wsA = workspaceForPath(makeTempDir('baton-ws-alpha-'));
      wsB = workspaceForPath(makeTempDir('baton-ws-beta-'));
      const sessions = new SessionStore(h.services.database);
      await sessions.saveWorkspace(wsA);
      await sessions.saveWorkspace(wsB);
      const team = await h.services.accounts.add(
        { name: 'Team', platform: 'openai', label: '', unit: 'usd', limit: 100, window: { kind: 'daily', resetTime: '00:00', timeZone: 'UTC' }, tags: [], priority: 0, notes: '' },
        () => '',
      );
      await h.seed([
        spend(-40, 100, { model: 'gpt-4o' }), // before the default range and the --since below
        spend(-30, 7, { model: 'gpt-4o' }), // the day before the default range
        spend(-29, 0.5, { provider: 'anthropic', model: 'claude-haiku' }), // its first day
        spend(-2, 1.5, { workspaceId: wsA.id, sessionId: 's-1', accountId: team.id }),
        spend(-2, 0.25, { provider: 'anthropic', model: 'claude-haiku', workspaceId: wsB.id, source: 'claude-code' }),
        spend(-1, 3, { model: 'gpt-4o', workspaceId: wsA.id, sessionId: 's-1' }),
        { at: at(-1), costNanos: null, pricing: 'unpriced', workspaceId: null },
        { at: at(0, 9), provider: 'vscode-lm', model: 'copilot', costNanos: null, pricing: 'subscription', workspaceId: wsA.id },
        { at: at(0, 10), costNanos: 0, cacheHit: true, savedNanos: 0.4 * USD, workspaceId: wsA.id },
      ]);
    });

    it('--json: the totals of the last 30 local days, by provider (with each model\'s) and day', async () => {
      assert.equal(DEFAULT_DAYS, 30);
      const json = await h.json(runCosts, ['costs']);
      assert.deepEqual(json, {
        totalUsd: 5.25, requests: 7, unpricedRequests: 1, subscriptionRequests: 1, savedUsd: 0.4,
        byProvider: [
          { provider: 'openai', usd: 4.5, requests: 4 },
          { provider: 'anthropic', usd: 0.75, requests: 2 },
          { provider: 'vscode-lm', usd: 0, requests: 1 },
        ],
        byModel: [
          { provider: 'openai', model: 'gpt-4o', usd: 3, requests: 1 },
          { provider: 'openai', model: 'gpt-4o-mini', usd: 1.5, requests: 3 },
          { provider: 'anthropic', model: 'claude-haiku', usd: 0.75, requests: 2 },
          { provider: 'vscode-lm', model: 'copilot', usd: 0, requests: 1 },
        ],
        byDay: [
          { day: day(-29), usd: 0.5, requests: 1 },
          { day: day(-2), usd: 1.75, requests: 2 },
          { day: day(-1), usd: 3, requests: 2 },
          { day: day(0), usd: 0, requests: 2 },
        ],
      });
    });

    it('--by groups by each key: workspace and account names as labels, days in order', async () => {
      const expected: Record<string, [string | null, string, number, number][]> = {
        day: [[day(-29), day(-29), 0.5, 1], [day(-2), day(-2), 1.75, 2], [day(-1), day(-1), 3, 2], [day(0), day(0), 0, 2]],
        provider: [['openai', 'openai', 4.5, 4], ['anthropic', 'anthropic', 0.75, 2], ['vscode-lm', 'vscode-lm', 0, 1]],
        model: [['gpt-4o', 'gpt-4o', 3, 1], ['gpt-4o-mini', 'gpt-4o-mini', 1.5, 3], ['claude-haiku', 'claude-haiku', 0.75, 2], ['copilot', 'copilot', 0, 1]],
        workspace: [[wsA.id, wsA.name, 4.5, 4], [null, '(no workspace)', 0.5, 2], [wsB.id, wsB.name, 0.25, 1]],
        session: [['s-1', 's-1', 4.5, 2], [null, '(no session)', 0.75, 5]],
        account: [[null, '(no account)', 3.75, 6], [(await h.services.accounts.byName('Team')).id, 'Team', 1.5, 1]],
        source: [['router', 'router', 5, 6], ['claude-code', 'claude-code', 0.25, 1]],
      };
      assert.deepEqual(Object.keys(expected), [...COST_BREAKDOWNS]);
      for (const [by, groups] of Object.entries(expected)) {
        const json = await h.json(runCosts, ['costs', '--by', by]);
        assert.equal(json.by, by);
        assert.deepEqual(json.groups, groups.map(([key, label, usd, requests]) => ({ key, label, usd, requests })), `--by ${by}`);
        assert.equal(json.totalUsd, 5.25, `--by ${by} keeps the totals`);
        assert.equal((json.byDay as unknown[]).length, 4, `--by ${by} keeps byDay`);
      }
      assert.ok(wsA.name.startsWith('baton-ws-alpha-'), 'the label is the folder name, not the id');
    });

    it('a bad --by is a usage error naming the allowed values', async () => {
      await assert.rejects(h.lines(runCosts, ['costs', '--by', 'week']), (error: Error) => {
        assert.ok(error instanceof UsageError);
        assert.equal(error.message, 'Unknown --by "week": use one of day, provider, model, workspace, session, account, source.');
        return true;
      });
    });

    it('--since/--until are inclusive local days; a bad day or a reversed range is a usage error', async () => {
      const old = await h.json(runCosts, ['costs', '--since', day(-40), '--until', day(-30)]);
      assert.deepEqual([old.totalUsd, old.requests, old.byDay], [107, 2, [{ day: day(-40), usd: 100, requests: 1 }, { day: day(-30), usd: 7, requests: 1 }]]);
      const two = await h.json(runCosts, ['costs', '--since', day(-2), '--until', day(-1)]);
      assert.deepEqual([two.totalUsd, two.requests], [4.75, 4]);
      // --until alone: the 30 days ending then.
      const ending = await h.json(runCosts, ['costs', '--until', day(-30)]);
      assert.deepEqual([ending.totalUsd, ending.requests], [107, 2]);
      for (const [args, message] of [
        [['--since', '2026-02-30'], /--since takes a local day as YYYY-MM-DD, such as 2026-11-30 \(found "2026-02-30"\)/],
        [['--until', '24/11/2026'], /--until takes a local day/],
        [['--since', day(-1), '--until', day(-2)], /--since \(.+\) must be on or before --until/],
      ] as const) {
        await assert.rejects(h.lines(runCosts, ['costs', ...args]), (error: Error) => error instanceof UsageError && message.test(error.message));
      }
    });

    it('--workspace, --provider, --model, --source and --account narrow every number', async () => {
      const cases: [string[], number, number][] = [
        [['--workspace', wsA.location], 4.5, 4],
        [['--provider', 'anthropic'], 0.75, 2],
        [['--model', 'gpt-4o-mini'], 1.5, 3],
        [['--source', 'claude-code'], 0.25, 1],
        [['--account', 'team'], 1.5, 1],
      ];
      for (const [args, usd, requests] of cases) {
        const json = await h.json(runCosts, ['costs', ...args]);
        assert.deepEqual([json.totalUsd, json.requests], [usd, requests], args.join(' '));
      }
      const anthropic = await h.json(runCosts, ['costs', '--provider', 'anthropic']);
      assert.deepEqual(anthropic.byModel, [{ provider: 'anthropic', model: 'claude-haiku', usd: 0.75, requests: 2 }]);
      await assert.rejects(h.lines(runCosts, ['costs', '--account', 'Nobody']), /There is no account "Nobody"/);
    });

    it('prints a total line in local days, then provider, model and day, or the --by groups', async () => {
      const text = await h.lines(runCosts, ['costs']);
      assert.match(text[0] ?? '', new RegExp(`^Total \\$5\\.25 over 7 request\\(s\\), 1 unpriced, 1 covered by a subscription; the cache saved \\$0\\.40, ${day(-29)} to ${day(0)} \\(local days`));
      assert.deepEqual(text.filter((line) => !line.startsWith('  ')).slice(1), ['By provider:', 'By model:', 'By day:']);
      assert.match(text.join('\n'), /^ {2}openai\/gpt-4o +\$3\.00 {2}1 request\(s\)$/m);
      const byWorkspace = await h.lines(runCosts, ['costs', '--by', 'workspace']);
      assert.equal(byWorkspace[1], 'By workspace:');
      assert.match(byWorkspace[2] ?? '', new RegExp(`^ {2}${wsA.name} +\\$4\\.50 {2}4 request\\(s\\)$`));
      assert.equal(byWorkspace.length, 5);
      const none = await h.lines(runCosts, ['costs', '--since', day(-60), '--until', day(-50)]);
      assert.equal(none.length, 1);
      assert.match(none[0] ?? '', new RegExp(`^No requests from ${day(-60)} to ${day(-50)} \\(local days.*\\)\\.$`));
    });
  });

  describe('baton forecast', () => {
    const tenFlatDays = Array.from({ length: 10 }, (_, i) => spend(i - 10, 2));

    it('--json on 10 days of $2: $14 over 7 days, $60 over 30, and each budget of the config', async () => {
      const h = await harness({ monthlyUsd: 30, dailyUsd: 1.5 });
      await h.seed(tenFlatDays);
      const json = await h.json(runForecast, ['forecast']);
      assert.deepEqual(Object.keys(json), ['projected7DayUsd', 'projected30DayUsd', 'low', 'high', 'method', 'days', 'budgets']);
      assert.match(String(json.method), /^Linear trend over the last 10 days/);
      assert.deepEqual({ ...json, method: '' }, {
        projected7DayUsd: 14, projected30DayUsd: 60, low: 60, high: 60, method: '', days: 10,
        budgets: [
          // $20 spent this month; $2 a day more reaches $30 on the 28th.
          { name: 'Monthly budget', limitUsd: 30, spentUsd: 20, runsOutOn: '2026-11-28' },
          // Today alone is expected to cost $2.
          { name: 'Daily budget', limitUsd: 1.5, spentUsd: 0, runsOutOn: '2026-11-24' },
        ],
      });
      const text = await h.lines(runForecast, ['forecast']);
      assert.match(text[0] ?? '', /^Next 7 days: \$14\.00 \(from 10 days of spend, local days.*\), next 30 days: \$60\.00 \(\$60\.00 – \$60\.00\)$/);
      assert.match(text[1] ?? '', /^Method: Linear trend/);
      assert.deepEqual(text.slice(2), ['Monthly budget $30.00: $20.00 spent, runs out on 2026-11-28', 'Daily budget $1.50: $0.00 spent, runs out on 2026-11-24']);
    });

    it('a budget the pace stays under says so; without a config there are no budgets', async () => {
      const within = await harness({ monthlyUsd: 50 });
      await within.seed(tenFlatDays);
      assert.equal((await within.lines(runForecast, ['forecast']))[2], 'Monthly budget $50.00: $20.00 spent, stays within the limit this month');
      const none = await harness();
      await none.seed(tenFlatDays);
      assert.deepEqual((await none.json(runForecast, ['forecast'])).budgets, []);
    });

    it('3 days of spend: insufficient, projections null, the method says why', async () => {
      assert.equal(FORECAST_MIN_DAYS, MIN_DATA_DAYS);
      const h = await harness();
      await h.seed([spend(-3, 2), spend(-2, 2), spend(-1, 2)]);
      assert.deepEqual(await h.json(runForecast, ['forecast']), {
        projected7DayUsd: null, projected30DayUsd: null, low: null, high: null,
        method: 'No forecast yet: 3 days of spend history, 7 needed', days: 3, budgets: [],
      });
      assert.deepEqual(await h.lines(runForecast, ['forecast']), ['Not enough data for a forecast: 3 day(s) of spend, 7 needed.']);
      await assert.rejects(h.lines(runForecast, ['forecast', '--since', day(-5)]), (error: Error) => error instanceof UsageError && /^forecast takes no --since: it always projects/.test(error.message));
    });

    it('filters narrow the spend projected', async () => {
      const h = await harness();
      await h.seed([...tenFlatDays, ...Array.from({ length: 10 }, (_, i) => spend(i - 10, 1, { provider: 'anthropic', model: 'claude-haiku' }))]);
      assert.equal((await h.json(runForecast, ['forecast'])).projected7DayUsd, 21);
      assert.equal((await h.json(runForecast, ['forecast', '--provider', 'anthropic'])).projected7DayUsd, 7);
    });
  });

  describe('baton anomalies', () => {
    /** $1 a day from `first` days ago through yesterday, `spikes` days at $5 (five $1 requests, so no single request or price stands out). */
    const series = (first: number, spikes: readonly number[]) => Array.from({ length: first }, (_, i) => i - first).flatMap((offset) =>
      Array.from({ length: spikes.includes(offset) ? 5 : 1 }, () => spend(offset, 1)));

    it('finds a day over twice the median of the 14 days before, with its requests', async () => {
      const h = await harness();
      const ids = await h.seed(series(20, [-5]));
      const spikeIds = ids.slice(15, 20);
      const json = await h.json(runAnomalies, ['anomalies']);
      const anomalies = json.anomalies as Record<string, unknown>[];
      assert.equal(anomalies.length, 1, JSON.stringify(anomalies));
      const [spike] = anomalies;
      assert.deepEqual(Object.keys(spike ?? {}), ['kind', 'day', 'provider', 'model', 'value', 'baseline', 'why', 'requestIds']);
      assert.deepEqual({ ...spike, requestIds: [...(spike?.requestIds as string[])].sort() }, {
        kind: 'day-spike', day: day(-5), provider: null, model: null, value: 5, baseline: 1,
        why: '$5.00 on Nov 19 is 5.0× the median of the 14 days before ($1.00)', requestIds: [...spikeIds].sort(),
      });
      assert.deepEqual(await h.lines(runAnomalies, ['anomalies']), [`${day(-5)} day-spike: $5.00 on Nov 19 is 5.0× the median of the 14 days before ($1.00)`]);
      assert.deepEqual(await h.lines(runAnomalies, ['anomalies', '--since', day(-4)]), [`No anomalies since ${day(-4)}.`]);
    });

    it('nothing on a flat series', async () => {
      const h = await harness();
      await h.seed(series(20, []));
      assert.deepEqual(await h.json(runAnomalies, ['anomalies']), { anomalies: [] });
      assert.deepEqual(await h.lines(runAnomalies, ['anomalies']), [`No anomalies since ${day(-29)}.`]);
    });

    it('looks back over the last 30 local days by default; --since reaches further; --until is refused', async () => {
      const h = await harness();
      await h.seed(series(45, [-30, -29]));
      const days = async (args: string[]) => ((await h.json(runAnomalies, ['anomalies', ...args])).anomalies as { day: string }[]).map((a) => a.day);
      assert.deepEqual(await days([]), [day(-29)]);
      assert.deepEqual(await days(['--since', day(-30)]), [day(-30), day(-29)]);
      assert.deepEqual(await days(['--provider', 'anthropic']), []);
      await assert.rejects(h.lines(runAnomalies, ['anomalies', '--until', day(-1)]), (error: Error) => error instanceof UsageError && /takes no --until/.test(error.message));
      await assert.rejects(h.lines(runAnomalies, ['anomalies', '--since', day(1)]), (error: Error) => error instanceof UsageError && /must be on or before today/.test(error.message));
    });
  });
});

describe('baton CLI: costs, forecast, anomalies (dist/cli.js)', function () {
  this.timeout(60_000);
  useTempDirs();
  before(requireFreshCli);

  const ENV = { BATON_CONFIG: undefined };
  const realToday = () => systemLocalDay(Date.now());

  /** A database with $2 on each of the last three local days (openai) and $1 yesterday (anthropic). */
  async function seededDatabase(): Promise<string> {
    const path = join(makeTempDir('baton-costs-cli-'), 'baton.db');
    const database = await openDatabase(path);
    const ledger = new LedgerStore(database, undefined, systemLocalDay);
    const noon = (offset: number) => { const now = new Date(); return new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset, 12).getTime(); };
    for (const offset of [-3, -2, -1]) await ledger.settle(null, ledgerEntry({ at: noon(offset), costNanos: 2 * USD }));
    await ledger.settle(null, ledgerEntry({ at: noon(-1), costNanos: USD, provider: 'anthropic', model: 'claude-haiku' }));
    await database.close();
    return path;
  }

  function assertExit(run: CliRun, code: number): void {
    assert.equal(run.code, code, `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }

  it('costs --json and --by day read the local days of the ledger', async () => {
    const db = await seededDatabase();
    const run = await runCli(['costs', '--json', '--db', db], ENV);
    assertExit(run, 0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    const today = realToday();
    assert.deepEqual([json.totalUsd, json.requests], [7, 4]);
    assert.deepEqual(json.byModel, [
      { provider: 'openai', model: 'gpt-4o-mini', usd: 6, requests: 3 },
      { provider: 'anthropic', model: 'claude-haiku', usd: 1, requests: 1 },
    ]);
    assert.deepEqual(json.byDay, [
      { day: dayString(today - 3), usd: 2, requests: 1 }, { day: dayString(today - 2), usd: 2, requests: 1 }, { day: dayString(today - 1), usd: 3, requests: 2 },
    ]);
    const byDay = await runCli(['costs', '--by', 'day', '--db', db], ENV);
    assertExit(byDay, 0);
    assert.match(byDay.stdout, /^Total \$7\.00 over 4 request\(s\), .* \(local days.*\)\nBy day:\n/);
  });

  it('a bad --by or day exits 2 before any database is made', async () => {
    const db = join(makeTempDir(), 'baton.db');
    const run = await runCli(['costs', '--by', 'week', '--db', db], ENV);
    assertExit(run, 2);
    assert.equal(run.stderr, 'baton: Unknown --by "week": use one of day, provider, model, workspace, session, account, source.\nRun "baton --help" for usage.\n');
    for (const args of [['costs', '--since', '2026-13-01'], ['anomalies', '--since', 'yesterday'], ['forecast', '--until', '2026-11-30'], ['anomalies', '--until', '2026-11-30']]) {
      assertExit(await runCli([...args, '--db', db], ENV), 2);
    }
    assert.equal(existsSync(db), false);
  });

  it('forecast --json: no config, no budgets; --config budgets are listed; anomalies --json on a quiet ledger', async () => {
    const db = await seededDatabase();
    const bare = await runCli(['forecast', '--json', '--db', db], ENV);
    assertExit(bare, 0);
    assert.deepEqual(JSON.parse(bare.stdout), {
      projected7DayUsd: null, projected30DayUsd: null, low: null, high: null, method: 'No forecast yet: 3 days of spend history, 7 needed', days: 3, budgets: [],
    });
    const config = join(makeTempDir(), 'router.json');
    writeFileSync(config, JSON.stringify({ budgets: { monthlyUsd: 1000 } }));
    const budgeted = await runCli(['forecast', '--json', '--db', db, '--config', config], ENV);
    assertExit(budgeted, 0);
    const budgets = (JSON.parse(budgeted.stdout) as { budgets: { name: string; limitUsd: number; runsOutOn: string | null }[] }).budgets;
    assert.deepEqual(budgets.map((b) => [b.name, b.limitUsd, b.runsOutOn]), [['Monthly budget', 1000, null]]);
    const text = await runCli(['forecast', '--db', db, '--config', config], ENV);
    assertExit(text, 0);
    assert.match(text.stdout, /^Not enough data for a forecast: 3 day\(s\) of spend, 7 needed\.\nMonthly budget \$1,000\.00: \$\d+\.\d\d spent\n$/);
    const anomalies = await runCli(['anomalies', '--json', '--db', db], ENV);
    assertExit(anomalies, 0);
    assert.deepEqual(JSON.parse(anomalies.stdout), { anomalies: [] });
  });
});
