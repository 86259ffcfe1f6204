// `baton usage scan` as users run it: real processes reading agent logs that the test writes in
// the agents' own shapes (Claude Code's projects/*.jsonl with a message streamed in two copies,
// a Codex rollout with token_count events and rate limits) into a temporary database's ledger.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { queryFile } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { appendLines, claudeAssistantLine, claudeToolResultLine, codexSessionMeta, codexTokenCount, codexTurnContext, codexUsage, writeLines } from '../agentLogs/logFixtures';

interface SourceJson {
  source: string;
  files: number;
  records: number;
  skipped: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  costUsd: number;
}

const SOURCE_KEYS = ['source', 'files', 'records', 'skipped', 'input', 'output', 'cacheRead', 'cacheWrite', 'costUsd'];
const CODEX_SESSION = '0199a213-81c0-7800-8aa1-bbab2a035a53';
const RESETS_AT_S = Math.floor(Date.now() / 1000) + 3 * 3600;
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A Claude Code config folder: one session whose first answer was logged twice while streaming. */
function claudeHome(root: string): string {
  writeLines(join(root, 'projects', '-home-dev-project', '5d7f3c1e-9b2a-4c8d-a1e0-6f4b2d9c8e71.jsonl'), [
    claudeAssistantLine({ messageId: 'msg_01', requestId: 'req_01', usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 100, cache_read_input_tokens: 1000 }, timestamp: ago(30) }),
    claudeAssistantLine({ messageId: 'msg_01', requestId: 'req_01', usage: { input_tokens: 10, output_tokens: 250, cache_creation_input_tokens: 100, cache_read_input_tokens: 1000 }, timestamp: ago(30), content: [{ type: 'tool_use', id: 'toolu_01', name: 'Read', input: {} }] }),
    claudeToolResultLine('file contents with the word "usage" in them'),
    claudeAssistantLine({ messageId: 'msg_02', requestId: 'req_02', usage: { input_tokens: 20, output_tokens: 40, cache_read_input_tokens: 1100 }, timestamp: ago(29), costUSD: 0.0125 }),
    JSON.stringify({ type: 'assistant', timestamp: ago(28), usage: 'not the shape Claude Code writes' }),
  ]);
  return root;
}

const codexFile = (root: string) => join(root, 'sessions', '2026', '11', '20', `rollout-2026-11-20T09-00-00-${CODEX_SESSION}.jsonl`);

/** A CODEX_HOME: one rollout, two requests, a repeated token_count event and the 5-hour and weekly windows. */
function codexHome(root: string): string {
  const limits = (primary: number) => ({
    primary: { used_percent: primary, window_minutes: 300, resets_at: RESETS_AT_S },
    secondary: { used_percent: 30, window_minutes: 10080, resets_at: RESETS_AT_S + 4 * 86_400 },
  });
  const first = { total: codexUsage(1000, 200, 300, 50), last: codexUsage(1000, 200, 300, 50) };
  writeLines(codexFile(root), [
    codexSessionMeta(CODEX_SESSION, '/home/dev/project', ago(20)),
    codexTurnContext('gpt-5-codex', '/home/dev/project', ago(20)),
    codexTokenCount(ago(19), null, limits(12)),
    codexTokenCount(ago(18), first, limits(20)),
    codexTokenCount(ago(18), first, limits(20)),
    codexTokenCount(ago(17), { total: codexUsage(2500, 1200, 450, 80), last: codexUsage(1500, 1000, 150, 30) }, limits(42)),
  ]);
  return root;
}

async function scanJson(args: string[], env: Record<string, string | undefined> = {}): Promise<SourceJson[]> {
  const out = await runCliOk(['usage', 'scan', ...args, '--json'], env);
  const parsed = JSON.parse(out) as { sources: SourceJson[] };
  assert.deepEqual(Object.keys(parsed), ['sources']);
  for (const source of parsed.sources) assert.deepEqual(Object.keys(source), SOURCE_KEYS);
  return parsed.sources;
}

const CLAUDE_TOTALS: SourceJson = { source: 'claude-code', files: 1, records: 2, skipped: 1, input: 30, output: 290, cacheRead: 2100, cacheWrite: 100, costUsd: 0.0125 };
// Codex's input includes the cached tokens: 1000 − 200 and 1500 − 1000 are new input.
const CODEX_TOTALS: SourceJson = { source: 'codex', files: 1, records: 2, skipped: 0, input: 1300, output: 450, cacheRead: 1200, cacheWrite: 0, costUsd: 0 };
const nothing = (source: SourceJson): SourceJson => ({ ...source, records: 0, skipped: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, costUsd: 0 });

