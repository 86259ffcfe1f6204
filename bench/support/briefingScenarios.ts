// Scripted handoff scenarios: a repository state, a session with notes, knowledge and editor
// facts, and what a successor needs from the briefing to continue: facts, each with its
// priority and why it is needed, and distractors that must stay out of the high and medium
// briefings. Facts are phrases matched on whole tokens, or patterns (see factMatch.ts).
import type { EditorContext } from '../../src/core/workContext/workContext';
import type { KnowledgeDraft } from '../../src/core/knowledge/knowledgeEntry';
import type { BriefingLevel, Priority } from '../../src/core/briefing/briefingTypes';
import { type FactText, at, countOf, folder, near, unavailable } from './factMatch';

export interface ScenarioRepo {
  readonly dir: string;
  git(...args: string[]): string;
  /** Runs git with `input` on its standard input (fast-import, for long histories). */
  gitInput(input: string, ...args: string[]): string;
  write(path: string, text: string): void;
  /** Writes and commits files in one commit. */
  commit(message: string, files: Record<string, string>): void;
}

export interface Fact {
  readonly text: FactText;
  /** 0: needed at every level; 1: from medium; 2: at low only. */
  readonly priority: Priority;
  /** What the successor needs it for. */
  readonly why: string;
}

/** Material that must not reach the high and medium briefings. */
export interface Distractor {
  readonly text: FactText;
  readonly why: string;
}

export interface Scenario {
  readonly name: string;
  /** Repository state when the session starts; null: the folder is not a repository. */
  readonly before: ((repo: ScenarioRepo) => void) | null;
  readonly goal: string;
  /** Work done during the session (commits, edits). */
  readonly during?: (repo: ScenarioRepo) => void;
  readonly notes: readonly string[];
  readonly knowledge?: readonly KnowledgeDraft[];
  readonly editor?: EditorContext;
  /** Take a snapshot after `before`, so that `during` shows up as a delta. */
  readonly snapshotAfterBefore?: boolean;
  readonly facts: readonly Fact[];
  readonly distractors?: readonly Distractor[];
}

/** The lowest priority (highest number) a level must carry: high P0, medium P0–P1, low all. */
export const LEVEL_CAP: Readonly<Record<BriefingLevel, Priority>> = { high: 0, medium: 1, low: 2 };

/** A conflict named with its file, in either order ("Conflicts (2): a, b" or "a (conflicted)"). */
export const conflictIn = (path: string): RegExp => near(/conflict(?:s|ed|ing)?/, path, 160);
/** An operation in progress: "rebase in progress", "rebase stopped", "rebasing", "merging". */
export function inProgress(operation: string): RegExp {
  const state = near(operation, /in progress|stopped|paused|not finished|unfinished|(?:is )?running/, 40);
  return new RegExp(`${state.source}|\\b${operation.replace(/e$/, '')}ing\\b`, 'iu');
}

