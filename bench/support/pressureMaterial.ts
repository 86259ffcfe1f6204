// Generators for the pressure scenarios: source files whose edits git reports with hunk
// headers, long histories written in one `git fast-import`, editor diagnostics, and knowledge
// entries that share words with the work without being about it.
import type { KnowledgeDraft, KnowledgeKind } from '../../src/core/knowledge/knowledgeEntry';
import type { DiagnosticFact } from '../../src/core/workContext/workContext';
import type { Distractor, ScenarioRepo } from './briefingScenarios';

/** A TypeScript module of functions, each with a few lines of body and `tail` as its last lines. */
export function tsModule(functions: readonly string[], tail: (name: string, index: number) => readonly string[]): string {
  const block = (name: string, index: number) => [
    `export async function ${name}(url: string): Promise<unknown> {`,
    '  const started = Date.now();',
    '  const headers = defaultHeaders();',
    `  log('${name}', started);`,
    '  assertUrl(url);',
    ...tail(name, index),
    '}',
    '',
  ];
  return ['import { assertUrl, defaultHeaders, log } from "../util/base";', '', ...functions.flatMap(block)].join('\n');
}

export interface HistoryCommit {
  readonly message: string;
  readonly files: Readonly<Record<string, string>>;
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Appends commits to the checked-out branch in one `git fast-import` (120 `git commit` runs
 * take seconds), then brings the index and work tree to the new HEAD.
 */
export function appendHistory(repo: ScenarioRepo, commits: readonly HistoryCommit[], firstSecond: number): void {
  const ref = repo.git('symbolic-ref', 'HEAD').trim();
  const parent = repo.git('rev-parse', 'HEAD').trim();
  const stream = commits.map((commit, i) => {
    const who = `Ann <ann@example.invalid> ${firstSecond + i * 60} +0000`;
    const files = Object.entries(commit.files).map(([path, text]) => `M 100644 inline ${path}\ndata ${bytes(text)}\n${text}\n`);
    const from = i === 0 ? `from ${parent}\n` : '';
    return `commit ${ref}\nauthor ${who}\ncommitter ${who}\ndata ${bytes(commit.message)}\n${commit.message}\n${from}${files.join('')}`;
  });
  repo.gitInput(stream.join(''), 'fast-import', '--quiet');
  repo.git('read-tree', '-u', '--reset', 'HEAD');
}

/** Diagnostics of one message at the given lines of one file. */
export function diagnostics(path: string, lines: readonly number[], severity: DiagnosticFact['severity'], message: string, source: string): DiagnosticFact[] {
  return lines.map((line) => ({ path, line, severity, message, source }));
}

/** Puts `inserts` into `list` at the given indexes (counted in the final list), in order. */
export function interleave<T>(list: readonly T[], inserts: ReadonlyArray<readonly [number, T]>): T[] {
  const result = [...list];
  for (const [index, item] of [...inserts].sort((a, b) => a[0] - b[0])) result.splice(index, 0, item);
  return result;
}

const AREAS = [
  ['Billing', 'billing'], ['Mail', 'mail'], ['Onboarding', 'onboarding'], ['Admin console', 'admin'], ['Analytics', 'analytics'],
  ['CSV export', 'exports'], ['CSV import', 'imports'], ['Push notifications', 'notifications'], ['Webhooks', 'webhooks'],
  ['Monthly reports', 'reports'], ['Avatar uploads', 'uploads'], ['Audit log', 'audit'], ['Feature flags', 'flags'],
  ['Translations', 'i18n'], ['Invoices', 'invoices'],
] as const;

const STATEMENTS: ReadonlyArray<{ kind: KnowledgeKind; title: (area: string, slug: string) => string; body: string }> = [
  { kind: 'pattern', title: (a, s) => `${a} jobs run in the ${s}-worker queue, never inline`, body: 'Inline work blocked the request thread and raised the latency of every tenant. The worker retries three times with backoff and parks the job in a dead-letter table after that.' },
  { kind: 'decision', title: (a, s) => `${a} settings live in config/${s}.yaml, not in the database`, body: 'Ops wanted them reviewed like code; the tenant overrides stay in one table. A change needs a deploy, not a database edit, and the file is validated at startup.' },
  { kind: 'gotcha', title: (a, s) => `${a} alerts page the #${s}-oncall channel after 5 failures`, body: 'Before that they only log; a quiet channel does not mean the latency is fine. Check the dashboard before closing an incident as resolved.' },
  { kind: 'solution', title: (a, s) => `${a} tests need the ${s}-fixtures seed loaded first`, body: 'Without it every tenant lookup returns nothing and the suite reports timeouts. Run npm run seed first; CI does it in its setup step.' },
  { kind: 'note', title: (a, s) => `${a} owner is the ${s} squad; ask them before schema changes`, body: 'They run a weekly release; a tenant-facing change needs their sign-off. Open the request in their channel at least two days before the release.' },
];

/**
 * Knowledge that a big workspace accumulates about other parts of the product: each entry
 * shares a word with the work at hand ("tenant", "latency"), so that it passes a word-overlap
 * filter, but none is about the files or the task. Each entry's title is a distractor.
 */
export function unrelatedKnowledge(count: number): { drafts: KnowledgeDraft[]; distractors: Distractor[] } {
  const drafts: KnowledgeDraft[] = [];
  for (let i = 0; i < count; i++) {
    const [area, slug] = AREAS[i % AREAS.length]!;
    const statement = STATEMENTS[Math.floor(i / AREAS.length) % STATEMENTS.length]!;
    drafts.push({ kind: statement.kind, title: statement.title(area, slug), body: statement.body, tags: [slug], paths: [`src/${slug}/`], scope: 'workspace' });
  }
  return { drafts, distractors: drafts.map((d) => ({ text: d.title, why: `knowledge about ${d.paths[0]}, unrelated to the task` })) };
}

/** Commit subjects nobody needs in a handoff: work-in-progress saves, lint, formatting, version bumps. */
export function routineSubjects(count: number): string[] {
  const kinds = [(i: number) => (i % 3 === 0 ? 'wip' : `wip ${i}`), (i: number) => `fix lint in src/search/part${i % 7}.ts`, (i: number) => `bump version to 2.3.${i}`, () => 'format with prettier'];
  return Array.from({ length: count }, (_, i) => kinds[i % kinds.length]!(i));
}
