// The composer's summarising rules on their own, each with input built for it: folders
// counted, repeated lines collapsed, routine commits counted, superseded notes kept out of
// medium, knowledge chosen with its reason, every section given a turn, and a last line that
// says what did not fit and how to get it.
import assert from 'node:assert/strict';
import { composeBriefing } from '../../../src/core/briefing/briefingComposer';
import { type BriefingInput, type BriefingLevel, DEFAULT_BRIEFING_HEADER } from '../../../src/core/briefing/briefingTypes';
import { groupByFolder } from '../../../src/core/briefing/changeGroups';
import { isRoutine, sessionCommits } from '../../../src/core/briefing/commitFacts';
import { planNotes } from '../../../src/core/briefing/noteFacts';
import type { KnowledgeEntry } from '../../../src/core/knowledge/knowledgeEntry';
import type { SessionNote } from '../../../src/core/sessions/session';
import type { ChangedFile, CommitInfo, DiagnosticFact, GitContext } from '../../../src/core/workContext/workContext';
import { tokenCounter } from '../../../src/providers/tokenCounter';

const NOW = Date.UTC(2026, 11, 1, 12);
const count = tokenCounter();

const change = (path: string, insertions = 1): ChangedFile => ({ path, status: 'modified', staged: false, unstaged: true, insertions, deletions: 0, binary: false, hunkHeaders: [] });
const note = (text: string, minutesAgo: number): SessionNote => ({ id: text, sessionId: 's', text, at: NOW - minutesAgo * 60_000 });
const commit = (subject: string, i: number): CommitInfo => ({ hash: `${i}`.padStart(40, '0'), subject, author: 'Ann', at: NOW - i * 60_000 });
const entry = (id: string, title: string, paths: string[] = [], kind: KnowledgeEntry['kind'] = 'decision'): KnowledgeEntry => ({
  id, workspaceId: 'w', kind, title, body: '', tags: [], paths, createdAt: NOW, updatedAt: NOW,
});

function git(overrides: Partial<GitContext> = {}): GitContext {
  const changes = overrides.changes ?? [change('src/app.ts')];
  return {
    branch: 'main', head: 'a'.repeat(40), upstream: null, ahead: null, behind: null, operation: null, conflicted: [], changes,
    totals: { files: changes.length, insertions: changes.reduce((n, c) => n + (c.insertions ?? 0), 0), deletions: 0 },
    sessionCommits: [], recentCommits: [], stashCount: 0, shallow: false, addedTodos: [], ...overrides,
  };
}

function input(overrides: Partial<BriefingInput> = {}, notes: SessionNote[] = [note('Next: wire the client', 1)]): BriefingInput {
  return {
    workspaceName: 'shop',
    session: { id: 's', workspaceId: 'w', goal: 'Move the cache to Redis', startedAt: NOW - 7_200_000, endedAt: null, lastActivityAt: NOW, activeMs: 60_000, gitStart: null, gitEnd: null, summary: null, files: [], notes },
    git: git(), editor: null, knowledge: [], lastSnapshot: null, unavailable: [], creditsSpent: null, now: NOW, header: DEFAULT_BRIEFING_HEADER,
    ...overrides,
  };
}

const compose = (material: BriefingInput, level: BriefingLevel) => composeBriefing(material, level, count).markdown;

