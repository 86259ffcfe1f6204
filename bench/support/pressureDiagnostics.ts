// Pressure: a TypeScript upgrade that left 400 diagnostics. 391 are warnings repeated across
// 120 component files; 9 are errors in three store files, and those are what blocks the
// release. The goal is long (over 600 characters) and its key clause sits in the middle.
import type { DiagnosticFact } from '../../src/core/workContext/workContext';
import { type ScenarioRepo, fact } from './briefingScenarios';
import { at, countOf, near, repeated } from './factMatch';
import { diagnostics, interleave, tsModule } from './pressureMaterial';
import type { PressureScenario } from './pressureTypes';

const GOAL =
  'Upgrade the monorepo from TypeScript 5.4 to 5.9 and turn on strictNullChecks for the store package. ' +
  'The build has been pinned to 5.4 since March because the old decorators in src/legacy broke under 5.5; ' +
  'those decorators are gone now, so the pin can go. Most of the fallout is unused variables and explicit any ' +
  'in the components, which are warnings and belong to the follow-up ticket WEB-4121. What matters for ' +
  "Friday's release: fix the store before anything else, because checkout reads cart and session state " +
  'through it and a null there is a failed payment. Do not touch the eslint config in this change; the lint team owns it.';

const COMPONENTS = Array.from({ length: 120 }, (_, i) => `src/components/${['Cart', 'Product', 'Search', 'Profile', 'Admin', 'Order'][i % 6]}Panel${i}.tsx`);
const UNUSED = ['props', 'theme', 'index', 'event', 'ref', 'state', 'ctx', 'style'];

function warnings(): DiagnosticFact[] {
  return Array.from({ length: 391 }, (_, i): DiagnosticFact => {
    const path = COMPONENTS[i % COMPONENTS.length]!;
    const line = 5 + (i % 40);
    return i % 3 === 2
      ? { path, line, severity: 'warning', message: 'Unexpected any. Specify a different type.', source: 'eslint' }
      : { path, line, severity: 'warning', message: `'${UNUSED[i % UNUSED.length]}' is declared but its value is never read.`, source: 'ts' };
  });
}

const ERRORS: DiagnosticFact[] = [
  ...diagnostics('src/store/cart.ts', [14, 27, 55, 90], 'error', "Object is possibly 'undefined'.", 'ts'),
  ...diagnostics('src/store/session.ts', [8, 31, 44], 'error', "Argument of type 'string | null' is not assignable to parameter of type 'string'.", 'ts'),
  ...diagnostics('src/store/index.ts', [3, 4], 'error', "Cannot find module './legacyStore' or its corresponding type declarations.", 'ts'),
];

/** The editor's order: by file as the language server reported them, the store's errors in the middle. */
const DIAGNOSTICS = interleave(warnings(), ERRORS.map((e, i) => [170 + i * 3, e] as const));

const NOTES = [
  'Bumped typescript to 5.9.2 and @types/node to 20; the lockfile changed a lot, that is expected',
  'Removed the decorator shims from tsconfig.base.json',
  'strictNullChecks on for packages/store only; the rest stays loose until WEB-4121',
  'Components build; their warnings are all unused variables and explicit any',
  'The store errors come from cart.items being optional since the API change',
  'Checked: the session id really can be null for guests',
  'legacyStore was deleted in March; index.ts still imports it',
  'npm run typecheck is down to the 9 store errors. Next: guard cart.items with optional chaining, then default the guest session id to an empty string',
];

const touched = COMPONENTS.slice(0, 40);
const config = {
  'package.json': '{ "devDependencies": { "typescript": "5.4.5" } }\n',
  'tsconfig.json': '{ "extends": "./tsconfig.base.json" }\n',
  'tsconfig.base.json': '{ "compilerOptions": { "experimentalDecorators": true } }\n',
};

export const DIAGNOSTICS_STORM: PressureScenario = {
  name: 'pressure: 400 diagnostics, 9 errors in the store',
  before: (r: ScenarioRepo) => r.commit('Before the upgrade', { ...config, ...Object.fromEntries(touched.map((p) => [p, tsModule(['render', 'load'], () => ['  return null;'])])) }),
  goal: GOAL,
  during: (r) => {
    r.write('package.json', '{ "devDependencies": { "typescript": "5.9.2" } }\n');
    r.write('tsconfig.base.json', '{ "compilerOptions": { "strictNullChecks": true } }\n');
    for (const p of touched) r.write(p, tsModule(['render', 'load'], () => ['  return null as unknown;']));
  },
  notes: NOTES,
  editor: {
    active: { path: 'src/components/CartPanel0.tsx', line: 12, column: 3, selection: null },
    openEditors: ['src/components/CartPanel0.tsx', 'tsconfig.base.json', 'package.json'],
    unsaved: [],
    diagnostics: DIAGNOSTICS,
  },
  facts: [
    fact('fix the store before anything else', 0, "the goal's key clause, in the middle of a long goal"),
    fact('guard cart.items with optional chaining', 0, 'the next step'),
    fact(near('src/store/cart.ts', "Object is possibly 'undefined'", 60), 0, 'the first blocking error, by file with its message'),
    fact('src/store/session.ts', 0, 'a file with blocking errors'),
    fact('src/store/index.ts', 0, 'a file with blocking errors'),
    fact(countOf(9, 'errors?'), 1, 'how many errors block the build'),
    fact(near('src/store/session.ts', "'string | null' is not assignable", 80), 1, "the session file's error"),
    fact(near('src/store/index.ts', "Cannot find module './legacyStore'", 60), 1, "the index file's error"),
    fact(countOf(391, 'warnings?'), 1, 'how much is left for later, as one count'),
    fact('Do not touch the eslint config', 1, 'a limit set in the goal'),
    fact('is declared but its value is never read', 2, 'the repeated warning, said once'),
    fact('Unexpected any', 2, 'the other repeated warning, said once'),
    fact(at('src/store/cart.ts', 14), 2, 'the first error line'),
  ],
  distractors: [
    { text: repeated('is declared but its value is never read', 4), why: 'one warning (the names vary) repeated 261 times, listed instead of counted' },
    { text: repeated('Unexpected any', 3), why: 'a warning repeated 130 times, listed instead of counted' },
  ],
  ideal: {
    high: `- **Goal:** ${GOAL}
- **Latest note:** npm run typecheck is down to the 9 store errors. Next: guard cart.items with optional chaining, then default the guest session id to an empty string
- **Errors (9):** src/store/cart.ts (4) Object is possibly 'undefined'; src/store/session.ts (3); src/store/index.ts (2)
- Left out: 391 warnings, 7 notes (\`--level medium\`)`,
    medium: `## Errors by file
- \`src/store/cart.ts\` lines 14, 27, 55, 90: Object is possibly 'undefined'.
- \`src/store/session.ts\` lines 8, 31, 44: Argument of type 'string | null' is not assignable to parameter of type 'string'.
- \`src/store/index.ts\` lines 3, 4: Cannot find module './legacyStore' or its corresponding type declarations.

## Warnings: 391 in 120 files under src/components (left for WEB-4121)

## Changed files (42): package.json, tsconfig.base.json, 40 files in src/components

## Earlier notes
- The store errors come from cart.items being optional since the API change
- Checked: the session id really can be null for guests
- legacyStore was deleted in March; index.ts still imports it`,
    low: `## Warnings by message
- 261× '…' is declared but its value is never read. (ts)
- 130× Unexpected any. Specify a different type. (eslint)

## Notes
${NOTES.slice(0, 4).map((n) => `- ${n}`).join('\n')}`,
  },
};
