// The scripted handoff scenarios of bench/ as a test: real git repositories, a real database
// and the real tokenizer. Every P0 fact is in the briefing at every level, P1 facts at medium
// and low, and no briefing exceeds its budget.
import assert from 'node:assert/strict';
import { SCENARIOS } from '../../../bench/support/briefingScenarios';
import { factFound, runScenario } from '../../../bench/support/scenarioRunner';
import { BRIEFING_LEVELS } from '../../../src/core/briefing/briefingTypes';
import { wasmDir } from '../support/paths';

describe('briefing scenarios', function () {
  this.timeout(60_000);

  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      const { briefings } = await runScenario(scenario, wasmDir);
      for (const level of BRIEFING_LEVELS) {
        const briefing = briefings[level];
        assert.ok(briefing.tokens <= briefing.budget, `${level}: ${briefing.tokens} tokens over the budget of ${briefing.budget}`);
        const wanted = scenario.facts.filter((f) => f.priority === 0 || (f.priority === 1 && level !== 'high') || (f.priority === 2 && level === 'low'));
        const missing = wanted.filter((f) => !factFound(briefing.markdown, f.text)).map((f) => `P${f.priority} "${f.text}"`);
        assert.deepEqual(missing, [], `${level} briefing misses facts:\n${briefing.markdown}`);
      }
      const high = briefings.high.markdown;
      for (const fact of scenario.facts.filter((f) => f.priority === 2)) {
        assert.ok(!factFound(high, fact.text) || scenario.facts.some((f) => f.priority < 2 && factFound(f.text, fact.text)), `P2 fact "${fact.text}" should not be in the high briefing`);
      }
    });
  }
});
