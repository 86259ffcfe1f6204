// The composer on its own: budgets, priorities, shorter variants of P0 facts, determinism.
import assert from 'node:assert/strict';
import { composeBriefing } from '../../../src/core/briefing/briefingComposer';
import { type BriefingInput, DEFAULT_BRIEFING_HEADER } from '../../../src/core/briefing/briefingTypes';
import type { ChangedFile, GitContext } from '../../../src/core/workContext/workContext';
import { tokenCounter } from '../../../src/providers/tokenCounter';

const NOW = Date.UTC(2026, 10, 24, 12);
const count = tokenCounter();

function change(path: string, insertions: number): ChangedFile {
  return { path, status: 'modified', staged: false, unstaged: true, insertions, deletions: 1, binary: false, hunkHeaders: [`function f${insertions}()`] };
}

function gitWith(changes: ChangedFile[]): GitContext {
  const insertions = changes.reduce((n, c) => n + (c.insertions ?? 0), 0);
  return {
    branch: 'feature/x', head: 'a'.repeat(40), upstream: null, ahead: null, behind: null, operation: null, conflicted: [], changes,
    totals: { files: changes.length, insertions, deletions: changes.length }, sessionCommits: [], recentCommits: [], stashCount: 0, shallow: false, addedTodos: [],
  };
}

function input(overrides: Partial<BriefingInput> = {}): BriefingInput {
  return {
    workspaceName: 'shop',
    session: {
      id: 's', workspaceId: 'w', goal: 'Ship the cart', startedAt: NOW - 3_600_000, endedAt: null, lastActivityAt: NOW, activeMs: 1_000_000,
      gitStart: null, gitEnd: null, summary: null, files: [],
      notes: Array.from({ length: 40 }, (_, i) => ({ id: `n${i}`, sessionId: 's', text: `Note number ${i} about the cart and its many edge cases`, at: NOW - (40 - i) * 60_000 })),
    },
    git: gitWith(Array.from({ length: 400 }, (_, i) => change(`src/components/feature-${i}/index.ts`, i + 1))),
    editor: null, knowledge: [], lastSnapshot: null, unavailable: [], creditsSpent: null, now: NOW, header: DEFAULT_BRIEFING_HEADER,
    ...overrides,
  };
}

describe('briefing composer', () => {
  it('keeps every level within its budget, counted by the real tokenizer on the whole text', () => {
    for (const level of ['high', 'medium', 'low'] as const) {
      const briefing = composeBriefing(input(), level, count);
      assert.ok(briefing.tokens <= briefing.budget, `${level}: ${briefing.tokens} > ${briefing.budget}`);
      assert.equal(briefing.tokens, count(briefing.markdown));
    }
  });

  it('names the count and the most changed files when all names do not fit', () => {
    const high = composeBriefing(input(), 'high', count).markdown;
    assert.match(high, /Changed files \(400, \+80,200 −400\):\*\* 400 files all in `src\/components`; most changed: `src\/components\/feature-399\/index\.ts`/);
    assert.doesNotMatch(high, /feature-0\/index/);
  });

  it('lists every changed file by name when they fit', () => {
    const small = composeBriefing(input({ git: gitWith([change('a.ts', 1), change('b.ts', 9)]) }), 'high', count).markdown;
    assert.match(small, /`a\.ts` \(\+1 −1\), `b\.ts` \(\+9 −1\)/);
  });

  it('adds P1 only from medium and P2 only at low', () => {
    const levels = Object.fromEntries((['high', 'medium', 'low'] as const).map((l) => [l, composeBriefing(input(), l, count)]));
    const included = (level: string, title: string) => levels[level]!.sections.find((s) => s.title === title)?.included;
    assert.equal(included('high', 'Earlier notes'), false);
    assert.equal(included('medium', 'Earlier notes'), true);
    assert.equal(included('medium', 'Changed symbols'), false);
    assert.equal(included('low', 'Changed symbols'), true);
  });

  it('reports every section with its priority and full token cost', () => {
    const briefing = composeBriefing(input(), 'medium', count);
    const goal = briefing.sections.find((s) => s.title === 'Goal');
    assert.deepEqual([goal?.priority, goal?.included], [0, true]);
    const symbols = briefing.sections.find((s) => s.title === 'Changed symbols');
    assert.deepEqual([symbols?.priority, symbols?.included], [2, false]);
    assert.ok(symbols && symbols.tokens > 1000, 'the full symbols section costs more than fits, and is reported whole');
  });

  it('is deterministic: the same input gives the same briefing', () => {
    const a = composeBriefing(input(), 'low', count);
    const b = composeBriefing(input(), 'low', count);
    assert.deepEqual(a, b);
  });

  it('keeps P0 facts at their shortest when even they barely fit, and never drops them', () => {
    const long = 'x '.repeat(2000);
    const briefing = composeBriefing(input({ session: { ...input().session!, goal: long } }), 'high', count, { high: 120, medium: 1000, low: 3000 });
    assert.match(briefing.markdown, /\*\*Goal:\*\* x x/);
    assert.match(briefing.markdown, /\*\*Branch:\*\* `feature\/x`/);
    assert.match(briefing.markdown, /\*\*Latest note\*\*/);
  });

  it('says what it could not see, and when no session or git is known', () => {
    const briefing = composeBriefing(input({ session: null, git: null, unavailable: [{ source: 'git', reason: 'not a repository' }] }), 'high', count);
    assert.match(briefing.markdown, /no session is running/);
    assert.match(briefing.markdown, /\*\*Not available:\*\* git \(not a repository\)/);
    assert.deepEqual(briefing.unavailable, [{ source: 'git', reason: 'not a repository' }]);
  });

  it('renders hostile text inertly: backticks in paths and newlines in notes stay on one line', () => {
    const briefing = composeBriefing(input({ git: gitWith([change('we`ird.ts', 2)]) }), 'high', count);
    assert.match(briefing.markdown, /``we`ird\.ts``/);
    const lines = briefing.markdown.split('\n').filter((l) => l.startsWith('- **Latest note**'));
    assert.equal(lines.length, 1);
  });
});
