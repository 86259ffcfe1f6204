// The scan with its files parsed in worker threads: the same batches (records, rate limits,
// skipped counts, cursors) as on the main thread, a worker that fails on one file failing that
// file alone, workers that cannot start leaving the files to the main thread, stopping, storage
// failures, and the event loop kept free. From source, the workers run usageWorker.ts through tsx.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { CLINE_FAMILY_IDS } from '../../../src/context/agentLogs/logLocations';
import { type AgentLogScanOptions, type ScanProgress, type SourceScanTotals, scanAgentLogs } from '../../../src/context/agentLogs/usageScanner';
import { serveLogFileReads } from '../../../src/context/agentLogs/usageWorkerJobs';
import { type WorkerEvent, isWorkerEvent } from '../../../src/context/agentLogs/workerMessages';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import {
  appendLines, claudeAssistantLine, clineApiReq, clineTaskMetadata, clineText, codexSessionMeta, codexTokenCount, codexTurnContext, codexUsage,
  geminiJsonlMetadata, geminiLegacyChat, geminiMessage, geminiTokens, sessionLines, writeJson, writeLines,
} from './logFixtures';
import { MemoryUsageRepository } from './memoryUsageRepository';

/** Workers whatever the size, so that these small fixtures are read by them. */
const IN_WORKERS = { workers: 2, workerMinBytes: 0 } as const;
const ON_MAIN_THREAD = { workers: 0 } as const;
const SMALL = { chunkBytes: 4 * 1024, batchLimits: { bytes: 8 * 1024 } };
const CODEX_SESSION = '0199a213-81c0-7800-8aa1-bbab2a035a53';
const codexRollout = (codexDir: string) => join(codexDir, 'sessions', '2026', '11', '20', `rollout-2026-11-20T09-00-00-${CODEX_SESSION}.jsonl`);
const gemini = (geminiDir: string, file: string) => join(geminiDir, 'tmp', 'a1b2', 'chats', file);
const limits = (primary: number) => ({ primary: { used_percent: primary, window_minutes: 300, resets_at: 1_900_000_000 } });

/** Logs of every agent, some lines malformed, a partial last line, a file that vanished and a folder named like a log. */
function writeEveryAgent(home: string): AgentLogScanOptions {
  const projects = join(home, '.claude', 'projects', 'p');
  writeLines(join(projects, 'big.jsonl'), [...sessionLines('a', 30, 1_500), '{"type":"assistant","usage":"not this shape"}', 'not json "usage"']);
  writeLines(join(projects, 'partial.jsonl'), [...sessionLines('b', 3, 100), claudeAssistantLine({ messageId: 'msg_x', usage: { input_tokens: 1, output_tokens: 2 } }).slice(0, 40)], { newlineAtEnd: false });
  writeFileSync(join(projects, 'empty.jsonl'), '');
  symlinkSync(join(home, 'gone.jsonl'), join(projects, 'vanished.jsonl'));
  mkdirSync(join(projects, 'folder.jsonl'));
  const codexDir = join(home, '.codex');
  const total = codexUsage(1_000, 200, 300);
  writeLines(codexRollout(codexDir), [
    codexSessionMeta(CODEX_SESSION, '/home/dev/project'),
    codexTurnContext('gpt-5-codex', '/home/dev/project'),
    codexTokenCount('2026-11-20T09:01:00.000Z', { total, last: total }, limits(20)),
    codexTokenCount('2026-11-20T09:01:00.000Z', { total, last: total }, limits(20)),
  ]);
  const geminiDir = join(home, '.gemini');
  writeJson(gemini(geminiDir, 'session-2026-11-20T10-59-aaaa.json'), geminiLegacyChat('s-1', [geminiMessage('g-1', geminiTokens(100, 10, 20))]), 2);
  writeLines(gemini(geminiDir, 'session-2026-11-20T11-00-bbbb.jsonl'), [geminiJsonlMetadata('s-2'), JSON.stringify(geminiMessage('g-2', geminiTokens(50, 5, 0)))]);
  const globalStorageDir = join(home, 'storage');
  const task = join(globalStorageDir, CLINE_FAMILY_IDS.cline, 'tasks', '1753250474282');
  writeJson(join(task, 'ui_messages.json'), [clineApiReq(1_753_250_480_000, { tokensIn: 4, tokensOut: 310, cost: 0.05 }), clineText(1_753_250_480_005, 'done')]);
  writeJson(join(task, 'task_metadata.json'), clineTaskMetadata([{ ts: 1_753_250_470_000, model_id: 'claude-sonnet-4-5' }]));
  return { claudeDirs: [join(home, '.claude')], codexDir, geminiDir, globalStorageDir, sources: ['claude-code', 'codex', 'gemini-cli', 'cline'] };
}

