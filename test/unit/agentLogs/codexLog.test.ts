// Codex rollouts read through the scanner: requests from token_count events (cache taken out of
// the input, repeats not counted), model and cwd from the turn context and session meta even when
// reading resumes mid-file, the 5-hour and weekly rate limits, and keys that survive a re-scan.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { scanAgentLogs, type AgentLogScanOptions } from '../../../src/context/agentLogs/usageScanner';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import {
  appendLines, codexAgentMessage, codexResponseItem, codexSessionMeta, codexTokenCount, codexTurnContext, codexUsage, writeLines,
} from './logFixtures';
import { MemoryUsageRepository } from './memoryUsageRepository';

const SESSION = '01998a11-9bd4-7880-a0a8-5bf579f59db3';
const T0 = '2026-11-20T09:00:05.000Z';
const T1 = '2026-11-20T09:01:05.000Z';
const T2 = '2026-11-20T09:02:05.000Z';

describe('agent logs: Codex', () => {
  useTempDirs();
  let codexHome: string;
  let rollout: string;
  let options: AgentLogScanOptions;
  let repository: MemoryUsageRepository;

  beforeEach(() => {
    codexHome = makeTempDir();
    rollout = join(codexHome, 'sessions', '2026', '11', '20', `rollout-2026-11-20T09-00-00-${SESSION}.jsonl`);
    options = { codexDir: codexHome, sources: ['codex'] };
    repository = new MemoryUsageRepository();
  });

  const scan = async () => (await scanAgentLogs(options, repository))[0]!;
  const first = codexUsage(12_000, 8_000, 500, 200);
  const firstTotal = first;
  const second = codexUsage(15_000, 11_000, 300, 0);
  const secondTotal = codexUsage(27_000, 19_000, 800, 200);

  it('turns each token_count into a request: cached input taken out, reasoning left in the output', async () => {
    writeLines(rollout, [
      codexSessionMeta(SESSION, '/home/dev/api'),
      codexTurnContext('gpt-5-codex', '/home/dev/api'),
      codexResponseItem('Looking at the failing test'),
      codexTokenCount(T0, { total: firstTotal, last: first }),
      codexAgentMessage('Fixed.'),
    ]);
    await scan();
    assert.deepEqual(repository.records('codex'), [{
      source: 'codex', key: `${SESSION}:12000:8000:500:200`, at: Date.parse(T0), model: 'gpt-5-codex',
      inputTokens: 4_000, outputTokens: 500, cacheReadTokens: 8_000, cacheWriteTokens: 0, reportedCostUsd: null, cwd: '/home/dev/api',
    }]);
  });

  it('does not count a repeated token_count event twice, and takes the model of the current turn', async () => {
    writeLines(rollout, [
      codexSessionMeta(SESSION, '/home/dev/api'),
      codexTurnContext('gpt-5-codex', '/home/dev/api'),
      codexTokenCount(T0, { total: firstTotal, last: first }),
      codexTokenCount(T0, { total: firstTotal, last: first }),
      codexTurnContext('gpt-5', '/home/dev/api'),
      codexTokenCount(T1, { total: secondTotal, last: second }),
      codexTokenCount('2026-11-20T09:01:06.000Z', { total: secondTotal, last: second }),
    ]);
    const totals = await scan();
    assert.deepEqual(repository.records('codex').map((record) => [record.model, record.inputTokens, record.cacheReadTokens, record.outputTokens]), [
      ['gpt-5-codex', 4_000, 8_000, 500],
      ['gpt-5', 4_000, 11_000, 300],
    ]);
    assert.deepEqual({ records: totals.records, input: totals.input, cacheRead: totals.cacheRead, output: totals.output }, { records: 2, input: 8_000, cacheRead: 19_000, output: 800 });
  });

  it('drops a repeated event before it reaches a batch, even when the repeat falls into the next batch', async () => {
    writeLines(rollout, [
      codexTurnContext('gpt-5', '/x'),
      codexTokenCount(T0, { total: firstTotal, last: first }),
      codexResponseItem('x'.repeat(600)),
      codexTokenCount('2026-11-20T09:00:06.000Z', { total: firstTotal, last: first }),
      codexResponseItem('y'.repeat(600)),
      codexTokenCount(T1, { total: secondTotal, last: second }),
    ]);
    const [totals] = await scanAgentLogs({ ...options, chunkBytes: 512, batchLimits: { bytes: 1 } }, repository);
    assert.ok(repository.batches.length >= 3, `batches: ${repository.batches.length}`);
    assert.deepEqual({ records: totals!.records, added: totals!.added }, { records: 2, added: 2 });
  });

  it('finds the same keys when the whole file is read again (no cursors)', async () => {
    writeLines(rollout, [codexSessionMeta(SESSION, '/x'), codexTurnContext('gpt-5', '/x'), codexTokenCount(T0, { total: firstTotal, last: first }), codexTokenCount(T1, { total: secondTotal, last: second })]);
    await scan();
    repository.forgetCursors();
    const again = await scan();
    assert.deepEqual({ records: again.records, added: again.added, grown: again.grown }, { records: 2, added: 0, grown: 0 });
  });

  it('reads on from the cursor with the model, cwd and session learned before it', async () => {
    writeLines(rollout, [codexSessionMeta(SESSION, '/home/dev/api'), codexTurnContext('gpt-5-codex', '/home/dev/api'), codexTokenCount(T0, { total: firstTotal, last: first })]);
    await scan();
    appendLines(rollout, [codexResponseItem('next step'), codexTokenCount(T0, { total: firstTotal, last: first }), codexTokenCount(T1, { total: secondTotal, last: second })]);
    const totals = await scan();
    assert.equal(totals.added, 1, 'the repeat across the scan boundary is found by its key');
    const latest = repository.records('codex').find((record) => record.at === Date.parse(T1));
    assert.deepEqual({ model: latest?.model, cwd: latest?.cwd, key: latest?.key }, { model: 'gpt-5-codex', cwd: '/home/dev/api', key: `${SESSION}:27000:19000:800:200` });
  });

  it('derives the request from the running totals when an event has no last_token_usage', async () => {
    writeLines(rollout, [codexTurnContext('gpt-5', '/x'), codexTokenCount(T0, { total: firstTotal }), codexTokenCount(T1, { total: secondTotal })]);
    await scan();
    assert.deepEqual(repository.records('codex').map((record) => [record.inputTokens, record.cacheReadTokens, record.outputTokens]), [[4_000, 8_000, 500], [4_000, 11_000, 300]]);
  });

  it('keeps the newest 5-hour and weekly rate limits, with resets_at or resets_in_seconds', async () => {
    writeLines(rollout, [
      codexTokenCount(T0, null, { primary: { used_percent: 7, window_minutes: 300, resets_at: 1_795_000_000 }, secondary: { used_percent: 70, window_minutes: 10_080, resets_at: 1_795_500_000 } }),
      codexTokenCount(T1, { total: firstTotal, last: first }, { primary: { used_percent: 9.5, window_minutes: 300, resets_in_seconds: 600 }, secondary: { used_percent: 71, window_minutes: 10_080, resets_in_seconds: 86_400 } }),
    ]);
    const totals = await scan();
    assert.equal(totals.records, 1, 'an event without info carries rate limits only');
    assert.deepEqual(repository.rateLimits, [
      { source: 'codex', window: 'rolling-5h', usedPercent: 9.5, resetsAt: Date.parse(T1) + 600_000, observedAt: Date.parse(T1) },
      { source: 'codex', window: 'weekly', usedPercent: 71, resetsAt: Date.parse(T1) + 86_400_000, observedAt: Date.parse(T1) },
    ]);
  });

  it('reads resets_at as epoch seconds and names a window by its length, else by its slot', async () => {
    writeLines(rollout, [codexTokenCount(T2, null, { primary: { used_percent: 100, window_minutes: 10_080, resets_at: 1_795_000_000 } })]);
    await scan();
    assert.deepEqual(repository.rateLimits.map((limit) => [limit.window, limit.usedPercent, limit.resetsAt]), [['weekly', 100, 1_795_000_000_000]]);

    const other = new MemoryUsageRepository();
    writeLines(rollout, [codexTokenCount(T2, null, { primary: { used_percent: 4 }, secondary: { used_percent: 3 } })]);
    await scanAgentLogs(options, other);
    assert.deepEqual(other.rateLimits.map((limit) => [limit.window, limit.usedPercent, limit.resetsAt]), [['rolling-5h', 4, null], ['weekly', 3, null]]);
  });

  it('skips token_count lines it cannot read and ignores lines that only quote a marker', async () => {
    writeLines(rollout, [
      // Holds the marker bytes (a value, not an escaped quote inside a string): parsed, then ignored.
      JSON.stringify({ timestamp: T0, type: 'response_item', payload: { type: 'function_call', name: 'token_count', arguments: '{"of":"turn_context"}' } }),
      '{"timestamp":"2026-11-20T09:00:05.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_',
      JSON.stringify({ timestamp: T0, type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: 'n/a' } } }),
      JSON.stringify({ timestamp: 'soon', type: 'event_msg', payload: { type: 'token_count', info: null } }),
      codexTokenCount(T1, { total: firstTotal, last: first }),
    ]);
    const totals = await scan();
    assert.deepEqual({ records: totals.records, skipped: totals.skipped }, { records: 1, skipped: 3 });
    assert.equal(repository.records('codex')[0]?.model, 'unknown', 'no turn context: the model is unknown, not guessed');
  });

  it('finds rollouts under sessions/ and archived_sessions/, nothing else', async () => {
    writeLines(rollout, [codexTokenCount(T0, { total: firstTotal, last: first })]);
    const archived = join(codexHome, 'archived_sessions', 'rollout-2026-10-01T08-00-00-01998a11-0000-7000-8000-000000000000.jsonl');
    writeLines(archived, [codexTokenCount(T0, { total: firstTotal, last: first })]);
    writeLines(join(codexHome, 'history.jsonl'), [codexTokenCount(T0, { total: firstTotal, last: first })]);
    const totals = await scan();
    assert.equal(totals.files, 2);
    assert.deepEqual(repository.records('codex').map((record) => record.key.slice(0, 13)), ['01998a11-0000', '01998a11-9bd4']);
  });
});