describe('baton CLI: usage scan', function () {
  this.timeout(60_000);
  useTempDirs();
  before(requireFreshCli);

  it('reads the given folders into the ledger with exact totals; a second scan adds nothing', async () => {
    const dbPath = join(makeTempDir(), 'baton.db');
    const db = ['--db', dbPath];
    const dirs = ['--claude-dir', claudeHome(makeTempDir('claude-')), '--codex-dir', codexHome(makeTempDir('codex-'))];

    assert.deepEqual(await scanJson([...db, ...dirs]), [CLAUDE_TOTALS, CODEX_TOTALS], 'only the sources whose folder was given');
    const rows = await queryFile(dbPath, 'SELECT source, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens FROM ledger ORDER BY source, at, output_tokens');
    assert.deepEqual(rows, [
      { source: 'claude-code', model: 'claude-sonnet-4-5-20250929', input_tokens: 10, output_tokens: 250, cache_read_tokens: 1000, cache_write_tokens: 100 },
      { source: 'claude-code', model: 'claude-sonnet-4-5-20250929', input_tokens: 20, output_tokens: 40, cache_read_tokens: 1100, cache_write_tokens: 0 },
      { source: 'codex', model: 'gpt-5-codex', input_tokens: 800, output_tokens: 300, cache_read_tokens: 200, cache_write_tokens: 0 },
      { source: 'codex', model: 'gpt-5-codex', input_tokens: 500, output_tokens: 150, cache_read_tokens: 1000, cache_write_tokens: 0 },
    ], 'the partial streaming copy of msg_01 left no row of its own');

    assert.deepEqual(await scanJson([...db, ...dirs]), [nothing(CLAUDE_TOTALS), nothing(CODEX_TOTALS)]);
    const human = await runCliOk([...db, 'usage', 'scan', ...dirs]);
    assert.match(human, /^claude-code: 1 file\(s\), 0 with new lines; 0 record\(s\) read, 0 added, 0 grown; /m);
    assert.match(human, /^Nothing new: the ledger already holds every record these logs have\.$/m);
    assert.deepEqual(await queryFile(dbPath, 'SELECT count(*) AS n FROM ledger'), [{ n: 4 }]);
  });

  it('reads on from where it stopped when a log grows, and reports what it added', async () => {
    const dbPath = join(makeTempDir(), 'baton.db');
    const codex = codexHome(makeTempDir('codex-'));
    await scanJson(['--db', dbPath, '--codex-dir', codex]);
    appendLines(codexFile(codex), [codexTokenCount(ago(1), { total: codexUsage(2600, 1250, 470, 80), last: codexUsage(100, 50, 20, 0) })]);
    const human = await runCliOk(['--db', dbPath, 'usage', 'scan', '--codex-dir', codex]);
    assert.match(human, /^codex: 1 file\(s\), 1 with new lines; 1 record\(s\) read, 1 added, 0 grown; input 50, output 20, cache read 50, cache write 0$/m);
    assert.match(human, /^Added 1 record\(s\) to the ledger\.$/m);
    assert.deepEqual(await queryFile(dbPath, "SELECT count(*) AS n FROM ledger WHERE source = 'codex'"), [{ n: 3 }]);
  });

  it("the Codex rate limits become a percent account's standing", async () => {
    const dbPath = join(makeTempDir(), 'baton.db');
    const db = ['--db', dbPath];
    await runCliOk([...db, 'accounts', 'add', '--name', 'Codex-5h', '--platform', 'codex', '--unit', 'percent', '--window', 'rolling-5h']);
    await scanJson([...db, '--codex-dir', codexHome(makeTempDir('codex-'))]);
    const status = JSON.parse(await runCliOk([...db, 'credits', 'status', '--json'])) as { accounts: unknown[] };
    assert.deepEqual(status.accounts, [
      { name: 'Codex-5h', unit: 'percent', used: 42, limit: 100, remaining: 58, window: 'rolling-5h', resetsAt: new Date(RESETS_AT_S * 1000).toISOString(), status: 'active' },
    ]);
  });

  it('without folders, reads the standard locations under the home folder', async () => {
    const home = makeTempDir('home-');
    claudeHome(join(home, '.claude'));
    codexHome(join(home, '.codex'));
    const env = { HOME: home, CLAUDE_CONFIG_DIR: undefined, CODEX_HOME: undefined, XDG_CONFIG_HOME: undefined };
    const sources = await scanJson(['--db', join(makeTempDir(), 'baton.db')], env);
    assert.deepEqual(sources.map((s) => s.source), ['claude-code', 'codex', 'gemini-cli', 'cline', 'roo-code', 'kilo-code']);
    assert.deepEqual(sources.slice(0, 2), [CLAUDE_TOTALS, CODEX_TOTALS]);
    assert.ok(sources.slice(2).every((s) => s.files === 0 && s.records === 0));
  });

  it('a folder that does not exist is a usage error, and nothing is read', async () => {
    const dbPath = join(makeTempDir(), 'baton.db');
    const missing = join(makeTempDir(), 'nope');
    const run = await runCli(['--db', dbPath, 'usage', 'scan', '--claude-dir', missing]);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, `baton: --claude-dir ${missing}: no such folder.\nRun "baton --help" for usage.\n`);
  });
});
