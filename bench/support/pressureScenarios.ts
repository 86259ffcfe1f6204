// Scenarios under pressure: the material is many times the budget (150 changed files, 60
// notes, 80 knowledge entries, 300 TODO lines, 400 diagnostics, 120 commits, a rebase with
// conflicts, a long goal, text in German and Japanese), played through the same real runner as
// the small scenarios. Each carries a hand-written ideal briefing: proof that its facts fit the
// budgets and that its matchers find them and no distractor (test/unit/briefing/pressure.test.ts).
import { DEFAULT_BRIEFING_HEADER } from '../../src/core/briefing/briefingTypes';
import type { BriefingLevel } from '../../src/core/briefing/briefingTypes';
import { DIAGNOSTICS_STORM } from './pressureDiagnostics';
import { KNOWLEDGE_AND_HISTORY } from './pressureKnowledge';
import { RECHNUNG_MULTILINGUAL } from './pressureMultilingual';
import { PLAN_REPLACED } from './pressureNotes';
import { REBASE_WITH_CONFLICTS } from './pressureRebase';
import { WIDE_REFACTOR } from './pressureRefactor';

export type { IdealBriefing, PressureScenario } from './pressureTypes';
import type { IdealBriefing, PressureScenario } from './pressureTypes';

export const PRESSURE_SCENARIOS: readonly PressureScenario[] = [
  WIDE_REFACTOR,
  PLAN_REPLACED,
  KNOWLEDGE_AND_HISTORY,
  DIAGNOSTICS_STORM,
  REBASE_WITH_CONFLICTS,
  RECHNUNG_MULTILINGUAL,
];

/** The ideal briefing of a level as the composer would frame it: title, header, body. */
export function idealMarkdown(ideal: IdealBriefing, level: BriefingLevel): string {
  const bodies = level === 'high' ? [ideal.high] : level === 'medium' ? [ideal.high, ideal.medium] : [ideal.high, ideal.medium, ideal.low];
  return [`# Handoff briefing: shop`, `> ${DEFAULT_BRIEFING_HEADER}`, ...bodies.map((b) => b.trim())].join('\n\n') + '\n';
}
