// npm run bench:briefing — quality and speed of handoff briefings. Quality: scripted
// scenarios, recall of P0 facts (goal 100% at every level) and P1 facts (goal >= 90% at
// medium and low), tokens per level. Speed: a 1,000-file repository and a generated one with
// 100,000 commits, 50,000 files and 500 changed files, each against the time of the git
// commands the briefing runs, run alone in the same run. Writes bench/results/briefing.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BRIEFING_LEVELS, type BriefingLevel } from '../src/core/briefing/briefingTypes';
import { SCENARIOS } from './support/briefingScenarios';
import { measureRepo } from './support/briefingSpeed';
import { factFound, runScenario } from './support/scenarioRunner';
import { machineFacts, median, round } from './support/stats';

const ROOT = resolve(__dirname, '..');
const WASM = join(ROOT, 'node_modules', 'sql.js', 'dist');

async function quality() {
  type Tally = { found: number; total: number };
  const tally = (): Tally => ({ found: 0, total: 0 });
  const perLevel = Object.fromEntries(BRIEFING_LEVELS.map((l) => [l, { p0: tally(), p1: tally(), p2: tally(), tokens: [] as number[], missed: [] as string[] }]));
  const scenarios = [];
  for (const scenario of SCENARIOS) {
    const { briefings } = await runScenario(scenario, WASM);
    const row: Record<string, unknown> = { name: scenario.name };
    for (const level of BRIEFING_LEVELS) {
      const briefing = briefings[level];
      const stats = perLevel[level];
      if (!stats) continue;
      stats.tokens.push(briefing.tokens);
      for (const fact of scenario.facts) {
        const bucket = stats[`p${fact.priority}` as 'p0' | 'p1' | 'p2'];
        bucket.total += 1;
        if (factFound(briefing.markdown, fact.text)) bucket.found += 1;
        else if (fact.priority === 0 || (fact.priority === 1 && level !== 'high') || level === 'low') stats.missed.push(`${scenario.name}: P${fact.priority} "${fact.text}"`);
      }
      row[level] = { tokens: briefing.tokens, budget: briefing.budget };
    }
    scenarios.push(row);
  }
  const recall = ({ found, total }: Tally) => (total ? round((found / total) * 100, 1) : null);
  const levels = Object.fromEntries(
    BRIEFING_LEVELS.map((level: BriefingLevel) => {
      const s = perLevel[level]!;
      return [level, { p0RecallPct: recall(s.p0), p1RecallPct: recall(s.p1), p2RecallPct: recall(s.p2), tokens: { median: median(s.tokens), max: Math.max(...s.tokens) }, missed: s.missed }];
    }),
  );
  return { scenarios: SCENARIOS.length, levels, perScenario: scenarios };
}

async function main(): Promise<void> {
  const started = Date.now();
  const q = await quality();
  const small = await measureRepo({ name: 'small', files: 1000, commits: 300, changed: 20 }, 15, WASM);
  const large = await measureRepo({ name: 'large', files: 50_000, commits: 100_000, changed: 500 }, 7, WASM);
  const p0ok = BRIEFING_LEVELS.every((l) => (q.levels[l] as { p0RecallPct: number }).p0RecallPct === 100);
  const p1ok = (['medium', 'low'] as const).every((l) => ((q.levels[l] as { p1RecallPct: number }).p1RecallPct ?? 0) >= 90);
  const result = {
    benchmark: 'briefing',
    date: new Date().toISOString(),
    machine: machineFacts(),
    quality: q,
    speed: { smallRepo: small, largeRepo: large },
    goals: { p0RecallPct: 100, p1RecallPctMediumLow: 90, smallMs: 150, largeMs: 600, ratioToGit: 1.5 },
    met: {
      p0Recall: p0ok,
      p1Recall: p1ok,
      smallMs: small.briefingMs.median <= 150,
      largeMs: large.briefingMs.median <= 600,
      smallRatio: small.ratioToGit <= 1.5,
      largeRatio: large.ratioToGit <= 1.5,
    },
    totalSeconds: round((Date.now() - started) / 1000, 1),
  };
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'briefing.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify({ levels: q.levels, speed: result.speed, met: result.met }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
