// The scan as a whole: batches that each carry the cursors they reached, files that cannot be
// read reported and passed over, a storage failure ending the scan without moving any cursor past
// what was stored, stopping on request, and a big file read without blocking the event loop.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLINE_FAMILY_IDS } from '../../../src/context/agentLogs/logLocations';
import { startOffset } from '../../../src/context/agentLogs/logFileReader';
import { scanAgentLogs, type AgentLogScanOptions, type ScanProgress } from '../../../src/context/agentLogs/usageScanner';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { clineApiReq, clineText, sessionLines, writeJson, writeLines } from './logFixtures';
import { MemoryUsageRepository } from './memoryUsageRepository';

describe('agent logs: the scan', () => {
  useTempDirs();
  let home: string;
  let projects: string;
  let options: AgentLogScanOptions;
  let repository: MemoryUsageRepository;

  beforeEach(() => {
    home = makeTempDir();
    projects = join(home, '.claude', 'projects', 'p');
    options = { claudeDirs: [join(home, '.claude')], sources: ['claude-code'] };
    repository = new MemoryUsageRepository();
  });

  it('writes a big file in several batches, each with the cursor up to its last complete line', async () => {
    const log = join(projects, 'big.jsonl');
    writeLines(log, sessionLines('a', 40, 2_000));
    const progress: ScanProgress[] = [];
    const [totals] = await scanAgentLogs({ ...options, chunkBytes: 16 * 1024, batchLimits: { bytes: 32 * 1024 } }, repository, (step) => progress.push(step));
    assert.ok(repository.batches.length >= 3, `batches: ${repository.batches.length}`);
    let previous = 0;
    for (const batch of repository.batches) {
      const offset = batch.cursors.find((cursor) => cursor.path === log)?.offset ?? -1;
      assert.ok(offset > previous, 'every batch moves the cursor on');
      previous = offset;
    }
    assert.equal(totals!.records, 40);
    assert.equal(progress.at(-1)?.records, 40);
    assert.equal(progress.at(-1)?.filesDone, 1);
  });

  it('puts many small files into one batch', async () => {
    for (let i = 0; i < 25; i++) writeLines(join(projects, `s${i}.jsonl`), sessionLines(`f${i}-`, 1, 100));
    await scanAgentLogs(options, repository);
    assert.equal(repository.batches.length, 1);
    assert.equal(repository.batches[0]!.cursors.length, 25);
  });

  it('reports a file it cannot open and reads the others', async () => {
    writeLines(join(projects, 'ok.jsonl'), sessionLines('ok', 1, 10));
    symlinkSync(join(home, 'gone.jsonl'), join(projects, 'vanished.jsonl'));
    mkdirSync(join(home, '.claude', 'projects', 'q'), { recursive: true });
    symlinkSync(home, join(home, '.claude', 'projects', 'q', 'folder.jsonl'));
    const [totals] = await scanAgentLogs(options, repository);
    assert.equal(totals!.records, 1);
    assert.deepEqual(totals!.unreadable.map((entry) => [entry.path.slice(home.length), entry.error.split(':')[0]]), [
      ['/.claude/projects/p/vanished.jsonl', 'ENOENT'],
      ['/.claude/projects/q/folder.jsonl', 'not a regular file'],
    ]);
  });

  it('ends the scan on a storage failure, and reads the same records again next time', async () => {
    writeLines(join(projects, 'a.jsonl'), sessionLines('a', 3, 10));
    repository.failNext = new Error('disk full');
    await assert.rejects(scanAgentLogs(options, repository), /disk full/);
    assert.equal(repository.records().length, 0);
    const [totals] = await scanAgentLogs(options, repository);
    assert.equal(totals!.added, 3);

    writeLines(join(projects, 'b.jsonl'), sessionLines('b', 40, 2_000));
    repository.failNext = new Error('disk full again');
    const small = { ...options, chunkBytes: 16 * 1024, batchLimits: { bytes: 16 * 1024 } };
    await assert.rejects(scanAgentLogs(small, repository), /disk full again/, 'a failure while a file is being read is not taken for an unreadable file');
    const [rest] = await scanAgentLogs(small, repository);
    assert.equal(rest!.added, 40);
  });

  it('stops between chunks when asked, keeping what it read with its cursor', async () => {
    const log = join(projects, 'big.jsonl');
    writeLines(log, sessionLines('a', 40, 2_000));
    const controller = new AbortController();
    const partial = await scanAgentLogs({ ...options, chunkBytes: 16 * 1024, signal: controller.signal, batchLimits: { bytes: 16 * 1024 } }, repository, () => controller.abort());
    assert.ok(partial[0]!.records > 0 && partial[0]!.records < 40, `stopped after ${partial[0]!.records} records`);
    const rest = await scanAgentLogs(options, repository);
    assert.equal(rest[0]!.records + partial[0]!.records, 40, 'the next scan reads on from where the stopped one got to');
  });

  it('keeps the event loop turning while it reads a big JSONL log, and a big JSON document', async () => {
    writeLines(join(projects, 'big.jsonl'), sessionLines('a', 3_000, 8_000));
    const messages = Array.from({ length: 6_000 }, (_, i) => (i % 2 ? clineText(i, 'y'.repeat(8_000)) : clineApiReq(i, { tokensIn: 1, tokensOut: 2, cost: 0.01 })));
    writeJson(join(home, 'storage', CLINE_FAMILY_IDS.cline, 'tasks', 't', 'ui_messages.json'), messages);
    const ticksDuring = async (sources: AgentLogScanOptions['sources']) => {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      try {
        const totals = await scanAgentLogs({ ...options, sources, globalStorageDir: join(home, 'storage'), chunkBytes: 256 * 1024 }, repository);
        assert.equal(totals[0]!.records, 3_000);
      } finally {
        clearInterval(timer);
      }
      return ticks;
    };
    // 24 MB each, read in 256 KB chunks (and the document walked in 4 MB slices): a scan that held
    // the event loop from start to end would see no tick at all.
    const jsonl = await ticksDuring(['claude-code']);
    const json = await ticksDuring(['cline']);
    assert.ok(jsonl >= 10 && json >= 10, `timer ticks during the scans: JSONL ${jsonl}, JSON ${json}`);
  });

  it('starts a JSONL file at its cursor, a JSON document only when it changed', () => {
    const cursor = { path: 'p', source: 'cline' as const, offset: 100, size: 100, mtimeMs: 5, ino: 7 };
    assert.equal(startOffset({ kind: 'lines' }, undefined, { size: 50, mtimeMs: 1, ino: 7 }), 0);
    assert.equal(startOffset({ kind: 'lines' }, cursor, { size: 150, mtimeMs: 6, ino: 7 }), 100);
    assert.equal(startOffset({ kind: 'lines' }, cursor, { size: 100, mtimeMs: 6, ino: 7 }), null);
    assert.equal(startOffset({ kind: 'lines' }, cursor, { size: 90, mtimeMs: 6, ino: 7 }), 0, 'shrank');
    assert.equal(startOffset({ kind: 'lines' }, cursor, { size: 150, mtimeMs: 6, ino: 8 }), 0, 'replaced');
    assert.equal(startOffset({ kind: 'whole' }, cursor, { size: 100, mtimeMs: 5, ino: 7 }), null);
    assert.equal(startOffset({ kind: 'whole' }, cursor, { size: 100, mtimeMs: 6, ino: 7 }), 0);
    assert.equal(startOffset({ kind: 'whole' }, cursor, { size: 101, mtimeMs: 5, ino: 7 }), 0);
  });

  it('reads nothing for an agent without a root, and nothing twice across a second scan', async () => {
    writeFileSync(join(home, 'unrelated.jsonl'), 'x\n');
    const totals = await scanAgentLogs({ sources: ['claude-code', 'codex', 'gemini-cli', 'cline', 'roo-code', 'kilo-code'] }, repository);
    assert.deepEqual(totals.map((total) => total.files), [0, 0, 0, 0, 0, 0]);
    assert.equal(repository.batches.length, 0);
  });
});
