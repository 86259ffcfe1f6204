// The write path's warm-up a long-lived process runs after it opens the database
// (writePathWarmup.ts): it runs the write path's code in memory, touches no file, stops when
// cancelled (a window closing).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startWritePathWarmUp } from '../../../src/storage/writePathWarmup';
import { type FixtureBundle, bundleFixture, spawnLines } from '../support/childBundle';
import { wasmDir } from '../support/paths';

describe('the write path warm-up', () => {
  let runner: FixtureBundle;
  before(async function () {
    this.timeout(60_000);
    runner = await bundleFixture('warmUpRunner');
  });
  after(() => runner.remove());

  // In a process of its own: in mocha's, other tests' leftover work and the reporter also write.
  it('makes its writes in memory, in slices, and writes nothing to disk', async function () {
    this.timeout(30_000);
    if (!existsSync('/proc/self/io')) this.skip(); // the byte count is Linux's
    const run = spawnLines(runner.script, [wasmDir, '200', '10']);
    const { code, stderr } = await run.exited;
    assert.equal(code, 0, stderr);
    const { writesMade, turns, written } = JSON.parse(run.lines[0] ?? '{}') as { writesMade: number; turns: number; written: number };
    assert.equal(writesMade, 200);
    assert.ok(turns >= 10, `the event loop ran between the slices (${turns} timer turns)`);
    assert.ok(written < 4_096, `wrote ${written} bytes`);
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
