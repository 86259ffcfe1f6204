// Gemini CLI's chat recordings through the scanner: the legacy whole-file JSON (read again only
// when it changed) and the JSONL log (messages re-appended as they change), the token counts
// mapped to input without cache, and the message id as the key across both formats.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanAgentLogs, type AgentLogScanOptions } from '../../../src/context/agentLogs/usageScanner';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import {
  appendLines, geminiJsonlMetadata, geminiLegacyChat, geminiMessage, geminiTokens, geminiUserMessage, writeJson, writeLines,
} from './logFixtures';
import { MemoryUsageRepository } from './memoryUsageRepository';

const SESSION = '3bacc8a0-24d6-4415-9b2e-a2635c02e54c';
const ID_1 = '26522e6d-0b73-434e-a65d-bb783dab2738';
const ID_2 = '6151f4b5-c125-4243-9a2c-51f1e31e4ae6';

describe('agent logs: Gemini CLI', () => {
  useTempDirs();
  let geminiDir: string;
  let chats: string;
  let options: AgentLogScanOptions;
  let repository: MemoryUsageRepository;

  beforeEach(() => {
    geminiDir = makeTempDir();
    chats = join(geminiDir, 'tmp', '5eb97eaffa8e54844d59a44d0c1a399d7e11eff9b0dbdc4f65d4ab7faecd90e1', 'chats');
    options = { geminiDir, sources: ['gemini-cli'] };
    repository = new MemoryUsageRepository();
  });

  const scan = async () => (await scanAgentLogs(options, repository))[0]!;
  const legacy = () => join(chats, 'session-2026-11-20T10-59-3bacc8a0.json');

  it('reads a legacy chat file: input without the cache (plus tool prompts), thoughts as output', async () => {
    writeJson(legacy(), geminiLegacyChat(SESSION, [
      geminiUserMessage('u-1', 'What is 2+2?'),
      geminiMessage(ID_1, geminiTokens(7_173, 40, 6_000, 17, 12), 'gemini-2.5-pro', '2026-11-20T11:00:00.000Z'),
    ]), 2);
    const totals = await scan();
    assert.deepEqual(repository.records('gemini-cli'), [{
      source: 'gemini-cli', key: ID_1, at: Date.parse('2026-11-20T11:00:00.000Z'), model: 'gemini-2.5-pro',
      inputTokens: 1_185, outputTokens: 57, cacheReadTokens: 6_000, cacheWriteTokens: 0, reportedCostUsd: null, cwd: null,
    }]);
    assert.deepEqual({ files: totals.files, records: totals.records, skipped: totals.skipped }, { files: 1, records: 1, skipped: 0 });
  });

  it('reads a rewritten legacy file again, a file unchanged since the last scan not at all', async () => {
    const first = geminiMessage(ID_1, geminiTokens(100, 10, 0));
    writeJson(legacy(), geminiLegacyChat(SESSION, [first]), 2);
    await scan();
    const unchanged = await scan();
    assert.deepEqual({ filesRead: unchanged.filesRead, bytesRead: unchanged.bytesRead }, { filesRead: 0, bytesRead: 0 });

    writeJson(legacy(), geminiLegacyChat(SESSION, [first, geminiMessage(ID_2, geminiTokens(300, 30, 200), 'gemini-2.5-flash')]), 2);
    const changed = await scan();
    assert.deepEqual({ filesRead: changed.filesRead, records: changed.records, added: changed.added }, { filesRead: 1, records: 2, added: 1 });
  });

  it('skips a cut-short legacy file without throwing, keeping the messages that were complete', async () => {
    const text = JSON.stringify(geminiLegacyChat(SESSION, [geminiMessage(ID_1, geminiTokens(100, 10, 0)), geminiMessage(ID_2, geminiTokens(300, 30, 200))]), null, 2);
    writeLines(legacy(), [text.slice(0, text.lastIndexOf(ID_2) + 20)], { newlineAtEnd: false });
    writeFileSync(join(chats, 'session-broken.json'), '{"sessionId": "x", "messages": [ {"id": "m", "type": "gemini", "tokens": {"input": "lots"}, "timestamp": "2026-11-20T11:00:00Z"} ] }');
    const totals = await scan();
    assert.deepEqual(repository.records('gemini-cli').map((record) => record.key), [ID_1]);
    assert.equal(totals.skipped, 2, 'the cut-short file and the message of an unknown shape');
    assert.deepEqual(totals.unreadable, []);
  });

  it('reads the JSONL log: a message re-appended with its tokens counts once, later lines on from the cursor', async () => {
    const log = join(chats, 'session-2026-11-20T10-59-3bacc8a0.jsonl');
    writeLines(log, [
      geminiJsonlMetadata(SESSION),
      JSON.stringify(geminiUserMessage('u-1', 'Refactor the parser')),
      JSON.stringify(geminiMessage(ID_1, null)),
      JSON.stringify({ $set: { lastUpdated: '2026-11-20T11:00:00.000Z' } }),
      JSON.stringify(geminiMessage(ID_1, geminiTokens(5_000, 80, 4_000, 20))),
    ]);
    const first = await scan();
    assert.deepEqual({ records: first.records, input: first.input, output: first.output, cacheRead: first.cacheRead }, { records: 1, input: 1_000, output: 100, cacheRead: 4_000 });

    appendLines(log, [
      JSON.stringify({ $set: { messages: [geminiMessage(ID_1, geminiTokens(5_000, 80, 4_000, 20))] } }),
      JSON.stringify(geminiMessage(ID_2, geminiTokens(6_000, 10, 5_000))),
    ]);
    const second = await scan();
    assert.deepEqual({ records: second.records, added: second.added }, { records: 1, added: 1 });
  });

  it('does not count a legacy chat twice once it was migrated to JSONL (same message ids), subagent logs included', async () => {
    const message = geminiMessage(ID_1, geminiTokens(100, 10, 0));
    writeJson(legacy(), geminiLegacyChat(SESSION, [message]), 2);
    writeLines(`${legacy()}l`, [geminiJsonlMetadata(SESSION), JSON.stringify(message)]);
    writeLines(join(chats, SESSION, 'k2x9qa.jsonl'), [geminiJsonlMetadata('sub-1'), JSON.stringify(geminiMessage(ID_2, geminiTokens(50, 5, 0)))]);
    writeLines(join(chats, '..', 'logs.json'), ['[]']);
    const totals = await scan();
    assert.equal(totals.files, 3);
    assert.deepEqual({ added: totals.added, records: repository.records('gemini-cli').length }, { added: 2, records: 2 });
  });
});
