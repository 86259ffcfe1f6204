// The byte-level readers under the formats: complete lines from an offset (a partial last line
// held back, over-long lines dropped), the lines that hold a marker, the line before an offset,
// and the elements of a whole JSON document's message array.
import assert from 'node:assert/strict';
import { open, type FileHandle } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markedElements } from '../../../src/context/agentLogs/jsonDocument';
import { chunkEnd, completeLineChunks, findLastLineWith, linesContaining, type LineChunk } from '../../../src/context/agentLogs/jsonlChunks';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

async function withFile<T>(content: string, use: (handle: FileHandle, size: number) => Promise<T>): Promise<T> {
  const path = join(makeTempDir(), 'log.jsonl');
  writeFileSync(path, content);
  const handle = await open(path, 'r');
  try {
    return await use(handle, Buffer.byteLength(content));
  } finally {
    await handle.close();
  }
}

async function collect(chunks: AsyncGenerator<LineChunk>): Promise<{ lines: string[]; end: number; dropped: number }> {
  const lines: string[] = [];
  let end = -1;
  let dropped = 0;
  for await (const chunk of chunks) {
    lines.push(...chunk.bytes.toString('utf8').split('\n').slice(0, -1));
    end = chunkEnd(chunk);
    dropped += chunk.droppedLines;
  }
  return { lines, end, dropped };
}

describe('agent logs: reading bytes', () => {
  useTempDirs();

  it('hands out complete lines only, from any offset, with lines longer than a chunk whole', async () => {
    const long = 'L'.repeat(100);
    const content = `one\ntwo\n${long}\nthree\npartial`;
    await withFile(content, async (handle, size) => {
      const all = await collect(completeLineChunks(handle, 0, size, 8));
      assert.deepEqual(all.lines, ['one', 'two', long, 'three']);
      assert.equal(all.end, content.length - 'partial'.length, 'the cursor stops after the last newline');
      const rest = await collect(completeLineChunks(handle, 4, size, 8));
      assert.deepEqual(rest.lines, ['two', long, 'three']);
      assert.deepEqual(await collect(completeLineChunks(handle, all.end, size, 8)), { lines: [], end: -1, dropped: 0 });
    });
  });

  it('passes over a line longer than the limit and counts it, the bytes still consumed', async () => {
    const content = `a\n${'x'.repeat(300)}\nb\n${'y'.repeat(300)}\n`;
    await withFile(content, async (handle, size) => {
      const read = await collect(completeLineChunks(handle, 0, size, 16, 64));
      assert.deepEqual(read.lines, ['a', 'b']);
      assert.deepEqual({ dropped: read.dropped, end: read.end }, { dropped: 2, end: size });
    });
  });

  it('finds the lines holding any marker, each once and in order', () => {
    const bytes = Buffer.from('{"type":"x"}\n{"a":"token_count","b":"turn_context"}\n{"c":1}\n{"turn_context":2}\n');
    const lines = linesContaining(bytes, [Buffer.from('"turn_context"'), Buffer.from('"token_count"')]);
    assert.deepEqual(lines.map((line) => bytes.toString('utf8', line.start, line.end)), ['{"a":"token_count","b":"turn_context"}', '{"turn_context":2}']);
  });

  it('finds the last line with a marker before an offset, across read windows', async () => {
    const lines = ['{"type":"session_meta"}', '{"type":"turn_context","model":"a"}', 'x'.repeat(50), '{"type":"turn_context","model":"b"}', 'y'.repeat(50), '{"type":"turn_context","model":"c"}'];
    const content = `${lines.join('\n')}\n`;
    await withFile(content, async (handle) => {
      const before = content.indexOf('{"type":"turn_context","model":"c"}');
      assert.equal(await findLastLineWith(handle, before, Buffer.from('"turn_context"'), 1_000, 16), lines[3]);
      assert.equal(await findLastLineWith(handle, lines[0]!.length + 1, Buffer.from('"turn_context"'), 1_000, 16), null);
      assert.equal(await findLastLineWith(handle, before, Buffer.from('"turn_context"'), 40, 16), null, 'not beyond the search limit');
    });
  });

  it('finds the marked elements of a message array, whatever their strings hold', async () => {
    const messages = [
      { type: 'say', say: 'text', text: 'a "quoted" [bracket] {brace} \\ and "api_req_started"' },
      { type: 'say', say: 'api_req_started', text: '{"tokensIn":1,"nested":[{"a":"}"}]}' },
      { type: 'say', say: 'api_req_started', extra: [{ deep: { x: [1, 2, '"]'] } }] },
    ];
    const bytes = Buffer.from(JSON.stringify(messages));
    const found = await markedElements(bytes, 1, Buffer.from('"api_req_started"'));
    assert.deepEqual(found.map((range) => JSON.parse(bytes.toString('utf8', range.start, range.end)) as unknown), [messages[1], messages[2]]);

    const chat = Buffer.from(JSON.stringify({ sessionId: 's', directories: ['/a'], messages: [{ id: 1, tokens: { input: 1 } }, { id: 2 }] }, null, 2));
    const inChat = await markedElements(chat, 2, Buffer.from('"tokens"'));
    assert.deepEqual(inChat.map((range) => (JSON.parse(chat.toString('utf8', range.start, range.end)) as { id: number }).id), [1]);

    const cut = bytes.subarray(0, bytes.length - 20);
    assert.equal((await markedElements(cut, 1, Buffer.from('"api_req_started"'))).length, 1, 'a cut-short document gives its complete elements');
  });

  it('lets the event loop turn while it walks a big document (it reads no file meanwhile)', async () => {
    const element = JSON.stringify({ ts: 1, type: 'say', say: 'text', text: 'z'.repeat(10_000) });
    const bytes = Buffer.from(`[${Array.from({ length: 2_000 }, () => element).join(',')}]`);
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    await markedElements(bytes, 1, Buffer.from('"api_req_started"'));
    counting = false;
    // 20 MB in slices of 4 MB: a walk that never yielded would leave the counter at 0.
    assert.ok(turns >= 3, `event loop turns during the walk: ${turns}`);
  });
});

