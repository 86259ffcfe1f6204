// Several real processes (two windows and the CLI, say) reserve against one daily budget in
// the same database file at once: what they spend never goes past the budget by more than one
// request's maximum (with real costs at or below the maximum, not at all), and the budget is
// used, not refused early.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { type FixtureBundle, bundleFixture, spawnLines } from '../support/childBundle';
import { queryFile } from '../support/database';
import { wasmDir } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const PROCESSES = 4;
const ATTEMPTS = 40;
const MAX_NANOS = 1_000_000;
const LIMIT_NANOS = 20 * MAX_NANOS;

describe('budget reservations across processes', function () {
  this.timeout(180_000);
  useTempDirs();
  let bundle: FixtureBundle;

  before(async () => {
    bundle = await bundleFixture('budgetReserver');
  });
  after(() => bundle.remove());

  it(`${PROCESSES} processes reserving and settling at once never overshoot the daily budget`, async () => {
    const path = join(makeTempDir(), 'baton.db');
    const children = Array.from({ length: PROCESSES }, (_, i) => spawnLines(bundle.script, [path, wasmDir, `p${i}`, String(ATTEMPTS), String(LIMIT_NANOS), String(MAX_NANOS)]));
    const results = await Promise.all(children.map((child) => child.exited));
    for (const [i, result] of results.entries()) assert.equal(result.code, 0, `process ${i} exited ${result.code}: ${result.stderr}`);
    const counts = children.map((child) => /^DONE (\d+) (\d+)$/.exec(child.lines.find((line) => line.startsWith('DONE')) ?? '')?.slice(1).map(Number) ?? []);
    const granted = counts.reduce((sum, [g = 0]) => sum + g, 0);
    const refused = counts.reduce((sum, [, r = 0]) => sum + r, 0);
    assert.equal(granted + refused, PROCESSES * ATTEMPTS, JSON.stringify(counts));

    const [row] = await queryFile(path, 'SELECT count(*) AS n, sum(cost_nanos) AS spent FROM ledger');
    const [left] = await queryFile(path, 'SELECT count(*) AS n FROM budget_reservations');
    assert.deepEqual([row?.n, left?.n], [granted, 0], 'every grant settled into one row, no reservation left');
    const spent = Number(row?.spent);
    assert.ok(spent <= LIMIT_NANOS + MAX_NANOS, `spent ${spent} overshoots ${LIMIT_NANOS} by more than one maximum`);
    assert.ok(spent <= LIMIT_NANOS, `spent ${spent} > limit ${LIMIT_NANOS}, although every cost was at most its maximum`);
    // Each refusal saw spent + reserved + max > limit; reservations then settled at half their
    // maximum or more, so the budget ends used to within a few maximums, not refused early.
    assert.ok(spent > LIMIT_NANOS - PROCESSES * MAX_NANOS, `only ${spent} of ${LIMIT_NANOS} spent: refused too early`);
    assert.ok(refused > 0 && granted > 20, `granted ${granted}, refused ${refused}`);
  });
});
