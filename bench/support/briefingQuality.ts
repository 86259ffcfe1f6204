// The quality half of the briefing benchmark: the small scripted scenarios and the pressure
// scenarios, each played for real, scored per level. Recall per priority (facts found / facts),
// precision at high and medium (1 − distractors found / distractors), tokens against the
// budget and against the raw material, and where a budget bound (raw material over it).
import { BRIEFING_LEVELS, type BriefingLevel, type Priority } from '../../src/core/briefing/briefingTypes';
import { LEVEL_CAP, SCENARIOS, type Scenario } from './briefingScenarios';
import { describeFact, factFound } from './factMatch';
import { PRESSURE_SCENARIOS } from './pressureScenarios';
import { type ScenarioResult, runScenario } from './scenarioRunner';
import { median, round } from './stats';

type Tally = { found: number; total: number };
const tally = (): Tally => ({ found: 0, total: 0 });
const pct = ({ found, total }: Tally): number | null => (total ? round((found / total) * 100, 1) : null);

interface LevelTally {
  readonly facts: Record<Priority, Tally>;
  readonly distractors: Tally;
  readonly tokens: number[];
  readonly missed: string[];
  readonly distracted: string[];
}
const levelTally = (): LevelTally => ({ facts: { 0: tally(), 1: tally(), 2: tally() }, distractors: tally(), tokens: [], missed: [], distracted: [] });
type SetTally = Record<BriefingLevel, LevelTally>;
const setTally = (): SetTally => ({ high: levelTally(), medium: levelTally(), low: levelTally() });

/** Scores one level of one scenario into the set's tally; returns the scenario's row for that level. */
function scoreLevel(scenario: Scenario, result: ScenarioResult, level: BriefingLevel, into: LevelTally) {
  const briefing = result.briefings[level];
  into.tokens.push(briefing.tokens);
  const missed: string[] = [];
  for (const fact of scenario.facts) {
    const found = factFound(briefing.markdown, fact.text);
    into.facts[fact.priority].total += 1;
    if (found) into.facts[fact.priority].found += 1;
    else if (fact.priority <= LEVEL_CAP[level]) missed.push(`P${fact.priority} ${describeFact(fact.text)}`);
  }
  const distracted = (scenario.distractors ?? []).filter((d) => factFound(briefing.markdown, d.text)).map((d) => describeFact(d.text));
  into.distractors.total += scenario.distractors?.length ?? 0;
  into.distractors.found += distracted.length;
  into.missed.push(...missed.map((m) => `${scenario.name}: ${m}`));
  if (level !== 'low') into.distracted.push(...distracted.map((d) => `${scenario.name}: ${d}`));
  return {
    tokens: briefing.tokens,
    budget: briefing.budget,
    rawTokens: result.raw.tokens,
    rawToBudget: round(result.raw.tokens / briefing.budget, 1),
    bound: result.raw.tokens > briefing.budget,
    missed,
    distractorsFound: distracted.length,
  };
}

interface LevelSummary {
  readonly requiredUpTo: string;
  readonly recallPct: Readonly<Record<'p0' | 'p1' | 'p2', number | null>>;
  /** Null at low: distractors count against high and medium only; low may carry anything that fits. */
  readonly precisionPct: number | null;
  readonly distractors: Tally;
  readonly tokens: { readonly median: number; readonly max: number };
  readonly missed: readonly string[];
  readonly distractorsFound: readonly string[];
}

function summarizeLevel(t: LevelTally, level: BriefingLevel): LevelSummary {
  const precision = t.distractors.total ? round((1 - t.distractors.found / t.distractors.total) * 100, 1) : 100;
  return {
    requiredUpTo: `P${LEVEL_CAP[level]}`,
    recallPct: { p0: pct(t.facts[0]), p1: pct(t.facts[1]), p2: pct(t.facts[2]) },
    precisionPct: level === 'low' ? null : precision,
    distractors: t.distractors,
    tokens: { median: median(t.tokens), max: Math.max(...t.tokens) },
    missed: t.missed,
    distractorsFound: t.distracted,
  };
}

const summarize = (t: SetTally): Record<BriefingLevel, LevelSummary> => ({
  high: summarizeLevel(t.high, 'high'),
  medium: summarizeLevel(t.medium, 'medium'),
  low: summarizeLevel(t.low, 'low'),
});

export async function measureQuality(wasmDir: string) {
  const sets = { small: SCENARIOS, pressure: PRESSURE_SCENARIOS } as const;
  const all = setTally();
  const bySet: Record<string, SetTally> = {};
  const perScenario = [];
  const budgetBound: Record<BriefingLevel, string[]> = { high: [], medium: [], low: [] };
  let overBudget = 0;
  for (const [set, scenarios] of Object.entries(sets)) {
    const tallies = (bySet[set] = setTally());
    for (const scenario of scenarios) {
      const result = await runScenario(scenario, wasmDir);
      const row: Record<string, unknown> = { name: scenario.name, set, raw: result.raw };
      for (const level of BRIEFING_LEVELS) {
        const scored = scoreLevel(scenario, result, level, tallies[level]);
        scoreLevel(scenario, result, level, all[level]);
        if (scored.bound) budgetBound[level].push(scenario.name);
        if (scored.tokens > scored.budget) overBudget += 1;
        row[level] = scored;
      }
      perScenario.push(row);
    }
  }
  const levels = summarize(all);
  return {
    scenarios: { small: SCENARIOS.length, pressure: PRESSURE_SCENARIOS.length },
    levels,
    bySet: Object.fromEntries(Object.entries(bySet).map(([set, t]) => [set, summarize(t)])),
    budgetBound,
    briefingsOverBudget: overBudget,
    perScenario,
  };
}

export type Quality = Awaited<ReturnType<typeof measureQuality>>;

/** The quality goals: every required fact, no distractor at high or medium, every briefing within budget. */
export function qualityMet(q: Quality) {
  const { levels } = q;
  return {
    p0Recall: BRIEFING_LEVELS.every((l) => levels[l].recallPct.p0 === 100),
    p1Recall: (['medium', 'low'] as const).every((l) => (levels[l].recallPct.p1 ?? 0) >= 90),
    p2RecallLow: (levels.low.recallPct.p2 ?? 0) >= 80,
    precisionHighMedium: (['high', 'medium'] as const).every((l) => levels[l].precisionPct === 100),
    withinBudget: q.briefingsOverBudget === 0,
  };
}

export const QUALITY_GOALS = { p0RecallPct: 100, p1RecallPctMediumLow: 90, p2RecallPctLow: 80, precisionPctHighMedium: 100, briefingsOverBudget: 0 };
