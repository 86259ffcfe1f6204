// Pressure: a refactor across 150 uncommitted files in 12 folders that adds 300 TODO lines,
// almost all of them two repeated texts, with one blocking error and the last file to port.
import type { DiagnosticFact } from '../../src/core/workContext/workContext';
import { type ScenarioRepo, fact } from './briefingScenarios';
import { at, countOf, folderCount, repeated } from './factMatch';
import { tsModule } from './pressureMaterial';
import type { PressureScenario } from './pressureTypes';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const FOLDERS: ReadonlyArray<readonly [string, number]> = [
  ['src/api', 62], ['src/ui', 20], ['src/store', 12], ['src/auth', 10], ['src/billing', 8], ['src/search', 8],
  ['src/i18n', 6], ['src/jobs', 6], ['src/db', 5], ['src/mail', 5], ['src/util', 4], ['test/e2e', 4],
];
const RESOURCES = `orders products customers carts coupons payments refunds shipments returns reviews wishlists addresses
  tenants users roles sessions tokens webhooks exports imports reports prices taxes stocks warehouses suppliers
  categories brands banners pages menus`.split(/\s+/);
const REPEATED_SHIM = 'TODO: drop the legacyRequest shim once every caller awaits fetchJson';
const REPEATED_TYPES = 'TODO(types): replace any with the response type';
/** The two TODOs that say something of their own, in files early in diff order (the reader keeps 200). */
const UNIQUE_TODOS: Readonly<Record<string, string>> = {
  'src/api/httpClient.ts': 'FIXME: 429 responses are not retried since the switch to fetch',
  'src/api/uploads.ts': 'TODO: upload progress events are lost with fetch',
};

function changedPaths(): string[] {
  return FOLDERS.flatMap(([folder, count]) => {
    const names = folder === 'src/api' ? ['httpClient', 'uploads', ...RESOURCES, ...RESOURCES.map((r) => `${r}Admin`)] : RESOURCES;
    return names.slice(0, count).map((name) => `${folder}/${name}.ts`);
  });
}

const functionsOf = (path: string) => {
  const stem = path.slice(path.lastIndexOf('/') + 1, -3);
  return [`${stem}List`, `${stem}Get`, `${stem}Save`];
};
const legacyCall = '  return legacyRequest(url, headers, (error, body) => (error ? Promise.reject(error) : body));';

function portedTail(path: string, index: number): string[] {
  const todos = index === 0 ? [`  // ${REPEATED_SHIM}`, `  // ${UNIQUE_TODOS[path] ?? REPEATED_TYPES}`] : [];
  const retry = path.startsWith('src/api/') ? ['  const retry = retryPolicy(url);', '  const signal = timeoutSignal(30_000, retry);'] : [];
  return [...todos, ...retry, '  return fetchJson(url, { headers });'];
}

const WIDE_NOTES = [
  'fetchJson lives in src/util/fetchJson.ts and throws HttpError on any non-2xx status',
  'Plan: one commit per folder once everything compiles; nothing is committed yet',
  'src/ui and src/store compile against fetchJson; their tests pass',
  'Auth refresh ported: tokens refresh on 401 inside fetchJson, callers do nothing',
  'Search suggestions cancel the previous request with AbortController now',
  'i18n loader keeps its own cache; only the request changed',
  'Jobs and mail call fetchJson with a 30 s timeout, like the old client',
  'The e2e tests mock fetch with msw instead of stubbing legacyRequest',
  'src/api done except the LegacyResponse type in httpClient.ts',
  'Uploads lose progress events with fetch; left a TODO, not blocking',
  'Kept retryPolicy as is: same backoff as before',
  'Next: port src/billing/invoices.ts, the last caller of legacyRequest, then delete src/api/legacyShim.ts and fix the LegacyResponse type error in httpClient.ts',
];

