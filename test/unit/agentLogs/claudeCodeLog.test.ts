// Claude Code's projects/*.jsonl read through the scanner: the records as stored, the streaming
// copies of one message counted once, what is skipped, and reading on from the cursor.
import assert from 'node:assert/strict';
import { appendFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanAgentLogs, type AgentLogScanOptions } from '../../../src/context/agentLogs/usageScanner';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { appendLines, claudeAssistantLine, claudeSummaryLine, claudeToolResultLine, writeLines } from './logFixtures';
import { MemoryUsageRepository } from './memoryUsageRepository';

const usage = (input: number, output: number, cacheWrite = 0, cacheRead = 0) => ({ input_tokens: input, output_tokens: output, cache_creation_input_tokens: cacheWrite, cache_read_input_tokens: cacheRead });

describe('agent logs: Claude Code', () => {
  useTempDirs();
  let home: string;
  let options: AgentLogScanOptions;
  let log: string;
  let repository: MemoryUsageRepository;

  beforeEach(() => {
    home = makeTempDir();
    options = { claudeDirs: [join(home, '.claude')], sources: ['claude-code'] };
    log = join(home, '.claude', 'projects', '-home-dev-project', '5d7f3c1e-9b2a-4c8d-a1e0-6f4b2d9c8e71.jsonl');
    repository = new MemoryUsageRepository();
  });

  const scan = async () => (await scanAgentLogs(options, repository))[0]!;

  it('stores one record per request with the tokens, model, time, cwd and reported cost', async () => {
    writeLines(log, [
      claudeSummaryLine('Fix the parser'),
      claudeToolResultLine('x'.repeat(5000)),
      claudeAssistantLine({ messageId: 'msg_01', requestId: 'req_01', usage: usage(12, 340, 2_000, 18_000), cwd: '/home/dev/project', timestamp: '2026-11-20T10:00:00.000Z' }),
      claudeAssistantLine({ messageId: 'msg_02', requestId: 'req_02', model: 'claude-opus-4-1-20250805', usage: usage(3, 20), costUSD: 0.0123, timestamp: '2026-11-20T10:05:00.000Z' }),
    ]);
    const totals = await scan();
    assert.deepEqual(repository.record('claude-code', 'msg_01:req_01'), {
      source: 'claude-code', key: 'msg_01:req_01', at: Date.parse('2026-11-20T10:00:00.000Z'), model: 'claude-sonnet-4-5-20250929',
      inputTokens: 12, outputTokens: 340, cacheReadTokens: 18_000, cacheWriteTokens: 2_000, reportedCostUsd: null, cwd: '/home/dev/project',
    });
    assert.equal(repository.record('claude-code', 'msg_02:req_02')?.reportedCostUsd, 0.0123);
    assert.equal(repository.record('claude-code', 'msg_02:req_02')?.model, 'claude-opus-4-1-20250805');
    assert.deepEqual(
      { files: totals.files, records: totals.records, added: totals.added, skipped: totals.skipped, input: totals.input, output: totals.output, cacheRead: totals.cacheRead, cacheWrite: totals.cacheWrite, costUsd: totals.costUsd },
      { files: 1, records: 2, added: 2, skipped: 0, input: 15, output: 360, cacheRead: 18_000, cacheWrite: 2_000, costUsd: 0.0123 },
    );
  });

  it('counts a streamed message once, as its copy with the most tokens', async () => {
    writeLines(log, [
      claudeAssistantLine({ messageId: 'msg_01', requestId: 'req_01', usage: usage(10, 1, 500, 9_000), content: [{ type: 'thinking', thinking: '...' }] }),
      claudeAssistantLine({ messageId: 'msg_01', requestId: 'req_01', usage: usage(10, 250, 500, 9_000), content: [{ type: 'text', text: 'Done.' }] }),
      claudeAssistantLine({ messageId: 'msg_01', requestId: 'req_01', usage: usage(10, 90, 500, 9_000), content: [{ type: 'tool_use', id: 'toolu_1', name: 'Edit', input: { file_path: 'a.ts' } }] }),
    ]);
    const totals = await scan();
    assert.equal(repository.records('claude-code').length, 1);
    assert.equal(repository.record('claude-code', 'msg_01:req_01')?.outputTokens, 250);
    assert.equal(totals.records, 1, 'one record in the batch, not three');
    assert.equal(totals.output, 250);
  });

  it('keeps the bigger copy when the copies fall into different batches (the store decides)', async () => {
    writeLines(log, [
      claudeAssistantLine({ messageId: 'msg_01', requestId: 'req_01', usage: usage(10, 5) }),
      claudeToolResultLine('y'.repeat(300)),
      claudeAssistantLine({ messageId: 'msg_01', requestId: 'req_01', usage: usage(10, 400) }),
    ]);
    const totals = await scanAgentLogs({ ...options, chunkBytes: 256, batchLimits: { bytes: 1 } }, repository);
    assert.ok(repository.batches.length >= 2, 'the copies went to separate batches');
    assert.equal(repository.record('claude-code', 'msg_01:req_01')?.outputTokens, 400);
    assert.deepEqual({ added: totals[0]!.added, grown: totals[0]!.grown }, { added: 1, grown: 1 });
  });

  it('ignores lines that only mention usage, skips invalid, truncated and unknown-shaped usage lines', async () => {
    writeLines(log, [
      claudeToolResultLine('agent finished', { status: 'completed', totalTokens: 5_000, usage: { input_tokens: 4, output_tokens: 900 } }),
      '{"type":"assistant","message":{"id":"msg_bad","usage":{"input_tokens":1,', // truncated
      'not json at all "usage"',
      JSON.stringify({ type: 'assistant', timestamp: '2026-11-20T10:00:00.000Z', requestId: 'req_9', message: { id: 'msg_9', usage: 'unknown' } }),
      JSON.stringify({ type: 'assistant', timestamp: 'yesterday', requestId: 'req_8', message: { id: 'msg_8', usage: usage(1, 1) } }),
      claudeAssistantLine({ messageId: 'msg_synthetic', requestId: 'req_7', model: '<synthetic>', usage: usage(0, 0) }),
      claudeAssistantLine({ messageId: 'msg_ok', requestId: 'req_ok', usage: usage(7, 8) }),
    ]);
    const totals = await scan();
    assert.deepEqual(repository.records('claude-code').map((record) => record.key), ['msg_ok:req_ok']);
    assert.equal(totals.skipped, 4);
  });

  it('keys lines without a request id by message id, and lines without either by their uuid', async () => {
    writeLines(log, [
      claudeAssistantLine({ messageId: 'msg_old', usage: usage(1, 2) }),
      JSON.stringify({ type: 'assistant', uuid: 'u-1', timestamp: '2026-11-20T10:00:00.000Z', message: { model: 'claude-3-5-sonnet-20241022', usage: usage(3, 4) } }),
    ]);
    await scan();
    assert.deepEqual(repository.records('claude-code').map((record) => record.key), ['line:u-1', 'msg_old']);
  });

  it('leaves a last line without its newline for the next scan, then reads only what was added', async () => {
    writeLines(log, [claudeAssistantLine({ messageId: 'msg_1', requestId: 'req_1', usage: usage(1, 10) })]);
    const partial = claudeAssistantLine({ messageId: 'msg_2', requestId: 'req_2', usage: usage(2, 20) });
    appendFileSync(log, partial.slice(0, 60));
    const first = await scan();
    assert.equal(first.records, 1);
    const lineEnd = statSync(log).size - 60;
    assert.equal(repository.cursorOf('claude-code', log)?.offset, lineEnd, 'the cursor is the byte after the last newline');

    appendFileSync(log, `${partial.slice(60)}\n`);
    appendLines(log, [claudeAssistantLine({ messageId: 'msg_3', requestId: 'req_3', usage: usage(3, 30) })]);
    const second = await scan();
    assert.equal(second.bytesRead, statSync(log).size - lineEnd, 'only the new bytes were read');
    assert.deepEqual({ records: second.records, added: second.added, output: second.output }, { records: 2, added: 2, output: 50 });
    assert.equal(repository.cursorOf('claude-code', log)?.offset, statSync(log).size);
  });

  it('reads nothing and writes nothing when nothing changed', async () => {
    writeLines(log, [claudeAssistantLine({ messageId: 'msg_1', requestId: 'req_1', usage: usage(1, 10) })]);
    await scan();
    const batches = repository.batches.length;
    const again = await scan();
    assert.deepEqual({ filesRead: again.filesRead, bytesRead: again.bytesRead, records: again.records }, { filesRead: 0, bytesRead: 0, records: 0 });
    assert.equal(repository.batches.length, batches, 'no batch was written');
  });

  it('reads a replaced file (new inode) from the start; the keys keep what was counted from counting twice', async () => {
    writeLines(log, [claudeAssistantLine({ messageId: 'msg_1', requestId: 'req_1', usage: usage(1, 10) })]);
    await scan();
    const replacement = `${log}.tmp`;
    writeLines(replacement, [
      claudeAssistantLine({ messageId: 'msg_1', requestId: 'req_1', usage: usage(1, 10) }),
      claudeAssistantLine({ messageId: 'msg_2', requestId: 'req_2', usage: usage(2, 20) }),
    ]);
    renameSync(replacement, log);
    const totals = await scan();
    assert.equal(totals.bytesRead, statSync(log).size, 'read from byte 0');
    assert.deepEqual({ records: totals.records, added: totals.added }, { records: 2, added: 1 });
    assert.equal(repository.records('claude-code').length, 2);
  });

  it('reads a file that shrank below its cursor from the start again', async () => {
    writeLines(log, [
      claudeAssistantLine({ messageId: 'msg_1', requestId: 'req_1', usage: usage(1, 10) }),
      claudeAssistantLine({ messageId: 'msg_2', requestId: 'req_2', usage: usage(2, 20) }),
    ]);
    await scan();
    writeFileSync(log, `${claudeAssistantLine({ messageId: 'msg_9', requestId: 'req_9', usage: usage(9, 90) })}\n`);
    const totals = await scan();
    assert.deepEqual({ bytesRead: totals.bytesRead, added: totals.added }, { bytesRead: statSync(log).size, added: 1 });
    truncateSync(log, 0);
    await scan();
    assert.equal(repository.cursorOf('claude-code', log)?.offset, 0, 'a file emptied in place moves its cursor back to 0');
  });

  it('finds the logs of every configured folder, nested folders (subagents) included', async () => {
    const work = join(home, 'work-claude');
    writeLines(join(work, 'projects', 'p', 'session', 'subagents', 'agent-1.jsonl'), [claudeAssistantLine({ messageId: 'msg_a', requestId: 'req_a', usage: usage(1, 1) })]);
    writeLines(log, [claudeAssistantLine({ messageId: 'msg_b', requestId: 'req_b', usage: usage(1, 1) })]);
    writeLines(join(home, '.claude', 'projects', 'p', 'notes.txt'), ['{"usage":1}']);
    const totals = (await scanAgentLogs({ ...options, claudeDirs: [join(home, '.claude'), work] }, repository))[0]!;
    assert.equal(totals.files, 2);
    assert.deepEqual(repository.records('claude-code').map((record) => record.key), ['msg_a:req_a', 'msg_b:req_b']);
  });
});
