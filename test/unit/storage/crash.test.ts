// Crash safety: child processes writing through BatonDatabase are killed with SIGKILL at
// random moments (during open, appends and compactions), 200 times in all. Afterwards every
// acknowledged write is present, each write's two changes are all-or-nothing, and the files
// open without recovery and pass `PRAGMA integrity_check`.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { scanJournal } from '../../../src/storage/journal';
import { tempOwner } from '../../../src/storage/orphanFiles';
import { ProcessLock } from '../../../src/storage/processLock';
import { type FixtureBundle, bundleFixture, spawnLines } from '../support/childBundle';
import { openDatabase, queryMainFile } from '../support/database';
import { wasmDir } from '../support/paths';
import { SeededRandom } from '../support/random';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const KILLS = 200;
const LANES = 2; // children running at once, on the same database
const SEED = 0xba7013;
const COMPACT_AFTER_BYTES = 16 * 1024;

interface Plan {
  /** Kill this many ms after the spawn (during open and recovery) rather than after the first ACK. */
  readonly early: boolean;
  readonly delayMs: number;
}

interface KillStats {
  kills: number;
  killedBeforeReady: number;
  killedWithWriteInFlight: number;
  /** Killed while a compaction wrote its snapshot or waited for the lock to swap it in. */
  killedWritingSnapshot: number;
  /** Killed after the main file was replaced, before the journal was rewritten. */
  killedBetweenSwapAndJournal: number;
  compactionsCompleted: number;
  tornJournalTails: number;
  leftoverTemps: Record<string, number>;
}

function planRuns(): Plan[] {
  const random = new SeededRandom(SEED);
  return Array.from({ length: KILLS }, () => {
    const early = random.next() < 0.15;
    return { early, delayMs: early ? random.int(0, 150) : random.int(20, 300) };
  });
}

function tempKind(name: string): string {
  if (name.includes('.compact-')) return 'compaction snapshot';
  if (name.includes('.bak.')) return 'backup link';
  if (name.includes('.journal.')) return 'journal rewrite';
  return 'main file rewrite';
}