describe('briefing composer: summarising under pressure', () => {
  it('groups changed files by folder and counts them when they do not fit one by one', () => {
    const folders = ['src/api', 'src/ui', 'src/db', 'test'];
    const changes = Array.from({ length: 200 }, (_, i) => change(`${folders[i % 4]}/module-with-a-long-name-${i}.ts`, i < 100 && i % 4 === 0 ? 30 : 1));
    const high = compose(input({ git: git({ changes }) }), 'high');
    assert.match(high, /200 files changed in 4 folders \(\+925 −0\):\*\* `src\/api` 50 \(\+775 −0\)/);
    assert.ok((high.match(/module-with-a-long-name/g) ?? []).length <= 8, 'a few of the busiest files at most: the 200 names do not fit at high');
    assert.deepEqual(groupByFolder([change('a/b/c/d.ts'), change('a/b/e.ts'), change('x.ts')]).map((g) => g.folder).sort(), ['(top level)', 'a/b', 'a/b/c']);
    const many = Array.from({ length: 40 }, (_, i) => change(`pkg/mod${i}/index.ts`));
    assert.deepEqual(groupByFolder(many).map((g) => g.folder), ['pkg'], 'forty one-file folders are one group one level up');
  });

  it('puts what is broken first: errors by file, the busiest file first, with its first message and count', () => {
    const errors: DiagnosticFact[] = [
      ...Array.from({ length: 30 }, (_, i) => ({ path: 'src/db.ts', line: 5 + i, severity: 'error' as const, message: 'Type string is not assignable to number.', source: 'ts' })),
      { path: 'src/api.ts', line: 9, severity: 'error', message: "Cannot find name 'redis'.", source: 'ts' },
    ];
    const high = compose(input({ editor: { active: null, openEditors: [], unsaved: [], diagnostics: errors } }), 'high');
    assert.match(high, /\*\*Errors \(31 in 2 files\):\*\* `src\/db\.ts:5` Type string is not assignable to number\. \(ts\) ×30 · `src\/api\.ts:9` Cannot find name 'redis'\./);
    assert.ok(high.indexOf('**Errors') < high.indexOf('**Changed files'), 'errors come before the changed files');
  });

  it('says a repeated TODO once with its count, after the rare ones', () => {
    const addedTodos = [
      ...Array.from({ length: 120 }, (_, i) => ({ path: `src/f${i % 9}.ts`, line: i + 1, tag: 'TODO' as const, text: 'handle errors' })),
      { path: 'src/pay.ts', line: 3, tag: 'FIXME' as const, text: 'refunds round the wrong way' },
    ];
    const medium = compose(input({ git: git({ addedTodos }) }), 'medium');
    assert.match(medium, /- FIXME: refunds round the wrong way \(`src\/pay\.ts:3`\)\n- TODO: handle errors ×120 \(`src\/f0\.ts:1` and 119 more\)/);
  });

  it('lists the telling commits, a warning first, and counts the routine ones instead', () => {
    const subjects = ['wip', 'Fix lint errors', 'Bump version to 2.1.0', 'Add the Redis client', 'Revert "Cache in memcached": it double-wrote', 'Merge branch main into feature'];
    const { telling, routine } = sessionCommits(subjects.map(commit));
    assert.deepEqual(telling.map((c) => c.subject), ['Revert "Cache in memcached": it double-wrote', 'Add the Redis client']);
    assert.equal(routine.length, 4);
    assert.equal(isRoutine(commit('Add a date format helper', 0)), false, 'a word like "format" inside a real change is not routine');
    const medium = compose(input({ git: git({ sessionCommits: subjects.map(commit) }) }), 'medium');
    assert.doesNotMatch(medium, /Bump version|Fix lint/);
    assert.match(medium, /4 routine commits/);
  });

  it('keeps notes a later one replaced out of medium, and marks them superseded at low', () => {
    const notes = [note('Plan: cache sessions in memcached', 50), note('Memcached client wired in src/cache.ts', 40), note('Backfill takes 3 minutes', 30), note('Use Redis instead of memcached: it loses keys on restart', 1)];
    const plan = planNotes(notes);
    assert.deepEqual(plan.current.map((n) => n.note.text), ['Backfill takes 3 minutes']);
    assert.deepEqual(plan.superseded.map((n) => [n.note.text, n.supersededBy?.text.slice(0, 9)]), [
      ['Memcached client wired in src/cache.ts', 'Use Redis'],
      ['Plan: cache sessions in memcached', 'Use Redis'],
    ]);
    const generic = planNotes([note('We will shard by user id', 20), note('The shard map lives in config', 10), note('New plan: one shard per region', 1)]);
    assert.deepEqual(generic.current.map((n) => n.note.text), ['The shard map lives in config'], 'a change of plan replaces the notes that sound like plans');
    const medium = compose(input({}, notes), 'medium');
    const low = compose(input({}, notes), 'low');
    assert.doesNotMatch(medium, /Plan: cache sessions in memcached/);
    assert.match(low, /Plan: cache sessions in memcached \(superseded by the note of 1m ago\)/);
  });

  it('says notes from one template once with their count, so early notes that matter still fit', () => {
    const routine = Array.from({ length: 20 }, (_, i) => note(`Reviewed handler${i}() across the adapters: Money in, Money out`, 30 - i));
    const notes = [note('Money.add throws on mixed currencies', 60), ...routine, note('Next: resolve the conflicts', 1)];
    const plan = planNotes(notes);
    assert.deepEqual(plan.current.map((n) => [n.note.text.slice(0, 19), n.similar]), [['Reviewed handler19(', 19], ['Money.add throws on', 0]]);
    const medium = compose(input({}, notes), 'medium');
    assert.match(medium, /Reviewed handler19\(\) across the adapters: Money in, Money out \(and 19 earlier notes like it\)/);
    assert.equal((medium.match(/Reviewed handler/g) ?? []).length, 1);
    assert.match(medium, /Money\.add throws on mixed currencies/);
  });

  it('shortens a long goal to its first and constraining sentences, not to its start', () => {
    const goal = 'Upgrade TypeScript to 5.9 in the monorepo. ' + 'Background sentence about the history of the pin and why it existed. '.repeat(12) + 'What matters: fix the store before anything else. Do not touch the eslint config.';
    const errors: DiagnosticFact[] = Array.from({ length: 30 }, (_, i) => ({ path: `src/store/f${i % 3}.ts`, line: i + 1, severity: 'error', message: `Object is possibly 'undefined' (${i}).`, source: 'ts' }));
    const material = input({ session: { ...input().session!, goal }, editor: { active: null, openEditors: [], unsaved: [], diagnostics: errors } });
    const high = composeBriefing(material, 'high', count);
    assert.ok(high.tokens <= high.budget);
    assert.match(high.markdown, /\*\*Goal:\*\* Upgrade TypeScript to 5\.9 in the monorepo\. … What matters: fix the store before anything else\./);
  });

  it('says the errors in conflicted files once, beside the conflicts', () => {
    const markers: DiagnosticFact[] = ['src/a.ts', 'src/b.ts'].flatMap((path) => Array.from({ length: 20 }, (_, i) => ({ path, line: i + 1, severity: 'error' as const, message: 'Merge conflict marker encountered.', source: 'ts' })));
    const material = input({ git: git({ operation: 'rebase', conflicted: ['src/a.ts', 'src/b.ts'] }), editor: { active: null, openEditors: [], unsaved: [], diagnostics: markers } });
    assert.match(compose(material, 'high'), /\*\*Errors \(40 in 2 files\):\*\* 40 in the 2 conflicted files, first `src\/a\.ts:1` Merge conflict marker encountered\.\n/);
  });

  it('chooses the knowledge relevant to the changed files and the current notes, with its reason', () => {
    const knowledge = [
      entry('k1', 'Sessions expire after 30 minutes', ['src/session.ts']),
      entry('k2', 'Redis keys need a TTL', [], 'gotcha'),
      entry('k3', 'Invoices are PDF', ['src/billing/invoice.ts']),
      ...Array.from({ length: 60 }, (_, i) => entry(`noise${i}`, `Billing rule ${i} for cache invoices`, [], 'note')),
    ];
    const material = input({ git: git({ changes: [change('src/session.ts')] }), knowledge }, [note('Next: set a TTL on every Redis key', 1)]);
    const medium = compose(material, 'medium');
    assert.match(medium, /Sessions expire after 30 minutes \(about `src\/session\.ts`, which changed\)/);
    assert.match(medium, /Redis keys need a TTL \(shares redis, ttl, keys? with the goal and notes\)|Redis keys need a TTL \(shares [a-z, ]+ with the goal and notes\)/);
    assert.doesNotMatch(medium, /Invoices are PDF|Billing rule/);
    const crowd = Array.from({ length: 8 }, (_, i) => entry(`s${i}`, `Session rule ${i}`, ['src/session.ts']));
    const five = compose(input({ git: git({ changes: [change('src/session.ts')] }), knowledge: crowd }), 'medium');
    assert.equal((five.match(/Session rule \d/g) ?? []).length, 5, 'five entries at most at medium, however many match');
  });

  it('gives every section a turn: a long one does not crowd out the rest', () => {
    const commits = Array.from({ length: 150 }, (_, i) => commit(`Implement step ${i} of the migration with a fairly long subject line`, i));
    const addedTodos = [{ path: 'src/a.ts', line: 1, tag: 'TODO' as const, text: 'check the retry budget' }];
    const notes = [note('The staging copy is at db-2', 10), note('Next: run the backfill', 1)];
    const medium = compose(input({ git: git({ sessionCommits: commits, addedTodos }) }, notes), 'medium');
    assert.match(medium, /check the retry budget/);
    assert.match(medium, /The staging copy is at db-2/);
    assert.match(medium, /Implement step 0 of the migration/);
  });

  it('ends with what was left out and how to get it, and only when something was', () => {
    const commits = Array.from({ length: 150 }, (_, i) => commit(`Implement step ${i} of the migration with a fairly long subject line`, i));
    const material = input({ git: git({ sessionCommits: commits }) });
    const medium = composeBriefing(material, 'medium', count);
    assert.ok(medium.tokens <= medium.budget);
    assert.match(medium.markdown, /\n\*\*Left out:\*\* \d+ commits; `baton briefing --level low` has more\.\n$/);
    assert.match(compose(material, 'high'), /\*\*Left out:\*\* 150 commits; `baton briefing --level medium` or `--level low` has more\./);
    assert.doesNotMatch(compose(input(), 'low'), /Left out/);
  });
});