export const WIDE_REFACTOR: PressureScenario = {
  name: 'pressure: refactor across 150 files in 12 folders',
  before: (r: ScenarioRepo) => {
    const files = Object.fromEntries(changedPaths().map((p) => [p, tsModule(functionsOf(p), () => [legacyCall])]));
    files['src/billing/invoices.ts'] = tsModule(functionsOf('src/billing/invoices.ts'), () => [legacyCall]);
    files['src/api/legacyShim.ts'] = 'export function legacyRequest() {}\n';
    r.commit('Shop before the fetch port', files);
  },
  goal: 'Replace the callback-based legacyRequest client with fetch in every folder of the app',
  during: (r) => { for (const p of changedPaths()) r.write(p, tsModule(functionsOf(p), (_, i) => portedTail(p, i))); },
  notes: WIDE_NOTES,
  editor: {
    active: { path: 'src/api/httpClient.ts', line: 88, column: 12, selection: null },
    openEditors: ['src/api/httpClient.ts', 'src/util/fetchJson.ts', 'src/billing/invoices.ts'],
    unsaved: [],
    diagnostics: [
      { path: 'src/api/httpClient.ts', line: 88, severity: 'error', message: "Type 'Response' is not assignable to type 'LegacyResponse'.", source: 'ts' },
      ...range(12).map((i): DiagnosticFact => ({ path: `src/ui/${RESOURCES[i]}.ts`, line: 3, severity: 'warning', message: "'headers' is declared but its value is never read.", source: 'ts' })),
    ],
  },
  facts: [
    fact('Replace the callback-based legacyRequest client with fetch', 0, 'the goal'),
    fact('port src/billing/invoices.ts', 0, 'the next step: the last file left'),
    fact(at('src/api/httpClient.ts', 88), 0, 'where the one blocking error is'),
    fact("not assignable to type 'LegacyResponse'", 0, 'what the error is'),
    fact(countOf(150, 'files?'), 1, 'how much uncommitted work is at stake'),
    fact(folderCount('src/api', 62), 1, 'where most of the changes are'),
    fact('src/ui and src/store compile against fetchJson', 1, 'finished folders not to redo'),
    fact('429 responses are not retried', 1, 'a regression the port introduced, marked in the code'),
    fact(countOf(12, 'folders?|directories'), 2, 'the spread of the change'),
    fact(folderCount('src/ui', 20), 2, 'the second-largest group of changes'),
    fact('drop the legacyRequest shim once every caller awaits fetchJson', 2, 'the TODO repeated in every file, said once'),
    fact('upload progress events are lost with fetch', 2, 'a known gap, not blocking'),
  ],
  distractors: [
    { text: repeated('drop the legacyRequest shim', 3), why: 'one TODO repeated 150 times, listed instead of counted' },
    { text: repeated('replace any with the response type', 3), why: 'one TODO repeated 148 times, listed instead of counted' },
    { text: repeated("'headers' is declared but its value is never read", 3), why: 'a repeated warning listed line by line' },
  ],
  ideal: {
    high: `- **Goal:** Replace the callback-based legacyRequest client with fetch in every folder of the app
- **Latest note:** Next: port src/billing/invoices.ts, the last caller of legacyRequest, then delete src/api/legacyShim.ts and fix the LegacyResponse type error in httpClient.ts
- **Broken:** \`src/api/httpClient.ts:88\` Type 'Response' is not assignable to type 'LegacyResponse'.
- **Uncommitted:** 150 files in 12 folders; src/api 62, src/ui 20, src/store 12, 9 more folders
- Left out: 300 TODO lines, 12 warnings, 11 notes (\`baton briefing --level medium\`)`,
    medium: `## Changed files (150, +1,122 −450)
src/api 62, src/ui 20, src/store 12, src/auth 10, src/billing 8, src/search 8, src/i18n 6, src/jobs 6, src/db 5, src/mail 5, src/util 4, test/e2e 4

## Marked in the changes
- FIXME \`src/api/httpClient.ts\`: 429 responses are not retried since the switch to fetch
- 298 TODOs repeat two texts (drop the shim; response types): \`baton briefing --level low\`

## Earlier notes
- src/ui and src/store compile against fetchJson; their tests pass
- src/api done except the LegacyResponse type in httpClient.ts
- Plan: one commit per folder once everything compiles; nothing is committed yet`,
    low: `## TODOs added (300, 200 read)
- 150× drop the legacyRequest shim once every caller awaits fetchJson
- 148× replace any with the response type
- \`src/api/uploads.ts\`: upload progress events are lost with fetch

## Warnings (12)
- 12× 'headers' is declared but its value is never read, in src/ui

## Notes
${WIDE_NOTES.slice(0, -1).map((n) => `- ${n}`).join('\n')}`,
  },
};
