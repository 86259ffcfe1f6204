// Paired write rounds: the write ratio against better-sqlite3 in WAL mode, measured so that both
// engines meet the disk in the same minutes. This VM's fdatasync time drifts by 2x and more from
// one minute to the next, so the unpaired figures (Baton's rounds, then later the reference's)
// can differ by that alone. Each round runs Baton's writes in a fresh process (the first writes
// after an open) and the reference's, one right after the other, in alternating order.
import { join } from 'node:path';
import { median, percentile, round } from './stats';

export const PAIR_ROUNDS = 6;
/** Rows no other step writes; each side of each round gets its own. */
const FIRST_ROW = 20_000_000;

type RunChild = <T>(script: string, args: string[]) => T;

export interface WritePairs {
  readonly baton: number[][];
  readonly wal: number[][];
}

export function runWritePairs(runChild: RunChild, dir: string, dist: string): WritePairs {
  const pairs: WritePairs = { baton: [], wal: [] };
  const baton = (round: number) => pairs.baton.push(runChild<{ samples: number[] }>('dbWritePairChild.ts', ['baton', join(dir, 'baton', 'baton.db'), dist, String(FIRST_ROW + round * 2_000)]).samples);
  const wal = (round: number) => pairs.wal.push(runChild<{ samples: number[] }>('dbWritePairChild.ts', ['wal', join(dir, 'reference', 'reference.db'), String(FIRST_ROW + round * 2_000 + 1_000)]).samples);
  for (let round = 0; round < PAIR_ROUNDS; round++) {
    if (round % 2 === 0) {
      baton(round);
      wal(round);
    } else {
      wal(round);
      baton(round);
    }
  }
  return pairs;
}

export function pairFigures({ baton, wal }: WritePairs) {
  const ratios = baton.map((samples, i) => median(samples) / median(wal[i] ?? []));
  const figures = (rounds: number[][]) => ({ p50: round(median(rounds.flat())), p99: round(percentile(rounds.flat(), 99)), roundP50s: rounds.map((r) => round(median(r))) });
  return {
    baton: figures(baton),
    betterSqlite3Wal: figures(wal),
    ratioP50PerRound: ratios.map((r) => round(r)),
    ratioP50Wal: round(median(ratios)),
    note: `${PAIR_ROUNDS} rounds of ${baton[0]?.length ?? 0} writes each, Baton (a fresh process: the first writes after an open) and better-sqlite3 in WAL mode with synchronous=FULL one right after the other, in alternating order, each after sync; ratioP50Wal: the median of the rounds' p50 ratios`,
  };
}
