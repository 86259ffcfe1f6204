// Pressure: a long session on search latency with 120 commits (most of them routine: wip,
// lint, formatting, version bumps; two say what must not be tried again) and a knowledge base
// of 80 entries of which 5 are about this work. The other 75 share a word with it ("tenant",
// "latency") and so reach the composer, but they are about other parts of the product.
import type { KnowledgeDraft } from '../../src/core/knowledge/knowledgeEntry';
import { type ScenarioRepo, fact } from './briefingScenarios';
import { near, repeated } from './factMatch';
import { type HistoryCommit, appendHistory, routineSubjects, unrelatedKnowledge } from './pressureMaterial';
import type { PressureScenario } from './pressureTypes';

const SEARCH = ['ranker', 'queryPlan', 'cache', 'synonyms', 'indexer', 'tokenizer', 'facets'].map((n) => `src/search/${n}.ts`);
const source = (path: string, version: number) => `// ${path}\nexport const version = ${version};\nexport function run() {\n  return ${version};\n}\n`;

const RELEVANT: readonly KnowledgeDraft[] = [
  { kind: 'decision', title: 'Search results are cached per tenant, never globally', body: 'A global cache leaked one tenant’s products into another’s results in March.', tags: ['search', 'cache'], paths: ['src/search/cache.ts'], scope: 'workspace' },
  { kind: 'gotcha', title: 'The ranker reloads its model on every call unless warm() ran at startup', body: 'That reload is 120 ms of the p95.', tags: ['search', 'latency'], paths: ['src/search/ranker.ts'], scope: 'workspace' },
  { kind: 'solution', title: 'Synonym lists load lazily per tenant to keep startup under 2 s', body: 'Precomputing them all at boot took 40 s with 3,000 tenants.', tags: ['search', 'synonyms'], paths: ['src/search/synonyms.ts'], scope: 'workspace' },
  { kind: 'gotcha', title: 'The trigram index is skipped for queries shorter than 3 characters', body: 'Postgres falls back to a sequential scan; guard short queries.', tags: ['search', 'postgres'], paths: ['src/search/queryPlan.ts'], scope: 'workspace' },
  { kind: 'pattern', title: 'Measure search latency with bench/search.bench.ts against the staging snapshot', body: 'Dev mode adds 30 ms of logging to every request.', tags: ['search', 'latency', 'p95'], paths: ['bench/search.bench.ts'], scope: 'workspace' },
];
const UNRELATED = unrelatedKnowledge(75);

const REAL_SUBJECTS = [
  'Index product titles with trigrams', 'Batch tenant lookups in the ranker', 'Warm the ranker model at startup', 'Cache facets per tenant',
  'Skip the trigram index for short queries', 'Stream results instead of buffering', 'Drop unused columns from the search query',
  'Parallelize facet counts', 'Tokenize once per request', 'Reuse prepared statements for search', 'Add a p95 panel to the dashboard',
];
const DO_NOT_REDO = [
  'Revert "Cache query plans globally": stale plans after schema changes, do not retry',
  'Drop the Elasticsearch experiment: 3x slower than Postgres FTS for our data',
];

/** 120 commits: 79 routine, 39 real ones, and the two that close a path, among the newest 100. */
function history(): HistoryCommit[] {
  const routine = routineSubjects(79);
  const subjects = Array.from({ length: 118 }, (_, i) => (i % 3 === 1 ? REAL_SUBJECTS[i % REAL_SUBJECTS.length]! : routine.shift() ?? 'wip'));
  subjects.splice(64, 0, DO_NOT_REDO[0]!);
  subjects.splice(101, 0, DO_NOT_REDO[1]!);
  return subjects.map((message, i) => ({ message, files: { [SEARCH[i % SEARCH.length]!]: source(SEARCH[i % SEARCH.length]!, i + 2) } }));
}

const NOTES = [
  'Baseline with bench/search.bench.ts: p95 410 ms, p50 90 ms',
  'Most of the p95 is the ranker reloading its model; warm() at startup fixes it',
  'Stream results instead of buffering them: -15 ms at p95, no change at p50',
  'Unused columns dropped from the search query; the planner still picks the same index',
  'Facet counts in parallel: -40 ms',
  'Short queries skip the trigram index now',
  'Tenant lookups batched: -25 ms',
  'Version bumps are for the staging deploys, nothing to do with search',
  'Warm-up done: p95 is 240 ms. Next: precompute tenant synonyms at startup in src/search/synonyms.ts, only for the 50 largest tenants',
];

