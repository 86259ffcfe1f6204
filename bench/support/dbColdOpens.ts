// The database benchmark's cold opens, each in a fresh process (dbOpenChild.ts): Baton with the
// journal's unfolded records to replay, after a fold (the goal's figure), and after a fold that
// keeps a whole cycle of records (10,000, about 4 MB: what the default threshold lets the journal
// hold before a compaction, all of which the next fold keeps for the backup); better-sqlite3
// with `quick_check` on the same rows.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { COLD_OPEN_ROUNDS } from './dbWorkload';
import { median, percentile, round } from './stats';

export interface ColdOpen {
  openMs: number;
  loadSqlJsMs?: number;
  sinceProcessStartMs: number;
  maxRssKiB: number;
  sequence?: number;
  mainFileCheck?: string | null;
}

export interface ColdOpens {
  batonCold: ColdOpen[];
  batonColdFolded: ColdOpen[];
  batonColdKeptCycle: ColdOpen[];
  referenceCold: ColdOpen[];
}

type RunChild = <T>(script: string, args: string[]) => T;

/** Writes made before the fold of `batonColdKeptCycle`, on top of the fixture's unfolded ones. */
export const KEPT_CYCLE_RECORDS = 10_000;

/** A copy of the fixture in `name`, folded by `baton db checkpoint` after `writes` more writes. */
function foldedCopy(runChild: RunChild, dir: string, dist: string, name: string, writes: number): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  for (const file of ['baton.db', 'baton.db.journal']) copyFileSync(join(dir, 'baton-open', file), join(folder, file));
  runChild('dbOpenChild.ts', ['checkpoint', join(folder, 'baton.db'), dist, String(writes)]);
  return join(folder, 'baton.db');
}

export function runColdOpens(runChild: RunChild, dir: string, dist: string, unfoldedRecords: number): ColdOpens {
  const opens: ColdOpens = { batonCold: [], batonColdFolded: [], batonColdKeptCycle: [], referenceCold: [] };
  for (let i = 0; i < COLD_OPEN_ROUNDS; i++) {
    opens.batonCold.push(runChild<ColdOpen>('dbOpenChild.ts', ['baton', join(dir, 'baton-open', 'baton.db'), dist]));
    opens.referenceCold.push(runChild<ColdOpen>('dbOpenChild.ts', ['better-sqlite3', join(dir, 'reference-open', 'reference.db')]));
  }
  const folded = foldedCopy(runChild, dir, dist, 'baton-folded', 0);
  const keptCycle = foldedCopy(runChild, dir, dist, 'baton-kept-cycle', KEPT_CYCLE_RECORDS - unfoldedRecords);
  for (let i = 0; i < COLD_OPEN_ROUNDS; i++) {
    opens.batonColdFolded.push(runChild<ColdOpen>('dbOpenChild.ts', ['baton', folded, dist]));
    opens.batonColdKeptCycle.push(runChild<ColdOpen>('dbOpenChild.ts', ['baton', keptCycle, dist]));
  }
  return opens;
}

export function coldFigures(runs: readonly ColdOpen[], note: string) {
  const ms = runs.map((r) => r.openMs);
  return {
    median: round(median(ms)),
    p99: round(percentile(ms, 99)),
    loadSqlJsMs: round(median(runs.map((r) => r.loadSqlJsMs ?? Number.NaN))),
    sinceProcessStartMs: round(median(runs.map((r) => r.sinceProcessStartMs))),
    mainFileChecks: [...new Set(runs.map((r) => r.mainFileCheck ?? 'none'))],
    note,
  };
}
