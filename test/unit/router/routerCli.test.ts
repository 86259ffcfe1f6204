// `baton ask`, `baton costs` and `baton providers` as a user runs them: the built CLI as a child
// process, a --db temporary file, a --config JSON pointing at local wire servers, and the key in
// the environment variable the configuration names.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reply, type WireServer } from '../../support/wire/wireServer';
import { type CliRun, runCli } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { queryFile } from '../support/database';
import { cliPath, repoRoot } from '../support/paths';
import { makeTempDir } from '../support/tempDirs';
import { ANTHROPIC_KEY, HAIKU, MINI, OPENAI_KEY, anthropicServer, openaiServer, useRouterCleanup, waitUntil } from './routerHarness';

const OA_VAR = 'BATON_ROUTER_TEST_OA_KEY';
const AN_VAR = 'BATON_ROUTER_TEST_AN_KEY';
const ENV = { [OA_VAR]: OPENAI_KEY, [AN_VAR]: ANTHROPIC_KEY, BATON_CONFIG: undefined };

interface Setup {
  readonly db: string;
  readonly configFile: string;
  readonly openai: WireServer;
  readonly anthropic: WireServer;
  run(args: readonly string[], env?: Record<string, string | undefined>): Promise<CliRun>;
}

async function setUp(extra: { routing?: object; budgets?: object } = {}): Promise<Setup> {
  const dir = makeTempDir('baton-router-cli-');
  const openai = await openaiServer({ apiKey: OPENAI_KEY });
  const anthropic = await anthropicServer({ apiKey: ANTHROPIC_KEY });
  const configFile = join(dir, 'router.json');
  writeFileSync(configFile, JSON.stringify({
    providers: [
      { id: 'oa', kind: 'openai', baseUrl: openai.baseUrl, apiKeyEnv: OA_VAR, models: [MINI] },
      { id: 'an', kind: 'anthropic', baseUrl: anthropic.baseUrl, apiKeyEnv: AN_VAR, models: [HAIKU] },
    ],
    routing: { strategy: 'cheapest', ...extra.routing },
    ...(extra.budgets && { budgets: extra.budgets }),
  }));
  const db = join(dir, 'baton.db');
  return { db, configFile, openai, anthropic, run: (args, env = {}) => runCli([...args, '--db', db, '--config', configFile], { ...ENV, ...env }) };
}

