// The shape of a scenario under pressure: a scenario with a hand-written ideal briefing. Apart
// from pressureScenarios.ts, which lists the scenarios, so that each scenario file can use it.
import type { Scenario } from './briefingScenarios';

/**
 * What a good briefing at each level could say, as markdown bodies under the usual title and
 * header: `high` whole, `medium` and `low` as what they add to the level above.
 */
export interface IdealBriefing {
  readonly high: string;
  readonly medium: string;
  readonly low: string;
}

export interface PressureScenario extends Scenario {
  readonly ideal: IdealBriefing;
}