interface ScanResult {
  readonly totals: SourceScanTotals[];
  readonly progress: ScanProgress[];
}

async function scan(options: AgentLogScanOptions, repository: MemoryUsageRepository): Promise<ScanResult> {
  const progress: ScanProgress[] = [];
  const totals = await scanAgentLogs(options, repository, (step) => progress.push(step));
  return { totals, progress };
}

/** The totals without who read them, and the unreadable files' errors by their code only (the message names the call). */
const comparable = (totals: readonly SourceScanTotals[]) => totals.map(({ workers: _workers, ...rest }) => rest);
const workersOf = (totals: readonly SourceScanTotals[]) => totals.map((total) => total.workers);

describe('agent logs: the scan in worker threads', function () {
  // Each worker compiles its modules through tsx when it starts.
  this.timeout(60_000);
  useTempDirs();
  let home: string;

  beforeEach(() => {
    home = makeTempDir();
  });

  it('writes the same batches, cursors and totals as the main thread, on a first scan and after appends', async () => {
    const options = { ...writeEveryAgent(home), ...SMALL };
    const main = new MemoryUsageRepository();
    const workers = new MemoryUsageRepository();
    const expected = await scan({ ...options, ...ON_MAIN_THREAD }, main);
    const actual = await scan({ ...options, ...IN_WORKERS }, workers);
    assert.ok(main.batches.length >= 10, `batches: ${main.batches.length}`);
    assert.deepEqual(workersOf(expected.totals), [0, 0, 0, 0]);
    assert.ok(workersOf(actual.totals).every((count) => count >= 1), `workers: ${workersOf(actual.totals).join(', ')}`);
    assert.deepEqual(workers.batches, main.batches);
    assert.deepEqual(comparable(actual.totals), comparable(expected.totals));
    assert.deepEqual(actual.progress, expected.progress);

    appendLines(join(home, '.claude', 'projects', 'p', 'big.jsonl'), sessionLines('c', 5, 1_500));
    appendLines(codexRollout(options.codexDir ?? ''), [codexTokenCount('2026-11-20T09:02:00.000Z', { total: codexUsage(3_000, 400, 500), last: codexUsage(2_000, 200, 200) }, limits(40))]);
    const [mainBatches, workerBatches] = [main.batches.length, workers.batches.length];
    const again = await scan({ ...options, ...ON_MAIN_THREAD }, main);
    const againInWorkers = await scan({ ...options, ...IN_WORKERS }, workers);
    assert.deepEqual(workers.batches.slice(workerBatches), main.batches.slice(mainBatches));
    assert.deepEqual(comparable(againInWorkers.totals), comparable(again.totals));
    assert.equal(again.totals[0]!.added, 5);
  });

  it('fails only the file a worker was on when it throws, exits or posts nonsense, and reads every other file', async () => {
    const projects = join(home, '.claude', 'projects', 'p');
    const names = ['a', 'b-boom', 'c', 'd-exit', 'e', 'f-garbage', 'g'];
    for (const name of names) writeLines(join(projects, `${name}.jsonl`), sessionLines(name, 3, 100));
    const repository = new MemoryUsageRepository();
    // One worker, so the replacements are countable: each fault ends a thread, and a fresh one reads the next file.
    const options: AgentLogScanOptions = { claudeDirs: [join(home, '.claude')], sources: ['claude-code'], workers: 1, workerMinBytes: 0, workerScript: join(__dirname, 'faultyUsageWorker.ts') };
    const [totals] = (await scan(options, repository)).totals;
    assert.deepEqual(totals!.unreadable.map((entry) => [entry.path.slice(projects.length + 1), entry.error]), [
      ['b-boom.jsonl', 'the worker thread reading it stopped: boom'],
      ['d-exit.jsonl', 'the worker thread reading it stopped: it exited with code 3'],
      ['f-garbage.jsonl', 'the worker thread reading it stopped: it posted a message that answers no file'],
    ]);
    const keys = repository.records('claude-code').map((record) => record.key);
    assert.deepEqual(keys, ['a', 'c', 'e', 'g'].flatMap((name) => [0, 1, 2].map((i) => `msg_${name}${i}:req_${name}${i}`)));
    assert.equal(totals!.workers, 4, 'a, c, e and g were each read by another worker, none on the main thread');
    const failed = ['b-boom', 'd-exit', 'f-garbage'].map((name) => repository.cursorOf('claude-code', join(projects, `${name}.jsonl`)));
    assert.deepEqual(failed, [undefined, undefined, undefined], 'no cursor moves for a file whose parts never came');
  });

  it('reads on the main thread when no worker starts, with the same result', async () => {
    const options = { ...writeEveryAgent(home), ...SMALL };
    const main = new MemoryUsageRepository();
    const fallback = new MemoryUsageRepository();
    const expected = await scan({ ...options, ...ON_MAIN_THREAD }, main);
    const actual = await scan({ ...options, ...IN_WORKERS, workerScript: join(home, 'missing', 'usageWorker.js') }, fallback);
    assert.deepEqual(workersOf(actual.totals), [0, 0, 0, 0]);
    assert.deepEqual(fallback.batches, main.batches);
    assert.deepEqual(actual.totals, expected.totals);
  });

  it('stops between parts when asked, keeping what it took with its cursor; the next scan reads the rest', async () => {
    const projects = join(home, '.claude', 'projects', 'p');
    for (let i = 0; i < 4; i++) writeLines(join(projects, `s${i}.jsonl`), sessionLines(`s${i}-`, 20, 2_000));
    const controller = new AbortController();
    const options: AgentLogScanOptions = { claudeDirs: [join(home, '.claude')], sources: ['claude-code'], ...IN_WORKERS, chunkBytes: 16 * 1024, batchLimits: { bytes: 16 * 1024 } };
    const repository = new MemoryUsageRepository();
    const [partial] = await scanAgentLogs({ ...options, signal: controller.signal }, repository, () => controller.abort());
    assert.ok(partial!.records > 0 && partial!.records < 80, `stopped after ${partial!.records} records`);
    assert.equal(repository.records().length, partial!.records);
    const [rest] = await scanAgentLogs(options, repository);
    assert.equal(rest!.records + partial!.records, 80, 'the next scan reads on from where the stopped one got to');
    assert.equal(repository.records().length, 80);
  });

  it('ends the scan on a storage failure without moving a cursor, and reads it all next time', async () => {
    writeLines(join(home, '.claude', 'projects', 'p', 'a.jsonl'), sessionLines('a', 40, 2_000));
    const options: AgentLogScanOptions = { claudeDirs: [join(home, '.claude')], sources: ['claude-code'], ...IN_WORKERS, chunkBytes: 16 * 1024, batchLimits: { bytes: 16 * 1024 } };
    const repository = new MemoryUsageRepository();
    repository.failNext = new Error('disk full');
    await assert.rejects(scanAgentLogs(options, repository), /disk full/);
    assert.equal(repository.batches.length, 0);
    const [totals] = await scanAgentLogs(options, repository);
    assert.equal(totals!.added, 40);
  });

  it('keeps the event loop turning while the workers read a big log', async () => {
    writeLines(join(home, '.claude', 'projects', 'p', 'big.jsonl'), sessionLines('a', 3_000, 8_000));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const [totals] = await scanAgentLogs({ claudeDirs: [join(home, '.claude')], sources: ['claude-code'], ...IN_WORKERS, chunkBytes: 256 * 1024 }, new MemoryUsageRepository());
      assert.equal(totals!.records, 3_000);
      assert.ok(totals!.workers >= 1);
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks >= 10, `timer ticks during the scan: ${ticks}`);
  });
});