export const KNOWLEDGE_AND_HISTORY: PressureScenario = {
  name: 'pressure: 120 commits and 80 knowledge entries',
  before: (r: ScenarioRepo) => r.commit('Search module', Object.fromEntries(SEARCH.map((p) => [p, source(p, 1)]))),
  goal: 'Bring the p95 latency of GET /search under 200 ms',
  during: (r) => {
    appendHistory(r, history(), Date.UTC(2026, 10, 24, 6) / 1000);
    r.write('src/search/synonyms.ts', source('src/search/synonyms.ts', 999));
    r.write('src/search/ranker.ts', source('src/search/ranker.ts', 998));
    r.write('src/search/cache.ts', source('src/search/cache.ts', 997));
  },
  notes: NOTES,
  knowledge: [...UNRELATED.drafts.slice(0, 40), ...RELEVANT, ...UNRELATED.drafts.slice(40)],
  facts: [
    fact('p95 latency of GET /search under 200 ms', 0, 'the goal and its target'),
    fact('precompute tenant synonyms at startup', 0, 'the next step'),
    fact('p95 is 240 ms', 0, 'where the work stands against the target'),
    fact('stale plans after schema changes', 1, 'a path tried and reverted: do not cache query plans globally again'),
    fact(near('Elasticsearch', /\bslower\b/, 60), 1, 'a path tried and dropped: do not try Elasticsearch again'),
    fact('Search results are cached per tenant, never globally', 1, 'a decision about a changed file (cache.ts)'),
    fact('The ranker reloads its model on every call unless warm() ran at startup', 1, 'a trap in a changed file (ranker.ts)'),
    fact('Synonym lists load lazily per tenant', 1, 'why the next step must stay small: boot time'),
    fact('trigram index is skipped for queries shorter than 3 characters', 2, 'a related gotcha'),
    fact('bench/search.bench.ts', 2, 'how to measure'),
  ],
  distractors: [
    ...UNRELATED.distractors,
    { text: repeated(/\bwip\b/, 3), why: 'work-in-progress commits listed' },
    { text: /bump version to 2\.3\.\d+/, why: 'a version bump commit listed' },
    { text: /fix lint in src\/search\/part\d\.ts/, why: 'a lint commit listed' },
    { text: repeated('format with prettier', 2), why: 'formatting commits listed' },
  ],
  ideal: {
    high: `- **Goal:** Bring the p95 latency of GET /search under 200 ms
- **Latest note:** ${NOTES[NOTES.length - 1]}
- **Uncommitted:** src/search/synonyms.ts, src/search/ranker.ts, src/search/cache.ts
- **Not retried:** global query-plan cache (reverted: stale plans after schema changes); Elasticsearch (3x slower, dropped)
- Left out: 120 commits, 5 relevant knowledge entries (\`--level medium\`)`,
    medium: `## Knowledge about the changed files
- **Decision:** Search results are cached per tenant, never globally (cache.ts)
- **Gotcha:** The ranker reloads its model on every call unless warm() ran at startup (ranker.ts)
- **Solution:** Synonym lists load lazily per tenant to keep startup under 2 s (synonyms.ts)

## Commits this session: 120, 79 of them routine (left out)
- Revert "Cache query plans globally": stale plans after schema changes, do not retry
- Drop the Elasticsearch experiment: 3x slower than Postgres FTS for our data
- Warm the ranker model at startup; Batch tenant lookups in the ranker; Parallelize facet counts

## Earlier notes
- Baseline with bench/search.bench.ts: p95 410 ms, p50 90 ms
- Facet counts in parallel: -40 ms; tenant lookups batched: -25 ms`,
    low: `## More knowledge
- **Gotcha:** The trigram index is skipped for queries shorter than 3 characters (queryPlan.ts)
- **Pattern:** Measure search latency with bench/search.bench.ts against the staging snapshot

## Real commits (41, 11 distinct subjects)
${REAL_SUBJECTS.map((s) => `- ${s}`).join('\n')}`,
  },
};
