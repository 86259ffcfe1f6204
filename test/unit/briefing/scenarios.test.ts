// The scripted handoff scenarios of bench/ as a test: real git repositories, a real database
// and the real tokenizer. Every P0 fact is in the briefing at every level, P1 facts at medium
// and low, P2 facts at low; no distractor at high or medium; no briefing exceeds its budget.
// Facts match on whole tokens or patterns (bench/support/factMatch.ts), not on substrings.
import assert from 'node:assert/strict';
import { LEVEL_CAP, SCENARIOS } from '../../../bench/support/briefingScenarios';
import { describeFact } from '../../../bench/support/factMatch';
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
        const wanted = scenario.facts.filter((f) => f.priority <= LEVEL_CAP[level]);
        const missing = wanted.filter((f) => !factFound(briefing.markdown, f.text)).map((f) => `P${f.priority} ${describeFact(f.text)} (${f.why})`);
        assert.deepEqual(missing, [], `${level} briefing misses facts:\n${briefing.markdown}`);
        if (level === 'low') continue;
        const noise = (scenario.distractors ?? []).filter((d) => factFound(briefing.markdown, d.text)).map((d) => `${describeFact(d.text)} (${d.why})`);
        assert.deepEqual(noise, [], `${level} briefing carries distractors:\n${briefing.markdown}`);
      }
      const high = briefings.high.markdown;
      for (const fact of scenario.facts.filter((f) => f.priority === 2)) {
        assert.ok(!factFound(high, fact.text), `P2 fact ${describeFact(fact.text)} should not be in the high briefing:\n${high}`);
      }
    });
  }
});