describe('crash safety under SIGKILL', function () {
  this.timeout(240_000);
  useTempDirs();
  let bundle: FixtureBundle;

  before(async () => {
    bundle = await bundleFixture('crashWriter');
  });
  after(() => bundle.remove());

  it(`${KILLS} kills at random moments lose no acknowledged write and leave a sound database`, async () => {
    const dir = makeTempDir('baton-crash-');
    const path = join(dir, 'baton.db');
    const plans = planRuns();
    const acked = new Set<string>();
    const inFlight: string[] = [];
    const stats: KillStats = { kills: 0, killedBeforeReady: 0, killedWithWriteInFlight: 0, killedWritingSnapshot: 0, killedBetweenSwapAndJournal: 0, compactionsCompleted: 0, tornJournalTails: 0, leftoverTemps: {} };
    const inspectLock = new ProcessLock(`${path}.lock`, { timeoutMs: 60_000 });

    /** Under the lock (no child mid-write), what the killed child left behind. */
    const inspectAfterKill = (pid: number) =>
      inspectLock.withLock(async () => {
        const journal = await scanJournal(`${path}.journal`);
        if (journal.validEnd < journal.size) stats.tornJournalTails += 1;
        for (const name of readdirSync(dir)) {
          if (tempOwner(basename(path), name) !== pid) continue;
          stats.leftoverTemps[tempKind(name)] = (stats.leftoverTemps[tempKind(name)] ?? 0) + 1;
        }
      });

    const runOnce = async (run: number, plan: Plan) => {
      let timer: NodeJS.Timeout | undefined;
      let ready = false;
      let compaction = 'none' as 'none' | 'snapshot' | 'swapped';
      let lastTry: string | null = null;
      const kill = () => child.child.kill('SIGKILL');
      const child = spawnLines(bundle.script, [path, wasmDir, `r${run}`, String(COMPACT_AFTER_BYTES)], (line) => {
        const [word, id] = line.split(' ');
        if (word === 'READY') ready = true;
        else if (word === 'TRY' && id) lastTry = id;
        else if (word === 'ACK' && id) {
          acked.add(id);
          if (id === lastTry) lastTry = null;
          if (!plan.early && timer === undefined) timer = setTimeout(kill, plan.delayMs);
        } else if (word === 'C+') compaction = 'snapshot';
        else if (word === 'CM') compaction = 'swapped';
        else if (word === 'C-') {
          compaction = 'none';
          stats.compactionsCompleted += 1;
        }
      });
      if (plan.early) timer = setTimeout(kill, plan.delayMs);
      const watchdog = setTimeout(kill, 20_000); // a child that never acknowledges fails below
      const { code, signal, stderr } = await child.exited;
      clearTimeout(timer);
      clearTimeout(watchdog);
      assert.equal(signal, 'SIGKILL', `run ${run} ended by itself (code ${code}): ${stderr}`);
      assert.ok(plan.early || child.lines.some((l) => l.startsWith('ACK')), `run ${run} never acknowledged a write: ${stderr}`);
      stats.kills += 1;
      if (!ready) stats.killedBeforeReady += 1;
      if (compaction === 'snapshot') stats.killedWritingSnapshot += 1;
      if (compaction === 'swapped') stats.killedBetweenSwapAndJournal += 1;
      if (lastTry !== null) {
        stats.killedWithWriteInFlight += 1;
        inFlight.push(lastTry);
      }
      await inspectAfterKill(child.child.pid ?? -1);
    };

    let next = 0;
    let failed = false;
    const lane = async () => {
      while (!failed && next < plans.length) {
        const run = next++;
        await runOnce(run, plans[run]!).catch((error: unknown) => {
          failed = true; // the other lane stops too, instead of running on after the test failed
          throw error;
        });
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));

    const database = await openDatabase(path);
    try {
      assert.equal(database.recovery, null, `no kill may damage the main file: ${JSON.stringify(database.recovery)}`);
      assert.equal(database.journalSetAside, null);
      const present = new Set(await database.read((db) => db.all("SELECT id FROM ledger WHERE provider = 'crash'").map((r) => String(r.id))));
      const lost = [...acked].filter((id) => !present.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${acked.size} acknowledged writes are missing`);
      const counter = await database.read((db) => db.one("SELECT value FROM baton_meta WHERE key = 'crash_counter'")?.value);
      assert.equal(counter, present.size, 'each write inserted its row and bumped the counter together, or did neither');
      assert.equal(await database.read((db) => db.one('PRAGMA integrity_check')?.integrity_check), 'ok');
      await database.write((db) => db.run("INSERT INTO ledger (id, provider, model, at) VALUES ('after', 'crash', 'm', 0)"));
      const durableInFlight = inFlight.filter((id) => present.has(id)).length;
      const summary = { ...stats, acknowledged: acked.size, rows: present.size, inFlightButDurable: durableInFlight };
      process.stdout.write(`      crash statistics: ${JSON.stringify(summary)}\n`);
      assert.ok(stats.compactionsCompleted > 0, 'compactions ran, so kills could hit them');
      const killedMidWork = stats.killedWritingSnapshot + stats.killedBetweenSwapAndJournal + stats.killedWithWriteInFlight;
      assert.ok(killedMidWork > 0, 'some kills landed during a compaction or a write');
    } finally {
      await database.close();
    }
    assert.equal((await queryMainFile(path, 'PRAGMA integrity_check'))[0]?.integrity_check, 'ok', 'the main file alone');
    assert.equal((await queryMainFile(`${path}.bak`, 'PRAGMA integrity_check'))[0]?.integrity_check, 'ok', 'the backup');
    const left = readdirSync(dir).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock') || name.includes('.corrupt-'));
    assert.deepEqual(left, [], 'no temp, lock or damaged file is left after a clean open and close');
  });
});
