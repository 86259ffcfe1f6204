// Scripted handoff scenarios: a repository state, a session with notes, knowledge and editor
// facts, and the facts a successor needs, each with its priority. The benchmark checks that
// each fact's text appears in the briefing.
import type { EditorContext } from '../../src/core/workContext/workContext';
import type { KnowledgeDraft } from '../../src/core/knowledge/knowledgeEntry';

export interface ScenarioRepo {
  readonly dir: string;
  git(...args: string[]): string;
  write(path: string, text: string): void;
  /** Writes and commits files in one commit. */
  commit(message: string, files: Record<string, string>): void;
}

export interface Fact {
  readonly text: string;
  readonly priority: 0 | 1 | 2;
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
}

const lines = (n: number, word: string) => Array.from({ length: n }, (_, i) => `export const ${word}${i} = ${i};`).join('\n') + '\n';
const base = (repo: ScenarioRepo) => repo.commit('Initial commit', { 'README.md': '# Shop\n', 'src/app.ts': lines(10, 'app') });
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
      { text: 'Add discounts to the cart', priority: 0 }, { text: 'feature/cart', priority: 0 }, { text: 'src/cart.ts', priority: 0 },
      { text: 'src/discount.ts', priority: 0 }, { text: 'Next: apply discounts in checkout', priority: 0 },
      { text: 'Add cart totals', priority: 1 }, { text: 'Cart totals are done and tested', priority: 1 },
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
      { text: 'merge in progress', priority: 0 }, { text: 'src/config.ts', priority: 0 }, { text: 'README.md', priority: 0 },
      { text: 'Keep 5 retries from main', priority: 0 }, { text: 'Both sides changed the retry count', priority: 1 },
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
    facts: [{ text: 'rebase in progress', priority: 0 }, { text: 'src/tax.ts', priority: 0 }, { text: 'main lowered the rate to 19%', priority: 0 }],
  },
  {
    name: 'detached HEAD with edits',
    before: (r) => { base(r); r.commit('Second', { 'src/app.ts': lines(12, 'app') }); r.git('checkout', '-q', '--detach', 'HEAD~1'); },
    goal: 'Bisect the slow startup',
    during: (r) => r.write('src/app.ts', lines(11, 'app')),
    notes: ['Startup is fast at this commit'],
    facts: [{ text: 'detached HEAD', priority: 0 }, { text: 'src/app.ts', priority: 0 }, { text: 'Startup is fast at this commit', priority: 0 }],
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
    facts: [{ text: "Changed files (121,", priority: 0 }, { text: 'src/huge.ts', priority: 0 }, { text: 'Generator rerun with the new names', priority: 0 }],
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
      { text: 'src/api.ts:42', priority: 0 }, { text: "Property 'id' does not exist on type 'User'", priority: 0 },
      { text: 'src/user.ts', priority: 1 }, { text: "'name' is declared but never read", priority: 2 },
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
      { text: 'Money is stored as integer cents', priority: 1 }, { text: 'sandbox allows 10 requests per second', priority: 1 },
      { text: 'Amounts go through formatMoney()', priority: 2 }, { text: 'Retries double-charge', priority: 0 },
    ],
  },
  {
    name: 'TODOs added by the changes',
    before: (r) => { base(r); r.commit('Coupons', { 'src/coupon.ts': '// TODO: old marker stays out\nexport const a = 1;\n' }); },
    goal: 'Support coupon codes',
    during: (r) => r.write('src/coupon.ts', '// TODO: old marker stays out\nexport const a = 1;\n// TODO: validate the coupon code\nexport const b = 2;\n// FIXME: rounding drifts on refunds\n'),
    notes: ['Coupon parsing works'],
    facts: [{ text: 'validate the coupon code', priority: 1 }, { text: 'rounding drifts on refunds', priority: 1 }, { text: 'src/coupon.ts', priority: 0 }],
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
      { text: 'Index titles', priority: 1 }, { text: 'Cache query plans', priority: 1 }, { text: 'Drop the linear scan', priority: 1 },
      { text: 'Old work on search', priority: 2 }, { text: 'working tree is clean', priority: 0 },
    ],
  },
  {
    name: 'no git repository',
    before: null,
    goal: 'Sketch the landing page copy',
    during: (r) => r.write('copy.md', '# Landing\n'),
    notes: ['Hero text drafted; next the pricing table'],
    facts: [{ text: 'Sketch the landing page copy', priority: 0 }, { text: 'next the pricing table', priority: 0 }, { text: 'Not available', priority: 0 }],
  },
  {
    name: 'repository without commits',
    before: () => undefined,
    goal: 'Start the project',
    during: (r) => { r.write('package.json', '{"name":"shop"}\n'); r.write('src/index.ts', lines(3, 'i')); r.git('add', 'package.json'); },
    notes: ['Scaffolding only'],
    facts: [{ text: 'main', priority: 0 }, { text: 'package.json', priority: 0 }, { text: 'src/index.ts', priority: 0 }],
  },
  {
    name: 'rename and binary change',
    before: (r) => { base(r); r.commit('Assets', { 'src/old-name.ts': lines(30, 'o'), 'logo.png': '\u0000PNG\u0000v1' }); },
    goal: 'Rename the module and update the logo',
    during: (r) => { r.git('mv', 'src/old-name.ts', 'src/new-name.ts'); r.write('logo.png', '\u0000PNG\u0000v2 bigger'); },
    notes: ['Imports still point at old-name'],
    facts: [{ text: 'src/new-name.ts', priority: 0 }, { text: 'renamed', priority: 0 }, { text: 'logo.png', priority: 0 }, { text: 'Imports still point at old-name', priority: 0 }],
  },
  {
    name: 'long session with many notes',
    before: base,
    goal: 'Migrate the orders table',
    during: (r) => r.write('src/app.ts', lines(14, 'app')),
    notes: ['Wrote the migration', 'Backfill script runs in 3 minutes', 'Found nulls in legacy rows', 'Defaulted nulls to zero', 'Added an index on created_at', 'Staging migrated fine', 'Waiting for the DBA review', 'Next: run on production at 18:00'],
    facts: [
      { text: 'Next: run on production at 18:00', priority: 0 }, { text: 'Backfill script runs in 3 minutes', priority: 1 },
      { text: 'Found nulls in legacy rows', priority: 1 }, { text: 'Waiting for the DBA review', priority: 1 }, { text: 'Wrote the migration', priority: 1 },
    ],
  },
  {
    name: 'changes since the last snapshot',
    before: (r) => { base(r); r.write('src/app.ts', lines(12, 'app')); },
    snapshotAfterBefore: true,
    goal: 'Tidy up the app module',
    during: (r) => r.write('src/extra.ts', lines(4, 'x')),
    notes: ['Split out extra.ts'],
    facts: [{ text: 'src/extra.ts', priority: 0 }, { text: 'Since the last snapshot', priority: 2 }, { text: 'Split out extra.ts', priority: 0 }],
  },
];
