// The Cline family's task folders in VS Code's global storage: each api_req_started message's
// JSON text as a record of its own source, the model from the message or task_metadata.json, the
// working folder from the request, a request completed after a first scan counted once.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CLINE_FAMILY_IDS } from '../../../src/context/agentLogs/logLocations';
import { scanAgentLogs, type AgentLogScanOptions } from '../../../src/context/agentLogs/usageScanner';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { clineApiReq, clineTaskMetadata, clineTaskRequest, clineText, rooTaskRequest, writeJson, writeLines } from './logFixtures';
import { MemoryUsageRepository } from './memoryUsageRepository';

const TASK = '1753250474282';
const TS_1 = 1_753_250_480_000;
const TS_2 = 1_753_250_520_000;

describe('agent logs: Cline, Roo Code, Kilo Code', () => {
  useTempDirs();
  let globalStorageDir: string;
  let options: AgentLogScanOptions;
  let repository: MemoryUsageRepository;

  beforeEach(() => {
    globalStorageDir = makeTempDir();
    options = { globalStorageDir, sources: ['cline', 'roo-code', 'kilo-code'] };
    repository = new MemoryUsageRepository();
  });

  const taskDir = (extension: string, task = TASK) => join(globalStorageDir, extension, 'tasks', task);
  const scan = () => scanAgentLogs(options, repository);

  it('reads each api request of a Cline task with its tokens, reported cost, model and working folder', async () => {
    writeJson(join(taskDir(CLINE_FAMILY_IDS.cline), 'ui_messages.json'), [
      { ts: TS_1 - 10, type: 'say', say: 'task', text: 'Add a test for "api_req_started" [parsing]' },
      clineApiReq(TS_1, { request: clineTaskRequest('Add a test', '/home/dev/app'), tokensIn: 4, tokensOut: 310, cacheWrites: 12_000, cacheReads: 0, cost: 0.0502 }),
      clineText(TS_1 + 5, 'I will add the test.'),
      clineApiReq(TS_2, { request: '[read_file] Result: ...', tokensIn: 3, tokensOut: 120, cacheWrites: 400, cacheReads: 12_000, cost: 0.0067 }, { modelInfo: { modelId: 'claude-opus-4-1', providerId: 'anthropic', mode: 'act' } }),
    ]);
    writeJson(join(taskDir(CLINE_FAMILY_IDS.cline), 'task_metadata.json'), clineTaskMetadata([{ ts: TS_1 - 100, model_id: 'claude-sonnet-4-5' }]));
    const [cline] = await scan();
    assert.deepEqual(repository.records('cline'), [
      { source: 'cline', key: `${TASK}:${TS_1}`, at: TS_1, model: 'claude-sonnet-4-5', inputTokens: 4, outputTokens: 310, cacheReadTokens: 0, cacheWriteTokens: 12_000, reportedCostUsd: 0.0502, cwd: '/home/dev/app' },
      { source: 'cline', key: `${TASK}:${TS_2}`, at: TS_2, model: 'claude-opus-4-1', inputTokens: 3, outputTokens: 120, cacheReadTokens: 12_000, cacheWriteTokens: 400, reportedCostUsd: 0.0067, cwd: '/home/dev/app' },
    ]);
    assert.equal(Math.round(cline!.costUsd * 10_000), 569);
  });

  it('counts a request once: first seen while streaming (no usage yet), then completed in a rewrite', async () => {
    const file = join(taskDir(CLINE_FAMILY_IDS.cline), 'ui_messages.json');
    writeJson(file, [clineApiReq(TS_1, { request: clineTaskRequest('x', '/a') })]);
    const [streaming] = await scan();
    assert.equal(streaming!.records, 0);
    writeJson(file, [clineApiReq(TS_1, { request: clineTaskRequest('x', '/a'), tokensIn: 10, tokensOut: 20, cacheWrites: 0, cacheReads: 0, cost: 0.001 })]);
    await scan();
    writeJson(file, [clineApiReq(TS_1, { request: clineTaskRequest('x', '/a'), tokensIn: 10, tokensOut: 20, cacheWrites: 0, cacheReads: 0, cost: 0.001 }), clineText(TS_2, 'and more')]);
    const [again] = await scan();
    assert.deepEqual({ filesRead: again!.filesRead, added: again!.added }, { filesRead: 1, added: 0 });
    assert.equal(repository.records('cline').length, 1);
  });

  it('takes the cache out of the input of Roo Code and Kilo Code requests made over the OpenAI protocol', async () => {
    writeJson(join(taskDir(CLINE_FAMILY_IDS['roo-code']), 'ui_messages.json'), [
      clineApiReq(TS_1, { request: rooTaskRequest('x', '/srv/roo'), apiProtocol: 'openai', tokensIn: 9_000, tokensOut: 50, cacheWrites: 0, cacheReads: 8_000, cost: 0.002 }),
      clineApiReq(TS_2, { request: 'next', apiProtocol: 'anthropic', tokensIn: 9, tokensOut: 50, cacheWrites: 100, cacheReads: 8_000, cost: 0.003 }),
    ]);
    writeJson(join(taskDir(CLINE_FAMILY_IDS['kilo-code'], 'k1'), 'ui_messages.json'), [clineApiReq(TS_1, { apiProtocol: 'openai', tokensIn: 1_000, tokensOut: 10, cacheReads: 600 })]);
    const totals = await scan();
    assert.deepEqual(repository.records('roo-code').map((record) => [record.inputTokens, record.cacheReadTokens, record.cacheWriteTokens, record.cwd, record.model]), [
      [1_000, 8_000, 0, '/srv/roo', 'unknown'],
      [9, 8_000, 100, '/srv/roo', 'unknown'],
    ]);
    assert.deepEqual(repository.records('kilo-code').map((record) => [record.key, record.inputTokens, record.reportedCostUsd]), [[`k1:${TS_1}`, 400, null]]);
    assert.deepEqual(totals.map((total) => [total.source, total.files, total.records]), [['cline', 0, 0], ['roo-code', 1, 2], ['kilo-code', 1, 1]]);
  });

  it('skips requests whose text is not JSON and a file cut short, never throws', async () => {
    const file = join(taskDir(CLINE_FAMILY_IDS.cline), 'ui_messages.json');
    const good = JSON.stringify(clineApiReq(TS_2, { tokensIn: 1, tokensOut: 2, cost: 0.5 }));
    writeLines(file, [`[${JSON.stringify({ ts: TS_1, type: 'say', say: 'api_req_started', text: '{"tokensIn": 4, "tok' })},${good},{"ts":1,"type":"say","say":"api_req_started","text":"{\\"tokensIn\\":`], { newlineAtEnd: false });
    const [cline] = await scan();
    assert.deepEqual(repository.records('cline').map((record) => record.key), [`${TASK}:${TS_2}`]);
    assert.equal(cline!.skipped, 2, 'the request with broken text, and the cut-short end');
  });

  it('leaves other extensions and files of the task folder alone', async () => {
    writeJson(join(globalStorageDir, 'github.copilot-chat', 'tasks', 't', 'ui_messages.json'), [clineApiReq(TS_1, { tokensIn: 1, tokensOut: 1, cost: 1 })]);
    writeJson(join(taskDir(CLINE_FAMILY_IDS.cline), 'api_conversation_history.json'), [{ role: 'user', content: 'api_req_started' }]);
    const totals = await scan();
    assert.deepEqual(totals.map((total) => total.files), [0, 0, 0]);
    assert.equal(repository.batches.length, 0);
  });
});
