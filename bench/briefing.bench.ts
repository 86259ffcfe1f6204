// npm run bench:briefing — quality and speed of handoff briefings. Quality: the small scripted
// scenarios and the pressure scenarios (material 5 to 20 times the medium budget), played for
// real: recall per priority per level (goals: P0 100% at every level, P1 >= 90% at medium and
// low, P2 >= 80% at low), precision at high and medium (no distractor: irrelevant knowledge,
// superseded notes, routine commits, repeated lines), tokens against the budget and the raw
// material, and where a budget bound (bench/support/briefingQuality.ts). Speed: a 1,000-file
// repository and a generated one with 100,000 commits, 50,000 files and 500 changed files, each
// against the time of the git commands the briefing runs, run alone in the same run. Writes
// bench/results/briefing.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { QUALITY_GOALS, measureQuality, qualityMet } from './support/briefingQuality';
import { measureRepo } from './support/briefingSpeed';
import { machineFacts, round } from './support/stats';

const ROOT = resolve(__dirname, '..');
const WASM = join(ROOT, 'node_modules', 'sql.js', 'dist');

async function main(): Promise<void> {
  const started = Date.now();
  const q = await measureQuality(WASM);
  const small = await measureRepo({ name: 'small', files: 1000, commits: 300, changed: 20 }, 15, WASM);
  const large = await measureRepo({ name: 'large', files: 50_000, commits: 100_000, changed: 500 }, 7, WASM);
  const result = {
    benchmark: 'briefing',
    date: new Date().toISOString(),
    machine: machineFacts(),
    quality: q,
    speed: { smallRepo: small, largeRepo: large },
    goals: { ...QUALITY_GOALS, smallMs: 150, largeMs: 600, ratioToGit: 1.5 },
    met: {
      ...qualityMet(q),
      smallMs: small.briefingMs.median <= 150,
      largeMs: large.briefingMs.median <= 600,
      smallRatio: small.ratioToGit <= 1.5,
      largeRatio: large.ratioToGit <= 1.5,
    },
    totalSeconds: round((Date.now() - started) / 1000, 1),
  };
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'briefing.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify({ levels: q.levels, budgetBound: q.budgetBound, speed: result.speed, met: result.met }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