describe('agent logs: a usage worker answering its port', () => {
  useTempDirs();

  it('answers each job in order with its events and `done`; a file it cannot read, or a message that is no job, with `failed`', async () => {
    const log = join(makeTempDir(), 'a.jsonl');
    writeLines(log, sessionLines('a', 2, 10));
    const { port1: pool, port2: worker } = new MessageChannel();
    const answers: WorkerEvent[] = [];
    const settled = new Promise<void>((resolve) => {
      pool.on('message', (message: unknown) => {
        if (isWorkerEvent(message)) answers.push(message);
        if (answers.length === 6) resolve();
      });
    });
    serveLogFileReads(worker);
    const job = { path: log, source: 'claude-code', cursor: null, chunkBytes: 2 ** 20 };
    pool.postMessage(job);
    pool.postMessage({ ...job, path: `${log}.gone` });
    pool.postMessage({ path: log });
    await settled;
    pool.close();
    assert.deepEqual(answers.map((answer) => answer.type), ['ready', 'reading', 'part', 'done', 'failed', 'failed']);
    const errors = answers.map((answer) => (answer.type === 'failed' ? answer.error : null)).filter((error) => error !== null);
    assert.match(errors[0] ?? '', /^ENOENT: /);
    assert.equal(errors[1], 'the usage worker got a message that is not a file job');
  });
});