function assertExit(run: CliRun, code: number): void {
  assert.equal(run.code, code, `exit code ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
}

const OA_USAGE = { input: 200, output: 5, cacheRead: 800 };
const OA_NANOS = 200 * 150 + 5 * 600 + 800 * 75; // $0.15, $0.60 and $0.075 per million tokens
const AN_USAGE = { input: 100, output: 20, cacheRead: 1000, cacheWrite: 500 };
const AN_NANOS = 100 * 800 + 20 * 4000 + 1000 * 80 + 500 * 1000; // $0.80, $4, $0.08 and $1 per million tokens

describe('baton CLI: ask, costs, providers', function () {
  this.timeout(60_000);
  useRouterCleanup();
  before(requireFreshCli);

  it('ask --json prints the documented shape, and the ledger keeps the row', async () => {
    const s = await setUp();
    s.openai.enqueue(reply.text('Hello from the wire.', { usage: OA_USAGE }));
    const run = await s.run(['ask', 'hi', '--json']);
    assertExit(run, 0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    for (const key of ['text', 'provider', 'model', 'usage', 'costUsd', 'estimated', 'attempts', 'cached', 'latencyMs', 'ttftMs', 'redacted']) {
      assert.ok(Object.hasOwn(json, key), `--json has "${key}"`);
    }
    assert.equal(json.text, 'Hello from the wire.');
    assert.equal(json.provider, 'oa');
    assert.equal(json.model, MINI.id);
    assert.deepEqual(json.usage, { input: 200, output: 5, cacheRead: 800, cacheWrite: 0 });
    assert.equal(json.costUsd, OA_NANOS / 1e9);
    assert.equal(json.estimated, false);
    assert.deepEqual(json.attempts, [{ provider: 'oa', model: MINI.id, status: 'ok', error: null }]);
    assert.equal(json.cached, false);
    assert.equal(typeof json.latencyMs, 'number');
    assert.equal(typeof json.ttftMs, 'number');
    assert.ok((json.ttftMs as number) <= (json.latencyMs as number));
    assert.deepEqual(json.redacted, []);
    assert.deepEqual(s.openai.requests[0]?.json['messages'], [{ role: 'user', content: 'hi' }]);
    assert.equal(s.anthropic.requests.length, 0, 'cheapest went to the cheaper provider');
    const rows = await queryFile(s.db, 'SELECT provider, model, status, cost_nanos, estimated, source FROM ledger');
    assert.deepEqual(rows, [{ provider: 'oa', model: MINI.id, status: 'ok', cost_nanos: OA_NANOS, estimated: 0, source: 'router' }]);
  });

  it('ask without --json prints the answer on stdout and a cost line on stderr', async () => {
    const s = await setUp();
    s.openai.enqueue(reply.text('Plain answer', { usage: OA_USAGE }));
    const run = await s.run(['ask', 'hello', 'there']);
    assertExit(run, 0);
    assert.equal(run.stdout, 'Plain answer\n');
    assert.match(run.stderr, /^— oa\/wire-mini · 1000 in \/ 5 out · \$0\.000093 · /);
    assert.deepEqual(s.openai.requests[0]?.json['messages'], [{ role: 'user', content: 'hello there' }]);
  });

  it('ask --provider/--model sends to the named model; a redacted secret is reported', async () => {
    const s = await setUp();
    s.anthropic.enqueue(reply.text('Bonjour', { usage: AN_USAGE }));
    const secret = `s${'k-'}proj-${'Q7x2'.repeat(12)}Zz9`;
    const run = await s.run(['ask', `my key is ${secret}`, '--provider', 'an', '--model', HAIKU.id, '--json']);
    assertExit(run, 0);
    const json = JSON.parse(run.stdout) as { provider: string; costUsd: number; redacted: string[] };
    assert.equal(json.provider, 'an');
    assert.equal(json.costUsd, AN_NANOS / 1e9);
    assert.deepEqual(json.redacted, ['1 openai-key']);
    assert.ok(!JSON.stringify(s.anthropic.requests[0]?.json).includes(secret));
  });

  it('ask over a tiny daily budget exits 3 with a message naming the budget, and sends nothing', async () => {
    const s = await setUp({ budgets: { dailyUsd: 0.00001 } });
    const run = await s.run(['ask', 'hi']);
    assertExit(run, 3);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^baton: Daily budget would be exceeded: \$0\.00 of \$0\.00001 is spent or reserved, and this request may cost up to \$0\.\d+/);
    assert.equal(s.openai.requests.length + s.anthropic.requests.length, 0);
  });

  it('above the approval threshold: exit 4 without --yes (nothing sent), success with --yes', async () => {
    const s = await setUp({ routing: { approvalThresholdUsd: 0.01 } });
    const refused = await s.run(['ask', 'hi', '--max-tokens', '100000']);
    assertExit(refused, 4);
    assert.match(refused.stderr, /^baton: This request may cost up to \$0\.0600 on oa\/wire-mini.*Confirm with --yes/);
    assert.equal(s.openai.requests.length, 0);
    s.openai.enqueue(reply.text('Approved', { usage: OA_USAGE }));
    const approved = await s.run(['ask', 'hi', '--max-tokens', '100000', '--yes', '--json']);
    assertExit(approved, 0);
    assert.equal((JSON.parse(approved.stdout) as { text: string }).text, 'Approved');
    assert.equal(s.openai.requests.length, 1);
  });

  it('costs --json after two asks: the total is their sum, by provider, model and day', async () => {
    const s = await setUp();
    s.openai.enqueue(reply.text('one', { usage: OA_USAGE }));
    s.anthropic.enqueue(reply.text('two', { usage: AN_USAGE }));
    assertExit(await s.run(['ask', 'first']), 0);
    assertExit(await s.run(['ask', 'second', '--provider', 'an', '--model', HAIKU.id]), 0);
    const run = await s.run(['costs', '--json']);
    assertExit(run, 0);
    const today = new Date().toISOString().slice(0, 10);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.equal(json.totalUsd, (OA_NANOS + AN_NANOS) / 1e9);
    assert.equal(json.requests, 2);
    assert.deepEqual(json.byProvider, [
      { provider: 'an', usd: AN_NANOS / 1e9, requests: 1 },
      { provider: 'oa', usd: OA_NANOS / 1e9, requests: 1 },
    ]);
    assert.deepEqual(json.byModel, [
      { provider: 'an', model: HAIKU.id, usd: AN_NANOS / 1e9, requests: 1 },
      { provider: 'oa', model: MINI.id, usd: OA_NANOS / 1e9, requests: 1 },
    ]);
    assert.deepEqual(json.byDay, [{ day: today, usd: (OA_NANOS + AN_NANOS) / 1e9, requests: 2 }]);
  });

  it('providers --json lists the key as set or missing, and the success rate from the ledger', async () => {
    const s = await setUp();
    s.openai.enqueue(reply.text('ok', { usage: OA_USAGE }), reply.text('ok', { usage: OA_USAGE }), reply.error(400));
    assertExit(await s.run(['ask', 'a']), 0);
    assertExit(await s.run(['ask', 'b']), 0);
    assertExit(await s.run(['ask', 'c', '--provider', 'oa', '--model', MINI.id], { [AN_VAR]: undefined }), 1);
    const run = await s.run(['providers', '--json'], { [AN_VAR]: undefined });
    assertExit(run, 0);
    type Status = { id: string; key: string; models: { model: string; breaker: { state: string }; history: { requests: number; successes: number } | null }[] };
    const providers = JSON.parse(run.stdout) as Status[];
    assert.deepEqual(providers.map((p) => [p.id, p.key]), [['oa', 'set'], ['an', 'missing']]);
    const model = providers[0]?.models[0];
    assert.equal(model?.model, MINI.id);
    assert.equal(model?.breaker.state, 'closed');
    assert.deepEqual([model?.history?.requests, model?.history?.successes], [3, 2]);
    assert.equal(providers[1]?.models[0]?.history, null);

    const text = await s.run(['providers'], { [AN_VAR]: undefined });
    assertExit(text, 0);
    assert.match(text.stdout, /^oa \(openai, http:\/\/127\.0\.0\.1:\d+\/v1\) · key set$/m);
    assert.match(text.stdout, /^an \(anthropic, .*\) · NO KEY$/m);
    assert.match(text.stdout, /^ {2}wire-mini · breaker closed · 67% of 3 ok/m);
  });

  it('ask --stream prints the answer as it arrives; Ctrl-C keeps what came, marked incomplete and paid for', async () => {
    const s = await setUp();
    s.openai.enqueue(reply.text('First part, then the user presses Ctrl-C', { chunks: 4, pause: { afterChunks: 1, until: new Promise(() => undefined) } }));
    const child = spawn(process.execPath, [cliPath, 'ask', 'hi', '--stream', '--db', s.db, '--config', s.configFile], {
      cwd: repoRoot, env: { ...process.env, ...ENV, BATON_DB: undefined },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await waitUntil(() => stdout.length > 0, 'the first chunk on stdout', 20_000);
    assert.equal(stdout, 'First part', 'streamed before the answer finished');
    child.kill('SIGINT');
    const code = await exited;
    assert.equal(stdout, 'First part\n');
    assert.match(stderr, /INCOMPLETE: the answer was cut off/);
    assert.equal(code, 0, stderr);
    const rows = await queryFile(s.db, 'SELECT status, estimated, cost_nanos FROM ledger');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.status, 'incomplete');
    assert.equal(rows[0]?.estimated, 1);
    assert.ok(Number(rows[0]?.cost_nanos) > 0, 'an interrupted answer is never $0');
  });

  it('costs --workspace counts only the requests asked from that workspace', async () => {
    const s = await setUp();
    const workspace = makeTempDir('baton-router-ws-');
    s.openai.enqueue(reply.text('one', { usage: OA_USAGE }), reply.text('two', { usage: OA_USAGE }));
    assertExit(await s.run(['ask', 'in the workspace', '--workspace', workspace]), 0);
    assertExit(await s.run(['ask', 'elsewhere']), 0);
    const all = JSON.parse((await s.run(['costs', '--json'])).stdout) as { requests: number; totalUsd: number };
    const mine = JSON.parse((await s.run(['costs', '--json', '--workspace', workspace])).stdout) as { requests: number; totalUsd: number };
    assert.deepEqual([all.requests, all.totalUsd], [2, (2 * OA_NANOS) / 1e9]);
    assert.deepEqual([mine.requests, mine.totalUsd], [1, OA_NANOS / 1e9]);
  });

  it('a typo in the config file fails with a message naming the path (budgets.dailyUSD)', async () => {
    const s = await setUp();
    writeFileSync(s.configFile, JSON.stringify({ providers: [], budgets: { dailyUSD: 5 } }));
    const run = await s.run(['ask', 'hi']);
    assertExit(run, 1);
    assert.match(run.stderr, /budgets\.dailyUSD/);
    assert.equal(s.openai.requests.length, 0);
  });

  it('a missing key variable gives a message naming the variable', async () => {
    const s = await setUp();
    const run = await s.run(['ask', 'hi'], { [OA_VAR]: undefined, [AN_VAR]: undefined });
    assertExit(run, 1);
    assert.match(run.stderr, new RegExp(OA_VAR));
    assert.ok(!run.stderr.includes(OPENAI_KEY));
    assert.equal(s.openai.requests.length + s.anthropic.requests.length, 0);
  });
});
