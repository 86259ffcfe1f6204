// The level caps, tested on the composer directly (a black box: composeBriefing and its
// sections report): with a budget that holds everything, high carries P0 sections only,
// medium P0 and P1, low all three. A budget too small to matter would hide a broken cap, so
// the budgets here are generous. And "not available", per source: the source named as
// unavailable at every level, and no other source claimed unavailable with it.
import assert from 'node:assert/strict';
import { factFound, unavailable as unavailablePattern } from '../../../bench/support/factMatch';
import { composeBriefing } from '../../../src/core/briefing/briefingComposer';
import { BRIEFING_LEVELS, type Briefing, type BriefingInput, type BriefingLevel, DEFAULT_BRIEFING_HEADER, DEFAULT_BUDGETS } from '../../../src/core/briefing/briefingTypes';
import type { ChangedFile, CommitInfo, EditorContext, GitContext, Unavailable } from '../../../src/core/workContext/workContext';
import { tokenCounter } from '../../../src/providers/tokenCounter';

const NOW = Date.UTC(2026, 10, 24, 12);
const count = tokenCounter();
const GENEROUS = { high: 100_000, medium: 100_000, low: 100_000 };
const CAP: Readonly<Record<BriefingLevel, number>> = { high: 0, medium: 1, low: 2 };

const change = (path: string, status: ChangedFile['status'], insertions: number): ChangedFile => ({
  path, status, staged: status === 'added', unstaged: status !== 'added', insertions, deletions: 2, binary: false, hunkHeaders: [`export function ${path.replace(/\W/g, '_')}()`],
});
const commit = (n: number, subject: string): CommitInfo => ({ hash: `${n}`.padStart(40, 'c'), subject, author: 'Ann', at: NOW - n * 600_000 });

const GIT: GitContext = {
  branch: 'feature/caps', head: 'a'.repeat(40), upstream: 'origin/feature/caps', ahead: 2, behind: 1, operation: null, conflicted: [],
  changes: [change('src/cart.ts', 'modified', 40), change('src/discount.ts', 'added', 25), change('src/tax.ts', 'modified', 6), change('docs/cart.md', 'untracked', 12)],
  totals: { files: 4, insertions: 83, deletions: 8 },
  sessionCommits: [commit(1, 'Add cart totals'), commit(2, 'Round totals per line')],
  recentCommits: [commit(3, 'Initial cart'), commit(4, 'Project setup')],
  stashCount: 1, shallow: false,
  addedTodos: [{ path: 'src/discount.ts', line: 7, tag: 'TODO', text: 'stack coupons' }, { path: 'src/cart.ts', line: 30, tag: 'FIXME', text: 'rounding on refunds' }],
};

const EDITOR: EditorContext = {
  active: { path: 'src/cart.ts', line: 31, column: 4, selection: 'total += line.amount' },
  openEditors: ['src/cart.ts', 'src/discount.ts', 'src/tax.ts'],
  unsaved: ['src/tax.ts'],
  diagnostics: [
    { path: 'src/cart.ts', line: 31, severity: 'error', message: "Cannot find name 'line'.", source: 'ts' },
    { path: 'src/tax.ts', line: 4, severity: 'warning', message: "'rate' is declared but its value is never read.", source: 'ts' },
  ],
};

/** A workspace with material at every priority: goal, notes, git, editor, knowledge, a snapshot, spend. */
function material(overrides: Partial<BriefingInput> = {}): BriefingInput {
  return {
    workspaceName: 'shop',
    session: {
      id: 's', workspaceId: 'w', goal: 'Add discounts to the cart', startedAt: NOW - 7_200_000, endedAt: null, lastActivityAt: NOW, activeMs: 5_000_000,
      gitStart: { branch: 'feature/caps', head: 'b'.repeat(40) }, gitEnd: null, summary: null,
      files: [{ path: 'src/cart.ts', edits: 30, saves: 8, lastAt: NOW }],
      notes: ['Totals done', 'Coupons parse', 'Refund rounding is off by a cent', 'Next: apply discounts in checkout'].map((text, i) => ({ id: `n${i}`, sessionId: 's', text, at: NOW - (4 - i) * 600_000 })),
    },
    git: GIT,
    editor: EDITOR,
    knowledge: [
      { id: 'k1', workspaceId: 'w', kind: 'decision', title: 'Money is stored as integer cents', body: 'Never floats.', tags: [], paths: ['src/cart.ts'], createdAt: NOW, updatedAt: NOW },
      { id: 'k2', workspaceId: 'w', kind: 'pattern', title: 'Amounts go through formatMoney()', body: 'One place.', tags: [], paths: ['src/format.ts'], createdAt: NOW, updatedAt: NOW },
    ],
    lastSnapshot: { label: 'Checkpoint', takenAt: NOW - 1_800_000, headMoved: true, newlyChanged: ['docs/cart.md'], noLongerChanged: [] },
    unavailable: [],
    creditsSpent: '12 credits on Acme-01',
    now: NOW,
    header: DEFAULT_BRIEFING_HEADER,
    ...overrides,
  };
}

