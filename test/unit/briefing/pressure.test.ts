// Briefings under pressure: scenarios whose material is many times the budget (see
// bench/support/pressureScenarios.ts), played for real. At every level the briefing stays
// within its budget and states every fact up to the level's priority; at high and medium it
// carries no distractor. Each scenario's hand-written ideal briefing is checked first: it
// proves that the facts fit the budgets and that the matchers find them and nothing else.
import assert from 'node:assert/strict';
import { LEVEL_CAP, type Scenario } from '../../../bench/support/briefingScenarios';
import { describeFact, factFound } from '../../../bench/support/factMatch';
import { PRESSURE_SCENARIOS, idealMarkdown } from '../../../bench/support/pressureScenarios';
import { type ScenarioResult, runScenario } from '../../../bench/support/scenarioRunner';
import { BRIEFING_LEVELS, type BriefingLevel, DEFAULT_BUDGETS } from '../../../src/core/briefing/briefingTypes';
import { tokenCounter } from '../../../src/providers/tokenCounter';
import { wasmDir } from '../support/paths';

const count = tokenCounter();

function missingFacts(scenario: Scenario, level: BriefingLevel, markdown: string): string[] {
  return scenario.facts
    .filter((f) => f.priority <= LEVEL_CAP[level] && !factFound(markdown, f.text))
    .map((f) => `P${f.priority} ${describeFact(f.text)} (${f.why})`);
}

function distractorsFound(scenario: Scenario, markdown: string): string[] {
  return (scenario.distractors ?? []).filter((d) => factFound(markdown, d.text)).map((d) => `${describeFact(d.text)} (${d.why})`);
}

describe('briefings under pressure', function () {
  this.timeout(120_000);

  describe('the facts can be met: a hand-written ideal briefing per level', () => {
    for (const scenario of PRESSURE_SCENARIOS) {
      for (const level of BRIEFING_LEVELS) {
        it(`${scenario.name}, ${level}`, () => {
          const markdown = idealMarkdown(scenario.ideal, level);
          const tokens = count(markdown);
          assert.ok(tokens <= DEFAULT_BUDGETS[level], `ideal ${level}: ${tokens} tokens over ${DEFAULT_BUDGETS[level]}`);
          assert.deepEqual(missingFacts(scenario, level, markdown), [], `ideal ${level} misses facts:\n${markdown}`);
          if (level !== 'low') assert.deepEqual(distractorsFound(scenario, markdown), [], `ideal ${level} carries distractors:\n${markdown}`);
        });
      }
    }
  });

  for (const scenario of PRESSURE_SCENARIOS) {
    describe(scenario.name, () => {
      let result: ScenarioResult | undefined;
      const played = async (): Promise<ScenarioResult> => (result ??= await runScenario(scenario, wasmDir));

      it('has material 5 to 20 times the medium budget, so that every budget binds', async () => {
        const { raw } = await played();
        const ratio = raw.tokens / DEFAULT_BUDGETS.medium;
        assert.ok(ratio >= 5 && ratio <= 20, `raw material ${raw.tokens} tokens is ${ratio.toFixed(1)}× the medium budget: ${JSON.stringify(raw.parts)}`);
        assert.ok(raw.tokens > DEFAULT_BUDGETS.high * 10, `the high budget must bind hard: ${raw.tokens} tokens of material`);
        assert.ok(raw.tokens > DEFAULT_BUDGETS.low, `the low budget must bind too: ${raw.tokens} tokens of material`);
      });

      for (const level of BRIEFING_LEVELS) {
        it(`${level}: within its budget`, async () => {
          const briefing = (await played()).briefings[level];
          assert.ok(briefing.tokens <= briefing.budget, `${briefing.tokens} tokens over the budget of ${briefing.budget}`);
        });

        it(`${level}: states every fact up to P${LEVEL_CAP[level]}`, async () => {
          const { markdown } = (await played()).briefings[level];
          assert.deepEqual(missingFacts(scenario, level, markdown), [], `the ${level} briefing misses facts:\n${markdown}`);
        });

        if (level === 'low') continue;
        it(`${level}: carries no distractor`, async () => {
          const { markdown } = (await played()).briefings[level];
          assert.deepEqual(distractorsFound(scenario, markdown), [], `the ${level} briefing carries distractors:\n${markdown}`);
        });
      }
    });
  }
});
