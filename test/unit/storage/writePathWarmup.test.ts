// The write path's warm-up a long-lived process runs after it opens the database
// (writePathWarmup.ts): it runs the write path's code in memory, touches no file, stops when
// cancelled (a window closing).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { startWritePathWarmUp } from '../../../src/storage/writePathWarmup';
import { wasmDir } from '../support/paths';

/** Bytes this process has written through write system calls so far (Linux). */
const bytesWritten = () => Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);

describe('the write path warm-up', () => {
  it('makes its writes in memory, in slices, and writes nothing to disk', async function () {
    this.timeout(30_000);
    const linux = existsSync('/proc/self/io');
    const before = linux ? bytesWritten() : 0;
    let turns = 0;
    const ticker = setInterval(() => turns++, 0); // runs only between slices
    const warmUp = startWritePathWarmUp(wasmDir, { delayMs: 0, writes: 200, slice: 10 });
    await warmUp.done;
    clearInterval(ticker);
    assert.equal(warmUp.writesMade, 200);
    assert.ok(turns >= 10, `the event loop ran between the slices (${turns} timer turns)`);
    if (linux) assert.ok(bytesWritten() - before < 4_096, `wrote ${bytesWritten() - before} bytes`);
  });

  it('cancelled before its delay, makes no write; cancelled while running, stops at the next slice', async function () {
    this.timeout(30_000);
    const early = startWritePathWarmUp(wasmDir, { delayMs: 60_000 });
    early.cancel();
    await early.done;
    assert.equal(early.writesMade, 0);

    const running = startWritePathWarmUp(wasmDir, { delayMs: 0, writes: 100_000, slice: 5 });
    while (running.writesMade === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    running.cancel();
    await running.done;
    const stoppedAt = running.writesMade;
    assert.ok(stoppedAt < 100_000 && stoppedAt % 5 === 0, `stopped after ${stoppedAt} writes`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(running.writesMade, stoppedAt, 'nothing more after done');
  });
});
