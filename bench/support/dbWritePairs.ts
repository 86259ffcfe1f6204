// Paired write rounds: the write ratio against better-sqlite3 in WAL mode, measured so that both
// engines meet the disk in the same minutes. This VM's fdatasync time drifts by 2x and more from
// one minute to the next, so the unpaired figures (Baton's rounds, then later the reference's)
// can differ by that alone. Each round runs Baton's writes in a fresh process (the first writes
// after an open), the same after the write path's warm-up a window runs (writePathWarmup.ts),
// the reference's, and bare appends with fdatasync (the disk's own share at that moment), one
// right after the other, in alternating order.
import { join } from 'node:path';
import { median, percentile, round } from './stats';

export const PAIR_ROUNDS = 6;
/** Rows no other step writes; each side of each round gets its own. */
const FIRST_ROW = 20_000_000;

type RunChild = <T>(script: string, args: string[]) => T;

export interface WritePairs {
  readonly baton: number[][];
  readonly batonWarm: number[][];
  readonly wal: number[][];
  readonly floor: number[][];
}

export function runWritePairs(runChild: RunChild, dir: string, dist: string): WritePairs {
  const pairs: WritePairs = { baton: [], batonWarm: [], wal: [], floor: [] };
  const samples = (args: string[]) => runChild<{ samples: number[] }>('dbWritePairChild.ts', args).samples;
  const sides = [
    (round: number) => pairs.baton.push(samples(['baton', join(dir, 'baton', 'baton.db'), dist, String(FIRST_ROW + round * 3_000)])),
    (round: number) => pairs.batonWarm.push(samples(['baton-warm', join(dir, 'baton', 'baton.db'), dist, String(FIRST_ROW + round * 3_000 + 1_000)])),
    (round: number) => pairs.wal.push(samples(['wal', join(dir, 'reference', 'reference.db'), String(FIRST_ROW + round * 3_000 + 2_000)])),
    () => pairs.floor.push(samples(['floor', join(dir, 'baton', 'baton.db')])),
  ];
  for (let round = 0; round < PAIR_ROUNDS; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) side(round);
  }
  return pairs;
}

export function pairFigures({ baton, batonWarm, wal, floor }: WritePairs) {
  const ratios = (rounds: number[][]) => rounds.map((samples, i) => round(median(samples) / median(wal[i] ?? [])));
  const figures = (rounds: number[][]) => ({
    p50: round(median(rounds.flat())),
    p99: round(percentile(rounds.flat(), 99)),
    roundP50s: rounds.map((r) => round(median(r))),
    // The pooled p99 is the 30th slowest of 3,000 writes: one round on a slow minute of the disk sets it.
    roundP99s: rounds.map((r) => round(percentile(r, 99))),
  });
  // The p99 beside the same round's references (the disk's minute is in all of them): at or under
  // the WAL reference's, and how far over the bare flush's.
  const againstRounds = (rounds: number[][]) => {
    const p99s = rounds.map((r) => percentile(r, 99));
    const walP99s = wal.map((r) => percentile(r, 99));
    const overDisk = p99s.map((p99, i) => round(p99 - percentile(floor[i] ?? [], 99)));
    return {
      roundsAtOrUnderWalP99: p99s.filter((p99, i) => p99 <= (walP99s[i] ?? 0)).length,
      overDiskP99Ms: overDisk,
      roundsWithin3MsOfDiskP99: overDisk.filter((over) => over <= 3).length,
      rounds: rounds.length,
    };
  };
  return {
    baton: figures(baton),
    batonAfterWarmUp: figures(batonWarm),
    p99AgainstRounds: { cold: againstRounds(baton), afterWarmUp: againstRounds(batonWarm) },
    betterSqlite3Wal: figures(wal),
    bareFdatasync: figures(floor),
    ratioP50PerRound: ratios(baton),
    ratioP50Wal: round(median(ratios(baton))),
    ratioP50WalAfterWarmUp: round(median(ratios(batonWarm))),
    note: `${PAIR_ROUNDS} rounds of ${baton[0]?.length ?? 0} writes each, one right after the other in alternating order, each after sync: Baton in a fresh process (the first writes after an open), Baton a second after the write path's warm-up a window runs a few seconds after its open (batonAfterWarmUp; writePathWarmup.ts, here without the delay), better-sqlite3 in WAL mode with synchronous=FULL, and bare appends of a record's bytes each fdatasynced on the calling thread (bareFdatasync: the disk's own share of a write in those minutes); ratioP50Wal: the median of the rounds' p50 ratios`,
  };
}