const at = (level: BriefingLevel, input = material(), budgets = GENEROUS): Briefing => composeBriefing(input, level, count, budgets);
const headed = (markdown: string, title: string) => new RegExp(`^#+\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'im').test(markdown);

describe('briefing level caps', () => {
  const briefings = Object.fromEntries(BRIEFING_LEVELS.map((l) => [l, at(l)])) as Record<BriefingLevel, Briefing>;

  it('has material at every priority (the low report shows P0, P1 and P2 sections)', () => {
    const priorities = new Set(briefings.low.sections.map((s) => s.priority));
    assert.deepEqual([...priorities].sort(), [0, 1, 2], JSON.stringify(briefings.low.sections));
  });

  for (const level of BRIEFING_LEVELS) {
    it(`${level} includes no section above P${CAP[level]}`, () => {
      const over = briefings[level].sections.filter((s) => s.included && s.priority > CAP[level]).map((s) => `P${s.priority} ${s.title}`);
      assert.deepEqual(over, [], `${level} admitted sections above its cap:\n${briefings[level].markdown}`);
    });

    it(`${level} includes every section up to P${CAP[level]} when the budget holds them all`, () => {
      const dropped = briefings[level].sections.filter((s) => !s.included && s.priority <= CAP[level]).map((s) => `P${s.priority} ${s.title}`);
      assert.deepEqual(dropped, []);
      const wanted = briefings.low.sections.filter((s) => s.priority <= CAP[level]).map((s) => s.title);
      const included = new Set(briefings[level].sections.filter((s) => s.included).map((s) => s.title));
      assert.deepEqual(wanted.filter((t) => !included.has(t)), [], `${level} lacks sections that low has at P0–P${CAP[level]}`);
    });
  }

  it('high renders no heading of a P1 or P2 section, medium none of a P2 section', () => {
    for (const section of briefings.low.sections.filter((s) => s.included && s.priority > 0 && headed(briefings.low.markdown, s.title))) {
      assert.ok(!headed(briefings.high.markdown, section.title), `high shows P${section.priority} "${section.title}"`);
      if (section.priority === 2) assert.ok(!headed(briefings.medium.markdown, section.title), `medium shows P2 "${section.title}"`);
    }
  });

  it('medium includes a P1 section and low a P2 section', () => {
    assert.ok(briefings.medium.sections.some((s) => s.included && s.priority === 1), JSON.stringify(briefings.medium.sections));
    assert.ok(briefings.low.sections.some((s) => s.included && s.priority === 2), JSON.stringify(briefings.low.sections));
  });

  it('grows with the level: high < medium < low in tokens', () => {
    assert.ok(briefings.high.tokens < briefings.medium.tokens && briefings.medium.tokens < briefings.low.tokens, BRIEFING_LEVELS.map((l) => `${l} ${briefings[l].tokens}`).join(', '));
  });
});

const SOURCES = ['git', 'editor', 'diagnostics'] as const;
type Source = (typeof SOURCES)[number];

/** A workspace where exactly `source` could not be read, the rest present. */
function missing(source: Source): { input: BriefingInput; implied: readonly Source[] } {
  const reasons: Record<Source, Unavailable> = {
    git: { source: 'git', reason: 'no git executable on PATH' },
    editor: { source: 'editor', reason: 'running headless' },
    diagnostics: { source: 'diagnostics', reason: 'the language server is still starting' },
  };
  const unavailable = [reasons[source]];
  if (source === 'git') return { input: material({ git: null, lastSnapshot: null, unavailable }), implied: [] };
  // Without an editor its diagnostics are unknown too: saying so is true, not a false claim.
  if (source === 'editor') return { input: material({ editor: null, unavailable }), implied: ['diagnostics'] };
  return { input: material({ editor: { ...EDITOR, diagnostics: [] }, unavailable }), implied: [] };
}

describe('briefing "not available", per source', () => {
  for (const source of SOURCES) {
    for (const level of BRIEFING_LEVELS) {
      it(`${source} unavailable: named at ${level}, and no other source claimed unavailable`, () => {
        const { input, implied } = missing(source);
        const { markdown } = at(level, input, DEFAULT_BUDGETS);
        assert.ok(factFound(markdown, unavailablePattern(source)), `${level} does not say that ${source} is unavailable:\n${markdown}`);
        for (const other of SOURCES.filter((s) => s !== source && !implied.includes(s))) {
          assert.ok(!factFound(markdown, unavailablePattern(other)), `${level} claims ${other} unavailable, but only ${source} is:\n${markdown}`);
        }
      });
    }
  }

  it('a part of git (git.upstream) is not reported as git itself', () => {
    for (const level of BRIEFING_LEVELS) {
      const input = material({ unavailable: [{ source: 'git.upstream', reason: 'origin/feature/caps no longer exists' }] });
      const { markdown } = at(level, input, DEFAULT_BUDGETS);
      assert.ok(!factFound(markdown, unavailablePattern('git')), `${level} claims git unavailable:\n${markdown}`);
    }
  });
});