const lines = (n: number, word: string) => Array.from({ length: n }, (_, i) => `export const ${word}${i} = ${i};`).join('\n') + '\n';
const base = (repo: ScenarioRepo) => repo.commit('Initial commit', { 'README.md': '# Shop\n', 'src/app.ts': lines(10, 'app') });
export const fact = (text: FactText, priority: Priority, why: string): Fact => ({ text, priority, why });
const knowledge = (kind: KnowledgeDraft['kind'], title: string, body: string, paths: string[], tags: string[] = []): KnowledgeDraft => ({
  kind, title, body, paths, tags, scope: 'workspace',
});

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'feature branch in progress',
    before: (r) => { base(r); r.git('checkout', '-q', '-b', 'feature/cart'); },
    goal: 'Add discounts to the cart',
    during: (r) => {
      r.commit('Add cart totals', { 'src/cart.ts': lines(20, 'cart') });
      r.write('src/cart.ts', lines(25, 'cart'));
      r.write('src/discount.ts', lines(8, 'discount'));
      r.git('add', 'src/discount.ts');
    },
    notes: ['Cart totals are done and tested', 'Next: apply discounts in checkout'],
    facts: [
      fact('apply discounts in checkout', 0, 'the next step'),
      fact('feature/cart', 0, 'the branch to keep working on'),
      fact('src/cart.ts', 0, 'uncommitted work to carry on, not to lose'),
      fact('src/discount.ts', 0, 'uncommitted work to carry on, not to lose'),
      fact(near('src/discount.ts', /\b(?:added|new|untracked)\b/, 30), 1, 'the file is new: nothing to compare it with in HEAD'),
      fact('Cart totals are done', 1, 'finished work not to redo'),
      fact('Add cart totals', 1, 'what is already committed'),
    ],
  },
  {
    name: 'merge in progress with conflicts',
    before: (r) => {
      base(r);
      r.commit('Config v1', { 'src/config.ts': 'export const retries = 1;\n' });
      r.git('checkout', '-q', '-b', 'topic');
      r.commit('Config from topic', { 'src/config.ts': 'export const retries = 3;\n', 'README.md': '# Shop (topic)\n' });
      r.git('checkout', '-q', 'main');
      r.commit('Config from main', { 'src/config.ts': 'export const retries = 5;\n', 'README.md': '# Shop (main)\n' });
    },
    goal: 'Merge the retry settings from topic',
    during: (r) => { r.git('merge', 'topic', '--no-edit').toString(); },
    notes: ['Both sides changed the retry count', 'Keep 5 retries from main, take the README from topic'],
    facts: [
      fact(inProgress('merge'), 0, 'an unfinished merge: commit or abort it, do not start other work'),
      fact(conflictIn('src/config.ts'), 0, 'a file to resolve'),
      fact(conflictIn('README.md'), 0, 'a file to resolve'),
      fact('Keep 5 retries from main', 0, 'how to resolve src/config.ts'),
      fact('take the README from topic', 0, 'how to resolve README.md'),
      fact('Both sides changed the retry count', 1, 'why the conflict happened'),
    ],
  },
  {
    name: 'rebase stopped on a conflict',
    before: (r) => {
      base(r);
      r.git('checkout', '-q', '-b', 'feature/tax');
      r.commit('Tax rules', { 'src/tax.ts': 'export const rate = 0.2;\n' });
      r.git('checkout', '-q', 'main');
      r.commit('Tax rules on main', { 'src/tax.ts': 'export const rate = 0.19;\n' });
      r.git('checkout', '-q', 'feature/tax');
    },
    goal: 'Rebase the tax branch onto main',
    during: (r) => { r.git('rebase', 'main'); },
    notes: ['main lowered the rate to 19%'],
    facts: [
      fact(inProgress('rebase'), 0, 'an unfinished rebase: continue or abort it'),
      fact(conflictIn('src/tax.ts'), 0, 'the file to resolve'),
      fact('main lowered the rate to 19%', 0, 'which side of the conflict is newer'),
    ],
  },
  {
    name: 'detached HEAD with edits',
    before: (r) => { base(r); r.commit('Second', { 'src/app.ts': lines(12, 'app') }); r.git('checkout', '-q', '--detach', 'HEAD~1'); },
    goal: 'Bisect the slow startup',
    during: (r) => r.write('src/app.ts', lines(11, 'app')),
    notes: ['Startup is fast at this commit'],
    facts: [
      fact(/\bdetached\b/, 0, 'no branch: commits made here are easily lost'),
      fact('slow startup', 0, 'what the bisect is hunting: only the goal says so'),
      fact('Startup is fast at this commit', 0, 'the bisect verdict for this commit'),
      fact('src/app.ts', 0, 'an uncommitted edit on a detached HEAD'),
    ],
  },
  {
    name: 'many changed files',
    before: (r) => r.commit('Many files', Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`src/gen/file${i}.ts`, lines(3, `f${i}_`)]))),
    goal: 'Rename the generated API',
    during: (r) => {
      for (let i = 0; i < 120; i++) r.write(`src/gen/file${i}.ts`, lines(4, `g${i}_`));
      r.write('src/huge.ts', lines(300, 'huge'));
      r.git('add', 'src/huge.ts');
    },
    notes: ['Generator rerun with the new names'],
    facts: [
      fact(countOf(121, 'files?'), 0, 'how much uncommitted work there is'),
      fact('src/huge.ts', 0, 'by far the largest change, a new file'),
      fact('Generator rerun with the new names', 0, 'the generated files are output: rerun, do not hand-edit'),
      fact(folder('src/gen'), 1, 'where the other 120 changes are, as one group'),
    ],
    distractors: [{ text: /(?:src\/gen\/file\d+\.ts[\s\S]*?){12}/, why: 'generated files one by one instead of as a group' }],
  },
  {
    name: 'blocking errors in the editor',
    before: base,
    goal: 'Add the user id to the API',
    during: (r) => r.write('src/api.ts', lines(50, 'api')),
    notes: ['Type errors left in api.ts'],
    editor: {
      active: { path: 'src/api.ts', line: 42, column: 7, selection: null },
      openEditors: ['src/api.ts', 'src/user.ts'],
      unsaved: ['src/user.ts'],
      diagnostics: [
        { path: 'src/api.ts', line: 42, severity: 'error', message: "Property 'id' does not exist on type 'User'.", source: 'ts' },
        { path: 'src/user.ts', line: 3, severity: 'warning', message: "'name' is declared but never read.", source: 'ts' },
      ],
    },
    facts: [
      fact(at('src/api.ts', 42), 0, 'where the blocking error is'),
      fact("Property 'id' does not exist on type 'User'", 0, 'what the error is: User lacks the id being added'),
      fact(near('src/user.ts', /\bunsaved\b|\bnot saved\b|\bdirty\b/, 40), 1, 'edits only in the editor, not on disk'),
      fact("'name' is declared but never read", 2, 'a warning, not blocking'),
    ],
  },
  {
    name: 'decisions and gotchas',
    before: (r) => { base(r); r.commit('Money', { 'src/money.ts': lines(5, 'money') }); },
    goal: 'Fix the payment API retries',
    during: (r) => r.write('src/money.ts', lines(7, 'money')),
    notes: ['Retries double-charge when the timeout is short'],
    knowledge: [
      knowledge('decision', 'Money is stored as integer cents', 'Never use floats for amounts.', ['src/money.ts']),
      knowledge('gotcha', 'The payment API sandbox allows 10 requests per second', 'Retries must back off.', [], ['payment', 'api']),
      knowledge('pattern', 'Amounts go through formatMoney()', 'One place for currency formatting.', ['src/money.ts']),
    ],
    facts: [
      fact('Retries double-charge', 0, 'the bug being fixed and its trigger'),
      fact('Money is stored as integer cents', 1, 'a decision the fix must respect'),
      fact('sandbox allows 10 requests per second', 1, 'why retries must back off when testing'),
      fact('Amounts go through formatMoney()', 2, 'a convention, nice to know'),
    ],
  },
  {
    name: 'TODOs added by the changes',
    before: (r) => { base(r); r.commit('Coupons', { 'src/coupon.ts': '// TODO: old marker stays out\nexport const a = 1;\n' }); },
    goal: 'Support coupon codes',
    during: (r) => r.write('src/coupon.ts', '// TODO: old marker stays out\nexport const a = 1;\n// TODO: validate the coupon code\nexport const b = 2;\n// FIXME: rounding drifts on refunds\n'),
    notes: ['Coupon parsing works'],
    facts: [
      fact('src/coupon.ts', 0, 'the uncommitted work'),
      fact('validate the coupon code', 1, 'work the change left open'),
      fact('rounding drifts on refunds', 1, 'a known bug the change left'),
    ],
    distractors: [{ text: 'old marker stays out', why: 'a TODO older than this work: not added by the changes' }],
  },
  {
    name: 'commits made during the session',
    before: (r) => { base(r); r.commit('Old work on search', { 'src/search.ts': lines(3, 's') }); },
    goal: 'Speed up search',
    during: (r) => {
      r.commit('Index titles', { 'src/search.ts': lines(5, 's') });
      r.commit('Cache query plans', { 'src/plan.ts': lines(5, 'p') });
      r.commit('Drop the linear scan', { 'src/search.ts': lines(4, 's') });
    },
    notes: ['Search is 4x faster; all committed'],
    facts: [
      fact('Search is 4x faster', 0, 'where the work stands'),
      fact(/working tree (?:is )?clean|no uncommitted (?:changes|files)|nothing (?:is )?uncommitted|all committed/, 0, 'nothing to lose: the work is in the commits'),
      fact('Index titles', 1, 'done this session, not to redo'),
      fact('Cache query plans', 1, 'done this session, not to redo'),
      fact('Drop the linear scan', 1, 'done this session, not to redo'),
      fact('Old work on search', 2, 'history before the session'),
    ],
  },
  {
    name: 'no git repository',
    before: null,
    goal: 'Sketch the landing page copy',
    during: (r) => r.write('copy.md', '# Landing\n'),
    notes: ['Hero text drafted; next the pricing table'],
    facts: [
      fact('next the pricing table', 0, 'the next step'),
      fact('landing page copy', 0, 'what is being written: only the goal says so'),
      fact(unavailable('git', ['not a git repository', 'no git repository']), 0, 'no history or diff to rely on: the work exists only as files'),
      fact(unavailable('editor'), 1, 'open files and diagnostics are unknown, not empty'),
      fact('Hero text drafted', 1, 'finished work not to redo'),
    ],
  },
  {
    name: 'repository without commits',
    before: () => undefined,
    goal: 'Start the project',
    during: (r) => { r.write('package.json', '{"name":"shop"}\n'); r.write('src/index.ts', lines(3, 'i')); r.git('add', 'package.json'); },
    notes: ['Scaffolding only'],
    facts: [
      fact(/(?<![\p{L}\p{N}_/.-])main(?![\p{L}\p{N}_/.-])/u, 0, 'the branch the first commit will go to'),
      fact('package.json', 0, 'staged, not committed'),
      fact('src/index.ts', 0, 'untracked, not committed'),
      fact(/\bno commits\b|\bwithout (?:any )?commits\b|\bnothing (?:is )?committed\b|\bno (?:first|initial) commit\b|\bunborn\b/, 1, 'nothing is committed yet: all work is at risk'),
    ],
  },
  {
    name: 'rename and binary change',
    before: (r) => { base(r); r.commit('Assets', { 'src/old-name.ts': lines(30, 'o'), 'logo.png': '\u0000PNG\u0000v1' }); },
    goal: 'Rename the module and update the logo',
    during: (r) => { r.git('mv', 'src/old-name.ts', 'src/new-name.ts'); r.write('logo.png', '\u0000PNG\u0000v2 bigger'); },
    notes: ['Imports still point at old-name'],
    facts: [
      fact(near('src/new-name.ts', /\brenamed?\b|→|->|=>/, 40), 0, 'the module moved: where to find it'),
      fact('src/old-name.ts', 0, 'the old path the imports must stop using'),
      fact('Imports still point at old-name', 0, 'the next step: fix the imports'),
      fact('logo.png', 0, 'the other uncommitted change'),
      fact(near('logo.png', /\bbinary\b/, 30), 1, 'no line diff to read: compare the image'),
    ],
  },
  {
    name: 'long session with many notes',
    before: base,
    goal: 'Migrate the orders table',
    during: (r) => r.write('src/app.ts', lines(14, 'app')),
    notes: ['Wrote the migration', 'Backfill script runs in 3 minutes', 'Found nulls in legacy rows', 'Defaulted nulls to zero', 'Added an index on created_at', 'Staging migrated fine', 'Waiting for the DBA review', 'Next: run on production at 18:00'],
    facts: [
      fact('run on production at 18:00', 0, 'the next step and when'),
      fact('Waiting for the DBA review', 1, 'what the production run waits for'),
      fact('Defaulted nulls to zero', 1, 'a decision about legacy rows'),
      fact('Staging migrated fine', 1, 'done, not to redo'),
      fact('Found nulls in legacy rows', 2, 'the reason for the default'),
      fact('Added an index on created_at', 2, 'done, not to redo'),
      fact('Backfill script runs in 3 minutes', 2, 'how long the production run takes'),
    ],
  },
  {
    name: 'changes since the last snapshot',
    before: (r) => { base(r); r.write('src/app.ts', lines(12, 'app')); },
    snapshotAfterBefore: true,
    goal: 'Tidy up the app module',
    during: (r) => r.write('src/extra.ts', lines(4, 'x')),
    notes: ['Split out extra.ts'],
    facts: [
      fact('src/extra.ts', 0, 'the new, uncommitted module'),
      fact('src/app.ts', 0, 'the module being tidied, also uncommitted'),
      fact('Split out extra.ts', 1, 'what was done'),
      fact(/\bsnapshot\b[\s\S]{0,120}?(?<![\w/])src\/extra\.ts/, 2, 'what changed since the checkpoint'),
    ],
  },
];
